package policy

import (
	"errors"

	"github.com/whydenied/whydenied/condition"
)

// conditionBlock parses the Condition element
// (reference_policies_grammar.md, <condition_block>; reference_policies_elements_condition.md):
// operator -> key -> value or list of values. The block keeps document order.
func (p *parser) conditionBlock(st *Statement, l loc) error {
	if p.peek() != '{' {
		return p.mismatch(l, `an object such as {"StringEquals": {"aws:PrincipalTag/team": "blue"}}`)
	}
	st.hasCond = true
	if p.openObject() {
		// An empty Condition is accepted: it adds no condition. The
		// documentation is silent; AWS's own tools emit "Condition": {}.
		return nil
	}
	var condBuf [16]condition.Condition
	var singleBuf [16]bool
	conds, singles := condBuf[:0], singleBuf[:0]
	for {
		op, opOff, err := p.key(l)
		if err != nil {
			return err
		}
		ol := l.withSub(op)
		dup := false
		for _, c := range conds {
			if c.Operator == op {
				dup = true
			}
		}
		switch {
		case dup:
			if err := p.report(opOff, l, p.duplicate(op, 0, "; put all its keys in one object")); err != nil {
				return err
			}
			if err := p.skip(ol); err != nil {
				return err
			}
		case p.peek() != '{':
			if err := p.mismatch(ol, `an object of condition keys such as {"aws:SourceIp": "203.0.113.0/24"}`); err != nil {
				return err
			}
		default:
			conds, singles, err = p.conditionKeys(op, ol, conds, singles)
			if err != nil {
				return err
			}
		}
		more, err := p.nextMember(l)
		if err != nil {
			return err
		}
		if !more {
			break
		}
	}
	st.Condition = p.arena.conditions(conds)
	st.condSingle = p.arena.flags(singles)
	return nil
}

// conditionKeys parses the keys under one operator and appends them.
func (p *parser) conditionKeys(op string, l loc, conds []condition.Condition, singles []bool) ([]condition.Condition, []bool, error) {
	off := p.pos
	if p.openObject() {
		return conds, singles, p.report(off, l, `expected at least one condition key, got an empty object`)
	}
	first := len(conds)
	for {
		k, koff, err := p.key(l)
		if err != nil {
			return conds, singles, err
		}
		kl := l.withKey(k)
		dup := false
		for _, c := range conds[first:] {
			if c.Key == k {
				dup = true
			}
		}
		if dup {
			if err := p.report(koff, l, p.duplicate(k, 0, "; list all its values in one array")); err != nil {
				return conds, singles, err
			}
			if err := p.skip(kl); err != nil {
				return conds, singles, err
			}
		} else {
			vals, single, err := p.conditionValues(kl)
			if err != nil {
				return conds, singles, err
			}
			conds = append(conds, condition.Condition{Operator: op, Key: k, Values: vals})
			singles = append(singles, single)
		}
		more, err := p.nextMember(l)
		if err != nil {
			return conds, singles, err
		}
		if !more {
			return conds, singles, nil
		}
	}
}

// conditionValues parses a condition value: a string, boolean or number, or
// a list of them. Booleans and numbers become their JSON text, because the
// grammar makes quotes optional for them (reference_policies_grammar.md,
// "Quotation marks are optional for numeric and Boolean values").
func (p *parser) conditionValues(l loc) ([]string, bool, error) {
	const expected = "a string or a list of strings"
	if p.peek() != '[' {
		v, ok, err := p.conditionScalar(l, expected)
		if err != nil || !ok {
			return nil, false, err
		}
		return p.arena.strings1(v), true, nil
	}
	off := p.pos
	if p.openList() {
		return nil, false, p.report(off, l, "expected at least one value, got an empty list")
	}
	var buf [16]string
	items := buf[:0]
	for i := 0; ; i++ {
		v, ok, err := p.conditionScalar(l.at(i), "a string")
		if err != nil {
			return nil, false, err
		}
		if ok {
			items = append(items, v)
		}
		more, err := p.nextItem(l)
		if err != nil {
			return nil, false, err
		}
		if !more {
			break
		}
	}
	return p.arena.strings(items), false, nil
}

// conditionScalar reads one string, boolean or number as text.
func (p *parser) conditionScalar(l loc, expected string) (string, bool, error) {
	var v string
	var err error
	switch p.peek() {
	case '"':
		v, err = p.readString()
	case 't', 'f':
		v, err = p.readLiteral()
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		v, err = p.readNumber()
	default:
		return "", false, p.mismatch(l, expected)
	}
	if err != nil {
		return "", false, p.syntax(err, l)
	}
	return v, true, nil
}

// compile checks the block with the condition package and reports each
// condition it rejects at Statement[i].Condition.<Operator>.<Key>.
func (p *parser) compile(st *Statement, l loc) error {
	c, err := condition.Compile(st.Condition)
	if err == nil {
		st.Conditions = c
		return nil
	}
	cl := l.with("Condition")
	for _, e := range flatten(err) {
		var ce *condition.CompileError
		if !errors.As(e, &ce) {
			if err := p.report(int(st.offs[elemCondition])-1, cl, e.Error()); err != nil {
				return err
			}
			continue
		}
		op, key := ce.Operator, ce.Key
		if ce.Index >= 0 && ce.Index < len(st.Condition) {
			op, key = st.Condition[ce.Index].Operator, st.Condition[ce.Index].Key
		}
		off := p.conditionKeyOffset(st, op, key)
		if err := p.report(off, cl.withSub(op).withKey(key), ce.Msg); err != nil {
			return err
		}
	}
	return nil
}

// flatten lists the errors joined in err (errors.Join), or err alone.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// conditionKeyOffset finds where a condition key is written, so that a
// compile error points at it. It re-reads the Condition element, which only
// happens on the error path.
func (p *parser) conditionKeyOffset(st *Statement, op, key string) int {
	condOff := int(st.offs[elemCondition]) - 1
	if condOff < 0 {
		return -1
	}
	s := scanner{src: p.src, pos: condOff}
	if _, err := s.readString(); err != nil || s.expect(':', "") != nil || s.peek() != '{' {
		return condOff
	}
	s.pos++
	for s.peek() == '"' {
		opOff := s.pos
		name, err := s.readString()
		if err != nil || s.expect(':', "") != nil {
			return condOff
		}
		if name != op {
			if s.skipValue() != nil || s.peek() != ',' {
				return opOff
			}
			s.pos++
			continue
		}
		if s.peek() != '{' {
			return opOff
		}
		s.pos++
		for s.peek() == '"' {
			keyOff := s.pos
			k, err := s.readString()
			if err != nil || s.expect(':', "") != nil {
				return opOff
			}
			if k == key {
				return keyOff
			}
			if s.skipValue() != nil || s.peek() != ',' {
				return opOff
			}
			s.pos++
		}
		return opOff
	}
	return condOff
}
