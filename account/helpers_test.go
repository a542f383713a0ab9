package account

import (
	"io/fs"
	"os"
	"path/filepath"
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

// copyBasic copies the basic snapshot into a temporary directory that a
// test may change.
func copyBasic(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(basicDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(basicDir, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t *testing.T, dir, rel, content string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func removeFile(t *testing.T, dir, rel string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

func mustLoad(t *testing.T, dir string) *Snapshot {
	t.Helper()
	s, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
