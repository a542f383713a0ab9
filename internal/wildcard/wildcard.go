// Package wildcard matches IAM patterns: '*' matches any run of characters
// (including none) and '?' matches exactly one character.
//
// Policy variables such as ${*} and ${?} stand for a literal '*' or '?'. So that
// a substituted pattern can still carry those literals, callers encode them as
// LiteralStar and LiteralQuestion (private-use runes no ARN or key contains);
// the matcher compares each with the plain character.
package wildcard

import (
	"strings"
	"unicode/utf8"
)

const (
	// LiteralStar in a pattern matches exactly one '*' in the value.
	LiteralStar = '\uE000'
	// LiteralQuestion in a pattern matches exactly one '?' in the value.
	LiteralQuestion = '\uE001'
)

// Literal returns s encoded so that every '*' and '?' in it is matched
// literally when the result is used as (part of) a pattern.
func Literal(s string) string {
	if !strings.ContainsAny(s, "*?") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	for _, r := range s {
		switch r {
		case '*':
			b.WriteRune(LiteralStar)
		case '?':
			b.WriteRune(LiteralQuestion)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Plain turns an encoded pattern back into the text it stands for, for display
// and for exact (non-wildcard) comparison.
func Plain(p string) string {
	if !strings.ContainsAny(p, "\uE000\uE001") {
		return p
	}
	var b strings.Builder
	for _, r := range p {
		switch r {
		case LiteralStar:
			b.WriteByte('*')
		case LiteralQuestion:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// HasWildcard reports whether p contains an unescaped '*' or '?'.
func HasWildcard(p string) bool { return strings.ContainsAny(p, "*?") }

// Match reports whether value matches pattern, case-sensitively.
func Match(pattern, value string) bool { return match(pattern, value, false) }

// MatchFold reports whether value matches pattern, ignoring case (actions and
// condition keys are case-insensitive in IAM).
func MatchFold(pattern, value string) bool { return match(pattern, value, true) }

// match is the classic linear-time greedy matcher with one backtrack point: on
// a mismatch it retries from the last '*', consuming one more value rune. It
// never allocates, which matters because it runs for every statement element.
func match(pattern, value string, fold bool) bool {
	if pattern == "*" {
		return true
	}
	if len(pattern) > 0 && len(value) > 0 {
		// Most patterns a request meets differ from it at once; when both
		// first bytes are ASCII and the pattern's is no wildcard, they
		// settle it.
		p0, v0 := pattern[0], value[0]
		if p0 < utf8.RuneSelf && v0 < utf8.RuneSelf && p0 != '*' && p0 != '?' && p0 != v0 &&
			(!fold || lowerByte(p0) != lowerByte(v0)) {
			return false
		}
	}
	wild, ascii := false, true
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '*' || c == '?':
			wild = true
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	if ascii && wild && IsASCII(value) {
		// Every rune is one byte: match bytes, folding ASCII letters.
		return matchASCII(pattern, value, fold)
	}
	if (ascii && !wild) || (!ascii && plain(pattern)) {
		// Without wildcards the matcher compares rune by rune, ASCII folded
		// by hand and the rest by strings.EqualFold: that is EqualFold of
		// the whole strings, which is much faster.
		if fold {
			return strings.EqualFold(pattern, value)
		}
		return pattern == value
	}
	return matchGeneric(pattern, value, fold)
}

// IsASCII reports whether every byte of s is below 0x80, where case
// folding and rune boundaries are byte by byte.
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// matchASCII is matchGeneric for an ASCII pattern and value, byte by byte.
func matchASCII(pattern, value string, fold bool) bool {
	p, v := 0, 0
	starP, starV := -1, 0
	for v < len(value) {
		if p < len(pattern) {
			pc, vc := pattern[p], value[v]
			switch {
			case pc == '*':
				starP, starV = p+1, v
				p++
				continue
			case pc == '?' || pc == vc || fold && lowerByte(pc) == lowerByte(vc):
				p++
				v++
				continue
			}
		}
		if starP < 0 {
			return false
		}
		starV++
		p, v = starP, starV
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// plain reports whether p has no '*', '?', LiteralStar or LiteralQuestion
// (EE 80 80 and EE 80 81 in UTF-8), looking at bytes rather than decoding.
func plain(p string) bool {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '*', '?':
			return false
		case 0xEE:
			if i+2 < len(p) && p[i+1] == 0x80 && (p[i+2] == 0x80 || p[i+2] == 0x81) {
				return false
			}
		}
	}
	return true
}

// matchGeneric handles every pattern.
func matchGeneric(pattern, value string, fold bool) bool {
	p, v := 0, 0
	starP, starV := -1, 0
	for v < len(value) {
		if p < len(pattern) {
			pr, pw := decode(pattern, p)
			vr, vw := decode(value, v)
			switch {
			case pr == '*':
				starP, starV = p+pw, v
				p += pw
				continue
			case pr == '?' || runeEqual(pr, vr, fold):
				p += pw
				v += vw
				continue
			}
		}
		if starP < 0 {
			return false
		}
		_, vw := decode(value, starV)
		starV += vw
		p, v = starP, starV
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func runeEqual(pr, vr rune, fold bool) bool {
	switch pr {
	case LiteralStar:
		return vr == '*'
	case LiteralQuestion:
		return vr == '?'
	}
	if pr == vr {
		return true
	}
	if !fold {
		return false
	}
	if pr < utf8.RuneSelf && vr < utf8.RuneSelf {
		return lower(pr) == lower(vr)
	}
	return strings.EqualFold(string(pr), string(vr))
}

func lower(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}
