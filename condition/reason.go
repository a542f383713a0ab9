package condition

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// explain builds the Mismatch for a condition that did not hold. It runs only
// on failure, so it may allocate and re-derive what holds computed.
func (cd *cond) explain(ctx *Context, opts Options) *Mismatch {
	vals, present := ctx.lookup(cd.fk)
	m := &Mismatch{Operator: cd.op, Key: cd.key, KeyPresent: present}
	if present {
		m.RequestValues = append([]string{}, vals...)
	}
	pvs := cd.pvs
	if cd.spec.fam != famNull {
		pvs = cd.values(ctx, opts)
	}
	m.PolicyValues = make([]string, len(pvs))
	for i := range pvs {
		m.PolicyValues[i] = pvs[i].text
	}
	m.Reason = cd.reason(vals, present, pvs)
	return m
}

func (cd *cond) reason(vals []string, present bool, pvs []pval) string {
	key := cd.key
	if bad := allBad(pvs); bad != "" {
		return bad
	}
	if cd.spec.fam == famNull {
		return cd.nullReason(vals, present)
	}
	if len(vals) == 0 {
		where := " is not in the request"
		if present {
			where = " has no values in the request"
		}
		if cd.qual == qualForAny {
			return key + where + ", and ForAnyValue needs at least one value to match"
		}
		return key + where + ", so " + cd.op + " cannot match"
	}
	spec, neg := cd.spec, cd.spec.negated
	switch {
	case cd.qual == qualForAll && !neg:
		for _, rv := range vals {
			if i, ok := cd.firstMatch(rv, pvs); i < 0 {
				if !ok {
					return key + " value " + quote(rv) + " is not " + typeDesc(spec.fam) + ", and ForAllValues needs every request value to match"
				}
				return key + " value " + cd.show(rv) + " " + spec.neg + " " + cd.list(pvs) + ", and ForAllValues needs every request value to match"
			}
		}
	case cd.qual == qualForAny && neg:
		return "every request value of " + key + " (" + cd.showAll(vals) + ") " + spec.pos + " a listed value, so " + cd.op + " has none left to match"
	case cd.qual == qualForAny:
		return "no request value of " + key + " (" + cd.showAll(vals) + ") " + spec.pos + " " + cd.list(pvs)
	case neg: // unqualified or ForAllValues: some request value matched
		for _, rv := range vals {
			if i, _ := cd.firstMatch(rv, pvs); i >= 0 {
				return key + " " + cd.show(rv) + " " + spec.pos + " " + cd.show(pvs[i].text) + ", which " + cd.op + " excludes"
			}
		}
	case len(vals) == 1:
		if _, ok := cd.firstMatch(vals[0], pvs); !ok {
			return key + " value " + quote(vals[0]) + " is not " + typeDesc(spec.fam)
		}
		return key + " " + cd.show(vals[0]) + " " + spec.neg + " " + cd.list(pvs)
	default:
		return "no request value of " + key + " (" + cd.showAll(vals) + ") " + spec.pos + " " + cd.list(pvs)
	}
	return cd.op + " on " + key + " did not hold"
}

func (cd *cond) nullReason(vals []string, present bool) string {
	switch {
	case len(vals) > 0:
		return cd.key + " is present in the request, but Null \"true\" requires it to be absent"
	case present:
		return cd.key + " has no values in the request, but Null \"false\" requires a value"
	}
	return cd.key + " is not in the request, but Null \"false\" requires it to be present"
}

// allBad returns the reason of the first unusable policy value when no policy
// value is usable.
func allBad(pvs []pval) string {
	for i := range pvs {
		if pvs[i].bad == "" {
			return ""
		}
	}
	if len(pvs) == 0 {
		return "the condition has no values"
	}
	return pvs[0].bad
}

// list shows the usable policy values: one value, or "any of a, b".
func (cd *cond) list(pvs []pval) string {
	var shown []string
	for i := range pvs {
		if pvs[i].bad == "" {
			shown = append(shown, cd.show(pvs[i].text))
		}
	}
	if len(shown) == 1 {
		return shown[0]
	}
	return "any of " + strings.Join(shown, ", ")
}

func (cd *cond) showAll(vals []string) string {
	out := slices.Clone(vals)
	for i, v := range out {
		out[i] = cd.show(v)
	}
	return strings.Join(out, ", ")
}

// show formats a value for a reason: quoted for text, bare for numbers,
// dates, addresses and booleans unless they would be unreadable bare.
func (cd *cond) show(v string) string {
	switch cd.spec.fam {
	case famNumeric, famDate, famIP, famBool:
		if v != "" && strings.IndexFunc(v, needsQuote) < 0 {
			return v
		}
	}
	return quote(v)
}

func needsQuote(r rune) bool { return r == ' ' || r == ',' || r == '"' || !unicode.IsPrint(r) }

func typeDesc(f family) string {
	switch f {
	case famNumeric:
		return "a number"
	case famDate:
		return "a date (ISO 8601 or epoch seconds)"
	case famBool:
		return "\"true\" or \"false\""
	case famBinary:
		return "base64"
	case famIP:
		return "an IP address"
	case famArn:
		return "an ARN"
	}
	return "a string"
}

func quote(s string) string { return strconv.Quote(s) }
