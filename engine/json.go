package engine

import (
	"math/bits"
	"strconv"
	"unicode/utf8"

	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/policy"
)

// The result is written by hand rather than by encoding/json's reflection:
// in batch mode encoding the trace cost more than deciding the request. The
// output is byte-for-byte what encoding/json writes for these types (a test
// checks it), so the struct tags stay the documentation of the format.

// MarshalJSON writes the result contract of DESIGN.md.
func (r Result) MarshalJSON() ([]byte, error) { return r.AppendJSON(nil), nil }

// AppendJSON appends the result's JSON to b.
func (r *Result) AppendJSON(b []byte) []byte {
	b = append(b, `{"decision":`...)
	b = appendString(b, string(r.Decision))
	b = append(b, `,"deniedBy":`...)
	if r.DeniedBy == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, l := range r.DeniedBy {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, string(l))
		}
		b = append(b, ']')
	}
	if r.Message != "" {
		b = append(b, `,"message":`...)
		b = appendString(b, r.Message)
	}
	b = append(b, `,"trace":`...)
	b = r.Trace.appendJSON(b)
	return append(b, '}')
}

// subjects are the request's strings that recur in the trace, in the detail
// of every statement that did not apply, with whether each needs escaping:
// found out once per result instead of once per statement.
type subjects struct {
	safe [3]string // those that need no escaping
	n    int
}

func (k *subjects) add(s string) {
	if !needsEscape(s) {
		k.safe[k.n] = s
		k.n++
	}
}

// isSafe reports whether s is one of the safe subjects. The strings of a
// detail are the trace's own (the same bytes), so the comparison is mostly
// of lengths and pointers.
func (k *subjects) isSafe(s string) bool {
	for i := 0; i < k.n; i++ {
		if k.safe[i] == s {
			return true
		}
	}
	return false
}

func (t *Trace) appendJSON(b []byte) []byte {
	var k subjects
	k.add(t.Action)
	k.add(t.Resource)
	k.add(t.Principal) // callerName: the caller's ARN, or a constant phrase
	b = append(b, `{"principal":`...)
	b = appendString(b, t.Principal)
	b = append(b, `,"principalKind":`...)
	b = appendString(b, t.PrincipalKind)
	b = append(b, `,"action":`...)
	b = appendString(b, t.Action)
	b = append(b, `,"resource":`...)
	b = appendString(b, t.Resource)
	if t.ResourceAccount != "" {
		b = append(b, `,"resourceAccount":`...)
		b = appendString(b, t.ResourceAccount)
	}
	b = append(b, `,"crossAccount":`...)
	b = strconv.AppendBool(b, t.CrossAccount)
	if t.ResourcePolicy != "" {
		b = append(b, `,"resourcePolicyKind":`...)
		b = appendString(b, t.ResourcePolicy)
	}
	if len(t.DerivedContext) > 0 {
		b = append(b, `,"derivedContext":`...)
		b = appendStrings(b, t.DerivedContext)
	}
	b = append(b, `,"layers":`...)
	if t.Layers == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range t.Layers {
			if i > 0 {
				b = append(b, ',')
			}
			b = t.Layers[i].appendJSON(b, &k)
		}
		b = append(b, ']')
	}
	if len(t.Notes) > 0 {
		b = append(b, `,"notes":`...)
		b = appendStrings(b, t.Notes)
	}
	return append(b, '}')
}

func (l *LayerTrace) appendJSON(b []byte, k *subjects) []byte {
	b = append(b, `{"layer":`...)
	b = appendString(b, string(l.Layer))
	b = append(b, `,"present":`...)
	b = strconv.AppendBool(b, l.Present)
	b = append(b, `,"applies":`...)
	b = strconv.AppendBool(b, l.Applies)
	if l.Reason != "" {
		b = append(b, `,"reason":`...)
		b = appendString(b, l.Reason)
	}
	b = append(b, `,"outcome":`...)
	b = appendString(b, l.Outcome)
	if len(l.Policies) > 0 {
		b = append(b, `,"policies":[`...)
		for i := range l.Policies {
			if i > 0 {
				b = append(b, ',')
			}
			b = l.Policies[i].appendJSON(b, k)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func (p *PolicyTrace) appendJSON(b []byte, k *subjects) []byte {
	b = append(b, `{"name":`...)
	b = appendString(b, p.Name)
	if p.Level != nil {
		b = append(b, `,"level":`...)
		b = strconv.AppendInt(b, int64(*p.Level), 10)
	}
	if p.Implied {
		b = append(b, `,"implied":true`...)
	}
	b = append(b, `,"statements":`...)
	if p.Statements == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range p.Statements {
			if i > 0 {
				b = append(b, ',')
			}
			b = p.Statements[i].appendJSON(b, p.jsonSafe, k)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendJSON writes the statement's trace; safe says its policy's strings
// need no escaping (PolicyTrace.jsonSafe). Only the unexported detail (why)
// relies on it: the exported fields may have been changed since Evaluate
// made them, and are escaped as they are.
func (s *StatementTrace) appendJSON(b []byte, safe bool, k *subjects) []byte {
	b = append(b, `{"index":`...)
	b = strconv.AppendInt(b, int64(s.Index), 10)
	if s.Sid != "" {
		b = append(b, `,"sid":`...)
		b = appendString(b, s.Sid)
	}
	switch s.Effect {
	case policy.Allow:
		b = append(b, `,"effect":"Allow"`...)
	case policy.Deny:
		b = append(b, `,"effect":"Deny"`...)
	default:
		b = append(b, `,"effect":`...)
		b = appendString(b, string(s.Effect))
	}
	if s.Matched {
		b = append(b, `,"matched":true`...)
	} else {
		b = append(b, `,"matched":false`...)
	}
	if s.Failed != "" {
		b = append(b, `,"failed":`...)
		b = appendString(b, s.Failed)
	}
	// A failed condition's reason is also the statement's detail: escaped
	// once, and the escaped text copied for the second.
	detail := [2]int{-1, -1}
	switch {
	case s.Detail != "":
		b = append(b, `,"detail":`...)
		detail[0] = len(b)
		b = appendString(b, s.Detail)
		detail[1] = len(b)
	case s.why.text != "":
		b = append(b, `,"detail":`...)
		b = s.why.appendJSON(b, safe, k)
	case !s.why.empty():
		// Written in place: the sentence is built after the quote and then
		// escaped where it stands if it needs it.
		b = append(b, `,"detail":`...)
		start := len(b)
		b = s.why.appendTo(b)
		if needsEscape(b[start:]) {
			raw := string(b[start:])
			b = appendString(b[:start], raw)
		} else {
			b = append(b, 0, 0)
			copy(b[start+1:], b[start:len(b)-2])
			b[start] = '"'
			b[len(b)-1] = '"'
		}
	}
	if s.Principal != "" {
		b = append(b, `,"principalMatch":`...)
		b = appendString(b, s.Principal)
	}
	if s.Condition != nil {
		b = append(b, `,"condition":`...)
		var escapedReason []byte
		if detail[0] >= 0 && s.Detail == s.Condition.Reason {
			escapedReason = b[detail[0]:detail[1]]
		}
		b = appendMismatch(b, s.Condition, escapedReason)
	}
	return append(b, '}')
}

// appendMismatch writes m; escapedReason, when not nil, is m.Reason as a
// JSON string, written earlier into b.
func appendMismatch(b []byte, m *condition.Mismatch, escapedReason []byte) []byte {
	b = append(b, `{"index":`...)
	b = strconv.AppendInt(b, int64(m.Index), 10)
	b = append(b, `,"operator":`...)
	b = appendString(b, m.Operator)
	b = append(b, `,"key":`...)
	b = appendString(b, m.Key)
	b = append(b, `,"policyValues":`...)
	b = appendStrings(b, m.PolicyValues)
	b = append(b, `,"requestValues":`...)
	b = appendStrings(b, m.RequestValues)
	b = append(b, `,"keyPresent":`...)
	b = strconv.AppendBool(b, m.KeyPresent)
	b = append(b, `,"reason":`...)
	if escapedReason != nil {
		b = append(b, escapedReason...)
	} else {
		b = appendString(b, m.Reason)
	}
	return append(b, '}')
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// needsEscape reports whether appendString would change any byte of s.
func needsEscape[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if !asIs[s[i]] {
			return true
		}
	}
	return false
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// load8 reads s[i:i+8] as a little-endian word (the compiler makes it one
// load).
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// notAsIs marks with its top bit each byte of x that asIs does not mark:
// non-ASCII, control, '"', '\\', '<', '>' and '&'. Marks above the lowest
// may be spurious (a borrow carries upwards); the lowest is exact, and the
// result is zero exactly when every byte is as is.
func notAsIs(x uint64) uint64 {
	q, b := x^(lsb*'"'), x^(lsb*'\\')
	l, g, a := x^(lsb*'<'), x^(lsb*'>'), x^(lsb*'&')
	return (x | (x-lsb*0x20)&^x | (q-lsb)&^q | (b-lsb)&^b | (l-lsb)&^l | (g-lsb)&^g | (a-lsb)&^a) & msb
}

// asIs marks the bytes appendString copies unchanged: printable ASCII but
// for the quote, the backslash and the HTML-sensitive <, > and &. Anything
// else takes the careful path. A constant table, never written.
var asIs = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// appendString quotes s as encoding/json does by default: HTML-sensitive
// characters, control characters, U+2028 and U+2029 escaped, invalid UTF-8
// replaced by U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s)
	return append(b, '"')
}

// appendEscaped is appendString without the quotes. Escaping goes rune by
// rune, so pieces that each begin with an ASCII byte may be escaped apart
// and joined.
func appendEscaped(b []byte, s string) []byte {
	i := 0
	for i+8 <= len(s) {
		// Eight bytes at a time: trace strings are mostly ARNs and sentences.
		if m := notAsIs(load8(s, i)); m != 0 {
			i += bits.TrailingZeros64(m) / 8
			break
		}
		i += 8
	}
	for i < len(s) && asIs[s[i]] {
		i++
	}
	if i == len(s) {
		// Nearly every string of a trace: one copy.
		return append(b, s...)
	}
	start := 0
	for i < len(s) {
		c := s[i]
		if asIs[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}
