package account

import (
	"slices"
	"strings"
	"testing"

	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/engine"
)

const basicDir = "../testdata/account/basic"

func loadBasic(t testing.TB) *Snapshot {
	t.Helper()
	s, err := Load(basicDir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ctx builds a context from key=value pairs.
func ctx(kv ...string) *condition.Context {
	c := condition.NewContext()
	for _, p := range kv {
		k, v, _ := strings.Cut(p, "=")
		c.Set(k, v)
	}
	return c
}

func resolve(t *testing.T, s *Snapshot, q Query) *Resolved {
	t.Helper()
	r, err := s.Resolve(q)
	if err != nil {
		t.Fatalf("Resolve(%s %s %s): %v", q.Principal, q.Action, q.Resource, err)
	}
	return r
}

func containsSentence(list []string, part string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.Contains(s, part) })
}

func layerNames(ls []engine.Layer) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = string(l)
	}
	return strings.Join(s, ",")
}
