package errmsg

import "testing"

// A '\n' mark stands for a space or for nothing, so keywords and tokens
// are found whether the text was word-wrapped or cut at a fixed width.
func TestWrappedMatching(t *testing.T) {
	cases := []struct {
		text, kw string
		found    bool
	}{
		{"is not authorized to perform", "not authorized to perform", true},
		{"is not\nauthorized to perform", "not authorized to perform", true},
		{"is not auth\norized to per\nform", "not authorized to perform", true},
		{"is NOT authorized", "not authorized", true},
		{"is notauthorized", "not authorized", false},
		{"is not  authorized", "not authorized", true},
	}
	for _, c := range cases {
		w := &wrapped{s: c.text}
		i, _ := w.index(0, len(c.text), c.kw, true, true)
		if (i >= 0) != c.found {
			t.Errorf("index(%q, %q) = %d, want found %v", c.text, c.kw, i, c.found)
		}
	}
	w := &wrapped{s: "User: arn:aws:sts::1:assumed-role/my-\nrole/sess\nis not authorized"}
	st := parseStatement(w, 0, len(w.s))
	if st.principal != "arn:aws:sts::1:assumed-role/my-role/sess" {
		t.Errorf("principal across a cut = %q", st.principal)
	}
	if got := w.display(0, len(w.s)); got != "User: arn:aws:sts::1:assumed-role/my-role/sess is not authorized" {
		t.Errorf("display = %q", got)
	}
}
