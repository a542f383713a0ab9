package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

const example = "../../examples/deploy-put-object.json"

func TestSimulateText(t *testing.T) {
	out, stderr, code := runCLI(t, "", "simulate", example)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	for _, want := range []string{
		"DENIED (implicit deny", "because no identity-based policy allows the s3:PutObject action",
		"✗ identity", "✓ permissionsBoundary", "· session              not present",
		`Statement[2] "WriteBucket": arn:aws:s3:::artifacts-bucket/build/app.zip does not match Resource "arn:aws:s3:::artifacts-bucket"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestSimulateJSONContract(t *testing.T) {
	out, _, code := runCLI(t, "", "simulate", "--format", "json", example)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var res struct {
		Decision string   `json:"decision"`
		DeniedBy []string `json:"deniedBy"`
		Message  string   `json:"message"`
		Trace    struct {
			Layers []struct {
				Layer string `json:"layer"`
			} `json:"layers"`
		} `json:"trace"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if res.Decision != "implicitDeny" || strings.Join(res.DeniedBy, ",") != "identity,resource" || len(res.Trace.Layers) != 7 {
		t.Errorf("got %+v", res)
	}
}

func TestSimulateExpect(t *testing.T) {
	if _, stderr, code := runCLI(t, "", "simulate", "--expect", "allowed", example); code != exitMismatch || !strings.Contains(stderr, "expected allowed, got implicitDeny") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, _, code := runCLI(t, "", "simulate", "--expect", "implicitDeny", example); code != exitOK {
		t.Errorf("matching --expect: exit %d", code)
	}
	if _, stderr, code := runCLI(t, "", "simulate", "--expect", "maybe", example); code != exitBadInput || !strings.Contains(stderr, "expected allowed, explicitDeny or implicitDeny") {
		t.Errorf("bad --expect: exit %d %q", code, stderr)
	}
	// The scenario's own "expect" is checked too.
	sc := `{"principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject","expect":{"decision":"allowed"}}`
	if _, stderr, code := runCLI(t, sc, "simulate", "-"); code != exitMismatch || !strings.Contains(stderr, "<stdin>") {
		t.Errorf("scenario expect: exit %d %q", code, stderr)
	}
}

func TestSimulateBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject","identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"s3:*","Resource":"*"}]}]}`), 0o644)
	_, stderr, code := runCLI(t, "", "simulate", bad)
	if code != exitBadInput || !strings.Contains(stderr, bad) || !strings.Contains(stderr, "identityPolicies[0].Statement[0].Effect") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code := runCLI(t, "", "simulate", filepath.Join(dir, "missing.json")); code != exitBadInput || !strings.Contains(stderr, "missing.json") {
		t.Errorf("missing file: exit %d %q", code, stderr)
	}
	if _, _, code := runCLI(t, "", "simulate", "--format", "xml", example); code != exitBadInput {
		t.Errorf("bad format: exit %d", code)
	}
	if _, _, code := runCLI(t, "", "frobnicate"); code != exitBadInput {
		t.Errorf("unknown command: exit %d", code)
	}
}

// A bad line answers with its error; every other line still comes, in order.
func TestSimulateBatch(t *testing.T) {
	var in strings.Builder
	for i := 0; i < 600; i++ {
		switch {
		case i == 17:
			in.WriteString("{not json\n")
		case i%2 == 0:
			in.WriteString(`{"name":"n` + itoa(i) + `","principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject","identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}]}` + "\n")
		default:
			in.WriteString(`{"name":"n` + itoa(i) + `","principal":"anonymous","action":"s3:GetObject"}` + "\n\n")
		}
	}
	out, _, code := runCLI(t, in.String(), "simulate", "--batch")
	if code != exitBadInput {
		t.Errorf("exit %d, want %d for a batch with a bad line", code, exitBadInput)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 600 {
		t.Fatalf("%d result lines, want 600", len(lines))
	}
	for i, l := range lines {
		var r map[string]any
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %d is not JSON: %v", i, err)
		}
		switch {
		case i == 17:
			// 9 one-line and 8 two-line entries come first: physical line 26.
			if !strings.HasPrefix(r["error"].(string), "line 26:") {
				t.Errorf("line 17: %v", r)
			}
		case r["name"] != "n"+itoa(i):
			t.Fatalf("line %d answers %v: out of order", i, r["name"])
		case i%2 == 0 && r["decision"] != "allowed", i%2 == 1 && r["decision"] != "implicitDeny":
			t.Errorf("line %d: %v", i, r["decision"])
		}
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
