package engine_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/scenario"
)

func loadTypical(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile("../testdata/bench/typical.json")
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// BenchmarkEvaluateTypical: one request against 5 identity policies, a
// boundary, 3 SCP levels, an RCP, a bucket policy and conditions; policies
// already parsed, trace included.
func BenchmarkEvaluateTypical(b *testing.B) {
	s, err := scenario.NewLoader().Load(loadTypical(b))
	if err != nil {
		b.Fatal(err)
	}
	if res := engine.Evaluate(s.Request, &s.Policies); res.Decision != engine.Allowed {
		b.Fatalf("the typical request should be allowed, got %s %v", res.Decision, res.DeniedBy)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		engine.Evaluate(s.Request, &s.Policies)
	}
}

// BenchmarkBatchTypical is what `simulate --batch` does per line: decode the
// scenario (policies cached across lines, as in a batch), evaluate, encode.
func BenchmarkBatchTypical(b *testing.B) {
	compact := new(bytes.Buffer)
	if err := json.Compact(compact, loadTypical(b)); err != nil {
		b.Fatal(err)
	}
	line := compact.Bytes()
	loader := scenario.NewLoader()
	var out []byte
	b.ReportAllocs()
	b.SetBytes(int64(len(line)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := loader.Load(line)
		if err != nil {
			b.Fatal(err)
		}
		res := engine.Evaluate(s.Request, &s.Policies)
		out = res.AppendJSON(out[:0])
	}
}

// BenchmarkLoadUncached is the cost of a scenario whose policies are all new.
func BenchmarkLoadUncached(b *testing.B) {
	data := loadTypical(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := scenario.NewLoader().Load(data); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzEvaluate: any scenario that loads is evaluated without panicking and
// yields one of the three decisions, with deniedBy empty exactly when allowed.
func FuzzEvaluate(f *testing.F) {
	f.Add(loadTypical(f))
	f.Add([]byte(`{"principal":"anonymous","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}}`))
	f.Add([]byte(`{"principal":"arn:aws:iam::111122223333:user/${aws:username}","action":"s3:*","resource":"arn:aws:s3:::${aws:username}","identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::${aws:username}*"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenario.NewLoader().Load(data)
		if err != nil {
			return
		}
		res := engine.Evaluate(s.Request, &s.Policies)
		switch res.Decision {
		case engine.Allowed:
			if len(res.DeniedBy) != 0 {
				t.Fatalf("allowed with deniedBy %v", res.DeniedBy)
			}
		case engine.ExplicitDeny, engine.ImplicitDeny:
			if len(res.DeniedBy) == 0 || res.Message == "" {
				t.Fatalf("%s without deniedBy or message", res.Decision)
			}
		default:
			t.Fatalf("unknown decision %q", res.Decision)
		}
		// A terse Evaluator writes the same JSON.
		terse := engine.Evaluator{Terse: true}
		s.Request.Now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) // both at the same time
		if g, w := terse.Evaluate(s.Request, &s.Policies), engine.Evaluate(s.Request, &s.Policies); string(g.AppendJSON(nil)) != string(w.AppendJSON(nil)) {
			t.Fatalf("terse Evaluator:\n%s\nEvaluate:\n%s", g.AppendJSON(nil), w.AppendJSON(nil))
		}
	})
}

// BenchmarkBatchEvaluator is BenchmarkBatchTypical with what each worker
// of `simulate --batch` keeps: one terse Evaluator and one Scenario.
func BenchmarkBatchEvaluator(b *testing.B) {
	compact := new(bytes.Buffer)
	if err := json.Compact(compact, loadTypical(b)); err != nil {
		b.Fatal(err)
	}
	line := compact.Bytes()
	loader := scenario.NewLoader()
	e := engine.Evaluator{Terse: true}
	var s scenario.Scenario
	var out []byte
	b.ReportAllocs()
	b.SetBytes(int64(len(line)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := loader.LoadInto(&s, line); err != nil {
			b.Fatal(err)
		}
		res := e.Evaluate(s.Request, &s.Policies)
		out = res.AppendJSON(out[:0])
	}
}

// BenchmarkEvaluateCorpus decides every scenario of the test corpus
// (testdata/scenarios) with one Evaluator, as a batch worker does, without
// loading or writing: the decision logic and its trace alone. One op is the
// whole corpus.
func BenchmarkEvaluateCorpus(b *testing.B) {
	files, err := filepath.Glob("../testdata/scenarios/*.jsonl")
	if err != nil || len(files) == 0 {
		b.Fatalf("no corpus files: %v", err)
	}
	var scenarios []*scenario.Scenario
	loader := scenario.NewLoader()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			s, err := loader.Load(line)
			if err != nil {
				b.Fatalf("%s: %v", f, err)
			}
			scenarios = append(scenarios, s)
		}
	}
	var e engine.Evaluator
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range scenarios {
			e.Evaluate(s.Request, &s.Policies)
		}
	}
	b.ReportMetric(float64(len(scenarios)), "scenarios/op")
}

// BenchmarkAppendJSON is the output path of `simulate --batch --format json`
// alone: the results of every corpus scenario and of the typical request,
// decided once, written into one reused buffer. One op is all of them.
func BenchmarkAppendJSON(b *testing.B) {
	files, err := filepath.Glob("../testdata/scenarios/*.jsonl")
	if err != nil || len(files) == 0 {
		b.Fatalf("no corpus files: %v", err)
	}
	compact := new(bytes.Buffer)
	if err := json.Compact(compact, loadTypical(b)); err != nil {
		b.Fatal(err)
	}
	lines := [][]byte{compact.Bytes()}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) != 0 {
				lines = append(lines, line)
			}
		}
	}
	var results []engine.Result
	loader := scenario.NewLoader()
	for _, line := range lines {
		s, err := loader.Load(line)
		if err != nil {
			b.Fatal(err)
		}
		// engine.Evaluate, not an Evaluator: each result keeps its own memory.
		results = append(results, engine.Evaluate(s.Request, &s.Policies))
	}
	var out []byte
	n := 0
	for i := range results {
		out = results[i].AppendJSON(out[:0])
		n += len(out)
	}
	b.ReportAllocs()
	b.SetBytes(int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range results {
			out = results[j].AppendJSON(out[:0])
		}
	}
	b.ReportMetric(float64(len(results)), "results/op")
}
