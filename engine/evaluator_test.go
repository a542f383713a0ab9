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
	terse := engine.Evaluator{Terse: true}
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
			// A terse Evaluator leaves Message empty and writes the same JSON.
			tr := terse.Evaluate(s.Request, &s.Policies)
			if g, w := tr.AppendJSON(nil), want.AppendJSON(nil); string(g) != string(w) || tr.Message != "" {
				t.Fatalf("%s %s: terse Evaluator, Message %q:\n%s\nEvaluate:\n%s", filepath.Base(file), s.Name, tr.Message, g, w)
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

// A terse Evaluator writes, from its parts, the message Evaluate builds,
// escaped alike where a quoted ARN needs escaping, for explicit and
// implicit denies, with and without a resource and a denying policy's ARN.
func TestTerseMessageJSON(t *testing.T) {
	deny := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`
	allow := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	terse := engine.Evaluator{Terse: true}
	for _, principal := range []string{"arn:aws:iam::123456789012:user/Zoë", `arn:aws:iam::123456789012:user/a"b<c>`, "arn:aws:iam::123456789012:user/plain", "anonymous"} {
		for _, resource := range []string{"arn:aws:s3:::b/k\\x", "*"} {
			for name, pols := range map[string]string{"explicit": deny, "implicit": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`, "allowed": allow} {
				p := mustPrincipal(t, principal)
				ps := &engine.Policies{Identity: []engine.NamedPolicy{mustPolicy(t, "DenyAll (arn:aws:iam::123456789012:policy/Zoë)", pols)}}
				req := engine.Request{Principal: p, Action: "s3:GetObject", Resource: resource, Now: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)}
				want := engine.Evaluate(req, ps)
				got := terse.Evaluate(req, ps)
				if g, w := got.AppendJSON(nil), want.AppendJSON(nil); string(g) != string(w) {
					t.Errorf("%s, %s, %s:\nterse    %s\nEvaluate %s", principal, resource, name, g, w)
				}
				// Anonymous requests are not granted by identity policies.
				if (want.Message == "") != (name == "allowed" && principal != "anonymous") {
					t.Errorf("%s, %s, %s: Evaluate's message %q", principal, resource, name, want.Message)
				}
			}
		}
	}
}
