package wildcard

import (
	"strings"
	"testing"
)

// Semantics from reference_policies_elements_resource.md and
// reference_policies_elements_action.md: '*' any run (also empty), '?' one char.
func TestMatch(t *testing.T) {
	cases := []struct {
		pattern, value string
		fold, want     bool
	}{
		{"*", "", false, true},
		{"*", "anything", false, true},
		{"abc", "abc", false, true},
		{"abc", "abd", false, false},
		{"a*c", "ac", false, true},
		{"a*c", "abbbc", false, true},
		{"a*c", "abbbd", false, false},
		{"a?c", "abc", false, true},
		{"a?c", "ac", false, false},
		{"a?c", "abbc", false, false},
		{"*b*", "aaabaaa", false, true},
		{"*b*b", "abab", false, true},
		{"*b*b", "abac", false, false},
		{"s3:Get*", "s3:GetObject", false, true},
		{"s3:get*", "S3:GetObject", false, false},
		{"s3:get*", "S3:GetObject", true, true},
		{"arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x", false, false},
		{"a" + string(LiteralStar) + "b", "a*b", false, true},
		{"a" + string(LiteralStar) + "b", "axb", false, false},
		{"a" + string(LiteralQuestion), "a?", false, true},
		{"a" + string(LiteralQuestion), "ab", false, false},
		{"é*", "éa", false, true},
		{"É?", "éab", true, false},
		{"É*", "éa", true, true},
		{"**", "x", false, true},
		{"a*", "", false, false},
	}
	for _, c := range cases {
		var got bool
		if c.fold {
			got = MatchFold(c.pattern, c.value)
		} else {
			got = Match(c.pattern, c.value)
		}
		if got != c.want {
			t.Errorf("match(%q, %q, fold=%v) = %v, want %v", c.pattern, c.value, c.fold, got, c.want)
		}
	}
}

func TestLiteralRoundTrip(t *testing.T) {
	for _, s := range []string{"", "plain", "a*b?c", "**"} {
		enc := Literal(s)
		if Plain(enc) != s {
			t.Errorf("Plain(Literal(%q)) = %q", s, Plain(enc))
		}
		if !Match(enc, s) {
			t.Errorf("Literal(%q) does not match itself", s)
		}
		if HasWildcard(enc) {
			t.Errorf("Literal(%q) still has a wildcard", s)
		}
	}
}

func FuzzMatch(f *testing.F) {
	f.Add("a*b?c", "axxbyc")
	f.Add("*", "")
	f.Fuzz(func(t *testing.T, pattern, value string) {
		m := Match(pattern, value)
		if pattern == value && !m {
			t.Fatalf("pattern %q does not match itself", pattern)
		}
		if Match(Literal(value), value) != true {
			t.Fatalf("literal of %q does not match it", value)
		}
		_ = MatchFold(pattern, value)
	})
}

func BenchmarkMatch(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Match("arn:aws:s3:::artifacts-*/build/*.zip", "arn:aws:s3:::artifacts-bucket/build/app.zip")
	}
}

// FuzzPlainFastPath: the shortcut for patterns without wildcards agrees with
// the general matcher when folding (invalid UTF-8 and non-ASCII case pairs
// included); without folding such a pattern must equal the value byte for
// byte.
func FuzzPlainFastPath(f *testing.F) {
	f.Add("s3:GetObject", "S3:getobject")
	f.Add("k", "\u212a")
	f.Add("\xff", "\xfe")
	f.Add("ǅ", "ǆ")
	f.Add("\ue002x", "\ue002x")
	f.Add("\xee\x80", "\xee\x80")
	f.Fuzz(func(t *testing.T, pattern, value string) {
		if got, want := match(pattern, value, true), matchGeneric(pattern, value, true); got != want {
			t.Fatalf("MatchFold(%q, %q) = %v, general matcher says %v", pattern, value, got, want)
		}
		if strings.ContainsAny(pattern, "*?\uE000\uE001") {
			if got, want := match(pattern, value, false), matchGeneric(pattern, value, false); got != want {
				t.Fatalf("Match(%q, %q) = %v, general matcher says %v", pattern, value, got, want)
			}
		} else if got := match(pattern, value, false); got != (pattern == value) {
			t.Fatalf("Match(%q, %q) = %v without a wildcard", pattern, value, got)
		}
	})
}

// FuzzMatchAgreesWithGeneral: whatever shortcut match takes, it answers as
// the general rune-by-rune matcher does whenever the pattern has a
// wildcard (and, without one, as EqualFold or == do, see FuzzPlainFastPath).
func FuzzMatchAgreesWithGeneral(f *testing.F) {
	f.Add("s3:*", "S3:GetObject")
	f.Add("arn:aws:s3:::*/build/?.zip", "arn:aws:s3:::b/build/a.zip")
	f.Add("a*b*c?", "aXbYbZc!")
	f.Add("?", "é")
	f.Add("*é", "xÉ")
	f.Add("a"+string(LiteralStar)+"*", "a*bc")
	f.Fuzz(func(t *testing.T, pattern, value string) {
		if !strings.ContainsAny(pattern, "*?") {
			return
		}
		for _, fold := range []bool{false, true} {
			if got, want := match(pattern, value, fold), matchGeneric(pattern, value, fold); got != want {
				t.Fatalf("match(%q, %q, fold=%v) = %v, general matcher says %v", pattern, value, fold, got, want)
			}
		}
	})
}
