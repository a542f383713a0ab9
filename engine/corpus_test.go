package engine_test

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/scenario"
)

// TestCorpus runs every scenario of testdata/scenarios: each was written from
// the AWS documentation page named in its "source" field, with the decision
// and deniedBy that page implies.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("../testdata/scenarios/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenario files found: %v", err)
	}
	total := 0
	names := map[string]string{}
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		loader := scenario.NewLoader()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
		line := 0
		for sc.Scan() {
			line++
			text := strings.TrimSpace(sc.Text())
			if text == "" {
				continue
			}
			s, err := loader.Load([]byte(text))
			if err != nil {
				t.Errorf("%s:%d: %v", filepath.Base(file), line, err)
				continue
			}
			total++
			where := filepath.Base(file) + ":" + strconv.Itoa(line)
			if s.Name == "" || s.Source == "" || s.Expect == nil {
				t.Errorf("%s: every corpus scenario needs name, source and expect", where)
				continue
			}
			if prev, dup := names[s.Name]; dup {
				t.Errorf("%s: name %q already used at %s", where, s.Name, prev)
			}
			names[s.Name] = where
			s.Request.Now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
			res := engine.Evaluate(s.Request, &s.Policies)
			want := s.Expect.DeniedBy
			if want == nil {
				want = []engine.Layer{}
			}
			if res.Decision != s.Expect.Decision || !slices.Equal(res.DeniedBy, want) {
				t.Errorf("%s %s: got %s %v, want %s %v\n  why: %s\n  source: %s\n  notes: %v",
					where, s.Name, res.Decision, res.DeniedBy, s.Expect.Decision, want, s.Why, s.Source, res.Trace.Notes)
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
	}
	if total < 200 {
		t.Errorf("the corpus has %d scenarios; the proof needs at least 200", total)
	}
	t.Logf("%d scenarios from %d files", total, len(files))
}
