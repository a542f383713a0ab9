package condition

import "strings"

// decimal is an exact decimal number, kept as digit strings so that comparing
// large integers (account IDs, byte counts) never loses precision the way a
// float64 would. The digit strings are slices of the parsed text, so parsing
// a request value does not allocate.
type decimal struct {
	neg  bool
	intp string // no leading zeros
	frac string // no trailing zeros
}

// parseDecimal reads an integer or decimal number: an optional sign, digits,
// an optional fraction. Numeric operators compare "an integer or decimal
// value" (reference_policies_elements_condition_operators.md, Numeric);
// exponents, spaces, hex, NaN and infinities are not numbers there.
func parseDecimal(s string) (decimal, bool) {
	var d decimal
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		d.neg = s[i] == '-'
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intp := s[start:i]
	frac := ""
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		frac = s[fs:i]
	}
	if i != len(s) || (intp == "" && frac == "") {
		return decimal{}, false
	}
	d.intp = strings.TrimLeft(intp, "0")
	d.frac = strings.TrimRight(frac, "0")
	if d.intp == "" && d.frac == "" {
		d.neg = false // -0 is 0
	}
	return d, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// cmpDecimal returns -1, 0 or +1 as a is less than, equal to or greater than b.
func cmpDecimal(a, b decimal) int {
	if a.neg != b.neg {
		if a.neg {
			return -1
		}
		return 1
	}
	c := cmpMagnitude(a, b)
	if a.neg {
		return -c
	}
	return c
}

func cmpMagnitude(a, b decimal) int {
	if len(a.intp) != len(b.intp) {
		if len(a.intp) < len(b.intp) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(a.intp, b.intp); c != 0 {
		return c
	}
	// Without trailing zeros, comparing fraction digits as strings is
	// comparing their values: a proper prefix is the smaller number.
	return strings.Compare(a.frac, b.frac)
}
