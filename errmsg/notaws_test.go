package errmsg

import (
	"errors"
	"strings"
	"testing"
)

// Texts that hold no AWS error: Parse says so plainly instead of guessing.
func TestParseNotAWSError(t *testing.T) {
	for _, in := range []string{
		"",
		"   \n\t\n",
		"hello world",
		"Permission denied (publickey).",
		"Access denied for user 'root'@'localhost' (using password: YES)",
		"TypeError: Cannot read properties of undefined (reading 'Body')",
		`{"level":"info","msg":"upload finished"}`,
		"User: arn:aws:iam::123456789012:user/JohnDoe",
		"[0m[31m",
		"{\"a\": [1, 2, {\"b\": null}]}",
	} {
		r, err := Parse(in)
		if !errors.Is(err, ErrNoAWSError) {
			t.Errorf("Parse(%q) = %+v, %v; want ErrNoAWSError", in, r, err)
			continue
		}
		if r != nil {
			t.Errorf("Parse(%q) returned a reading with its error", in)
		}
		if !strings.Contains(err.Error(), "no AWS error") {
			t.Errorf("error %q does not say what was missing", err)
		}
	}
}

// A message that stops after the caller is still a reading: what it
// states is kept, the rest is null.
func TestParseCutShort(t *testing.T) {
	r, err := Parse("An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:iam::123456789012:user/JohnDoe")
	if err != nil {
		t.Fatal(err)
	}
	if r.Principal != "arn:aws:iam::123456789012:user/JohnDoe" || r.Action != "" || r.Problem != ProblemPermission {
		t.Errorf("got principal %q action %q problem %q", r.Principal, r.Action, r.Problem)
	}
}

// Commentary pasted after a complete message is not part of it, even
// when the message line is the longest line (the hard-wrap signal).
func TestParseTrailingCommentary(t *testing.T) {
	msg := "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::b/k\" because no identity-based policy allows the s3:GetObject action"
	r, err := Parse("An error occurred (AccessDenied) when calling the GetObject operation: " + msg + "\nI am an admin, why does this fail?")
	if err != nil {
		t.Fatal(err)
	}
	if r.Message != msg {
		t.Errorf("message = %q", r.Message)
	}
}
