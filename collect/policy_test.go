package collect

// No live AWS here: the actions checked are those the collector sent to
// replayServer (replay_test.go), which replays recorded responses.

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/catalog"
	"github.com/whydenied/whydenied/collect/replay"
	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/policy"
)

const policyFile = "../docs/collector-policy.json"

// actionFor is the IAM action that authorizes an operation. For every
// operation the collector sends the action has the operation's name, in
// the service's IAM prefix (the SigV4 signing name), except S3's
// ListBuckets, which s3:ListAllMyBuckets authorizes (Service Authorization
// Reference, Amazon S3). sts:GetCallerIdentity needs no permission: AWS
// answers it even when a policy denies it, so it has no action here.
func actionFor(c replay.Call) (string, bool) {
	switch {
	case c.Service == "sts" && c.Operation == "GetCallerIdentity":
		return "", false
	case c.Service == "s3" && c.Operation == "ListBuckets":
		return "s3:ListAllMyBuckets", true
	}
	return c.Service + ":" + c.Operation, true
}

// collectedActions runs the widest collection the recordings allow
// (--org, --regions all) and returns the actions it needed, sorted.
func collectedActions(t *testing.T) []string {
	t.Helper()
	r := newReplay(t, "all-regions", "account")
	o := r.options(t)
	o.Org = true
	o.Regions = []string{AllRegions}
	r.run(t, o)
	var actions []string
	for _, c := range r.Calls() {
		if a, ok := actionFor(c); ok && !slices.Contains(actions, a) {
			actions = append(actions, a)
		}
	}
	slices.Sort(actions)
	return actions
}

// policyActions are the actions docs/collector-policy.json lists.
func policyActions(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(policyFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Statement []struct {
			Effect   string
			Action   []string
			Resource string
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", policyFile, err)
	}
	var actions []string
	for _, s := range doc.Statement {
		if s.Effect != "Allow" || s.Resource != "*" {
			t.Errorf("%s: every statement should Allow on \"*\", got %s on %q", policyFile, s.Effect, s.Resource)
		}
		actions = append(actions, s.Action...)
	}
	slices.Sort(actions)
	return actions
}

// TestPolicyListsExactlyTheCalledActions: least privilege in both
// directions. Every action the collector needed is in the policy, and the
// policy holds nothing it did not need.
func TestPolicyListsExactlyTheCalledActions(t *testing.T) {
	called, listed := collectedActions(t), policyActions(t)
	if !slices.Equal(called, listed) {
		t.Errorf("docs/collector-policy.json and the collector disagree:\n called %q\n listed %q", called, listed)
	}
}

// TestPolicyIsReadOnly: each action of the policy exists in AWS's service
// authorization reference (embedded in package catalog) with the access
// level Read or List.
func TestPolicyIsReadOnly(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range policyActions(t) {
		a, ok := cat.Action(name)
		if !ok {
			t.Errorf("%s: not an action in the service authorization reference", name)
			continue
		}
		if a.AccessLevel != "Read" && a.AccessLevel != "List" {
			t.Errorf("%s: access level %q, want Read or List", name, a.AccessLevel)
		}
	}
}

// TestPolicyDecidedByWhydenied evaluates the policy with whydenied's own
// engine, attached to the role a collector would assume: it must allow
// every action the collector calls, on the kind of resource each acts on,
// and allow no write nor any read of data (secret values, objects).
func TestPolicyDecidedByWhydenied(t *testing.T) {
	data, err := os.ReadFile(policyFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := policy.Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", policyFile, err)
	}
	principal, err := arn.ParsePrincipal("arn:aws:sts::111122223333:assumed-role/whydenied-collector/collect")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	// AWS's default key policy, which lets IAM policies grant access to
	// the key (AWS KMS Developer Guide, "Default key policy"): without it
	// no identity policy reaches a KMS key.
	keyPolicy, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	decide := func(action string) engine.Result {
		res := resourceFor(cat, action)
		ps := engine.Policies{Identity: []engine.NamedPolicy{{Name: "collector-policy.json", Policy: doc}}}
		if res != "*" && strings.HasPrefix(action, "kms:") {
			ps.Resource = &engine.NamedPolicy{Name: "default key policy", Policy: keyPolicy}
		}
		return engine.Evaluate(engine.Request{Principal: principal, Action: action, Resource: res}, &ps)
	}
	for _, action := range collectedActions(t) {
		if got := decide(action); got.Decision != engine.Allowed {
			t.Errorf("%s on %s: %s (%v), want allowed", action, resourceFor(cat, action), got.Decision, got.DeniedBy)
		}
	}
	for _, action := range []string{
		"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:GetObject", "iam:PutRolePolicy", "iam:CreateAccessKey",
		"kms:PutKeyPolicy", "kms:Decrypt", "sqs:SetQueueAttributes", "sqs:ReceiveMessage", "sns:SetTopicAttributes",
		"lambda:AddPermission", "lambda:GetFunction", "secretsmanager:GetSecretValue", "secretsmanager:PutResourcePolicy",
		"ecr:SetRepositoryPolicy", "ecr:BatchGetImage", "ec2:ModifyVpcEndpoint", "organizations:AttachPolicy",
	} {
		if got := decide(action); got.Decision != engine.ImplicitDeny {
			t.Errorf("%s: %s, want implicitDeny", action, got.Decision)
		}
	}
}

// resourceFor is a resource the action could be called on: "*" for
// actions without resource-level permissions (catalog), else a resource of
// the fixture account.
func resourceFor(cat *catalog.Catalog, action string) string {
	if a, ok := cat.Action(action); !ok || len(a.ResourceTypes) == 0 {
		return "*"
	}
	svc, _, _ := strings.Cut(action, ":")
	return map[string]string{
		"iam":            "arn:aws:iam::111122223333:role/deploy",
		"s3":             "arn:aws:s3:::example-artifacts",
		"kms":            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"sqs":            "arn:aws:sqs:us-east-1:111122223333:orders",
		"sns":            "arn:aws:sns:us-east-1:111122223333:alerts",
		"lambda":         "arn:aws:lambda:us-east-1:111122223333:function:resize",
		"secretsmanager": "arn:aws:secretsmanager:us-east-1:111122223333:secret:team/db-AbCdEf",
		"ecr":            "arn:aws:ecr:us-east-1:111122223333:repository/base",
		"ec2":            "arn:aws:ec2:us-east-1:111122223333:vpc-endpoint/vpce-1a2b3c4d",
		// Run from the management account: Organizations resources belong
		// to it. (From a delegated administrator, the organization's
		// delegation policy must allow the calls too; the engine rightly
		// reports the cross-account request as needing it.)
		"organizations": "arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-11111111",
	}[svc]
}
