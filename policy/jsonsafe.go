package policy

// JSONSafeStrings reports whether every string of the document (Sid,
// Effect, Action, Resource, Principal and Condition values, as parsed) is
// printable ASCII without a quote, a backslash or any of the HTML-sensitive
// <, > and &, so that a JSON writer can copy them without looking at them
// (encoding/json escapes those three by default). Writing a trace copies
// many of a policy's strings for every request, and checking them one by
// one was a tenth of the cost of a batch. False for a Policy not made by
// Parse.
func (p *Policy) JSONSafeStrings() bool { return p.jsonSafe }

// jsonSafeText reports whether every string value in the JSON document text
// is JSON-safe (see JSONSafeStrings). Without a backslash no string holds an
// escape, so a quote in a value is impossible and every value is a piece of
// text as it stands; control characters are rejected inside strings by the
// scanner, so those in text are whitespace between tokens. What remains is to
// find no non-ASCII byte and none of <, > and &.
func jsonSafeText(text string) bool {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c >= 0x80, c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return true
}
