package errmsg

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzParse: Parse never panics, returns a reading or ErrNoAWSError, and
// any reading marshals to JSON.
func FuzzParse(f *testing.F) {
	for _, c := range loadCorpus(f) {
		f.Add(c.Input)
	}
	f.Add("User: arn:aws:iam::1:user/x is not authorized to perform: \n")
	f.Add("An error occurred (")
	f.Add("operation error X: Y, https response error StatusCode: ")
	f.Add("Resource handler returned message: \"")
	f.Add("{\"DecodedMessage\": \"{\\\"allowed\\\": \\\"true\\\", \\\"explicitDeny\\\": 1}\"}")
	f.Add("\\u00\\ud800\\\\\\\"")
	f.Fuzz(func(t *testing.T, text string) {
		r, err := Parse(text)
		if err != nil {
			if !errors.Is(err, ErrNoAWSError) || r != nil {
				t.Fatalf("Parse returned %v, %v", r, err)
			}
			return
		}
		if r == nil {
			t.Fatal("Parse returned neither a reading nor an error")
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		if r.Problem == "" {
			t.Fatal("a reading without a problem")
		}
	})
}
