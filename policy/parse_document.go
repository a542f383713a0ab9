package policy

import "strconv"

// Supported values of the Version element (reference_policies_elements_version.md).
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// parseObject parses a document whose '{' is at start.
func parseObject(text string, start int) (*Policy, error) {
	p := parser{scanner: scanner{src: text, pos: start}}
	p.arena.init(text)
	pol := &Policy{src: text, jsonSafe: jsonSafeText(text)}
	if err := p.document(pol); err == nil {
		if p.peek() != 0 {
			msg := "unexpected " + p.found(p.pos) + " after the end of the policy document"
			if p.src[p.pos] == '{' {
				// troubleshoot_policies.md, "More than one JSON policy object".
				msg += ": a policy is one JSON object; put all statements in its one Statement list"
			}
			p.report(p.pos, rootLoc(), msg)
		}
	}
	if len(p.errs) > 0 {
		return nil, joinErrors(p.errs)
	}
	return pol, nil
}

// document parses the top-level object (reference_policies_grammar.md,
// "policy = { <version_block?> <id_block?> <statement_block> }").
func (p *parser) document(pol *Policy) error {
	l := rootLoc()
	docStart := p.pos
	pol.start = offset32(docStart)
	if p.openObject() {
		return p.report(docStart, l, `missing Statement: a policy needs "Statement": [ ... ] with at least one statement`)
	}
	for {
		k, koff, err := p.key(l)
		if err != nil {
			return err
		}
		idx := -1
		switch k {
		case "Version":
			idx = elemVersion
		case "Id":
			idx = elemID
		case "Statement":
			idx = elemStatement
		}
		el := l.with(k)
		if err := p.member(k, koff, l, idx, pol.offs[:], unknownDocElem, func() error { return p.docElement(pol, idx, el) }); err != nil {
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
	if pol.offs[elemStatement] == 0 {
		return p.report(docStart, l, `missing Statement: a policy needs "Statement": [ ... ] with at least one statement`)
	}
	return nil
}

func (p *parser) docElement(pol *Policy, idx int, l loc) error {
	switch idx {
	case elemVersion:
		off := p.peekOff()
		v, ok, err := p.readStringValue(l, `the string "2012-10-17"`)
		if err != nil || !ok {
			return err
		}
		if v != Version2012 && v != Version2008 {
			return p.report(off, l, `unsupported version `+quoteShort(v)+`: expected "2012-10-17" (current) or "2008-10-17"`)
		}
		// The constant, not the copy in the document: an evaluation
		// compares Version for every policy, and the comparison of two
		// strings that share their bytes does not read the document's.
		pol.Version = Version2012
		if v == Version2008 {
			pol.Version = Version2008
		}
	case elemID:
		v, ok, err := p.readStringValue(l, "a string")
		if err != nil || !ok {
			return err
		}
		pol.ID, pol.hasID = v, true
	case elemStatement:
		return p.statements(pol, l)
	}
	return nil
}

// statements parses the Statement element: one object or a list of them.
func (p *parser) statements(pol *Policy, l loc) error {
	switch p.peek() {
	case '{':
		pol.single = true
		pol.Statements = make([]Statement, 1)
		return p.statement(&pol.Statements[0], stmtLoc(singleStmt))
	case '[':
		off := p.pos
		if p.openList() {
			return p.report(off, l, "expected at least one statement, got an empty list")
		}
		pol.Statements = make([]Statement, 0, p.arena.statements)
		for i := 0; ; i++ {
			if p.peek() == '{' {
				pol.Statements = append(pol.Statements, Statement{Index: i})
				if err := p.statement(&pol.Statements[len(pol.Statements)-1], stmtLoc(i)); err != nil {
					return err
				}
			} else if err := p.mismatch(l.at(i), "a statement object { ... }"); err != nil {
				return err
			}
			more, err := p.nextItem(l)
			if err != nil {
				return err
			}
			if !more {
				return nil
			}
		}
	}
	return p.mismatch(l, "a statement object { ... } or a list of them")
}

// peekOff returns the offset of the next non-space byte.
func (p *parser) peekOff() int {
	p.skipWS()
	return p.pos
}

// duplicate words the error for an element given twice
// (reference_policies_grammar.md, "Individual elements must not contain
// multiple instances of the same key"; troubleshoot_policies.md).
// member reads one element of a document or statement object: an unknown
// name or a second occurrence is reported and its value skipped; otherwise
// its offset is recorded in offs and read reads it.
func (p *parser) member(k string, koff int, l loc, idx int, offs []int32, unknown func(string) string, read func() error) error {
	switch {
	case idx < 0:
		if err := p.report(koff, l, unknown(k)); err != nil {
			return err
		}
		return p.skip(l.with(k))
	case offs[idx] != 0:
		if err := p.report(koff, l, p.duplicate(k, offs[idx], "")); err != nil {
			return err
		}
		return p.skip(l.with(k))
	}
	offs[idx] = offset32(koff)
	return read()
}

func (p *parser) duplicate(name string, first int32, advice string) string {
	msg := "duplicate " + quoteShort(name)
	if first > 0 {
		line, col := lineCol(p.src, int(first-1))
		msg += " (first given at line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col) + ")"
	}
	msg += ": each name may appear only once"
	switch name {
	case "Statement":
		msg += "; put all statements in one Statement list"
	case "Action", "NotAction", "Resource", "NotResource":
		msg += "; put all values in one list"
	}
	return msg + advice
}

func unknownDocElem(k string) string {
	if s := suggest(k, docElemNames[:]); s != "" {
		return "unknown element " + quoteShort(k) + `: element names are case-sensitive, did you mean "` + s + `"?`
	}
	if suggest(k, stmtElemNames[:]) != "" {
		return "unknown top-level element " + quoteShort(k) + `: statement elements go inside "Statement"`
	}
	return "unknown element " + quoteShort(k) + ": the top level of a policy holds only Version, Id and Statement"
}
