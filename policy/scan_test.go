package policy

import (
	"strconv"
	"testing"
	"unicode/utf8"
)

// readStringBytewise is readString as first written, one byte at a time:
// the eight-bytes-at-a-time loop must give the same string, end and error.
func readStringBytewise(s *scanner) (string, error) {
	start := s.pos
	for i := start + 1; i < len(s.src); {
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

func sameReadString(t *testing.T, src string) {
	t.Helper()
	a, b := scanner{src: src}, scanner{src: src}
	got, err := a.readString()
	want, wantErr := readStringBytewise(&b)
	if got != want || a.pos != b.pos || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
		t.Fatalf("readString(%q) = %q at %d, %v; bytewise %q at %d, %v", src, got, a.pos, err, want, b.pos, wantErr)
	}
}

// Every byte value at every position of a word, in strings cut short too.
func TestReadStringWordAtATime(t *testing.T) {
	base := `"arn:aws:s3:::artifacts-bucket/build/app.zip" rest`
	for c := 0; c < 256; c++ {
		for pos := 1; pos < 30; pos++ {
			b := []byte(base)
			b[pos] = byte(c)
			sameReadString(t, string(b))
			sameReadString(t, string(b[:pos+1]))
			sameReadString(t, string(b[:pos+3]))
		}
	}
	for _, s := range []string{`"é ü 漢字 😀 and more text"`, "\"\xe2\x80\"", `"a\u00e9b"`, `"12345678\"x"`} {
		sameReadString(t, s)
	}
}

func FuzzReadStringWordAtATime(f *testing.F) {
	f.Add(`"plain string of some length"`)
	f.Add("\"caf\xc3\xa9 \xff\"")
	f.Fuzz(func(t *testing.T, s string) {
		sameReadString(t, `"`+s)
	})
}
