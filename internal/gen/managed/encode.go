package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
)

// encode writes the format managed/format.go reads: a header of three lines,
// then one line per policy, sorted by name:
//
//	NAME \t PATH \t VERSION-ID \t DOCUMENT
//
// gzip'd with no timestamp, so the same input always gives the same bytes.
func encode(s *source) ([]byte, error) {
	var text bytes.Buffer
	fmt.Fprintf(&text, "whydenied managed policies v1\n")
	fmt.Fprintf(&text, "source: npm %s %s (%s)\n", s.Package, s.Version, s.License)
	fmt.Fprintf(&text, "count: %d\n", len(s.Policies))
	for i, p := range s.Policies {
		if i > 0 && s.Policies[i-1].Name >= p.Name {
			return nil, fmt.Errorf("policy names not sorted and unique at %q", p.Name)
		}
		if bytes.ContainsAny(p.Document, "\n\t") {
			return nil, fmt.Errorf("%s: compact document holds a raw tab or newline", p.Name)
		}
		fmt.Fprintf(&text, "%s\t%s\t%s\t%s\n", p.Name, p.Path, p.VersionID, p.Document)
	}
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(text.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
