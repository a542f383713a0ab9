package policy

import (
	"encoding/json"
	"testing"

	"github.com/whydenied/whydenied/arn"
)

func resourceStatement(t *testing.T, element string, patterns []string) (*Statement, bool) {
	t.Helper()
	list, err := json.Marshal(patterns)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","` + element + `":` + string(list) + `}}`))
	if err != nil {
		return nil, false
	}
	return &p.Statements[0], true
}

func TestPlainResource(t *testing.T) {
	patterns := []string{
		"arn:aws:s3:::bucket/key",          // plain
		"arn:aws:s3:::bucket/*",            // wildcard
		"arn:aws:sqs:us-east-1:1:q?",       // wildcard
		"arn:aws:s3:::${aws:username}/x",   // variable
		"*",                                // wildcard
		"arn:aws:s3:::b/\uE000",            // a literal-star rune: never plain
		"arn:aws:iam::111122223333:role/r", // plain
	}
	want := []bool{true, false, false, false, false, false, true}
	for _, element := range []string{"Resource", "NotResource"} {
		st, ok := resourceStatement(t, element, patterns)
		if !ok {
			t.Fatal("the test policy does not parse")
		}
		for i, w := range want {
			if got := st.PlainResource(i); got != w {
				t.Errorf("%s[%d] %q: PlainResource = %v, want %v", element, i, patterns[i], got, w)
			}
		}
		if st.PlainResource(len(patterns)) || st.PlainResource(64) {
			t.Errorf("%s: an entry past the list is plain", element)
		}
	}
	if (&Statement{Resource: Values{Set: true, List: []string{"arn:aws:s3:::b/k"}}}).PlainResource(0) {
		t.Error("a statement built by hand has a plain entry")
	}
}

// FuzzPlainResource: an entry the parser calls plain matches a resource
// exactly when it equals it, as the ARN matcher decides.
func FuzzPlainResource(f *testing.F) {
	f.Add("arn:aws:s3:::bucket/key", "arn:aws:s3:::bucket/key")
	f.Add("arn:aws:s3:::bucket/key", "arn:aws:s3:::bucket/KEY")
	f.Add("not-an-arn", "not-an-arn")
	f.Add("arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:sqs:us-east-1:111122223333:q:extra")
	f.Fuzz(func(t *testing.T, pattern, value string) {
		st, ok := resourceStatement(t, "Resource", []string{pattern})
		if !ok || !st.PlainResource(0) {
			return
		}
		pattern = st.Resource.List[0] // as parsed
		if got, want := pattern == value, arn.Match(pattern, value); got != want {
			t.Fatalf("plain %q against %q: equal = %v, arn.Match = %v", pattern, value, got, want)
		}
	})
}
