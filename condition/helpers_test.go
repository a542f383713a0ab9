package condition

import (
	"sort"
	"testing"
)

// req is a request context for tests: a key mapped to an empty (non-nil)
// slice is present with no values.
type req map[string][]string

func (r req) context() *Context {
	c := NewContext()
	keys := make([]string, 0, len(r))
	for k := range r {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c.Set(k, r[k]...)
	}
	return c
}

// evalCase is one condition evaluated against one request.
type evalCase struct {
	name   string
	op     string
	key    string
	values []string
	req    req
	vars   bool
	want   bool
}

func vs(v ...string) []string { return v }

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Compile(Block{{Operator: tc.op, Key: tc.key, Values: tc.values}})
			if err != nil {
				t.Fatalf("Compile(%s %s %q): %v", tc.op, tc.key, tc.values, err)
			}
			got, m := c.Eval(tc.req.context(), Options{Variables: tc.vars})
			if got != tc.want {
				t.Fatalf("%s {%s: %q} against %v = %v, want %v (mismatch %+v)", tc.op, tc.key, tc.values, tc.req, got, tc.want, m)
			}
			if got && m != nil {
				t.Fatalf("held but returned a mismatch %+v", m)
			}
			if !got && (m == nil || m.Reason == "") {
				t.Fatalf("failed without an explained mismatch: %+v", m)
			}
		})
	}
}
