package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// batchCorpus is every scenario of testdata/scenarios plus the hand-written
// typical request, one per line, repeated reps times: a batch whose policies
// are parsed on the first repetition and found in the cache after that, as
// in a batch over one account's policies.
func batchCorpus(tb testing.TB, reps int) ([]byte, int) {
	tb.Helper()
	files, err := filepath.Glob("../../testdata/scenarios/*.jsonl")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no corpus files: %v", err)
	}
	var one bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		one.Write(bytes.TrimSpace(data))
		one.WriteByte('\n')
	}
	typical, err := os.ReadFile("../../testdata/bench/typical.json")
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Compact(&one, typical); err != nil {
		tb.Fatal(err)
	}
	one.WriteByte('\n')
	lines := bytes.Count(one.Bytes(), []byte("\n"))
	return bytes.Repeat(one.Bytes(), reps), lines * reps
}

// BenchmarkSimulateBatch is `whydenied simulate --batch --format json` on
// the corpus repeated 20 times, in process: reading, deciding on every core
// and writing. It is also the profile behind cmd/whydenied/default.pgo
// (tools/pgo/refresh.sh).
func BenchmarkSimulateBatch(b *testing.B) {
	data, lines := batchCorpus(b, 20)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if status := simulateBatch(bytes.NewReader(data), io.Discard, io.Discard, ""); status != exitOK {
			b.Fatalf("simulate --batch exited %d on the corpus", status)
		}
	}
	b.ReportMetric(float64(lines*b.N)/b.Elapsed().Seconds(), "lines/s")
}
