package catalog

import (
	"slices"
	"testing"
)

// The guide is silent on suggestions; these are the typos people make: an
// extra or missing letter, swapped letters, wrong case, a mistyped prefix.
func TestSuggest(t *testing.T) {
	c := mustLoad(t)
	cases := []struct {
		in, first string
	}{
		{"s3:GetObjects", "s3:GetObject"},
		{"s3:GetObjet", "s3:GetObject"},
		{"s3:GteObject", "s3:GetObject"},
		{"s3:getobject", "s3:GetObject"},
		{"S4:GetObject", "s3:GetObject"},
		{"iam:PasRole", "iam:PassRole"},
		{"iam:PassRoles", "iam:PassRole"},
		{"sts:AssumeRol", "sts:AssumeRole"},
		{"lambda:InvokeFuntion", "lambda:InvokeFunction"},
		{"dynamodb:GetItems", "dynamodb:GetItem"},
	}
	for _, tc := range cases {
		got := c.Suggest(tc.in, 3)
		if len(got) == 0 || got[0] != tc.first {
			t.Errorf("Suggest(%q) = %q, want %s first", tc.in, got, tc.first)
		}
		if len(got) > 3 {
			t.Errorf("Suggest(%q, 3) gave %d", tc.in, len(got))
		}
		for _, s := range got {
			if _, ok := c.Action(s); !ok {
				t.Errorf("Suggest(%q) offered %q, which is not an action", tc.in, s)
			}
		}
	}
	// Without a prefix, the same name in every service is close.
	if got := c.Suggest("GetObject", 10); !slices.Contains(got, "s3:GetObject") {
		t.Errorf("Suggest(GetObject) = %q", got)
	}
	// Nothing close, nothing offered.
	for _, in := range []string{"", "   ", "zz:qqqqqqqqqqqqqqqqqqqq", "s3:" + string(make([]byte, 300))} {
		if got := c.Suggest(in, 5); len(got) != 0 {
			t.Errorf("Suggest(%q) = %q, want none", in, got)
		}
	}
	for _, n := range []int{0, -1} {
		if got := c.Suggest("s3:GetObjects", n); got != nil {
			t.Errorf("Suggest(n=%d) = %q", n, got)
		}
	}
}

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"GetObject", "getobject", 0},
		{"GetObject", "GetObjects", 1},
		{"GetObject", "GteObject", 1}, // adjacent swap counts once
		{"kitten", "sitting", 3},
		{"PassRole", "PasRole", 1},
	}
	var d distancer
	for _, tc := range cases {
		if got := d.distance(tc.a, tc.b, 10); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := d.distance(tc.b, tc.a, 10); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.b, tc.a, got, tc.want)
		}
	}
	if got := d.distance("kitten", "sitting", 1); got != 2 {
		t.Errorf("distance over limit 1 = %d, want 2 (limit+1)", got)
	}
}
