package errmsg

import "strings"

// wrapped is pasted text whose lines were joined with '\n' marks. A mark
// stands for a space (the text was word-wrapped) or for nothing (a
// terminal cut it at a fixed width, possibly mid-ARN); which one is decided
// by what the grammar expects there. Marks found inside a word or token
// are remembered as tight so that the cleaned message joins them.
type wrapped struct {
	s     string
	tight []int // positions of marks that joined parts of one word
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// match reports where kw ends if it occurs at s[i:], comparing letters
// without case when fold is set. A space in kw matches one space, tab or
// mark; a mark anywhere else is skipped and remembered as tight.
func (w *wrapped) match(i, limit int, kw string, fold bool) (int, bool) {
	n0 := len(w.tight)
	j := 0
	for j < len(kw) {
		if i < limit && w.s[i] == '\n' {
			if kw[j] == ' ' {
				j++
			} else if j > 0 && kw[j-1] != ' ' {
				w.tight = append(w.tight, i)
			}
			i++
			for i < limit && isSpace(w.s[i]) {
				i++
			}
			continue
		}
		if i >= limit {
			w.tight = w.tight[:n0]
			return 0, false
		}
		c, k := w.s[i], kw[j]
		if k == ' ' {
			if !isSpace(c) {
				w.tight = w.tight[:n0]
				return 0, false
			}
			for i < limit && isSpace(w.s[i]) {
				i++
			}
			j++
			continue
		}
		if c != k && (!fold || lower(c) != lower(k)) {
			w.tight = w.tight[:n0]
			return 0, false
		}
		i++
		j++
	}
	return i, true
}

// index finds the first kw in s[from:limit]; it returns its start and end,
// or -1, -1. With word set, kw must not continue a word on its left.
func (w *wrapped) index(from, limit int, kw string, fold, word bool) (int, int) {
	if kw == "" || from < 0 {
		return -1, -1
	}
	k0 := kw[0]
	for i := from; i < limit; i++ {
		c := w.s[i]
		if c != k0 && (!fold || lower(c) != lower(k0)) {
			if !(k0 == ' ' && (c == '\n' || c == '\t')) {
				continue
			}
		}
		if word && i > 0 && isWordByte(w.s[i-1]) && isWordByte(k0) {
			continue
		}
		if end, ok := w.match(i, limit, kw, fold); ok {
			return i, end
		}
	}
	return -1, -1
}

// lastIndex is index searching backwards from limit.
func (w *wrapped) lastIndex(from, limit int, kw string, fold bool) (int, int) {
	for i := limit - 1; i >= from; i-- {
		c := w.s[i]
		if c != kw[0] && (!fold || lower(c) != lower(kw[0])) {
			continue
		}
		if end, ok := w.match(i, limit, kw, fold); ok {
			return i, end
		}
	}
	return -1, -1
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// skipSpace moves past spaces, tabs and marks.
func (w *wrapped) skipSpace(i, limit int) int {
	for i < limit && (isSpace(w.s[i]) || w.s[i] == '\n') {
		i++
	}
	return i
}

// token returns s[from:to] with surrounding space trimmed and its inner
// marks removed (they are remembered as tight).
func (w *wrapped) token(from, to int) string {
	for from < to && (isSpace(w.s[from]) || w.s[from] == '\n') {
		from++
	}
	for to > from && (isSpace(w.s[to-1]) || w.s[to-1] == '\n') {
		to--
	}
	t := w.s[from:to]
	if strings.IndexByte(t, '\n') < 0 {
		return t
	}
	var b strings.Builder
	for i := from; i < to; i++ {
		if w.s[i] == '\n' {
			w.tight = append(w.tight, i)
			continue
		}
		b.WriteByte(w.s[i])
	}
	return b.String()
}

// display returns s[from:to] as the message reads: tight marks vanish,
// other marks become spaces, runs of spaces shrink to one.
func (w *wrapped) display(from, to int) string {
	for from < to && (isSpace(w.s[from]) || w.s[from] == '\n') {
		from++
	}
	for to > from && (isSpace(w.s[to-1]) || w.s[to-1] == '\n') {
		to--
	}
	t := w.s[from:to]
	if strings.IndexByte(t, '\n') < 0 && strings.IndexByte(t, '\t') < 0 && !strings.Contains(t, "  ") {
		return t
	}
	var b strings.Builder
	b.Grow(to - from)
	space := false
	for i := from; i < to; i++ {
		c := w.s[i]
		if c == '\n' && w.isTight(i) {
			continue
		}
		if c == '\n' || isSpace(c) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
	}
	return b.String()
}

func (w *wrapped) isTight(i int) bool {
	for _, p := range w.tight {
		if p == i {
			return true
		}
	}
	return false
}

// tokenEnd returns the end of the run of token bytes starting at i. A mark
// inside the run is crossed when the run so far cannot be complete
// (ends with ':' or '/') or when what follows the mark is not one of the
// words that come after a token in AWS messages.
func (w *wrapped) tokenEnd(i, limit int, ok func(byte) bool) int {
	for i < limit {
		c := w.s[i]
		if c == '\n' {
			j := i + 1
			for j < limit && isSpace(w.s[j]) {
				j++
			}
			if j >= limit || !ok(w.s[j]) || j > i+1 {
				return i
			}
			prev := byte(0)
			if i > 0 {
				prev = w.s[i-1]
			}
			if prev != ':' && prev != '/' && w.startsFollowWord(j, limit) {
				return i
			}
			w.tight = append(w.tight, i)
			i = j
			continue
		}
		if !ok(c) {
			return i
		}
		i++
	}
	return i
}

// followWords come right after a principal, action, resource or policy ARN.
var followWords = [...]string{
	"is ", "on ", "because", "with ", "due ", "transitively", "encoded", "(service", "not ", "was ", "for ",
}

func (w *wrapped) startsFollowWord(j, limit int) bool {
	for _, fw := range followWords {
		if _, ok := w.match(j, limit, fw, true); ok {
			return true
		}
	}
	return false
}
