// Package jsonscan walks JSON text without decoding it into Go values: it
// hands out the raw bytes of each object member and array element, checking
// the syntax as it skips. Scenario files are mostly policies, which are
// parsed (and cached by their raw bytes) elsewhere, so finding their extent
// cheaply is most of the work of reading a scenario.
package jsonscan

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"unicode/utf8"
)

// SyntaxError reports malformed JSON at a byte offset of the scanned value.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s (at byte %d)", e.Msg, e.Offset) }

// Kind names the JSON type of a raw value by its first byte: '{', '[', '"',
// 't' or 'f' (boolean), 'n' (null), '0' (number); 0 for empty input.
func Kind(raw []byte) byte {
	i := skipWS(raw, 0)
	if i >= len(raw) {
		return 0
	}
	switch c := raw[i]; c {
	case '{', '[', '"', 't', 'f', 'n':
		return c
	}
	return '0'
}

// Describe names the type of raw for error messages ("an object", ...).
func Describe(raw []byte) string {
	switch Kind(raw) {
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
	case 0:
		return "nothing"
	}
	return "a number"
}

// Object calls fn with each member of the object in raw, in order. The key
// is unescaped; value is the member's raw bytes. It fails on malformed JSON,
// on anything but an object, and on bytes after it.
func Object(raw []byte, fn func(key string, value []byte) error) error {
	return ObjectClaiming(raw, nil, fn)
}

// ObjectClaiming is Object, except that before checking a member's value it
// asks claim, with the member's name and the input from the value on,
// whether the value is one the caller has seen whole and valid before:
// claim returns that value's length, or a negative number to have the value
// checked as usual. The caller answers from its own knowledge (a cache of
// values that passed before), so a claimed value must be valid JSON and an
// object, list or string: such a value that starts the input is the whole
// of the member's value.
func ObjectClaiming(raw []byte, claim func(key string, rest []byte) int, fn func(key string, value []byte) error) error {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return &SyntaxError{i, "expected an object, got " + Describe(raw)}
	}
	i = skipWS(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return trailing(raw, i+1)
	}
	for {
		if i >= len(raw) || raw[i] != '"' {
			return &SyntaxError{i, "expected a member name in double quotes"}
		}
		end, err := skipString(raw, i)
		if err != nil {
			return err
		}
		key, ok := decodeString(raw[i:end])
		if !ok {
			return &SyntaxError{i, "invalid member name"}
		}
		i = skipWS(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return &SyntaxError{i, "expected ':' after member name"}
		}
		i = skipWS(raw, i+1)
		vend := -1
		if claim != nil {
			if n := claim(key, raw[i:]); n > 0 && n <= len(raw)-i {
				vend = i + n
			}
		}
		if vend < 0 {
			if vend, err = skipValue(raw, i, 0); err != nil {
				return err
			}
		}
		if err := fn(key, raw[i:vend]); err != nil {
			return err
		}
		i = skipWS(raw, vend)
		if i < len(raw) && raw[i] == ',' {
			i = skipWS(raw, i+1)
			continue
		}
		if i < len(raw) && raw[i] == '}' {
			return trailing(raw, i+1)
		}
		return &SyntaxError{i, "expected ',' or '}' in object"}
	}
}

// Extent returns the length of the object or list that starts raw, reading
// only brackets and quotes: it does not check the JSON in between, and it
// is right only for valid JSON. It returns -1 when raw does not start with
// '{' or '[', or ends before the value does. Callers use it to find a value
// they then recognise byte for byte as one known to be valid.
func Extent(raw []byte) int {
	if len(raw) == 0 || raw[0] != '{' && raw[0] != '[' {
		return -1
	}
	depth := 0
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		case '"':
			// The closing quote is the next one not escaped, that is not
			// preceded by an odd run of backslashes.
			j := i + 1
			for {
				k := bytes.IndexByte(raw[j:], '"')
				if k < 0 {
					return -1
				}
				j += k
				bs := 0
				for p := j - 1; p > i && raw[p] == '\\'; p-- {
					bs++
				}
				if bs%2 == 0 {
					break
				}
				j++
			}
			i = j
		}
	}
	return -1
}

// Array calls fn with each element of the array in raw, in order.
func Array(raw []byte, fn func(index int, value []byte) error) error {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return &SyntaxError{i, "expected a list, got " + Describe(raw)}
	}
	i = skipWS(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return trailing(raw, i+1)
	}
	for n := 0; ; n++ {
		vend, err := skipValue(raw, i, 0)
		if err != nil {
			return err
		}
		if err := fn(n, raw[i:vend]); err != nil {
			return err
		}
		i = skipWS(raw, vend)
		if i < len(raw) && raw[i] == ',' {
			i = skipWS(raw, i+1)
			continue
		}
		if i < len(raw) && raw[i] == ']' {
			return trailing(raw, i+1)
		}
		return &SyntaxError{i, "expected ',' or ']' in list"}
	}
}

// String decodes raw as a JSON string.
func String(raw []byte) (string, bool) {
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '"' {
		return "", false
	}
	end, err := skipString(raw, i)
	if err != nil || trailing(raw, end) != nil {
		return "", false
	}
	return decodeString(raw[i:end])
}

// Scalar returns the text of a string, boolean or number value, the way
// IAM reads condition values written without quotes.
func Scalar(raw []byte) (string, bool) {
	switch Kind(raw) {
	case '"':
		return String(raw)
	case 't', 'f', '0':
		i := skipWS(raw, 0)
		end, err := skipValue(raw, i, 0)
		if err != nil || trailing(raw, end) != nil {
			return "", false
		}
		return string(raw[i:end]), true
	}
	return "", false
}

// Valid checks that raw is one well-formed JSON value.
func Valid(raw []byte) error {
	i := skipWS(raw, 0)
	end, err := skipValue(raw, i, 0)
	if err != nil {
		return err
	}
	return trailing(raw, end)
}

const maxDepth = 512

func trailing(raw []byte, i int) error {
	if i = skipWS(raw, i); i < len(raw) {
		return &SyntaxError{i, "unexpected data after the JSON value"}
	}
	return nil
}

func skipWS(raw []byte, i int) int {
	for i < len(raw) {
		switch raw[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func skipValue(raw []byte, i, depth int) (int, error) {
	if depth > maxDepth {
		return 0, &SyntaxError{i, "nested too deeply"}
	}
	if i >= len(raw) {
		return 0, &SyntaxError{i, "unexpected end of input, expected a value"}
	}
	switch c := raw[i]; {
	case c == '"':
		return skipString(raw, i)
	case c == '{':
		i = skipWS(raw, i+1)
		if i < len(raw) && raw[i] == '}' {
			return i + 1, nil
		}
		for {
			if i >= len(raw) || raw[i] != '"' {
				return 0, &SyntaxError{i, "expected a member name in double quotes"}
			}
			end, err := skipString(raw, i)
			if err != nil {
				return 0, err
			}
			i = skipWS(raw, end)
			if i >= len(raw) || raw[i] != ':' {
				return 0, &SyntaxError{i, "expected ':' after member name"}
			}
			if i, err = skipValue(raw, skipWS(raw, i+1), depth+1); err != nil {
				return 0, err
			}
			i = skipWS(raw, i)
			if i < len(raw) && raw[i] == ',' {
				i = skipWS(raw, i+1)
				continue
			}
			if i < len(raw) && raw[i] == '}' {
				return i + 1, nil
			}
			return 0, &SyntaxError{i, "expected ',' or '}' in object"}
		}
	case c == '[':
		i = skipWS(raw, i+1)
		if i < len(raw) && raw[i] == ']' {
			return i + 1, nil
		}
		for {
			var err error
			if i, err = skipValue(raw, i, depth+1); err != nil {
				return 0, err
			}
			i = skipWS(raw, i)
			if i < len(raw) && raw[i] == ',' {
				i = skipWS(raw, i+1)
				continue
			}
			if i < len(raw) && raw[i] == ']' {
				return i + 1, nil
			}
			return 0, &SyntaxError{i, "expected ',' or ']' in list"}
		}
	case c == 't':
		return literal(raw, i, "true")
	case c == 'f':
		return literal(raw, i, "false")
	case c == 'n':
		return literal(raw, i, "null")
	case c == '-' || ('0' <= c && c <= '9'):
		return skipNumber(raw, i)
	}
	return 0, &SyntaxError{i, fmt.Sprintf("unexpected character %q, expected a value", raw[i])}
}

func literal(raw []byte, i int, word string) (int, error) {
	if len(raw)-i >= len(word) && string(raw[i:i+len(word)]) == word {
		return i + len(word), nil
	}
	return 0, &SyntaxError{i, "invalid literal, expected " + word}
}

func skipNumber(raw []byte, i int) (int, error) {
	start := i
	if raw[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(raw) && '0' <= raw[i] && raw[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(raw) && raw[i] == '0' {
		i++
	} else if digits() == 0 {
		return 0, &SyntaxError{start, "invalid number"}
	}
	if i < len(raw) && raw[i] == '.' {
		i++
		if digits() == 0 {
			return 0, &SyntaxError{start, "invalid number"}
		}
	}
	if i < len(raw) && (raw[i] == 'e' || raw[i] == 'E') {
		i++
		if i < len(raw) && (raw[i] == '+' || raw[i] == '-') {
			i++
		}
		if digits() == 0 {
			return 0, &SyntaxError{start, "invalid number"}
		}
	}
	return i, nil
}

// skipString returns the offset just past the closing quote of the string
// starting at raw[i], checking escapes and rejecting control characters.
func skipString(raw []byte, i int) (int, error) {
	// The common string, without escapes, is done here in a few steps;
	// anything else goes the careful way.
	j := i + 1
	for ; j+8 <= len(raw); j += 8 {
		if m := specialBytes(binary.LittleEndian.Uint64(raw[j:])); m != 0 {
			if j += bits.TrailingZeros64(m) / 8; raw[j] == '"' {
				return j + 1, nil
			}
			return skipStringSlow(raw, i)
		}
	}
	for ; j < len(raw); j++ {
		if c := raw[j]; !plainByte[c] {
			if c == '"' {
				return j + 1, nil
			}
			break
		}
	}
	return skipStringSlow(raw, i)
}

// skipStringSlow is skipString for any string.
func skipStringSlow(raw []byte, i int) (int, error) {
	start := i
	i++
	for i < len(raw) {
		if i+8 <= len(raw) {
			// Eight bytes at a time: most of a scenario is string content.
			if m := specialBytes(binary.LittleEndian.Uint64(raw[i:])); m == 0 {
				i += 8
				continue
			} else {
				i += bits.TrailingZeros64(m) / 8
			}
		}
		if plainByte[raw[i]] {
			i++
			continue
		}
		switch c := raw[i]; {
		case c == '"':
			return i + 1, nil
		case c == '\\':
			if i+1 >= len(raw) {
				return 0, &SyntaxError{i, "unterminated escape in string"}
			}
			switch raw[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(raw) || !isHex4(raw[i+2:i+6]) {
					return 0, &SyntaxError{i, `invalid \u escape in string`}
				}
				i += 6
			default:
				return 0, &SyntaxError{i, fmt.Sprintf("invalid escape \\%c in string", raw[i+1])}
			}
		case c < 0x20:
			return 0, &SyntaxError{i, "control character in string"}
		default:
			i++
		}
	}
	return 0, &SyntaxError{start, "unterminated string"}
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// specialBytes marks (with its top bit) each byte of the little-endian word
// x that is a quote, a backslash or a control character. Marks above the
// lowest may be spurious (a borrow carries upwards); the lowest is exact,
// and the result is zero exactly when no byte is special.
func specialBytes(x uint64) uint64 {
	q := x ^ (lsb * '"')
	b := x ^ (lsb * '\\')
	return ((q-lsb)&^q | (b-lsb)&^b | (x-lsb*0x20)&^x) & msb
}

// plainByte marks the bytes a string can hold without a closer look: all but
// the quote, the backslash and control characters. A constant table.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// decodeString unescapes a quoted JSON string already checked by
// skipString. The common case, no escapes and valid UTF-8, costs one copy.
func decodeString(q []byte) (string, bool) {
	body := q[1 : len(q)-1]
	plain := true
	for _, c := range body {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		if s, ok := intern(body); ok {
			return s, true
		}
		return string(body), true
	}
	var s string
	if err := json.Unmarshal(q, &s); err != nil {
		return "", false
	}
	return s, true
}
