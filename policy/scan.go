package policy

import (
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// scanner reads JSON tokens from a document held as one string. Strings
// without escapes come back as substrings of src, so a typical policy is
// read without allocating per token; escapes and invalid UTF-8 are decoded
// exactly as encoding/json decodes them.
type scanner struct {
	src string
	pos int
	// stack holds the open containers while skipValue walks a value.
	stack []byte
}

// maxDepth bounds nesting inside skipped values, as encoding/json does.
const maxDepth = 10000

// scanError is a JSON syntax error at an offset; the parser adds the path.
type scanError struct {
	off int
	msg string
}

func (e *scanError) Error() string { return e.msg }

func (s *scanner) fail(off int, msg string) error { return &scanError{off: off, msg: msg} }

func (s *scanner) skipWS() {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the next non-space byte without consuming it, 0 at the end.
func (s *scanner) peek() byte {
	s.skipWS()
	if s.pos >= len(s.src) {
		return 0
	}
	return s.src[s.pos]
}

// found describes the token at off for a syntax error message.
func (s *scanner) found(off int) string {
	if off >= len(s.src) {
		return "the end of the document"
	}
	r, _ := utf8.DecodeRuneInString(s.src[off:])
	if r == utf8.RuneError {
		return "an invalid byte"
	}
	return strconv.QuoteRune(r)
}

// expect consumes the byte c (after spaces) or fails saying what was wanted.
func (s *scanner) expect(c byte, what string) error {
	if s.peek() != c {
		return s.fail(s.pos, "invalid JSON: expected "+what+", found "+s.found(s.pos))
	}
	s.pos++
	return nil
}

// readString reads the string starting at s.pos, which holds '"'.
func (s *scanner) readString() (string, error) {
	start := s.pos
	for i := start + 1; i < len(s.src); {
		if i+8 <= len(s.src) {
			// Eight bytes at a time while they are plain printable ASCII.
			if m := specialBytes(load8(s.src, i)); m == 0 {
				i += 8
				continue
			} else {
				i += bits.TrailingZeros64(m) / 8
			}
		}
		c := s.src[i]
		switch {
		case c == '"':
			s.pos = i + 1
			return s.src[start+1 : i], nil
		case c == '\\':
			return s.readStringSlow(start)
		case c < 0x20:
			return "", s.fail(i, "invalid JSON: control character "+strconv.QuoteRune(rune(c))+" inside a string (write it as an escape such as \\n)")
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRuneInString(s.src[i:])
			if r == utf8.RuneError && size == 1 {
				return s.readStringSlow(start)
			}
			i += size
		}
	}
	return "", s.fail(start, "invalid JSON: string is not closed by a '\"'")
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// load8 reads src[i:i+8] as a little-endian word (one load, once compiled).
func load8(src string, i int) uint64 {
	b := src[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// specialBytes marks with its top bit each byte of x that readString must
// look at: a quote, a backslash, a control character or a non-ASCII byte.
// Marks above the lowest may be spurious (a borrow carries upwards); the
// lowest is exact, and the result is zero exactly when no byte is special.
func specialBytes(x uint64) uint64 {
	q, b := x^(lsb*'"'), x^(lsb*'\\')
	return (x | (q-lsb)&^q | (b-lsb)&^b | (x-lsb*0x20)&^x) & msb
}

// readStringSlow decodes a string holding escapes or invalid UTF-8.
func (s *scanner) readStringSlow(start int) (string, error) {
	buf := make([]byte, 0, 32)
	i := start + 1
	for i < len(s.src) {
		c := s.src[i]
		switch {
		case c == '"':
			s.pos = i + 1
			return string(buf), nil
		case c < 0x20:
			return "", s.fail(i, "invalid JSON: control character "+strconv.QuoteRune(rune(c))+" inside a string (write it as an escape such as \\n)")
		case c == '\\':
			if i+1 >= len(s.src) {
				return "", s.fail(start, "invalid JSON: string is not closed by a '\"'")
			}
			switch e := s.src[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
				i += 2
			case 'b':
				buf = append(buf, '\b')
				i += 2
			case 'f':
				buf = append(buf, '\f')
				i += 2
			case 'n':
				buf = append(buf, '\n')
				i += 2
			case 'r':
				buf = append(buf, '\r')
				i += 2
			case 't':
				buf = append(buf, '\t')
				i += 2
			case 'u':
				r, ok := hex4(s.src, i+2)
				if !ok {
					return "", s.fail(i, "invalid JSON: \\u must be followed by four hexadecimal digits")
				}
				i += 6
				if utf16.IsSurrogate(r) {
					// A valid pair is one character; anything else becomes
					// U+FFFD, as encoding/json decodes it.
					if i+1 < len(s.src) && s.src[i] == '\\' && s.src[i+1] == 'u' {
						if r2, ok := hex4(s.src, i+2); ok {
							if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
								buf = utf8.AppendRune(buf, d)
								i += 6
								break
							}
						}
					}
					r = utf8.RuneError
				}
				buf = utf8.AppendRune(buf, r)
			default:
				return "", s.fail(i, "invalid JSON: unknown escape \\"+string(rune(e))+" in a string")
			}
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s.src[i:])
			buf = utf8.AppendRune(buf, r) // invalid bytes become U+FFFD
			i += size
		}
	}
	return "", s.fail(start, "invalid JSON: string is not closed by a '\"'")
}

func hex4(src string, i int) (rune, bool) {
	if i+4 > len(src) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(src[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// readNumber reads a JSON number and returns its text as written.
func (s *scanner) readNumber() (string, error) {
	start, i := s.pos, s.pos
	src := s.src
	digits := func() int {
		n := 0
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(src) && src[i] == '-' {
		i++
	}
	switch {
	case i < len(src) && src[i] == '0':
		i++
	case digits() == 0:
		return "", s.fail(start, "invalid JSON: malformed number")
	}
	if i < len(src) && src[i] == '.' {
		i++
		if digits() == 0 {
			return "", s.fail(start, "invalid JSON: malformed number (digits must follow the '.')")
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		i++
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		if digits() == 0 {
			return "", s.fail(start, "invalid JSON: malformed number (digits must follow the exponent)")
		}
	}
	s.pos = i
	return src[start:i], nil
}

// readLiteral reads true, false or null.
func (s *scanner) readLiteral() (string, error) {
	for _, lit := range [3]string{"true", "false", "null"} {
		if len(s.src)-s.pos >= len(lit) && s.src[s.pos:s.pos+len(lit)] == lit {
			s.pos += len(lit)
			return lit, nil
		}
	}
	return "", s.fail(s.pos, "invalid JSON: unexpected "+s.found(s.pos)+" (strings must be in double quotes)")
}

// skipValue consumes one JSON value of any shape, checking its syntax.
func (s *scanner) skipValue() error {
	stack := s.stack[:0]
	defer func() { s.stack = stack[:0] }()
	for {
		// A value is expected here.
		var err error
		switch s.peek() {
		case '{':
			s.pos++
			if s.peek() == '}' {
				s.pos++
				break
			}
			if len(stack) >= maxDepth {
				return s.fail(s.pos, "invalid JSON: nested too deeply")
			}
			stack = append(stack, '{')
			if err = s.skipKey(); err != nil {
				return err
			}
			continue
		case '[':
			s.pos++
			if s.peek() == ']' {
				s.pos++
				break
			}
			if len(stack) >= maxDepth {
				return s.fail(s.pos, "invalid JSON: nested too deeply")
			}
			stack = append(stack, '[')
			continue
		case '"':
			_, err = s.readString()
		case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			_, err = s.readNumber()
		case 0:
			return s.fail(s.pos, "invalid JSON: the document ends where a value was expected")
		default:
			_, err = s.readLiteral()
		}
		if err != nil {
			return err
		}
		// After a value: close containers until one continues.
		for {
			if len(stack) == 0 {
				return nil
			}
			top := stack[len(stack)-1]
			c := s.peek()
			if c == ',' {
				s.pos++
				if top == '{' {
					if err := s.skipKey(); err != nil {
						return err
					}
				}
				break
			}
			if top == '{' && c == '}' || top == '[' && c == ']' {
				s.pos++
				stack = stack[:len(stack)-1]
				continue
			}
			if top == '{' {
				return s.fail(s.pos, "invalid JSON: expected ',' or '}' after an object member, found "+s.found(s.pos))
			}
			return s.fail(s.pos, "invalid JSON: expected ',' or ']' after a list item, found "+s.found(s.pos))
		}
	}
}

// skipKey consumes an object key and its ':'.
func (s *scanner) skipKey() error {
	if s.peek() != '"' {
		return s.fail(s.pos, "invalid JSON: expected a member name in double quotes, found "+s.found(s.pos))
	}
	if _, err := s.readString(); err != nil {
		return err
	}
	return s.expect(':', "':' after a member name")
}
