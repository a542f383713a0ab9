package policy

// statement parses one statement object (reference_policies_grammar.md,
// <statement>): elements in any order, each at most once.
func (p *parser) statement(st *Statement, l loc) error {
	start := p.pos
	st.start = offset32(start)
	errsBefore := len(p.errs)
	if p.openObject() {
		return p.report(start, l, `empty statement: a statement needs at least "Effect" and "Action"`)
	}
	for {
		k, koff, err := p.key(l)
		if err != nil {
			return err
		}
		idx := stmtElemIndex(k)
		el := l.with(k)
		if err := p.member(k, koff, l, idx, st.offs[:], unknownStmtElem, func() error { return p.stmtElement(st, idx, el) }); err != nil {
			return err
		}
		more, err := p.nextMember(l)
		if err != nil {
			return err
		}
		if !more {
			break
		}
	}
	if err := p.checkStatement(st, start, l); err != nil {
		return err
	}
	st.summarizeActions()
	st.summarizeResources()
	if st.hasCond && len(p.errs) == errsBefore {
		return p.compile(st, l)
	}
	return nil
}

func stmtElemIndex(k string) int {
	switch k {
	case "Sid":
		return elemSid
	case "Effect":
		return elemEffect
	case "Principal":
		return elemPrincipal
	case "NotPrincipal":
		return elemNotPrincipal
	case "Action":
		return elemAction
	case "NotAction":
		return elemNotAction
	case "Resource":
		return elemResource
	case "NotResource":
		return elemNotResource
	case "Condition":
		return elemCondition
	}
	return -1
}

func unknownStmtElem(k string) string {
	if s := suggest(k, stmtElemNames[:]); s != "" {
		return "unknown element " + quoteShort(k) + `: element names are case-sensitive, did you mean "` + s + `"?`
	}
	if suggest(k, docElemNames[:]) != "" {
		return "unknown statement element " + quoteShort(k) + ": it belongs at the top level of the policy, outside Statement"
	}
	return "unknown element " + quoteShort(k) + ": a statement holds only Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition"
}

func (p *parser) stmtElement(st *Statement, idx int, l loc) error {
	var err error
	switch idx {
	case elemSid:
		var ok bool
		st.Sid, ok, err = p.readStringValue(l, "a string")
		st.hasSid = ok
	case elemEffect:
		off := p.peekOff()
		var v string
		var ok bool
		v, ok, err = p.readStringValue(l, `"Allow" or "Deny"`)
		if err != nil || !ok {
			return err
		}
		// The package's constants rather than v, which points into the
		// document: whoever compares a statement's Effect (the engine, for
		// every statement it decides or writes) then reads memory that is
		// always at hand instead of the policy's text.
		switch Effect(v) {
		case Allow:
			st.Effect = Allow
		case Deny:
			st.Effect = Deny
		default:
			msg := `expected "Allow" or "Deny", got ` + quoteShort(v)
			if s := suggest(v, []string{"Allow", "Deny"}); s != "" {
				msg += ` (Effect values are case-sensitive: write "` + s + `")`
			}
			return p.report(off, l, msg)
		}
	case elemPrincipal:
		st.Principal, err = p.principal(l)
	case elemNotPrincipal:
		st.NotPrincipal, err = p.principal(l)
	case elemAction:
		st.Action, err = p.values(l)
	case elemNotAction:
		st.NotAction, err = p.values(l)
	case elemResource:
		st.Resource, err = p.values(l)
	case elemNotResource:
		st.NotResource, err = p.values(l)
	case elemCondition:
		err = p.conditionBlock(st, l)
	}
	return err
}

// checkStatement enforces the element combinations the grammar requires of
// every statement, whatever the policy kind.
func (p *parser) checkStatement(st *Statement, start int, l loc) error {
	pairs := [3][2]int{
		{elemPrincipal, elemNotPrincipal},
		{elemAction, elemNotAction},
		{elemResource, elemNotResource},
	}
	for _, pr := range pairs {
		a, b := st.offs[pr[0]], st.offs[pr[1]]
		if a != 0 && b != 0 {
			second := max(a, b)
			if err := p.report(int(second-1), l, "a statement may have "+stmtElemNames[pr[0]]+" or "+stmtElemNames[pr[1]]+", not both"); err != nil {
				return err
			}
		}
	}
	// reference_policies_grammar.md: <effect_block> and <action_block> are
	// not optional; reference_policies_elements_action.md: "Statements must
	// include either an Action or NotAction element".
	if st.offs[elemEffect] == 0 {
		if err := p.report(start, l, `missing Effect: every statement needs "Effect": "Allow" or "Effect": "Deny"`); err != nil {
			return err
		}
	}
	if st.offs[elemAction] == 0 && st.offs[elemNotAction] == 0 {
		return p.report(start, l, `missing Action: every statement needs "Action" or "NotAction", e.g. "Action": "s3:GetObject"`)
	}
	return nil
}

// values parses an element that takes a string or a list of strings
// (reference_policies_grammar.md, "If the element takes an array ... but
// only one value is included, the brackets are optional").
func (p *parser) values(l loc) (Values, error) {
	switch p.peek() {
	case '"':
		s, err := p.readString()
		if err != nil {
			return Values{}, p.syntax(err, l)
		}
		return Values{List: p.arena.strings1(s), Set: true, Single: true}, nil
	case '[':
		off := p.pos
		if p.openList() {
			// "Arrays can take one or more values" (reference_policies_grammar.md).
			return Values{Set: true}, p.report(off, l, "expected at least one value, got an empty list")
		}
		var buf [16]string
		items := buf[:0]
		for i := 0; ; i++ {
			if p.peek() == '"' {
				s, err := p.readString()
				if err != nil {
					return Values{}, p.syntax(err, l.at(i))
				}
				items = append(items, s)
			} else if err := p.mismatch(l.at(i), "a string"); err != nil {
				return Values{}, err
			}
			more, err := p.nextItem(l)
			if err != nil {
				return Values{}, err
			}
			if !more {
				break
			}
		}
		return Values{List: p.arena.strings(items), Set: true}, nil
	}
	return Values{Set: true}, p.mismatch(l, "a string or a list of strings")
}

// principal parses a Principal or NotPrincipal value: "*" or a map of
// principal types (reference_policies_grammar.md, <principal_block>).
func (p *parser) principal(l loc) (*Principal, error) {
	pr := p.arena.principal()
	switch p.peek() {
	case '"':
		off := p.pos
		s, err := p.readString()
		if err != nil {
			return pr, p.syntax(err, l)
		}
		if s == "*" {
			pr.Wildcard = true
			return pr, nil
		}
		return pr, p.report(off, l, `expected "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}, got the string `+quoteShort(s))
	case '{':
		off := p.pos
		if p.openObject() {
			return pr, p.report(off, l, "expected at least one of AWS, Service, Federated or CanonicalUser, got an empty object")
		}
		var seen [len(principalKeys)]int32
		for {
			k, koff, err := p.key(l)
			if err != nil {
				return pr, err
			}
			idx := -1
			for i, name := range principalKeys {
				if k == name {
					idx = i
				}
			}
			sl := l.withSub(k)
			switch {
			case idx < 0:
				msg := "unknown principal type " + quoteShort(k) + ": expected AWS, Service, Federated or CanonicalUser"
				if s := suggest(k, principalKeys[:]); s != "" {
					msg = "unknown principal type " + quoteShort(k) + `: principal types are case-sensitive, did you mean "` + s + `"?`
				}
				if err := p.report(koff, l, msg); err != nil {
					return pr, err
				}
				if err := p.skip(sl); err != nil {
					return pr, err
				}
			case seen[idx] != 0:
				if err := p.report(koff, l, p.duplicate(k, seen[idx], "; list all values in one array")); err != nil {
					return pr, err
				}
				if err := p.skip(sl); err != nil {
					return pr, err
				}
			default:
				seen[idx] = offset32(koff)
				v, err := p.values(sl)
				if err != nil {
					return pr, err
				}
				*pr.field(idx) = v
			}
			more, err := p.nextMember(l)
			if err != nil {
				return pr, err
			}
			if !more {
				return pr, nil
			}
		}
	}
	return pr, p.mismatch(l, `"*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}`)
}
