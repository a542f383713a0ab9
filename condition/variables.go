package condition

import (
	"strings"

	"github.com/whydenied/whydenied/internal/wildcard"
)

// Policy variables (reference_policies_variables.md): ${key}, ${key, 'default'}
// and the three fixed variables ${*} ${?} ${$}.

type segKind uint8

const (
	segText segKind = iota
	segVar
	segStar
	segQuestion
	segDollar
)

type segment struct {
	kind   segKind
	text   string // segText: the text; segVar: the key as written
	fk     string // segVar: the key folded for lookup
	def    string // segVar: the default value
	hasDef bool
}

type template struct {
	src  string
	segs []segment
}

// parseTemplate splits s into text and variables. It reports false when s has
// no well-formed variable, so callers can keep the plain string. A "${" that
// does not open a well-formed variable is kept as literal text: the
// documentation does not say what AWS does with one.
func parseTemplate(s string) (template, bool) {
	t := template{src: s}
	if !strings.Contains(s, "${") {
		return t, false
	}
	vars := false
	textStart := 0
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			break
		}
		j += i
		seg, end, ok := parseVariable(s, j)
		if !ok {
			i = j + 2
			continue
		}
		if j > textStart {
			t.segs = append(t.segs, segment{kind: segText, text: s[textStart:j]})
		}
		t.segs = append(t.segs, seg)
		vars = true
		i, textStart = end, end
	}
	if textStart < len(s) {
		t.segs = append(t.segs, segment{kind: segText, text: s[textStart:]})
	}
	return t, vars
}

// parseVariable parses the variable that starts at s[i] ("${"), returning it
// and the index just past its closing brace.
func parseVariable(s string, i int) (segment, int, bool) {
	body := s[i+2:]
	k := strings.IndexAny(body, ",}")
	if k < 0 {
		return segment{}, 0, false
	}
	name := strings.TrimSpace(body[:k])
	if name == "" || (name != "$" && strings.ContainsAny(name, "${")) {
		return segment{}, 0, false
	}
	if body[k] == '}' {
		end := i + 2 + k + 1
		switch name {
		case "*":
			return segment{kind: segStar}, end, true
		case "?":
			return segment{kind: segQuestion}, end, true
		case "$":
			return segment{kind: segDollar}, end, true
		}
		return segment{kind: segVar, text: name, fk: foldKey(name)}, end, true
	}
	// "${key, 'default'}": the default is quoted with single quotes and
	// separated by a comma and a space; any spacing is accepted.
	rest := strings.TrimLeft(body[k+1:], " \t")
	if !strings.HasPrefix(rest, "'") {
		return segment{}, 0, false
	}
	q := strings.IndexByte(rest[1:], '\'')
	if q < 0 {
		return segment{}, 0, false
	}
	def := rest[1 : 1+q]
	after := strings.TrimLeft(rest[2+q:], " \t")
	if !strings.HasPrefix(after, "}") {
		return segment{}, 0, false
	}
	end := len(s) - len(after) + 1
	return segment{kind: segVar, text: name, fk: foldKey(name), def: def, hasDef: true}, end, true
}

// expand substitutes the variables of t from ctx. With pattern set, the
// result is a wildcard pattern: substituted text and ${*} ${?} are encoded to
// match literally while the template's own * and ? stay wildcards. Without it
// the result is the plain text. When a variable has no value and no default,
// expand reports false and the variable as written.
func (t *template) expand(ctx *Context, pattern bool) (string, bool, string) {
	var b strings.Builder
	b.Grow(len(t.src) + 16)
	for i := range t.segs {
		sg := &t.segs[i]
		switch sg.kind {
		case segText:
			b.WriteString(sg.text)
		case segStar:
			if pattern {
				b.WriteRune(wildcard.LiteralStar)
			} else {
				b.WriteByte('*')
			}
		case segQuestion:
			if pattern {
				b.WriteRune(wildcard.LiteralQuestion)
			} else {
				b.WriteByte('?')
			}
		case segDollar:
			b.WriteByte('$')
		case segVar:
			v, ok := ctx.single(sg.fk)
			if !ok {
				if !sg.hasDef {
					return "", false, "${" + sg.text + "}"
				}
				v = sg.def
			}
			if pattern {
				v = wildcard.Literal(v)
			}
			b.WriteString(v)
		}
	}
	return b.String(), true, ""
}

// varKeys appends the keys t reads, as written.
func (t *template) varKeys(dst []string) []string {
	for _, sg := range t.segs {
		if sg.kind == segVar {
			dst = append(dst, sg.text)
		}
	}
	return dst
}

// Substitute resolves policy variables in a Resource/NotResource element (or
// any string). The result is a pattern for internal/wildcard: the template's
// own * and ? stay wildcards, while ${*}, ${?} and every character that came
// from a substituted value are encoded with wildcard.Literal so they match
// literally. ok is false when a variable has no value in ctx and no default:
// such an element matches no resource (reference_policies_variables.md,
// "Policy variables with no value"). A multivalued key has no value here.
//
// The caller decides whether variables apply at all: only policies with
// Version "2012-10-17" have them.
func Substitute(template string, ctx *Context) (pattern string, ok bool) {
	t, vars := parseTemplate(template)
	if !vars {
		return template, true
	}
	p, ok, _ := t.expand(ctx, true)
	return p, ok
}
