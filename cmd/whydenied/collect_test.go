package main

// No live AWS is contacted here: the collector talks to package
// collect/replay, a local server replaying responses recorded in AWS's
// documented wire formats (testdata/collect/README.md).

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whydenied/whydenied/collect/replay"
)

const collectFixtures = "../../testdata/collect"

// collectEnv starts a replay server and gives the standard credential
// chain static keys through the environment, as a user's shell would.
func collectEnv(t *testing.T) (*replay.Server, string) {
	t.Helper()
	srv := replay.New(t, collectFixtures, "account")
	replay.IsolateAWSConfig(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	return srv, filepath.Join(t.TempDir(), "snap")
}

func collectCLI(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := runCollect(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// TestCollectMissingDataExitsOne: the recordings refuse three reads; the
// snapshot is written, the summary lists them, and the exit status is 1.
func TestCollectMissingDataExitsOne(t *testing.T) {
	srv, out := collectEnv(t)
	stdout, stderr, code := collectCLI("--out", out, "--regions", "us-east-1", "--endpoint", srv.URL)
	if code != exitMismatch {
		t.Fatalf("exit %d, want 1\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	for _, want := range []string{
		"Collected account 111122223333 (as arn:aws:iam::111122223333:user/auditor) into " + out,
		"regions: us-east-1",
		"3 could not be read; answers that need them will say so:",
		"accounts/111122223333/s3/example-locked/get-bucket-policy.error: An error occurred (AccessDenied) when calling the GetBucketPolicy operation: Access Denied",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	// Not a terminal and not --verbose: no progress at all.
	if stderr != "" {
		t.Errorf("stderr = %q, want nothing", stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "accounts/111122223333/iam/get-account-authorization-details.json")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(out, "organization")); err == nil {
		t.Error("organization/ written without --org")
	}
}

// TestCollectCompleteExitsZero: when every read succeeds (the refused
// ones answered with a good recording instead), exit 0; --verbose prints a
// line per file to stderr; --org reads the organization.
func TestCollectCompleteExitsZero(t *testing.T) {
	srv, out := collectEnv(t)
	srv.Inject(func(c replay.Call, n int) string {
		switch {
		case c.Operation == "GetBucketPolicy" && strings.Contains(c.Text, "example-locked"):
			return "account/s3/GetBucketPolicy@example-artifacts.http"
		case c.Operation == "GetBucketTagging" && strings.Contains(c.Text, "example-locked"):
			return "account/s3/GetBucketTagging@example-artifacts.http"
		case c.Operation == "GetKeyPolicy":
			return "account/kms/GetKeyPolicy@1234abcd-12ab-34cd-56ef-1234567890ab.http"
		case c.Operation == "ListPoliciesForTarget" && strings.Contains(c.Text, "999988887777"):
			return "account/organizations/ListPoliciesForTarget@r-ab12+RESOURCE_CONTROL_POLICY.http"
		}
		return ""
	})
	stdout, stderr, code := collectCLI("--out", out, "--regions", " us-east-1, ", "--org", "--verbose", "--endpoint", srv.URL)
	if code != exitOK {
		t.Fatalf("exit %d, want 0\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "everything was read") {
		t.Errorf("stdout = %s", stdout)
	}
	for _, want := range []string{"wrote accounts/111122223333/iam/get-account-authorization-details.json\n", "wrote organization/list-roots.json\n"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("verbose stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "\r") {
		t.Errorf("verbose output rewrites lines: %q", stderr)
	}
}

// TestCollectBadInput: exit 2 with a message saying what was expected,
// and nothing sent to AWS.
func TestCollectBadInput(t *testing.T) {
	srv, out := collectEnv(t)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no --out", []string{"--regions", "us-east-1"}, "--out: expected the snapshot directory"},
		{"stray argument", []string{"--out", out, "extra"}, `unexpected argument "extra"`},
		{"unknown flag", []string{"--out", out, "--region", "us-east-1"}, "flag provided but not defined: -region"},
		{"verbose and quiet", []string{"--out", out, "--verbose", "--quiet"}, "contradict"},
		{"bad region", []string{"--out", out, "--regions", "us_east_1", "--endpoint", srv.URL}, `expected region names such as us-east-1 or eu-west-1, got "us_east_1"`},
		{"all and more", []string{"--out", out, "--regions", "all,us-east-1", "--endpoint", srv.URL}, `"all" stands alone`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := collectCLI(tc.args...)
			if code != exitBadInput || !strings.Contains(stderr, tc.want) || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, stdout, stderr, tc.want)
			}
		})
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("bad input sent %d calls", n)
	}
}

// TestCollectNoCredentials: with no credentials anywhere in the chain,
// exit 2 before any call and no snapshot directory.
func TestCollectNoCredentials(t *testing.T) {
	srv, out := collectEnv(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	_, stderr, code := collectCLI("--out", out, "--regions", "us-east-1", "--endpoint", srv.URL)
	if code != exitBadInput || !strings.Contains(stderr, "no usable AWS credentials") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s created without credentials", out)
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d calls sent without credentials", n)
	}
}

func TestCollectHelp(t *testing.T) {
	_, stderr, code := collectCLI("--help")
	if code != exitOK || !strings.Contains(stderr, "Usage: whydenied collect --out SNAPSHOT") || !strings.Contains(stderr, "docs/collector-policy.json") {
		t.Errorf("exit %d, usage %q", code, stderr)
	}
}
