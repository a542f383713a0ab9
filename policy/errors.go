package policy

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error names where a document is wrong.
type Error struct {
	Path         string // JSON path inside the document, e.g. Statement[2].Condition.StringEquals (empty = document root)
	Msg          string // what was expected and what was found
	Line, Column int    // 1-based position in the (decoded) document text, 0 if unknown
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Line > 0 {
		b.WriteString(" (line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(", column ")
		b.WriteString(strconv.Itoa(e.Column))
		b.WriteByte(')')
	}
	return b.String()
}

// Within places err, a problem with a policy document that sits at path in
// a larger file (a scenario, a snapshot file), under that path: it returns
// the full JSON path and the message, with the position inside the document
// when known. Errors that are not an *Error keep their text, at path.
func Within(path string, err error) (fullPath, msg string) {
	var pe *Error
	if !errors.As(err, &pe) {
		return path, err.Error()
	}
	fullPath, msg = path, pe.Msg
	if pe.Path != "" {
		fullPath += "." + pe.Path
	}
	if pe.Line > 0 {
		msg += " (line " + strconv.Itoa(pe.Line) + ", column " + strconv.Itoa(pe.Column) + " of the policy document)"
	}
	return fullPath, msg
}

// maxErrors bounds how many problems one call reports: past that, a person
// fixes the first ones and tries again.
const maxErrors = 20

// joinErrors returns nil, the only error, or all of them joined.
func joinErrors(errs []*Error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	all := make([]error, len(errs))
	for i, e := range errs {
		all[i] = e
	}
	return errors.Join(all...)
}

// loc is where the parser or validator is, kept as parts so that the path
// string is only built when an error is reported.
type loc struct {
	stmt   int    // statement index; noStmt outside statements, singleStmt for a lone object
	elem   string // statement or top-level element name
	sub    string // principal type or condition operator
	key    string // condition key
	hasSub bool   // sub is part of the path (it may be "")
	hasKey bool   // key is part of the path (it may be "")
	item   int    // index inside a list; -1 when not in a list
}

const (
	noStmt     = -1
	singleStmt = -2
)

func rootLoc() loc { return loc{stmt: noStmt, item: -1} }

func stmtLoc(i int) loc { return loc{stmt: i, item: -1} }

func (l loc) with(elem string) loc {
	return loc{stmt: l.stmt, elem: elem, item: -1}
}

func (l loc) withSub(sub string) loc {
	l.sub, l.hasSub, l.key, l.hasKey, l.item = sub, true, "", false, -1
	return l
}

func (l loc) withKey(key string) loc {
	l.key, l.hasKey, l.item = key, true, -1
	return l
}

func (l loc) at(item int) loc {
	l.item = item
	return l
}

func (l loc) String() string {
	var b strings.Builder
	switch {
	case l.stmt >= 0:
		b.WriteString("Statement[")
		b.WriteString(strconv.Itoa(l.stmt))
		b.WriteByte(']')
	case l.stmt == singleStmt:
		b.WriteString("Statement")
	}
	part := func(k string) {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		writePathKey(&b, k)
	}
	if l.elem != "" {
		part(l.elem)
	}
	if l.hasSub {
		part(l.sub)
	}
	if l.hasKey {
		part(l.key)
	}
	if l.item >= 0 {
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(l.item))
		b.WriteByte(']')
	}
	return b.String()
}

// writePathKey writes a key bare when it is a plain word and quoted
// otherwise, so that keys such as "aws:SourceIp" stay unambiguous.
func writePathKey(b *strings.Builder, k string) {
	plain := k != ""
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			plain = false
			break
		}
	}
	if plain {
		b.WriteString(k)
		return
	}
	b.WriteString(strconv.Quote(k))
}

// lineCol turns a byte offset into a 1-based line and a 1-based column
// counted in characters, as an editor shows them.
func lineCol(src string, off int) (line, col int) {
	if off < 0 || off > len(src) {
		return 0, 0
	}
	before := src[:off]
	line = 1 + strings.Count(before, "\n")
	lineStart := strings.LastIndexByte(before, '\n') + 1
	col = 1 + utf8.RuneCountInString(before[lineStart:])
	return line, col
}

// newError builds an Error at an offset of src (off < 0: position unknown).
func newError(src string, off int, l loc, msg string) *Error {
	e := &Error{Path: l.String(), Msg: msg}
	if off >= 0 {
		e.Line, e.Column = lineCol(src, off)
	}
	return e
}

// quoteShort quotes a value found in a document for an error message,
// cutting very long values so the message stays readable.
func quoteShort(s string) string {
	const max = 80
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		return strconv.Quote(string(r[:max])) + "..."
	}
	return strconv.Quote(s)
}
