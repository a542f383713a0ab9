package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sampleError = "An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::111122223333:assumed-role/deploy/ci-run-42 is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::artifacts-bucket/build/app.zip because no identity-based policy allows the s3:PutObject action"

func TestExplainNoInputPrintsUsage(t *testing.T) {
	_, stderr, code := runCLI(t, "", "explain")
	if code != exitBadInput || !strings.Contains(stderr, "Example:") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestExplainSources(t *testing.T) {
	file := filepath.Join(t.TempDir(), "err.txt")
	os.WriteFile(file, []byte(sampleError), 0o644)
	for name, args := range map[string][]string{
		"argument": {"explain", sampleError},
		"file":     {"explain", "--file", file},
		"stdin":    {"explain"},
	} {
		stdin := ""
		if name == "stdin" {
			stdin = sampleError
		}
		out, stderr, code := runCLI(t, stdin, args...)
		if code != exitOK || !strings.Contains(out, "aws iam put-role-policy --role-name deploy") {
			t.Errorf("%s: exit %d, stderr %q, out:\n%s", name, code, stderr, out)
		}
		if strings.Contains(out, "\x1b[") {
			t.Errorf("%s: colour codes written to a non-terminal", name)
		}
	}
}

// The JSON contract of DESIGN.md: the fields the message states, null for
// those it does not, then diagnosis and fixes.
func TestExplainJSONContract(t *testing.T) {
	out, _, code := runCLI(t, "", "explain", "--format", "json", "User: arn:aws:iam::777788889999:user/John is not authorized to perform: codecommit:ListRepositories because no service control policy allows the codecommit:ListRepositories action")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	want := map[string]string{
		"errorCode": "null", "operation": "null", "resource": "null", "encodedMessage": "null",
		"principal": `"arn:aws:iam::777788889999:user/John"`, "action": `"codecommit:ListRepositories"`,
		"policyType": `"scp"`, "denyKind": `"implicit"`, "permissionError": "true",
	}
	for k, v := range want {
		if string(m[k]) != v {
			t.Errorf("%s = %s, want %s", k, m[k], v)
		}
	}
	var fixes []struct {
		OrgAdmins bool `json:"orgAdmins"`
	}
	if err := json.Unmarshal(m["fixes"], &fixes); err != nil || len(fixes) == 0 || !fixes[0].OrgAdmins {
		t.Errorf("fixes %s", m["fixes"])
	}
	if !strings.Contains(string(m["diagnosis"]), `"summary"`) {
		t.Errorf("diagnosis %s", m["diagnosis"])
	}
}

func TestExplainMarkdown(t *testing.T) {
	out, _, code := runCLI(t, "", "explain", "--format", "markdown", sampleError)
	if code != exitOK || !strings.Contains(out, "## ") || !strings.Contains(out, "```json") || !strings.Contains(out, "| action | `s3:PutObject` |") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestExplainScenario(t *testing.T) {
	out, stderr, code := runCLI(t, "", "explain", "--scenario", example)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{`"WriteBucket" of policy arn:aws:iam::111122223333:policy/deploy-artifacts grants s3:PutObject on the bucket ARN`, "✓ re-simulated with the fix: allowed"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestExplainNotAnError(t *testing.T) {
	_, stderr, code := runCLI(t, "", "explain", "hello world")
	if code != exitBadInput || stderr == "" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// BenchmarkExplain is explain from arguments to printed answer, in process
// (catalog load, parse, diagnosis, rendering); process start adds a few ms.
func BenchmarkExplain(b *testing.B) {
	var out, errb strings.Builder
	for i := 0; i < b.N; i++ {
		out.Reset()
		if code := run([]string{"explain", sampleError}, strings.NewReader(""), &out, &errb); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}

// With a snapshot, explain finds who does hold the permission: the seeds'
// "policy attached to the user while the code runs as a role".
func TestExplainAccountFindsHolder(t *testing.T) {
	out, stderr, code := runCLI(t, "", "explain", "--format", "json", "--account", "../../testdata/account/basic",
		"User: arn:aws:iam::111122223333:user/bob is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab because no identity-based policy allows the kms:Decrypt action")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var m struct {
		Diagnosis struct {
			Causes []struct{ Title string } `json:"causes"`
		} `json:"diagnosis"`
		Fixes []struct {
			Verified *struct{ OK bool } `json:"verified"`
		} `json:"fixes"`
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	// deploy's inline statement "Keys" names kms:Decrypt; ops-admin, allowed
	// only through "*", is no place someone meant to put this permission.
	if len(m.Diagnosis.Causes) == 0 || !strings.Contains(m.Diagnosis.Causes[0].Title, `role/ci/deploy (policy inline policy deploy-inline of role deploy, Statement[1] "Keys")`) ||
		strings.Contains(m.Diagnosis.Causes[0].Title, "ops-admin") {
		t.Errorf("first cause %+v", m.Diagnosis.Causes)
	}
	if len(m.Fixes) == 0 || m.Fixes[0].Verified == nil || !m.Fixes[0].Verified.OK {
		t.Errorf("fix not verified on the snapshot: %+v", m.Fixes)
	}
}
