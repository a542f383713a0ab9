package scenario

import "github.com/whydenied/whydenied/internal/jsonscan"

// maxTexts bounds the strings a Loader remembers (see texts); past it, it
// forgets them all and starts again.
const maxTexts = 4096

// texts remembers the short strings of the lines a Loader has read (the
// principal, action and resource, the context's values), so that one seen
// before is not allocated again: a batch names the same callers, actions,
// resources and context values on many lines.
type texts map[string]string

// scalar is jsonscan.Scalar, answering from memory for a string of
// printable ASCII without escapes (such a quoted run is a valid JSON
// string by its bytes alone, and decodes to itself).
func (t *texts) scalar(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' || len(raw) > 256 || !plainText(raw[1:len(raw)-1]) {
		return jsonscan.Scalar(raw)
	}
	body := raw[1 : len(raw)-1]
	if s, ok := (*t)[string(body)]; ok {
		return s, true
	}
	if *t == nil || len(*t) >= maxTexts {
		*t = make(texts, 64)
	}
	s := string(body)
	(*t)[s] = s
	return s, true
}

// plainText reports whether b is printable ASCII with no quote and no
// backslash.
func plainText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}
