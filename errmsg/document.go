package errmsg

import "strings"

// line is one line of the pasted text after its log prefix was removed.
type line struct {
	text string
	// record reports that a log record or a structure starts here, so the
	// line never continues the one above.
	record bool
}

// docLeaf is a JSON leaf and where its value starts in the document text
// (-1 when the value is not on a line of its own).
type docLeaf struct {
	leaf
	pos int
}

// document is the pasted text prepared for reading: prefixes removed,
// JSON documents spread into "key: value" lines, escaping undone, and the
// lines joined with '\n' marks.
type document struct {
	w      wrapped
	lines  []line
	starts []int
	leaves []docLeaf
	maxLen int

	jsonBudget int
	leafLines  []int // line index of each leaf's value, resolved into pos
}

const (
	// maxJSONAttempts bounds the candidate JSON documents tried per input.
	maxJSONAttempts = 64
	// maxJSONDepth bounds JSON found inside JSON strings (lookup-events).
	maxJSONDepth = 3
)

func newDocument(text string) *document {
	d := &document{jsonBudget: maxJSONAttempts}
	d.addBlock(text, 0)
	var b strings.Builder
	d.starts = make([]int, len(d.lines))
	for i, l := range d.lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		d.starts[i] = b.Len()
		b.WriteString(l.text)
		if len(l.text) > d.maxLen {
			d.maxLen = len(l.text)
		}
	}
	d.w.s = b.String()
	for i := range d.leaves {
		if li := d.leafLines[i]; li >= 0 {
			d.leaves[i].pos = d.starts[li] + len(d.leaves[i].key) + 2
		}
	}
	return d
}

// addBlock adds the lines of text, spreading any JSON document in it.
func (d *document) addBlock(text string, depth int) {
	for off := 0; off <= len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		raw := text[off:end]
		t, record := stripPrefix(raw)
		start := end - len(t)
		if p := jsonCandidate(t); p >= 0 && d.jsonBudget > 0 && depth < maxJSONDepth {
			d.jsonBudget--
			if leaves, size, ok := decodeJSONAt(text[start+p:]); ok {
				if before := strings.TrimSpace(t[:p]); before != "" {
					d.addLine(before, record)
				}
				d.addLeaves(leaves, depth)
				next := start + p + size
				// Whatever follows the document on its last line.
				lineEnd := strings.IndexByte(text[next:], '\n')
				if lineEnd < 0 {
					lineEnd = len(text)
				} else {
					lineEnd += next
				}
				if rest := strings.TrimSpace(text[next:lineEnd]); rest != "" {
					d.addText(rest, true)
				}
				off = lineEnd + 1
				continue
			}
		}
		d.addText(t, record)
		off = end + 1
	}
}

// jsonCandidate returns where a JSON object may start in a line: at its
// start or after a space, ':' or '='; -1 when none.
func jsonCandidate(t string) int {
	for p := 0; p < len(t); p++ {
		c := t[p]
		if c != '{' && c != '[' {
			continue
		}
		if p > 0 && !strings.ContainsRune(" \t:=", rune(t[p-1])) {
			continue
		}
		if c == '[' {
			q := strings.TrimLeft(t[p+1:], " \t")
			if q != "" && q[0] != '{' {
				continue
			}
		}
		return p
	}
	return -1
}

func (d *document) addLeaves(leaves []leaf, depth int) {
	for _, l := range leaves {
		v := strings.TrimSpace(l.value)
		if (strings.HasPrefix(v, "{") || strings.HasPrefix(v, "[{")) && depth+1 < maxJSONDepth && d.jsonBudget > 0 {
			d.jsonBudget--
			if inner, _, ok := decodeJSONAt(v); ok {
				d.leaves = append(d.leaves, docLeaf{leaf: l, pos: -1})
				d.leafLines = append(d.leafLines, -1)
				d.addLeaves(inner, depth+1)
				continue
			}
		}
		d.leaves = append(d.leaves, docLeaf{leaf: l, pos: -1})
		first, rest, multi := strings.Cut(l.value, "\n")
		d.leafLines = append(d.leafLines, len(d.lines))
		d.addLine(l.key+": "+strings.TrimSpace(cleanLine(first)), true)
		if multi {
			for _, r := range strings.Split(rest, "\n") {
				t, record := stripPrefix(r)
				d.addLine(cleanLine(t), record)
			}
		}
	}
}

// addText adds one line of plain text, undoing escaping first.
func (d *document) addText(t string, record bool) {
	if hasEscapes(t) {
		// A quoted, escaped string: the quotes are not part of the text.
		if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
			t = t[1 : len(t)-1]
		}
		u := unescapeAll(t)
		if strings.IndexByte(u, '\n') >= 0 {
			for i, part := range strings.Split(u, "\n") {
				p, r := stripPrefix(part)
				d.addLine(cleanLine(p), r || (i == 0 && record))
			}
			return
		}
		t = u
	}
	d.addLine(cleanLine(t), record)
}

func (d *document) addLine(t string, record bool) {
	d.lines = append(d.lines, line{text: strings.TrimSpace(t), record: record})
}

// cleanLine turns tabs into spaces; the grammar treats both alike but the
// message shown to people should not hold tabs.
func cleanLine(t string) string {
	if strings.IndexByte(t, '\t') < 0 {
		return t
	}
	return strings.ReplaceAll(t, "\t", " ")
}

// lineOf returns the index of the line holding offset p of the text.
func (d *document) lineOf(p int) int {
	lo, hi := 0, len(d.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.starts[mid] <= p {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

func (d *document) lineEnd(i int) int { return d.starts[i] + len(d.lines[i].text) }
