package policy

import (
	"errors"
	"net/url"
	"strings"
)

// Parse reads one policy document. It accepts a JSON object; a JSON string
// whose content is the document (the AWS CLI prints some policies that way,
// e.g. Organizations' describe-policy Content); and URL-encoded JSON (IAM's
// get-account-authorization-details and get-role return documents URL-encoded
// when the SDK does not decode them, reference aws-formats.md §4.1).
//
// Errors are *Error values; when a document has several problems they are
// joined with errors.Join, in document order. Line and column refer to the
// decoded document text.
func Parse(data []byte) (*Policy, error) {
	return parseText(string(data), wrapString|wrapURL)
}

// ParseString is Parse for a document already held as a string. The policy's
// strings are parts of text rather than copies, so text stays in memory as
// long as the policy does; a caller that keeps text anyway (as a cache key,
// say) then holds each policy's text once, and reading the one brings the
// other into the processor's cache.
func ParseString(text string) (*Policy, error) {
	return parseText(text, wrapString|wrapURL)
}

// Wrappings a document may still come in: a JSON string may hold the object
// or URL-encoded text; URL-encoded text must hold the object itself.
const (
	wrapString = 1 << iota
	wrapURL
)

func parseText(text string, wraps int) (*Policy, error) {
	s := scanner{src: text}
	// A UTF-8 byte order mark is what some editors put first; it is not JSON
	// but carries no meaning, so it is dropped.
	if strings.HasPrefix(text, "\uFEFF") {
		s.pos = 3
	}
	switch c := s.peek(); {
	case c == 0:
		return nil, newError(text, -1, rootLoc(), `empty document: expected a policy such as {"Version": "2012-10-17", "Statement": [...]}`)
	case c == '{':
		return parseObject(text, s.pos)
	case c == '"' && wraps&wrapString != 0:
		inner, err := s.readString()
		if err != nil {
			return nil, syntaxError(text, err)
		}
		if s.peek() != 0 {
			return nil, newError(text, s.pos, rootLoc(), "unexpected "+s.found(s.pos)+" after the end of the document string")
		}
		return parseText(inner, wrapURL)
	case c == '%' && wraps&wrapURL != 0:
		raw := strings.TrimRight(text[s.pos:], " \t\r\n")
		// PathUnescape, not QueryUnescape: AWS encodes per RFC 3986, and a
		// '+' in a policy is a literal plus (aws-formats.md §4.1).
		dec, err := url.PathUnescape(raw)
		if err != nil {
			return nil, newError(text, s.pos, rootLoc(), "the document looks URL-encoded but is not valid URL encoding: "+err.Error())
		}
		return parseText(dec, 0)
	case c == '[':
		return nil, newError(text, s.pos, rootLoc(), `expected a policy document (a JSON object in { }), found a list; statements go in {"Version": "2012-10-17", "Statement": [ ... ]}`)
	default:
		return nil, newError(text, s.pos, rootLoc(), "expected a policy document (a JSON object in { }), found "+describeValueStart(c))
	}
}

// describeValueStart names the kind of JSON value that starts with c.
func describeValueStart(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return "a number"
	case 0:
		return "nothing"
	}
	return "text that is not JSON"
}

// syntaxError turns a scanner error into an *Error at its position.
func syntaxError(src string, err error) *Error {
	var se *scanError
	if errors.As(err, &se) {
		return newError(src, se.off, rootLoc(), se.msg)
	}
	return newError(src, -1, rootLoc(), err.Error())
}
