package account

import (
	"fmt"
	"testing"

	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/policy"
)

const (
	dev     = "111122223333"
	prod    = "444455556666"
	keyApp  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	keyOnly = "arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321"
	alice   = "arn:aws:iam::111122223333:user/alice"
	bob     = "arn:aws:iam::111122223333:user/bob"
	deploy  = "arn:aws:iam::111122223333:role/ci/deploy"
	session = "arn:aws:sts::111122223333:assumed-role/deploy/ci-run-42"
	artObj  = "arn:aws:s3:::dev-artifacts/build/app.zip"
)

func mustPolicy(t *testing.T, doc string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Decisions the IAM User Guide implies for requests against the basic
// snapshot (testdata/account/basic/README.md draws it). The page and section
// behind each expectation is in its why.
func TestResolveDecisions(t *testing.T) {
	s := loadBasic(t)
	tls := ctx("aws:SecureTransport=true")
	onlyGet := mustPolicy(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
	lambdaAll := mustPolicy(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:*","Resource":"*"}]}`)
	cases := []struct {
		name     string
		q        Query
		decision engine.Decision
		deniedBy string
		why      string
	}{
		{"group inline policy allows", Query{Principal: alice, Action: "s3:GetObject", Resource: artObj, Context: tls},
			engine.Allowed, "", "access_policies.md: a user gets the identity-based policies of its groups; same account, an identity allow suffices (reference_policies_evaluation-logic.md)"},
		{"bucket policy denies plain HTTP", Query{Principal: alice, Action: "s3:GetObject", Resource: artObj, Context: ctx("aws:SecureTransport=false")},
			engine.ExplicitDeny, "resource", "reference_policies_evaluation-logic.md: an explicit deny in any policy overrides allows"},
		{"default version of a managed policy applies", Query{Principal: bob, Action: "lambda:InvokeFunction", Resource: "arn:aws:lambda:us-east-1:111122223333:function:build"},
			engine.Allowed, "", "DevDeployPolicy v2 (default) allows lambda:InvokeFunction"},
		{"non-default version does not apply", Query{Principal: bob, Action: "iam:CreateUser", Resource: "arn:aws:iam::111122223333:user/x"},
			engine.ImplicitDeny, "identity", "only the default version of a managed policy is in effect (aws-formats.md §4.1); v1 allowed *"},
		{"group's managed policy reaches its member", Query{Principal: alice, Action: "lambda:InvokeFunction", Resource: "arn:aws:lambda:us-east-1:111122223333:function:build"},
			engine.Allowed, "", "access_policies.md: policies attached to a group apply to its users"},
		{"embedded AWS managed policy", Query{Principal: alice, Action: "ec2:DescribeInstances", Resource: "*", Context: ctx("aws:RequestedRegion=us-east-1")},
			engine.Allowed, "", "ReadOnlyAccess (AWS managed) allows ec2:Describe*"},
		{"queue policy deny on principal tag, tag from the snapshot", Query{Principal: alice, Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:111122223333:jobs"},
			engine.Allowed, "", "alice's tag team=dev fills aws:PrincipalTag/team (reference_policies_condition-keys.md, aws:PrincipalTag), so the queue's Deny does not match"},
		{"caller's context wins over the snapshot's tags", Query{Principal: alice, Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:111122223333:jobs", Context: ctx("aws:PrincipalTag/team=ops")},
			engine.ExplicitDeny, "resource", "the queue policy denies principals whose team tag is not dev"},
		{"role within its boundary", Query{Principal: deploy, Action: "s3:PutObject", Resource: artObj, Context: tls},
			engine.Allowed, "", "access_policies_boundaries.md: effective permissions are the intersection of identity policies and the boundary"},
		{"role outside its boundary", Query{Principal: deploy, Action: "s3:DeleteObject", Resource: artObj, Context: tls},
			engine.ImplicitDeny, "permissionsBoundary", "access_policies_boundaries.md: the identity policy allows s3:*, the boundary does not allow DeleteObject"},
		{"assumed-role session gets the role's policies", Query{Principal: session, Action: "s3:PutObject", Resource: artObj, Context: tls},
			engine.Allowed, "", "a role session has the role's permissions, within its boundary (access_policies_boundaries.md)"},
		{"session policy limits the session", Query{Principal: session, Action: "s3:PutObject", Resource: artObj, Context: tls, SessionPolicy: onlyGet},
			engine.ImplicitDeny, "session", "access_policies.md, Session policies: the session's permissions are the intersection with the session policy"},
		{"SCP of the Prod OU denies", Query{Principal: "arn:aws:iam::444455556666:role/admin", Action: "dynamodb:DeleteTable", Resource: "arn:aws:dynamodb:us-east-1:444455556666:table/orders"},
			engine.ExplicitDeny, "scp", "aws-formats.md §4.2: any Deny at any level of the SCP chain wins"},
		{"outside the Prod OU the same call is allowed", Query{Principal: "arn:aws:iam::111122223333:role/ops-admin", Action: "dynamodb:DeleteTable", Resource: "arn:aws:dynamodb:us-east-1:111122223333:table/orders"},
			engine.Allowed, "", "SCPs apply to the accounts under the OU they are attached to only"},
		{"region SCP of the Workloads OU", Query{Principal: "arn:aws:iam::111122223333:role/ops-admin", Action: "ec2:RunInstances", Resource: "arn:aws:ec2:ap-south-1:111122223333:instance/*"},
			engine.ExplicitDeny, "scp", "aws:RequestedRegion ap-south-1 is not approved; the OU's SCP denies it"},
		{"cross-account inside the organization", Query{Principal: "arn:aws:iam::444455556666:role/reader", Action: "s3:GetObject", Resource: artObj, Context: tls},
			engine.Allowed, "", "reference_policies_evaluation-logic-cross-account.md: the identity policy (AmazonS3ReadOnlyAccess) and the bucket policy both allow"},
		{"RCP denies a principal outside the organization", Query{Principal: "arn:aws:iam::777788889999:role/partner", Action: "s3:GetObject", Resource: artObj, Context: tls},
			engine.ExplicitDeny, "rcp", "the Workloads RCP denies S3 access by principals whose aws:PrincipalOrgID is not the organization's"},
		{"key policy delegates to IAM, alias resolved", Query{Principal: session, Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:111122223333:alias/app"},
			engine.Allowed, "", "aws-formats.md §1.9: a key policy that allows the account lets IAM policies grant access; the role allows kms:Decrypt"},
		{"key policy delegates, no identity allow", Query{Principal: alice, Action: "kms:Decrypt", Resource: keyApp},
			engine.ImplicitDeny, "identity", "the key policy names only the account; alice's identity policies do not allow kms:Decrypt"},
		{"key policy that does not name the caller", Query{Principal: session, Action: "kms:Decrypt", Resource: keyOnly},
			engine.ImplicitDeny, "resource", "reference_policies_evaluation-logic.md: KMS key policies must explicitly allow access; identity policies alone never do"},
		{"VPC endpoint policy allows its bucket", Query{Principal: deploy, Action: "s3:PutObject", Resource: artObj, Context: tls, SourceVPCE: "vpce-1a2b3c4d"},
			engine.Allowed, "", "the endpoint policy allows s3:* on dev-artifacts"},
		{"VPC endpoint policy blocks another bucket", Query{Principal: "arn:aws:iam::111122223333:role/ops-admin", Action: "s3:GetObject", Resource: "arn:aws:s3:::no-policy-bucket/x", SourceVPCE: "vpce-1a2b3c4d"},
			engine.ImplicitDeny, "vpcEndpoint", "a request through an endpoint needs its endpoint policy to allow it (troubleshoot_access-denied.md, VPC endpoint policy)"},
		{"trust policy names the user", Query{Principal: alice, Action: "sts:AssumeRole", Resource: deploy},
			engine.Allowed, "", "reference_policies_evaluation-logic.md: in the same account a trust policy that names the user grants by itself"},
		{"trust policy does not name the user", Query{Principal: bob, Action: "sts:AssumeRole", Resource: deploy},
			engine.ImplicitDeny, "resource", "a role's trust policy must allow the caller to assume it"},
		{"federated user through its IAM user", Query{Principal: "arn:aws:sts::111122223333:federated-user/bob-session", Action: "lambda:InvokeFunction",
			Resource: "arn:aws:lambda:us-east-1:111122223333:function:build", FederatedBy: "bob", SessionPolicy: lambdaAll},
			engine.Allowed, "", "access_policies.md: a federated session's permissions are the user's identity policies intersected with the session policy"},
		{"secret policy denies all but admin", Query{Principal: "arn:aws:iam::444455556666:role/reader", Action: "secretsmanager:GetSecretValue",
			Resource: "arn:aws:secretsmanager:us-east-1:444455556666:secret:db-pass-AbCdEf"},
			engine.ExplicitDeny, "resource", "the secret's resource policy denies every principal but role admin"},
		{"secret by its partial ARN", Query{Principal: "arn:aws:iam::444455556666:role/admin", Action: "secretsmanager:GetSecretValue",
			Resource: "arn:aws:secretsmanager:us-east-1:444455556666:secret:db-pass"},
			engine.Allowed, "", "admin's AdministratorAccess allows and the Deny excludes role admin"},
		{"cross-account Lambda invoke granted to the account", Query{Principal: "arn:aws:iam::111122223333:role/ops-admin", Action: "lambda:InvokeFunction",
			Resource: "arn:aws:lambda:us-east-1:444455556666:function:processor"},
			engine.Allowed, "", "reference_policies_evaluation-logic-cross-account.md: the function policy trusts account 111122223333 and the caller's identity policy allows"},
		{"cross-account ECR pull granted to the account", Query{Principal: bob, Action: "ecr:BatchGetImage",
			Resource: "arn:aws:ecr:us-east-1:444455556666:repository/team/app"},
			engine.ImplicitDeny, "identity", "cross-account access needs an identity allow too; bob has none for ecr"},
		{"bucket tag fills aws:ResourceTag for a bucket request", Query{Principal: alice, Action: "s3:ListBucket", Resource: "arn:aws:s3:::dev-artifacts", Context: tls},
			engine.Allowed, "", "the bucket policy allows ListBucket to the account when aws:ResourceTag/data is internal; ReadOnlyAccess allows s3:List* too"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := resolve(t, s, c.q)
			res := r.Evaluate()
			if res.Decision != c.decision || layerNames(res.DeniedBy) != c.deniedBy {
				var names []string
				for _, src := range r.Sources {
					names = append(names, string(src.Layer)+": "+src.Name)
				}
				t.Errorf("%s → %s deniedBy [%s]; want %s [%s] (%s)\nmessage: %s\nunknowns: %q\npolicies: %q",
					c.q.Action, res.Decision, layerNames(res.DeniedBy), c.decision, c.deniedBy, c.why, res.Message, r.Unknowns, names)
			}
		})
	}
}

// A Snapshot is shared by concurrent requests (batch mode); Resolve only
// reads it. Run with -race to check.
func TestConcurrentResolve(t *testing.T) {
	s := loadBasic(t)
	queries := []Query{
		{Principal: alice, Action: "s3:GetObject", Resource: artObj},
		{Principal: session, Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:111122223333:alias/app", SourceVPCE: "vpce-1a2b3c4d"},
		{Principal: "arn:aws:iam::444455556666:role/admin", Action: "dynamodb:DeleteTable", Resource: "arn:aws:dynamodb:us-east-1:444455556666:table/t"},
	}
	want := make([]engine.Decision, len(queries))
	for i, q := range queries {
		want[i] = resolve(t, s, q).Evaluate().Decision
	}
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func() {
			for n := 0; n < 50; n++ {
				i := n % len(queries)
				r, err := s.Resolve(queries[i])
				if err == nil && r.Evaluate().Decision != want[i] {
					err = fmt.Errorf("query %d: decision changed under concurrency", i)
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
