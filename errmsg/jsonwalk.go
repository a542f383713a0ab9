package errmsg

import (
	"encoding/json"
	"strconv"
	"strings"
)

// leaf is one string, number or boolean of a JSON document, with the key
// that holds it and the key of the object around that ("$metadata",
// "Error"), so that a requestId under $metadata can be told apart.
type leaf struct {
	key    string
	parent string
	value  string
}

type jsonFrame struct {
	object    bool
	key       string // the last key read in this object
	expectKey bool
}

// decodeJSONAt decodes the JSON object or array at the start of s. It
// returns its leaves in document order and the bytes consumed.
func decodeJSONAt(s string) (leaves []leaf, size int, ok bool) {
	if s == "" || (s[0] != '{' && s[0] != '[') {
		return nil, 0, false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var stack []jsonFrame
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, 0, false
		}
		if d, isDelim := tok.(json.Delim); isDelim {
			switch d {
			case '{', '[':
				stack = append(stack, jsonFrame{object: d == '{', expectKey: d == '{'})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					return leaves, int(dec.InputOffset()), true
				}
				top := &stack[len(stack)-1]
				top.expectKey = top.object
			}
			continue
		}
		top := &stack[len(stack)-1]
		if top.expectKey {
			top.key, _ = tok.(string)
			top.expectKey = false
			continue
		}
		var v string
		switch t := tok.(type) {
		case string:
			v = t
		case json.Number:
			v = t.String()
		case bool:
			v = strconv.FormatBool(t)
		}
		leaves = append(leaves, leafIn(stack, v))
		top.expectKey = top.object
	}
}

// leafIn names a value by the nearest object key above it and the one
// above that.
func leafIn(stack []jsonFrame, v string) leaf {
	l := leaf{value: v}
	found := false
	for i := len(stack) - 1; i >= 0; i-- {
		if !stack[i].object || stack[i].key == "" {
			continue
		}
		if !found {
			l.key = stack[i].key
			found = true
			continue
		}
		l.parent = stack[i].key
		break
	}
	return l
}
