package catalog

import (
	"slices"
	"strings"
	"testing"
)

// reference_policies_elements_action.md: "s3:*" applies to all S3 actions;
// "iam:*AccessKey*" applies to all IAM actions that include AccessKey,
// "including CreateAccessKey, DeleteAccessKey, ListAccessKeys, and
// UpdateAccessKey"; prefix and name are case insensitive.
func TestExpandFromGuide(t *testing.T) {
	c := mustLoad(t)
	got := c.Expand("iam:*AccessKey*")
	for _, want := range []string{"iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey"} {
		if !slices.Contains(got, want) {
			t.Errorf("Expand(iam:*AccessKey*) lacks %s: %q", want, got)
		}
	}
	for _, name := range got {
		if !strings.HasPrefix(name, "iam:") || !strings.Contains(strings.ToLower(name), "accesskey") {
			t.Errorf("Expand(iam:*AccessKey*) has %s", name)
		}
	}
	s, _ := c.Service("s3")
	if all := c.Expand("s3:*"); len(all) != len(s.Actions) {
		t.Errorf("Expand(s3:*) has %d names, s3 has %d actions", len(all), len(s.Actions))
	}
	if !slices.Equal(c.Expand("IAM:*accesskey*"), got) {
		t.Error("Expand ignores case differently from the guide")
	}
}

func TestExpand(t *testing.T) {
	c := mustLoad(t)
	get := c.Expand("s3:Get*")
	if !slices.Contains(get, "s3:GetObject") || slices.Contains(get, "s3:PutObject") {
		t.Errorf("Expand(s3:Get*) = %q", get)
	}
	if !slices.IsSorted(get) {
		t.Error("Expand(s3:Get*) not sorted")
	}
	for _, n := range get {
		if !strings.HasPrefix(n, "s3:Get") {
			t.Errorf("Expand(s3:Get*) has %s", n)
		}
	}
	// '?' stands for exactly one character (reference_policies_elements_
	// resource.md, "Using wildcards in resource ARNs"; actions match alike):
	// no other s3 action is "?etObject", and "GetObjec?" cannot reach the
	// longer GetObjectAcl.
	for _, p := range []string{"s3:?etObject", "s3:GetObjec?", "S3:g?t?bject"} {
		if got := c.Expand(p); !slices.Equal(got, []string{"s3:GetObject"}) {
			t.Errorf("Expand(%s) = %q, want [s3:GetObject]", p, got)
		}
	}
	if got := c.Expand("iam:passrole"); !slices.Equal(got, []string{"iam:PassRole"}) {
		t.Errorf("Expand(iam:passrole) = %q, want [iam:PassRole]", got)
	}
	// A wildcard in the service part reaches every matching service.
	sget := c.Expand("s3*:GetObject")
	for _, want := range []string{"s3:GetObject", "s3-object-lambda:GetObject", "s3-outposts:GetObject"} {
		if !slices.Contains(sget, want) {
			t.Errorf("Expand(s3*:GetObject) lacks %s: %q", want, sget)
		}
	}
	// Without a colon the whole name is matched.
	if got := c.Expand("s3*Object"); !slices.Contains(got, "s3:GetObject") || slices.Contains(got, "s3:ListBucket") {
		t.Errorf("Expand(s3*Object) = %d names", len(got))
	}
	all := c.Expand("*")
	if len(all) < 20000 || !slices.IsSorted(all) {
		t.Errorf("Expand(*) has %d names", len(all))
	}
	if got := c.Expand("*:*"); len(got) != len(all) {
		t.Errorf("Expand(*:*) has %d names, Expand(*) %d", len(got), len(all))
	}
	for _, p := range []string{"", "s3", "s3:", "nosuch:*", "s3:NoSuch*", "s3:Get*:x", ":", "*:", "s3:GetObject:*"} {
		if got := c.Expand(p); len(got) != 0 {
			t.Errorf("Expand(%q) = %d names, want none", p, len(got))
		}
	}
}
