package catalog

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzSuggest(f *testing.F) {
	for _, s := range []string{"s3:GetObjects", "GetObject", "", ":", "s3:", "\xff:\x00", "a:b:c", strings.Repeat("x", 300)} {
		f.Add(s, 3)
	}
	c := mustLoad(f)
	f.Fuzz(func(t *testing.T, name string, n int) {
		n %= 50
		got := c.Suggest(name, n)
		if len(got) > max(n, 0) {
			t.Fatalf("Suggest(%q, %d) gave %d", name, n, len(got))
		}
		for _, s := range got {
			if _, ok := c.Action(s); !ok {
				t.Fatalf("Suggest(%q) offered %q, not an action", name, s)
			}
		}
	})
}

func FuzzExpand(f *testing.F) {
	for _, s := range []string{"s3:Get*", "*", "*:*", "s3*", "?3:*Object", "", ":", "s3:*:*", "\xff*"} {
		f.Add(s)
	}
	c := mustLoad(f)
	f.Fuzz(func(t *testing.T, pattern string) {
		got := c.Expand(pattern)
		// Without a wildcard, a pattern names at most the one action.
		if !strings.ContainsAny(pattern, "*?") && len(got) > 1 {
			t.Fatalf("Expand(%q) gave %d names", pattern, len(got))
		}
		for _, name := range got[:min(len(got), 20)] {
			if _, ok := c.Action(name); !ok {
				t.Fatalf("Expand(%q) gave %q, not an action", pattern, name)
			}
		}
	})
}

// The other lookups take user text too (policies, error messages, flags).
func FuzzLookups(f *testing.F) {
	for _, s := range []string{"s3:GetObject", "aws:ResourceTag/x", "arn:aws:s3:::b/k", "${", "<", "a${b", "arn:*:*"} {
		f.Add(s, "arn:aws:s3:::b/k")
	}
	c := mustLoad(f)
	f.Fuzz(func(t *testing.T, a, b string) {
		c.Action(a)
		c.Service(a)
		c.RCPSupported(a)
		if typ, ok := c.ConditionKeyType(a); ok && typ == "" {
			t.Fatalf("ConditionKeyType(%q) found an empty type", a)
		}
		for _, r := range c.ResourceARNFor("s3:GetObject", a, ARNParts{Account: b}) {
			if !strings.HasPrefix(r.ARN, "arn:") {
				t.Fatalf("ResourceARNFor(%q) = %q", a, r.ARN)
			}
		}
		c.ResourceARNFor(a, b, ARNParts{})
		c.ResourceTypeOf(a, b)
		if utf8.ValidString(a) {
			matchKey(a, b)
		}
	})
}
