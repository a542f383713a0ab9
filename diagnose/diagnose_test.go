package diagnose

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/whydenied/whydenied/catalog"
	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/errmsg"
	"github.com/whydenied/whydenied/scenario"
)

func mustRead(t *testing.T, text string) *errmsg.Reading {
	t.Helper()
	r, err := errmsg.Parse(text)
	if err != nil {
		t.Fatalf("errmsg.Parse(%q): %v", text, err)
	}
	return r
}

func mustCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func all(rep *Report) string {
	b, _ := json.Marshal(rep)
	return string(b)
}

// One case per layer and deny kind of the enhanced messages
// (troubleshoot_access-denied.md; shared/reference/aws-formats.md), plus the
// seeds' causes: the diagnosis names the layer, says where the fix goes, and
// fills the names from the message into the commands.
func TestDiagnoseLayers(t *testing.T) {
	cat := mustCatalog(t)
	cases := []struct {
		name, text string
		fixLayer   string
		orgAdmins  bool
		want       []string // substrings of the JSON report
	}{
		{"identity implicit, role session", "An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::111122223333:assumed-role/deploy/ci-run-42 is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::artifacts-bucket/build/app.zip because no identity-based policy allows the s3:PutObject action",
			"identity", false, []string{"aws iam put-role-policy --role-name deploy", "aws iam list-attached-role-policies --role-name deploy", "bucket ARN instead of the objects", "arn:aws:s3:::artifacts-bucket/*", "session of the role deploy", "eventually consistent", `"Resource\":\"arn:aws:s3:::artifacts-bucket/build/app.zip\"`}},
		{"identity explicit with policy ARN", "User: arn:aws:iam::123456789012:role/HR is not authorized to perform: codedeploy:ListDeployments on resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:* with an explicit deny in an identity-based policy: arn:aws:iam::123456789012:policy/DenyDeploy",
			"identity", false, []string{"Deny statement", "arn:aws:iam::123456789012:policy/DenyDeploy", "list-role-policies --role-name HR"}},
		{"SCP explicit", "User: arn:aws:iam::777788889999:user/John is not authorized to perform: codecommit:ListRepositories with an explicit deny in a service control policy",
			"scp", true, []string{"cannot be fixed from your account", "list-policies-for-target --target-id 777788889999 --filter SERVICE_CONTROL_POLICY"}},
		{"SCP implicit", "User: arn:aws:iam::777788889999:user/John is not authorized to perform: codecommit:ListRepositories because no service control policy allows the codecommit:ListRepositories action",
			"scp", true, []string{"at some level of the organization"}},
		{"RCP explicit", "An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:iam::777788889999:user/MaryMajor is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::amzn-s3-demo-bucket1/object-name\" with an explicit deny in a resource control policy",
			"rcp", true, []string{"RESOURCE_CONTROL_POLICY"}},
		{"boundary implicit", "User: arn:aws:iam::123456789012:user/John is not authorized to perform: codedeploy:ListDeployments on resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:* because no permissions boundary allows the codedeploy:ListDeployments action",
			"permissionsBoundary", false, []string{"create-policy-version", "get-user --user-name John --query User.PermissionsBoundary"}},
		{"session implicit", "User: arn:aws:sts::123456789012:assumed-role/app/s1 is not authorized to perform: codecommit:ListRepositories because no session policy allows the codecommit:ListRepositories action",
			"session", false, []string{"aws sts assume-role --role-arn arn:aws:iam::123456789012:role/app"}},
		{"VPC endpoint implicit", "User: arn:aws:iam::123456789012:user/John is not authorized to perform: codecommit:ListRepositories because no VPC endpoint policy allows the codecommit:ListRepositories action",
			"vpcEndpoint", false, []string{"describe-vpc-endpoints", "modify-vpc-endpoint"}},
		{"KMS key policy", "An error occurred (AccessDeniedException) when calling the Decrypt operation: User: arn:aws:sts::111122223333:assumed-role/app/s1 is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab because no resource-based policy allows the kms:Decrypt action",
			"resource", false, []string{"KMS key policy", "aws kms get-key-policy --key-id arn:aws:kms:us-east-1:111122223333:key/1234abcd", "put-key-policy", `\"AWS\": \"arn:aws:iam::111122223333:role/app\"`}},
		{"trust policy", "User: arn:aws:iam::123456789012:user/John is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/admin because no role trust policy allows the sts:AssumeRole action",
			"resource", false, []string{"trust policy of role admin", "update-assume-role-policy --role-name admin"}},
		{"bucket policy explicit", "An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:iam::123456789012:user/John is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::logs/a.txt\" with an explicit deny in a resource-based policy",
			"resource", false, []string{"aws:SecureTransport", "get-bucket-policy --bucket logs"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Diagnose(Input{Reading: mustRead(t, c.text), Catalog: cat})
			if rep.Summary == "" || len(rep.Causes) == 0 || len(rep.Checks) == 0 || len(rep.Fixes) == 0 {
				t.Fatalf("incomplete report: %s", all(rep))
			}
			if rep.Fixes[0].Layer != c.fixLayer || rep.Fixes[0].OrgAdmins != c.orgAdmins {
				t.Errorf("first fix: layer %q orgAdmins %v, want %q %v", rep.Fixes[0].Layer, rep.Fixes[0].OrgAdmins, c.fixLayer, c.orgAdmins)
			}
			got := all(rep)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("report lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

// Credential, token and clock errors are not permission problems
// (troubleshoot_access-denied.md lists them apart); the fix is about
// credentials and says that no policy change helps.
func TestDiagnoseNotPermission(t *testing.T) {
	for text, want := range map[string]string{
		"An error occurred (ExpiredToken) when calling the ListBuckets operation: The provided token has expired.":                                                       "expired",
		"An error occurred (InvalidAccessKeyId) when calling the ListObjectsV2 operation: The AWS Access Key Id you provided does not exist in our records.":             "does not recognise",
		"An error occurred (SignatureDoesNotMatch) when calling the GetObject operation: The request signature we calculated does not match the signature you provided.": "signature",
		"An error occurred (RequestTimeTooSkewed) when calling the PutObject operation: The difference between the request time and the current time is too large.":      "clock",
	} {
		rep := Diagnose(Input{Reading: mustRead(t, text)})
		if !strings.Contains(strings.ToLower(rep.Summary), want) {
			t.Errorf("%s: summary %q lacks %q", text, rep.Summary, want)
		}
		if len(rep.Fixes) == 0 || rep.Fixes[0].Layer != "credentials" || rep.Fixes[0].Statement != "" {
			t.Errorf("%s: fixes %+v", text, rep.Fixes)
		}
	}
}

// A misspelt action is named, with the real one suggested.
func TestDiagnoseUnknownAction(t *testing.T) {
	rep := Diagnose(Input{Catalog: mustCatalog(t), Reading: mustRead(t, "User: arn:aws:iam::123456789012:user/John is not authorized to perform: s3:GetObjects on resource: arn:aws:s3:::b/k because no identity-based policy allows the s3:GetObjects action")})
	if rep.Action == nil || rep.Action.Known || len(rep.Action.Suggestions) == 0 || rep.Action.Suggestions[0] != "s3:GetObject" {
		t.Fatalf("action info %+v", rep.Action)
	}
	if !strings.Contains(all(rep), "Did you mean s3:GetObject") {
		t.Error("the misspelling is not among the causes")
	}
}

// With the policies at hand, the near-miss statement is named and the fix is
// re-simulated: the seeds' "s3:PutObject granted on the bucket ARN".
func TestDiagnoseWithScenario(t *testing.T) {
	data, err := os.ReadFile("../examples/deploy-put-object.json")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.NewLoader().Load(data)
	if err != nil {
		t.Fatal(err)
	}
	res := engine.Evaluate(sc.Request, &sc.Policies)
	rep := Diagnose(Input{Reading: mustRead(t, res.Message), Catalog: mustCatalog(t), Scenario: sc})
	if rep.Simulation == nil || rep.Simulation.Decision != engine.ImplicitDeny {
		t.Fatalf("simulation %+v", rep.Simulation)
	}
	if !strings.Contains(rep.Causes[0].Title, `"WriteBucket" of policy arn:aws:iam::111122223333:policy/deploy-artifacts grants s3:PutObject on the bucket ARN arn:aws:s3:::artifacts-bucket`) {
		t.Errorf("first cause should name the near-miss statement, got %q", rep.Causes[0].Title)
	}
	v := rep.Fixes[0].Verified
	if v == nil || !v.OK || v.Before != engine.ImplicitDeny || v.After != engine.Allowed {
		t.Errorf("fix not verified: %+v", v)
	}
	// The scenario itself is untouched by the verification.
	if again := engine.Evaluate(sc.Request, &sc.Policies); again.Decision != engine.ImplicitDeny {
		t.Errorf("verification modified the scenario's policies")
	}
}

// A fix that cannot succeed alone says so: an SCP deny stays.
func TestVerificationNotEnough(t *testing.T) {
	sc, err := scenario.NewLoader().Load([]byte(`{"principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject","resource":"arn:aws:s3:::b/k",
	 "scps":[[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}]]}`))
	if err != nil {
		t.Fatal(err)
	}
	rep := Diagnose(Input{Reading: mustRead(t, "User: arn:aws:iam::111122223333:user/Bob is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no identity-based policy allows the s3:GetObject action"), Scenario: sc})
	v := rep.Fixes[0].Verified
	if v == nil || v.OK || v.After != engine.ImplicitDeny || len(v.DeniedBy) != 1 || v.DeniedBy[0] != engine.LayerSCP {
		t.Errorf("verification %+v", v)
	}
}

func FuzzDiagnose(f *testing.F) {
	f.Add("User: arn:aws:sts::111122223333:assumed-role/deploy/ci is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::b/k because no identity-based policy allows the s3:PutObject action")
	f.Add("An error occurred (ExpiredToken) when calling the ListBuckets operation: The provided token has expired.")
	f.Add("403 Forbidden")
	f.Fuzz(func(t *testing.T, text string) {
		r, err := errmsg.Parse(text)
		if err != nil {
			return
		}
		rep := Diagnose(Input{Reading: r})
		if rep.Summary == "" {
			t.Fatalf("no summary for %q", text)
		}
		if _, err := json.Marshal(rep); err != nil {
			t.Fatal(err)
		}
	})
}

// Across accounts both sides must allow (reference_policies_evaluation-logic-cross-account.md):
// the message names one layer, the simulation finds both, each fix alone is
// not enough and both together are.
func TestCrossAccountNeedsBothFixes(t *testing.T) {
	sc, err := scenario.NewLoader().Load([]byte(`{"principal":"arn:aws:sts::444455556666:assumed-role/reader/s1","action":"sqs:SendMessage",
	 "resource":"arn:aws:sqs:us-east-1:111122223333:jobs",
	 "resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sqs:*","Resource":"*"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	res := engine.Evaluate(sc.Request, &sc.Policies)
	rep := Diagnose(Input{Reading: mustRead(t, res.Message), Scenario: sc})
	layers := map[string]bool{}
	for _, fx := range rep.Fixes {
		layers[fx.Layer] = true
		if fx.Verified == nil || fx.Verified.OK {
			t.Errorf("fix %q: each alone must not be enough: %+v", fx.Title, fx.Verified)
		}
	}
	if !layers["identity"] || !layers["resource"] {
		t.Errorf("fixes for layers %v, want identity and resource", layers)
	}
	if !strings.Contains(all(rep), "together: allowed") {
		t.Errorf("no combined verification: %v", rep.Notes)
	}
	for _, fx := range rep.Fixes {
		if fx.Layer == "resource" && !strings.Contains(fx.Policy, "arn:aws:iam::111122223333:root") {
			t.Errorf("the merged queue policy lost the existing statement:\n%s", fx.Policy)
		}
	}
}

// A decoded authorization message (aws-formats.md §1.8) says the deny was
// explicit and names the matching statement: the diagnosis follows it.
func TestDiagnoseDecodedExplicitDeny(t *testing.T) {
	decoded := `{"allowed":false,"explicitDeny":true,"matchedStatements":{"items":[{"statementId":"DenyBigInstances","effect":"DENY","principals":{"items":[{"value":"AROA123456789EXAMPLE"}]},"principalGroups":{"items":[]},"actions":{"items":[{"value":"ec2:RunInstances"}]},"resources":{"items":[{"value":"*"}]},"conditions":{"items":[]}}]},"failures":{"items":[]},"context":{"principal":{"id":"AROA123456789EXAMPLE:Ana","arn":"arn:aws:sts::111122223333:assumed-role/Developer/Ana"},"action":"ec2:RunInstances","resource":"arn:aws:ec2:us-east-1:111122223333:instance/*","conditions":{"items":[{"key":"ec2:InstanceType","values":{"items":[{"value":"m5.24xlarge"}]}}]}}}`
	rep := Diagnose(Input{Reading: mustRead(t, decoded)})
	if !strings.Contains(rep.Summary, "explicit Deny") || len(rep.Causes) == 0 || !strings.Contains(rep.Causes[0].Title, `"DenyBigInstances"`) {
		t.Errorf("summary %q, causes %+v", rep.Summary, rep.Causes)
	}
	if len(rep.Fixes) != 1 || rep.Fixes[0].Statement != "" || !strings.Contains(rep.Fixes[0].Where, "DenyBigInstances") {
		t.Errorf("fixes %+v", rep.Fixes)
	}
	if !strings.Contains(all(rep), "ec2:InstanceType=m5.24xlarge") {
		t.Errorf("the request context of the decoded message is not shown: %v", rep.Notes)
	}
}
