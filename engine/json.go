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
	switch r.Decision {
	case Allowed, ExplicitDeny, ImplicitDeny:
		b = append(b, `{"decision":"`...)
		b = append(b, r.Decision...)
		b = append(b, `","deniedBy":`...)
	default:
		b = append(b, `{"decision":`...)
		b = appendString(b, string(r.Decision))
		b = append(b, `,"deniedBy":`...)
	}
	if r.DeniedBy == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, l := range r.DeniedBy {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendLayer(b, l)
		}
		b = append(b, ']')
	}
	// The request's strings recur in the message, the trace and its
	// statements' details: each is looked at once, here.
	k := subjects{s: [3]string{r.Trace.Principal, r.Trace.Action, r.Trace.Resource}}
	for i, s := range k.s {
		k.safe[i] = allAsIs(s)
	}
	switch {
	case r.Message != "":
		b = append(b, `,"message":`...)
		if r.quoted.safe(r.Message, &k) {
			b = appendQuoted(b, r.Message)
		} else {
			b = appendString(b, r.Message)
		}
	case r.quoted.terse:
		// An Evaluator's terse result: the message is written from its
		// parts.
		b = append(b, `,"message":`...)
		if r.quoted.safeParts(&k) {
			b = append(r.quoted.appendTo(append(b, '"')), '"')
		} else {
			b = appendString(b, string(r.quoted.appendTo(nil)))
		}
	}
	b = append(b, `,"trace":`...)
	b = r.Trace.appendJSON(b, &k)
	return append(b, '}')
}

// subjects are the request's strings that recur in a result, in its message
// and in the detail of every statement that did not apply: the trace's
// principal (the caller's ARN, as callerName gives it), action and
// resource, with whether each needs escaping, found out once per result
// instead of once per use.
type subjects struct {
	s    [3]string
	safe [3]bool
}

// isSafe reports whether s is one of the subjects and needs no escaping.
// The strings compared are mostly the trace's own (the same bytes), so the
// comparison is mostly of lengths and pointers.
func (k *subjects) isSafe(s string) bool {
	for i := range k.s {
		if k.safe[i] && k.s[i] == s {
			return true
		}
	}
	return false
}

// append writes subject i.
func (k *subjects) append(b []byte, i int) []byte {
	if k.safe[i] {
		return appendQuoted(b, k.s[i])
	}
	return appendString(b, k.s[i])
}

func (t *Trace) appendJSON(b []byte, k *subjects) []byte {
	b = append(b, `{"principal":`...)
	b = k.append(b, 0)
	b = append(b, `,"principalKind":`...)
	switch t.PrincipalKind {
	case "root", "user", "role", "assumed-role session", "federated user", "service principal", "anonymous":
		b = appendQuoted(b, t.PrincipalKind) // arn.Kind's names
	default:
		b = appendString(b, t.PrincipalKind)
	}
	b = append(b, `,"action":`...)
	b = k.append(b, 1)
	b = append(b, `,"resource":`...)
	b = k.append(b, 2)
	if t.ResourceAccount != "" {
		b = append(b, `,"resourceAccount":`...)
		b = appendString(b, t.ResourceAccount)
	}
	if t.CrossAccount {
		b = append(b, `,"crossAccount":true`...)
	} else {
		b = append(b, `,"crossAccount":false`...)
	}
	if t.ResourcePolicy != "" {
		b = append(b, `,"resourcePolicyKind":`...)
		b = appendString(b, t.ResourcePolicy)
	}
	if len(t.DerivedContext) > 0 {
		b = append(b, `,"derivedContext":[`...)
		for i, key := range t.DerivedContext {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendContextKey(b, key)
		}
		b = append(b, ']')
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
			b = t.Layers[i].appendJSON(b, k)
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
	b = appendLayer(b, l.Layer)
	if !l.Present && !l.Applies && l.Reason == "not present" && l.Outcome == "notApplicable" && len(l.Policies) == 0 {
		// An absent layer, as most of a trace's are: the rest is one literal.
		return append(b, `,"present":false,"applies":false,"reason":"not present","outcome":"notApplicable"}`...)
	}
	switch {
	case l.Present && l.Applies:
		b = append(b, `,"present":true,"applies":true`...)
	case l.Present:
		b = append(b, `,"present":true,"applies":false`...)
	case l.Applies:
		b = append(b, `,"present":false,"applies":true`...)
	default:
		b = append(b, `,"present":false,"applies":false`...)
	}
	switch l.Reason {
	case "":
	case "not present":
		b = append(b, `,"reason":"not present"`...)
	default:
		b = append(b, `,"reason":`...)
		b = appendString(b, l.Reason)
	}
	b = append(b, `,"outcome":`...)
	switch l.Outcome {
	case "explicitDeny", "allow", "noAllow", "notApplicable":
		b = appendQuoted(b, l.Outcome)
	default:
		b = appendString(b, l.Outcome)
	}
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
		b = appendInt(b, *p.Level)
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
	b = appendInt(b, s.Index)
	if s.Sid != "" {
		b = append(b, `,"sid":`...)
		b = appendString(b, s.Sid)
	}
	switch {
	case s.Effect == policy.Allow && !s.Matched:
		b = append(b, `,"effect":"Allow","matched":false`...)
	case s.Effect == policy.Allow:
		b = append(b, `,"effect":"Allow","matched":true`...)
	case s.Effect == policy.Deny && !s.Matched:
		b = append(b, `,"effect":"Deny","matched":false`...)
	case s.Effect == policy.Deny:
		b = append(b, `,"effect":"Deny","matched":true`...)
	default:
		b = append(b, `,"effect":`...)
		b = appendString(b, string(s.Effect))
		b = append(b, `,"matched":`...)
		b = appendBool(b, s.Matched)
	}
	switch s.Failed {
	case "":
	case "action", "notAction", "resource", "notResource", "principal", "notPrincipal", "condition":
		b = appendQuoted(append(b, `,"failed":`...), s.Failed)
	default:
		b = appendString(append(b, `,"failed":`...), s.Failed)
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
	b = appendInt(b, m.Index)
	b = append(b, `,"operator":`...)
	b = appendString(b, m.Operator)
	b = append(b, `,"key":`...)
	b = appendString(b, m.Key)
	b = append(b, `,"policyValues":`...)
	b = appendStrings(b, m.PolicyValues)
	b = append(b, `,"requestValues":`...)
	b = appendStrings(b, m.RequestValues)
	if m.KeyPresent {
		b = append(b, `,"keyPresent":true,"reason":`...)
	} else {
		b = append(b, `,"keyPresent":false,"reason":`...)
	}
	if escapedReason != nil {
		b = append(b, escapedReason...)
	} else {
		b = appendString(b, m.Reason)
	}
	return append(b, '}')
}

// The trace's fixed vocabulary (layer names, outcomes, failed elements,
// derived keys, principal kinds) is recognised by a switch, which costs less
// than looking at every byte for something to escape, and copied; anything
// else, such as a value a caller put in an exported field, is escaped.

// appendQuoted writes s, which needs no escaping, as a JSON string.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendLayer writes a layer name.
func appendLayer(b []byte, l Layer) []byte {
	switch l {
	case LayerIdentity, LayerResource, LayerPermissionsBoundary, LayerSession, LayerSCP, LayerRCP, LayerVPCEndpoint:
		return appendQuoted(b, string(l))
	}
	return appendString(b, string(l))
}

// appendInt writes i; indexes are mostly one digit.
func appendInt(b []byte, i int) []byte {
	if 0 <= i && i < 10 {
		return append(b, byte('0'+i))
	}
	return strconv.AppendInt(b, int64(i), 10)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// appendContextKey writes an entry of DerivedContext: one of the names of
// derivedKeys (which need no escaping: TestDerivedKeysNeedNoEscaping) is
// copied, anything else escaped.
func appendContextKey(b []byte, key string) []byte {
	for i := range derivedKeys {
		if derivedKeys[i][0] == key {
			return appendQuoted(b, key)
		}
	}
	return appendString(b, key)
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
func needsEscape[T string | []byte](s T) bool { return !allAsIs(s) }

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// load8 reads s[i:i+8] as a little-endian word (the compiler makes it one
// load).
func load8[T string | []byte](s T, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// load4 reads s[i:i+4] as a little-endian word.
func load4[T string | []byte](s T, i int) uint64 {
	s = s[i : i+4]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
}

// allAsIs reports whether appendString copies s unchanged. Nearly every
// string of a trace is, so this is the hot path of the writer: whole words,
// the last one overlapping the one before rather than finishing byte by
// byte, and a string of 4 to 7 bytes read as two overlapping halves.
func allAsIs[T string | []byte](s T) bool {
	n := len(s)
	switch {
	case n >= 8:
		for i := 0; i+8 < n; i += 8 {
			if notAsIs(load8(s, i)) != 0 {
				return false
			}
		}
		return notAsIs(load8(s, n-8)) == 0
	case n >= 4:
		return notAsIs(load4(s, 0)|load4(s, n-4)<<32) == 0
	}
	for i := 0; i < n; i++ {
		if !asIs[s[i]] {
			return false
		}
	}
	return true
}

// notAsIs marks with its top bit each byte of x that asIs does not mark:
// non-ASCII, control, '"', '\\', '<', '>' and '&'. The result is zero
// exactly when every byte is as is, and its lowest mark is the first byte
// that is not; marks above it may be spurious.
//
// Each test subtracts from every byte at once: x-0x20 wraps in a byte below
// 0x20, and t-1 in a byte where t = x^c is zero, that is where x is c. '"'
// (0x22) and '&' (0x26) differ in one bit, as do '<' (0x3c) and '>' (0x3e):
// setting that bit first tests each pair at once. Below the first byte that
// is not as is, every byte of x and of each t is ASCII and no subtraction
// wraps or borrows, so nothing there is marked; a non-ASCII byte, whose
// subtractions may mark anything, is marked by its own top bit anyway.
// (Hence no "&^ t" as in the usual zero-byte test.)
func notAsIs(x uint64) uint64 {
	qa := (x | lsb*0x04) ^ (lsb * '&')
	lg := (x | lsb*0x02) ^ (lsb * '>')
	bs := x ^ (lsb * '\\')
	return (x | (x - lsb*0x20) | (qa - lsb) | (lg - lsb) | (bs - lsb)) & msb
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

// AppendJSONString appends s as a JSON string, escaped as AppendJSON
// escapes the result's strings, which is as encoding/json does by default:
// for a writer that puts a result in an object of its own.
func AppendJSONString(b []byte, s string) []byte { return appendString(b, s) }

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
	if allAsIs(s) {
		// Nearly every string of a trace: one copy.
		return append(b, s...)
	}
	return appendEscapedSlow(b, s)
}

// appendEscapedSlow is appendEscaped for a string with something to escape.
func appendEscapedSlow(b []byte, s string) []byte {
	i, start := 0, 0
	for i < len(s) {
		c := s[i]
		if asIs[c] {
			// Skip to the next byte to escape a word at a time: such strings
			// are mostly condition reasons, plain text with a few quotes.
			if i+8 > len(s) {
				i++
			} else if m := notAsIs(load8(s, i)); m != 0 {
				i += bits.TrailingZeros64(m) / 8 // past s[i], which is as is
			} else {
				i += 8
			}
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
