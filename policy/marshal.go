package policy

import (
	"unicode/utf8"

	"github.com/whydenied/whydenied/condition"
)

// MarshalJSON writes the policy as compact JSON in a canonical element
// order (Version, Id, Statement; in a statement Sid, Effect, Principal,
// NotPrincipal, Action, NotAction, Resource, NotResource, Condition). What
// the author chose and AWS keeps apart is preserved: Statement as one object
// or a list, each value as a plain string or a list, conditions in document
// order. Booleans and numbers in conditions come out as strings, which AWS
// reads the same way. Parse of the output marshals to the same bytes.
func (p *Policy) MarshalJSON() ([]byte, error) {
	if p == nil {
		return []byte("null"), nil
	}
	w := writer{buf: make([]byte, 0, max(256, len(p.src)))}
	w.byte('{')
	first := true
	if p.Version != "" {
		w.member(&first, "Version")
		w.str(p.Version)
	}
	if p.ID != "" || p.hasID {
		w.member(&first, "Id")
		w.str(p.ID)
	}
	w.member(&first, "Statement")
	single := p.single && len(p.Statements) == 1
	if !single {
		w.byte('[')
	}
	for i := range p.Statements {
		if i > 0 {
			w.byte(',')
		}
		if err := w.statement(&p.Statements[i], i); err != nil {
			return nil, err
		}
	}
	if !single {
		w.byte(']')
	}
	w.byte('}')
	return w.buf, nil
}

type writer struct{ buf []byte }

func (w *writer) byte(c byte) { w.buf = append(w.buf, c) }

// member writes a member name, preceded by a comma unless it is the first.
func (w *writer) member(first *bool, name string) {
	if !*first {
		w.byte(',')
	}
	*first = false
	w.str(name)
	w.byte(':')
}

func (w *writer) statement(st *Statement, i int) error {
	w.byte('{')
	first := true
	if st.Sid != "" || st.hasSid {
		w.member(&first, "Sid")
		w.str(st.Sid)
	}
	if st.Effect != "" {
		w.member(&first, "Effect")
		w.str(string(st.Effect))
	}
	for _, pe := range [2]struct {
		name string
		p    *Principal
	}{{"Principal", st.Principal}, {"NotPrincipal", st.NotPrincipal}} {
		if pe.p == nil {
			continue
		}
		w.member(&first, pe.name)
		if err := w.principal(pe.p, i, pe.name); err != nil {
			return err
		}
	}
	for _, ve := range [4]struct {
		name string
		v    *Values
	}{{"Action", &st.Action}, {"NotAction", &st.NotAction}, {"Resource", &st.Resource}, {"NotResource", &st.NotResource}} {
		if !ve.v.Set {
			continue
		}
		w.member(&first, ve.name)
		w.values(ve.v.List, ve.v.Single)
	}
	if st.hasCond || st.Conditions != nil || len(st.Condition) > 0 {
		w.member(&first, "Condition")
		if err := w.condition(st, i); err != nil {
			return err
		}
	}
	w.byte('}')
	return nil
}

func (w *writer) principal(p *Principal, i int, name string) error {
	if p.Wildcard {
		for k := range principalKeys {
			if p.field(k).Set {
				return &Error{Path: stmtLoc(i).with(name).String(), Msg: `cannot write "*" together with principal types; use one form`}
			}
		}
		w.str("*")
		return nil
	}
	w.byte('{')
	first := true
	for k, key := range principalKeys {
		v := p.field(k)
		if !v.Set {
			continue
		}
		w.member(&first, key)
		w.values(v.List, v.Single)
	}
	w.byte('}')
	return nil
}

func (w *writer) values(list []string, single bool) {
	if single && len(list) == 1 {
		w.str(list[0])
		return
	}
	w.byte('[')
	for i, s := range list {
		if i > 0 {
			w.byte(',')
		}
		w.str(s)
	}
	w.byte(']')
}

// condition writes the block grouped by operator, operators in the order
// they first appear, keys in block order under each. A parsed block is
// already grouped that way; grouping matters for blocks built in code.
func (w *writer) condition(st *Statement, i int) error {
	b := st.Condition
	singles := st.condSingle
	if len(singles) != len(b) {
		singles = nil
	}
	w.byte('{')
	for j, c := range b {
		if firstOperatorIndex(b, c.Operator) != j {
			continue // written with the first entry of its operator
		}
		if j > 0 {
			w.byte(',')
		}
		w.str(c.Operator)
		w.buf = append(w.buf, ':', '{')
		firstKey := true
		for k := j; k < len(b); k++ {
			if b[k].Operator != c.Operator {
				continue
			}
			for m := j; m < k; m++ {
				if b[m].Operator == c.Operator && b[m].Key == b[k].Key {
					l := stmtLoc(i).with("Condition").withSub(c.Operator).withKey(b[k].Key)
					return &Error{Path: l.String(), Msg: "the same key appears twice under one operator; JSON cannot hold both"}
				}
			}
			if !firstKey {
				w.byte(',')
			}
			firstKey = false
			w.str(b[k].Key)
			w.byte(':')
			w.values(b[k].Values, singles != nil && singles[k])
		}
		w.byte('}')
	}
	w.byte('}')
	return nil
}

func firstOperatorIndex(b condition.Block, op string) int {
	for i := range b {
		if b[i].Operator == op {
			return i
		}
	}
	return -1
}

// str writes s as a JSON string. Invalid UTF-8 becomes U+FFFD, as
// encoding/json writes it, so that the output always re-parses.
func (w *writer) str(s string) {
	w.byte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			w.buf = append(w.buf, s[start:i]...)
			switch c {
			case '"', '\\':
				w.buf = append(w.buf, '\\', c)
			case '\n':
				w.buf = append(w.buf, '\\', 'n')
			case '\r':
				w.buf = append(w.buf, '\\', 'r')
			case '\t':
				w.buf = append(w.buf, '\\', 't')
			default:
				w.buf = append(w.buf, '\\', 'u', '0', '0', hexDigit(c>>4), hexDigit(c&0xF))
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			w.buf = append(w.buf, s[start:i]...)
			w.buf = append(w.buf, "\uFFFD"...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			// Valid JSON, but JavaScript readers choke on them raw.
			w.buf = append(w.buf, s[start:i]...)
			w.buf = append(w.buf, `\u202`...)
			w.buf = append(w.buf, hexDigit(byte(r&0xF)))
			i += size
			start = i
			continue
		}
		i += size
	}
	w.buf = append(w.buf, s[start:]...)
	w.byte('"')
}

func hexDigit(b byte) byte { return "0123456789abcdef"[b] }
