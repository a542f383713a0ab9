package errmsg

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// normalise removes what terminals, editors and chat tools add to pasted
// text and AWS never writes: colour codes, carriage returns, zero-width
// characters and no-break spaces.
func normalise(s string) string {
	if !needsNormalising(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			i = skipEscape(s, i)
			continue
		case c == '\r':
			i++
			if i < len(s) && s[i] != '\n' {
				b.WriteByte('\n')
			}
			continue
		case c == '[' && bareColour(s, i) > 0:
			// Colour codes whose ESC byte was lost in copying ("[31m").
			i += bareColour(s, i)
			continue
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		case '\u00a0', '\u2007', '\u202f':
			b.WriteByte(' ')
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsNormalising(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0x1b || c == '\r' || c >= utf8.RuneSelf:
			return true
		case c == '[' && bareColour(s, i) > 0:
			return true
		}
	}
	return false
}

// skipEscape returns the index after the ANSI escape sequence at s[i].
func skipEscape(s string, i int) int {
	i++
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[': // CSI: parameters, then one final byte in 0x40..0x7e
		i++
		for i < len(s) && (s[i] < 0x40 || s[i] > 0x7e) {
			if s[i] == '\n' {
				return i
			}
			i++
		}
		if i < len(s) {
			i++
		}
		return i
	case ']': // OSC (hyperlinks, titles): ends with BEL or ESC '\'
		i++
		for i < len(s) {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			if s[i] == '\n' {
				return i
			}
			i++
		}
		return i
	}
	return i + 1
}

// bareColour returns the length of a colour code without its ESC byte at
// s[i] ("[0m", "[1;31m"), or 0. AWS text never holds such a sequence.
func bareColour(s string, i int) int {
	j := i + 1
	digits := 0
	for j < len(s) && j-i <= 12 {
		c := s[j]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == ';':
		case c == 'm':
			if digits == 0 {
				return 0
			}
			return j - i + 1
		default:
			return 0
		}
		j++
	}
	return 0
}

// hasEscapes reports whether s looks like text that was JSON- or
// string-escaped on its way into a log: quotes, newlines or unicode
// written as backslash sequences.
func hasEscapes(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		switch s[i+1] {
		case '"', 'n', 'u', '\\', '\'':
			return true
		case 't':
			// "\t" alone is common in Windows paths; count it only beside
			// other escapes, which the cases above find.
		}
	}
	return false
}

// unescape undoes one level of JSON or string escaping. Unknown escapes
// are kept as they are, so Windows paths survive.
func unescape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		switch n := s[i+1]; n {
		case '"', '\\', '/', '\'':
			b.WriteByte(n)
			i++
		case 'n':
			b.WriteByte('\n')
			i++
		case 't':
			b.WriteByte('\t')
			i++
		case 'r':
			i++
		case 'u':
			r, size := unicodeEscape(s[i:])
			if size == 0 {
				b.WriteByte(c)
				continue
			}
			b.WriteRune(r)
			i += size - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// unicodeEscape decodes "\uXXXX" (and a following low surrogate) at the
// start of s, returning the rune and the bytes consumed, or size 0.
func unicodeEscape(s string) (rune, int) {
	r1, ok := hex4(s)
	if !ok {
		return 0, 0
	}
	if utf16.IsSurrogate(r1) {
		if r2, ok := hex4(s[6:]); ok {
			if r := utf16.DecodeRune(r1, r2); r != utf8.RuneError {
				return r, 12
			}
		}
		return utf8.RuneError, 6
	}
	return r1, 6
}

func hex4(s string) (rune, bool) {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[2:6]) {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// unescapeAll peels off up to three levels of escaping (a JSON string in a
// JSON log line in a JSON event is common) and cleans what it uncovers.
func unescapeAll(s string) string {
	for round := 0; round < 3 && hasEscapes(s); round++ {
		u := unescape(s)
		if u == s {
			break
		}
		s = normalise(u)
	}
	return s
}
