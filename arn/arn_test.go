package arn

import (
	"fmt"
	"strings"
	"testing"

	"github.com/whydenied/whydenied/internal/wildcard"
)

func TestParse(t *testing.T) {
	a, err := Parse("arn:aws:logs:us-east-1:111122223333:log-group:my-group:*")
	if err != nil {
		t.Fatal(err)
	}
	want := ARN{"aws", "logs", "us-east-1", "111122223333", "log-group:my-group:*"}
	if a != want {
		t.Errorf("got %+v, want %+v", a, want)
	}
	if a.String() != "arn:aws:logs:us-east-1:111122223333:log-group:my-group:*" {
		t.Errorf("String() = %q", a.String())
	}
	for _, bad := range []string{"", "arn", "arn:aws:s3", "s3:::bucket", "arn::s3:::b", "arn:aws::::x"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted a malformed ARN", bad)
		}
	}
}

// reference_policies_elements_resource.md: wildcards may appear in any ARN
// segment; each segment matches on its own; the resource part is
// case-sensitive; "*" alone matches every resource.
func TestMatch(t *testing.T) {
	cases := []struct {
		pattern, value string
		want           bool
	}{
		{"*", "arn:aws:s3:::bucket", true},
		{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket", true},
		{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key", false},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false},
		{"arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x", false},
		{"arn:aws:s3:::*log*", "arn:aws:s3:::carlossalazar-logs", true},
		{"arn:aws:iam::*:role/admin", "arn:aws:iam::111122223333:role/admin", true},
		{"arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-123", true},
		{"arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:us-east-1:444455556666:instance/i-123", false},
		// A wildcard in the region segment does not swallow the account segment.
		{"arn:aws:ec2:us-*-1:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", false},
		{"arn:aws:logs:us-east-1:111122223333:log-group:app:*", "arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:x", true},
		{"arn:aws:dynamodb:us-east-1:111122223333:table/Books", "arn:aws:dynamodb:us-east-1:111122223333:table/Books/index/ByAuthor", false},
		{"arn:aws:dynamodb:us-east-1:111122223333:table/Books*", "arn:aws:dynamodb:us-east-1:111122223333:table/Books/index/ByAuthor", true},
		{"arn:aws:s3:::b?cket", "arn:aws:s3:::bucket", true},
		{"arn:aws:s3:::b?cket", "arn:aws:s3:::bcket", false},
		{"arn:aws:sqs:*", "arn:aws:sqs:us-east-1:111122223333:queue", true},
	}
	for _, c := range cases {
		if got := Match(c.pattern, c.value); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.pattern, c.value, got, c.want)
		}
	}
}

func TestParsePrincipal(t *testing.T) {
	cases := []struct {
		in                        string
		kind                      Kind
		account, name, path, sess string
		ptype, parn               string
	}{
		{"arn:aws:iam::111122223333:user/division/Bob", User, "111122223333", "Bob", "/division/", "", "User", "arn:aws:iam::111122223333:user/division/Bob"},
		{"arn:aws:iam::111122223333:role/deploy", Role, "111122223333", "deploy", "/", "", "AssumedRole", "arn:aws:iam::111122223333:role/deploy"},
		{"arn:aws:sts::111122223333:assumed-role/deploy/ci-run-42", AssumedRole, "111122223333", "deploy", "", "ci-run-42", "AssumedRole", "arn:aws:iam::111122223333:role/deploy"},
		{"arn:aws:sts::111122223333:federated-user/Carlos", FederatedUser, "111122223333", "Carlos", "", "", "FederatedUser", "arn:aws:sts::111122223333:federated-user/Carlos"},
		{"arn:aws:iam::111122223333:root", Root, "111122223333", "", "", "", "Account", "arn:aws:iam::111122223333:root"},
		{"anonymous", Anonymous, "", "", "", "", "Anonymous", ""},
		{"cloudtrail.amazonaws.com", Service, "", "", "", "", "", ""},
	}
	for _, c := range cases {
		p, err := ParsePrincipal(c.in)
		if err != nil {
			t.Errorf("ParsePrincipal(%q): %v", c.in, err)
			continue
		}
		if p.Kind != c.kind || p.Account != c.account || p.Name != c.name || p.Path != c.path || p.Session != c.sess {
			t.Errorf("ParsePrincipal(%q) = %+v", c.in, p)
		}
		if p.PrincipalType() != c.ptype || p.PrincipalARN() != c.parn {
			t.Errorf("%q: PrincipalType %q PrincipalARN %q, want %q %q", c.in, p.PrincipalType(), p.PrincipalARN(), c.ptype, c.parn)
		}
	}
	for _, bad := range []string{"", "bob", "arn:aws:iam::12:user/x", "arn:aws:iam::111122223333:group/g", "arn:aws:sts::111122223333:assumed-role/deploy", "arn:aws:s3:::bucket"} {
		if _, err := ParsePrincipal(bad); err == nil {
			t.Errorf("ParsePrincipal(%q) accepted it", bad)
		} else if !strings.Contains(err.Error(), "expected") {
			t.Errorf("ParsePrincipal(%q) error does not say what was expected: %v", bad, err)
		}
	}
}

func TestServiceLinkedRole(t *testing.T) {
	for in, want := range map[string]bool{
		"arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing": true,
		"arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling":                                          true,
		"arn:aws:iam::111122223333:role/deploy":             false,
		"arn:aws:iam::111122223333:user/AWSServiceRoleForX": false,
	} {
		p, err := ParsePrincipal(in)
		if err != nil {
			t.Fatal(err)
		}
		if p.IsServiceLinkedRole() != want {
			t.Errorf("IsServiceLinkedRole(%s) = %v, want %v", in, !want, want)
		}
	}
}

// reference_policies_elements_principal.md: an account ID and the account's
// :root ARN both mean the account; a role ARN covers the role's sessions; a
// session ARN names that session only.
func TestMatchAWS(t *testing.T) {
	user, _ := ParsePrincipal("arn:aws:iam::111122223333:user/Bob")
	sess, _ := ParsePrincipal("arn:aws:sts::111122223333:assumed-role/deploy/ci")
	role, _ := ParsePrincipal("arn:aws:iam::111122223333:role/team/deploy")
	anon, _ := ParsePrincipal("anonymous")
	cases := []struct {
		caller Principal
		entry  string
		want   PrincipalMatch
	}{
		{user, "*", MatchEveryone},
		{user, "111122223333", MatchAccount},
		{user, "arn:aws:iam::111122223333:root", MatchAccount},
		{user, "444455556666", NoMatch},
		{user, "arn:aws:iam::111122223333:user/Bob", MatchUser},
		{user, "arn:aws:iam::111122223333:user/Alice", NoMatch},
		{sess, "arn:aws:iam::111122223333:role/deploy", MatchRole},
		{sess, "arn:aws:iam::111122223333:role/some/path/deploy", MatchRole},
		{sess, "arn:aws:sts::111122223333:assumed-role/deploy/ci", MatchSession},
		{sess, "arn:aws:sts::111122223333:assumed-role/deploy/other", NoMatch},
		{role, "arn:aws:iam::111122223333:role/team/deploy", MatchRole},
		{role, "arn:aws:iam::111122223333:role/other/deploy", NoMatch},
		{anon, "*", MatchEveryone},
		{anon, "111122223333", NoMatch},
		{user, "arn:aws:iam::444455556666:user/Bob", NoMatch},
	}
	for _, c := range cases {
		if got := c.caller.MatchAWS(c.entry); got != c.want {
			t.Errorf("%s vs %q: %v, want %v", c.caller.ARN, c.entry, got, c.want)
		}
	}
}

func FuzzParsePrincipal(f *testing.F) {
	f.Add("arn:aws:sts::111122223333:assumed-role/deploy/ci")
	f.Add("arn:aws:iam::111122223333:user/a/b/c")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePrincipal(s)
		if err != nil {
			return
		}
		_ = p.Chain()
		_ = p.MatchAWS(s)
		_ = Match(s, s)
	})
}

func BenchmarkMatch(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Match("arn:aws:s3:::artifacts-*/build/*", "arn:aws:s3:::artifacts-bucket/build/app.zip")
	}
}

// parseBySplit is Parse as first written, with strings.SplitN: Parse must
// give the same parts and the same errors.
func parseBySplit(s string) (ARN, error) {
	if !strings.HasPrefix(s, "arn:") {
		return ARN{}, fmt.Errorf("%q is not an ARN: expected it to start with \"arn:\"", s)
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 {
		return ARN{}, fmt.Errorf("%q is not an ARN: expected arn:partition:service:region:account:resource (6 parts separated by ':'), got %d", s, len(parts))
	}
	a := ARN{Partition: parts[1], Service: parts[2], Region: parts[3], Account: parts[4], Resource: parts[5]}
	if a.Partition == "" || a.Service == "" {
		return ARN{}, fmt.Errorf("%q is not an ARN: the partition and service parts must not be empty", s)
	}
	return a, nil
}

func FuzzParseAsSplit(f *testing.F) {
	for _, s := range []string{"arn:", "arn:aws", "arn:aws:s3", "arn:aws:s3::", "arn:aws:s3:::", "arn:aws:s3:::b/k:x", "arn::s3:::b", "x:y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse(s)
		want, wantErr := parseBySplit(s)
		if got != want || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("Parse(%q) = %+v, %v; want %+v, %v", s, got, err, want, wantErr)
		}
	})
}

// matchByParts is Match as first written, part by part for every pattern:
// the shortcuts must agree with it.
func matchByParts(pattern, value string) bool {
	if pattern == "*" {
		return true
	}
	if !strings.HasPrefix(pattern, "arn:") || !strings.HasPrefix(value, "arn:") {
		return wildcard.Match(pattern, value)
	}
	pi, vi := 0, 0
	for part := 0; part < 5; part++ {
		pj := strings.IndexByte(pattern[pi:], ':')
		vj := strings.IndexByte(value[vi:], ':')
		if pj < 0 || vj < 0 {
			return pj < 0 && wildcard.Match(pattern, value)
		}
		if !wildcard.Match(pattern[pi:pi+pj], value[vi:vi+vj]) {
			return false
		}
		pi += pj + 1
		vi += vj + 1
	}
	return wildcard.Match(pattern[pi:], value[vi:])
}

func FuzzMatchAsByParts(f *testing.F) {
	for _, c := range [][2]string{
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/k"},
		{"arn:aws:s3:::b/k", "arn:aws:s3:::b/k"},
		{"arn:aws:s3:*:*:b/*", "arn:aws:s3:::b/k"},
		{"arn:aws:logs:us-east-1:1:log-group:x:*", "arn:aws:logs:us-east-1:1:log-group:x:y"},
		{"arn:aws:s3:::b", "arn:aws:s3"},
		{"arn:aws:s3:::b\ue000", "arn:aws:s3:::b*"},
		{"arn:aws", "arn:aws"},
		{"arn:a?s:s3:::b", "arn:aws:s3:::b"},
	} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, pattern, value string) {
		if got, want := Match(pattern, value), matchByParts(pattern, value); got != want {
			t.Fatalf("Match(%q, %q) = %v, part by part %v", pattern, value, got, want)
		}
	})
}
