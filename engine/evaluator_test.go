package engine_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/scenario"
)

// An Evaluator reusing its memory gives, for every corpus scenario in turn
// (traces growing and shrinking from one to the next), the result Evaluate
// gives, byte for byte once written as JSON.
func TestEvaluatorMatchesEvaluate(t *testing.T) {
	files, err := filepath.Glob("../testdata/scenarios/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenario files found: %v", err)
	}
	var e engine.Evaluator
	n := 0
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		loader := scenario.NewLoader()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
		for sc.Scan() {
			text := strings.TrimSpace(sc.Text())
			if text == "" {
				continue
			}
			s, err := loader.Load([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			s.Request.Now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
			want := engine.Evaluate(s.Request, &s.Policies)
			got := e.Evaluate(s.Request, &s.Policies)
			if g, w := got.AppendJSON(nil), want.AppendJSON(nil); string(g) != string(w) {
				t.Fatalf("%s %s:\nEvaluator %s\nEvaluate  %s", filepath.Base(file), s.Name, g, w)
			}
			n++
		}
		f.Close()
	}
	if n < 200 {
		t.Fatalf("only %d scenarios compared", n)
	}
}

// A nil Policies is no policies, as for Evaluate.
func TestEvaluatorNilPolicies(t *testing.T) {
	var e engine.Evaluator
	req := engine.Request{Action: "s3:GetObject", Resource: "*"}
	if g, w := e.Evaluate(req, nil), engine.Evaluate(req, nil); string(g.AppendJSON(nil)) != string(w.AppendJSON(nil)) {
		t.Fatalf("Evaluator %s, Evaluate %s", g.AppendJSON(nil), w.AppendJSON(nil))
	}
}
