package collect

// No live AWS here: the snapshot is collected from replayServer
// (replay_test.go), which replays recorded responses.

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/whydenied/whydenied/account"
	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/engine"
)

// TestSnapshotLoads: what the collector writes, account.Load reads without
// a single problem, and requests resolve against it with the policies the
// recordings hold, naming what could not be read.
func TestSnapshotLoads(t *testing.T) {
	r := newReplay(t, "account")
	o := r.options(t)
	o.Org = true
	r.run(t, o)
	snap, err := account.Load(o.Out)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range snap.Problems() {
		t.Errorf("loader problem: %v", p)
	}
	if got := snap.Accounts(); !slices.Equal(got, []string{"111122223333"}) {
		t.Errorf("accounts = %q", got)
	}

	// The SCP on the OU denies requests outside us-east-1 and eu-west-1,
	// and the bucket policy denies insecure transport: both need their
	// keys in the context.
	ctx := condition.NewContext()
	ctx.Set("aws:RequestedRegion", "us-east-1")
	ctx.Set("aws:SecureTransport", "true")

	// alice's inline policy allows s3:GetObject on example-artifacts/*,
	// the bucket policy (read from get-bucket-policy.json) denies nothing
	// over TLS, and the SCP chain is FullAWSAccess, the region SCP and
	// FullAWSAccess again.
	res, err := snap.Resolve(account.Query{Principal: "arn:aws:iam::111122223333:user/alice", Action: "s3:GetObject", Resource: "arn:aws:s3:::example-artifacts/build/app.zip", Context: ctx})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Evaluate(); got.Decision != engine.Allowed {
		b, _ := json.MarshalIndent(got.Trace, "", " ")
		t.Errorf("alice s3:GetObject on example-artifacts: %s %v, want allowed\n%s", got.Decision, got.DeniedBy, b)
	}
	var files []string
	for _, s := range res.Sources {
		files = append(files, s.File)
	}
	for _, want := range []string{
		"accounts/111122223333/iam/get-account-authorization-details.json",
		"accounts/111122223333/s3/example-artifacts/get-bucket-policy.json",
		"organization/policies/p-examplescp1.json",
	} {
		if !slices.Contains(files, want) {
			t.Errorf("the answer did not use %s; sources: %q", want, files)
		}
	}
	if len(res.Unknowns) != 0 {
		t.Errorf("unknowns for a fully collected request: %q", res.Unknowns)
	}
	// Without the region, the SCP's StringNotEquals on a missing key
	// matches and denies: the organization data is really in force.
	res, err = snap.Resolve(account.Query{Principal: "arn:aws:iam::111122223333:user/alice", Action: "s3:GetObject", Resource: "arn:aws:s3:::example-artifacts/build/app.zip"})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Evaluate(); got.Decision != engine.ExplicitDeny || !slices.Equal(got.DeniedBy, []engine.Layer{engine.LayerSCP}) {
		t.Errorf("without aws:RequestedRegion: %s %v, want explicitDeny by scp", got.Decision, got.DeniedBy)
	}

	// The bucket whose policy was refused: the answer names the .error.
	res, err = snap.Resolve(account.Query{Principal: "arn:aws:iam::111122223333:user/alice", Action: "s3:GetObject", Resource: "arn:aws:s3:::example-locked/x", Context: ctx})
	if err != nil {
		t.Fatal(err)
	}
	if !anyContains(res.Unknowns, "An error occurred (AccessDenied) when calling the GetBucketPolicy operation: Access Denied") {
		t.Errorf("unknowns for example-locked do not quote the refusal: %q", res.Unknowns)
	}
}

func anyContains(list []string, s string) bool {
	for _, v := range list {
		if strings.Contains(v, s) {
			return true
		}
	}
	return false
}
