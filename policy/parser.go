package policy

import (
	"errors"
	"strings"
)

// parser walks a document with the scanner, filling a Policy and collecting
// every grammar error it can report before a syntax error stops it.
type parser struct {
	scanner
	errs  []*Error
	arena arena
}

// errAbort tells callers up the chain to stop: the reason is already in
// parser.errs. It is a constant sentinel, never modified.
var errAbort = errors.New("policy: parsing stopped")

// report records a grammar error and keeps parsing unless too many piled up.
func (p *parser) report(off int, l loc, msg string) error {
	p.errs = append(p.errs, newError(p.src, off, l, msg))
	if len(p.errs) >= maxErrors {
		return errAbort
	}
	return nil
}

// syntax records a JSON syntax error, which ends parsing.
func (p *parser) syntax(err error, l loc) error {
	if err == errAbort {
		return err
	}
	e := syntaxError(p.src, err)
	e.Path = l.String()
	p.errs = append(p.errs, e)
	return errAbort
}

// openObject consumes '{' and reports whether the object is empty, in which
// case its '}' is consumed too.
func (p *parser) openObject() bool {
	p.pos++
	if p.peek() == '}' {
		p.pos++
		return true
	}
	return false
}

// key reads a member name and the ':' after it.
func (p *parser) key(l loc) (string, int, error) {
	off := p.pos
	if p.peek() != '"' {
		return "", off, p.syntax(p.fail(p.pos, "invalid JSON: expected a member name in double quotes, found "+p.found(p.pos)), l)
	}
	off = p.pos
	k, err := p.readString()
	if err != nil {
		return "", off, p.syntax(err, l)
	}
	if err := p.expect(':', "':' after the member name"); err != nil {
		return "", off, p.syntax(err, l)
	}
	return k, off, nil
}

// nextMember consumes the ',' (true) or '}' (false) after an object member.
func (p *parser) nextMember(l loc) (bool, error) {
	switch p.peek() {
	case ',':
		p.pos++
		return true, nil
	case '}':
		p.pos++
		return false, nil
	}
	return false, p.syntax(p.fail(p.pos, "invalid JSON: expected ',' or '}' after an object member, found "+p.found(p.pos)), l)
}

// openList consumes '[' and reports whether the list is empty, in which case
// its ']' is consumed too.
func (p *parser) openList() bool {
	p.pos++
	if p.peek() == ']' {
		p.pos++
		return true
	}
	return false
}

// nextItem consumes the ',' (true) or ']' (false) after a list item.
func (p *parser) nextItem(l loc) (bool, error) {
	switch p.peek() {
	case ',':
		p.pos++
		return true, nil
	case ']':
		p.pos++
		return false, nil
	}
	return false, p.syntax(p.fail(p.pos, "invalid JSON: expected ',' or ']' after a list item, found "+p.found(p.pos)), l)
}

// skip consumes a value whose content does not matter any more.
func (p *parser) skip(l loc) error {
	if err := p.skipValue(); err != nil {
		return p.syntax(err, l)
	}
	return nil
}

// mismatch reports that the value at the cursor is not the expected kind,
// naming what was found, and consumes it.
func (p *parser) mismatch(l loc, expected string) error {
	c := p.peek()
	off := p.pos
	var got string
	switch c {
	case '"':
		s, err := p.readString()
		if err != nil {
			return p.syntax(err, l)
		}
		got = "the string " + quoteShort(s)
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		n, err := p.readNumber()
		if err != nil {
			return p.syntax(err, l)
		}
		got = "the number " + n
	case 't', 'f', 'n':
		lit, err := p.readLiteral()
		if err != nil {
			return p.syntax(err, l)
		}
		got = lit
	case 0:
		return p.syntax(p.fail(p.pos, "invalid JSON: the document ends where a value was expected"), l)
	case '{', '[':
		got = describeValueStart(c)
		if c == '[' && p.peekEmptyList() {
			got = "an empty list"
		}
		if err := p.skip(l); err != nil {
			return err
		}
	default:
		return p.syntax(p.fail(p.pos, "invalid JSON: unexpected "+p.found(p.pos)+" (strings must be in double quotes)"), l)
	}
	return p.report(off, l, "expected "+expected+", got "+got)
}

// peekEmptyList reports whether the list at the cursor is [] without moving.
func (p *parser) peekEmptyList() bool {
	i := p.pos + 1
	for i < len(p.src) && strings.IndexByte(" \t\r\n", p.src[i]) >= 0 {
		i++
	}
	return i < len(p.src) && p.src[i] == ']'
}

// readStringValue reads a string value, or reports what was found instead.
func (p *parser) readStringValue(l loc, expected string) (string, bool, error) {
	if p.peek() != '"' {
		return "", false, p.mismatch(l, expected)
	}
	s, err := p.readString()
	if err != nil {
		return "", false, p.syntax(err, l)
	}
	return s, true, nil
}

func offset32(off int) int32 {
	if off < 0 || off >= 1<<31-1 {
		return 0
	}
	return int32(off + 1)
}

// suggest names the element the author probably meant when a name differs
// from a known one only by letter case.
func suggest(name string, known []string) string {
	for _, k := range known {
		if strings.EqualFold(name, k) {
			return k
		}
	}
	return ""
}
