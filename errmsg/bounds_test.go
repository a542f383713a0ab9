package errmsg

import (
	"strings"
	"testing"
	"time"
)

// Large, repetitive pastes must not make Parse quadratic: each of these
// took minutes before the bounds on message length and look-ahead. The
// limit is far above the ~0.1 s they take, to stay stable on a busy machine.
func TestParseLargeInputsStayLinear(t *testing.T) {
	inputs := map[string]string{
		"continuation lines":  "An error occurred (AccessDenied) when calling the X operation: User:\n" + strings.Repeat("because no\n", 30000),
		"go operation errors": strings.Repeat("operation error S3: X, ", 15000),
		"you are":             strings.Repeat("You are not authorized to ", 15000),
		"braces":              strings.Repeat("{", 300000),
		"marks":               "An error occurred (AccessDenied) when calling the X operation: " + strings.Repeat("a\n", 150000),
	}
	for name, in := range inputs {
		start := time.Now()
		_, _ = Parse(in)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: %d bytes took %v", name, len(in), d)
		}
	}
}

// Parse reads at most maxInput bytes and says so.
func TestParseCutsHugeInput(t *testing.T) {
	in := "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied\n" + strings.Repeat("x", maxInput)
	r, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range r.Notes {
		found = found || strings.HasPrefix(n, NoteInputTruncated+": ")
	}
	if !found {
		t.Errorf("notes %q lack %s", r.Notes, NoteInputTruncated)
	}
}
