package policy

import (
	"strings"
	"testing"
)

type valCase struct {
	name string
	kind Kind
	doc  string
	path string // "" with msg "" means the policy is valid
	msg  string
}

func runValCases(t *testing.T, tests []valCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.kind.String()+"/"+tt.name, func(t *testing.T) {
			p := mustParse(t, tt.doc)
			err := p.Validate(tt.kind)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("Validate(%v) = %v, want valid", tt.kind, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate(%v) accepted it, want %q at %q", tt.kind, tt.msg, tt.path)
			}
			for _, e := range allErrors(t, err) {
				if e.Path == tt.path && strings.Contains(e.Msg, tt.msg) {
					if e.Line == 0 {
						t.Errorf("error %v has no position", e)
					}
					return
				}
			}
			t.Fatalf("Validate(%v) = %v\nwant %q at %q", tt.kind, err, tt.msg, tt.path)
		})
	}
}

const (
	allowS3  = `{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}`
	bucketOK = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}`
	trustOK  = `{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`
)

func docOf(stmts ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
}

// TestValidateIdentityLike: identity-based policies, permissions boundaries
// and session policies (reference_policies_elements_principal.md: "You
// cannot use the Principal element in an identity-based policy";
// reference_policies_elements_notprincipal.md: nor NotPrincipal;
// reference_policies_grammar.md notes: the id_block "must not be included
// in identity-based policies"; sid_string: "For IAM policies, basic
// alphanumeric characters (A-Z,a-z,0-9) are the only allowed characters").
func TestValidateIdentityLike(t *testing.T) {
	var tests []valCase
	for _, k := range []Kind{Identity, PermissionsBoundary, Session} {
		tests = append(tests,
			valCase{"valid", k, docOf(allowS3, `{"Sid":"DenyAllUsersNotUsingMFA","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`), "", ""},
			valCase{"no version", k, `{"Statement":` + allowS3 + `}`, "", ""},
			valCase{"principal", k, docOf(bucketOK), "Statement[0].Principal", "cannot have Principal"},
			valCase{"not principal", k, docOf(`{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:*","Resource":"*"}`), "Statement[0].NotPrincipal", "cannot have NotPrincipal"},
			valCase{"id", k, `{"Version":"2012-10-17","Id":"Policy1","Statement":` + allowS3 + `}`, "Id", "cannot have Id"},
			valCase{"sid with a space", k, docOf(`{"Sid":"Allow reads","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`), "Statement[0].Sid", `expected a Sid of letters A-Z, a-z and digits 0-9 only, got "Allow reads"`},
			valCase{"sid with a dash", k, docOf(`{"Sid":"allow-reads","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`), "Statement[0].Sid", "letters A-Z, a-z and digits 0-9 only"},
			valCase{"missing resource", k, docOf(`{"Effect":"Allow","Action":"s3:GetObject"}`), "Statement[0]", `missing Resource: every statement needs "Resource" or "NotResource"`},
		)
	}
	runValCases(t, tests)
}

// TestValidateResourceLike: resource-based policies, key policies and VPC
// endpoint policies (reference_policies_elements_principal.md: "You must use
// the Principal element in resource-based policies"; the Amazon VPC
// PrivateLink guide: an endpoint policy "must contain a Principal element";
// reference_policies_grammar.md: Id is allowed in resource-based policies;
// sid_string: other services may allow other characters, e.g. the spaces of
// the default KMS key policy's "Enable IAM User Permissions").
func TestValidateResourceLike(t *testing.T) {
	var tests []valCase
	tests = append(tests,
		valCase{"not principal with allow, generic resource policy (kept working)", Resource, docOf(`{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:*","Resource":"*"}`), "", ""},
		valCase{"not principal with allow, key policy", KeyPolicy, docOf(`{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"kms:*","Resource":"*"}`), "Statement[0].NotPrincipal", `NotPrincipal can be used only with "Effect": "Deny"`},
		valCase{"not principal with allow, VPC endpoint", VPCEndpoint, docOf(`{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:*","Resource":"*"}`), "Statement[0].NotPrincipal", `NotPrincipal can be used only with "Effect": "Deny"`},
		// troubleshoot_policies.md#mismatch_resource-no-action
		valCase{"service-wide resource with trailing wildcard", Identity, docOf(`{"Effect":"Allow","Action":"cloudfront:*","Resource":["arn:aws:cloudfront:*","arn:aws:s3:::examplebucket"]}`), "", ""},
		valCase{"short ARN without trailing wildcard", Identity, docOf(`{"Effect":"Allow","Action":"cloudfront:*","Resource":"arn:aws:cloudfront"}`), "Statement[0].Resource", "expected an ARN"},
	)
	for _, k := range []Kind{Resource, KeyPolicy, VPCEndpoint} {
		tests = append(tests,
			valCase{"valid", k, `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`, "", ""},
			valCase{"everyone", k, docOf(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`), "", ""},
			valCase{"not principal with deny", k, docOf(`{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::444455556666:user/Bob","arn:aws:iam::444455556666:root"]},"Action":"s3:*","Resource":["arn:aws:s3:::BUCKETNAME","arn:aws:s3:::BUCKETNAME/*"]}`), "", ""},
			valCase{"missing principal", k, docOf(allowS3), "Statement[0]", "need a Principal (or NotPrincipal) in every statement"},
			valCase{"missing resource", k, docOf(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}`), "Statement[0]", "missing Resource"},
		)
	}
	runValCases(t, tests)
}

// TestValidateTrust: role trust policies (reference_policies_elements_principal.md:
// the trust policy is a resource-based policy and needs Principal;
// reference_policies_elements_notprincipal.md: "You cannot use the
// NotPrincipal element in an IAM identity-based policy or in an IAM role
// trust policy"). The guide is silent on Resource in trust policies; IAM
// rejects it, so Validate does too.
func TestValidateTrust(t *testing.T) {
	runValCases(t, []valCase{
		{"valid service", Trust, docOf(trustOK), "", ""},
		{"valid saml", Trust, docOf(`{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/provider-name"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}`), "", ""},
		{"valid account", Trust, docOf(`{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}`), "", ""},
		{"missing principal", Trust, docOf(`{"Effect":"Allow","Action":"sts:AssumeRole"}`), "Statement[0]", "role trust policies need a Principal"},
		{"not principal", Trust, docOf(`{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}`), "Statement[0].NotPrincipal", "role trust policies cannot have NotPrincipal"},
		{"not principal only", Trust, docOf(`{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}`), "Statement[0]", "role trust policies need a Principal"},
		{"resource", Trust, docOf(`{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}`), "Statement[0].Resource", "role trust policies cannot have Resource"},
		{"sid with a space", Trust, docOf(`{"Sid":"Trust EC2","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`), "Statement[0].Sid", "letters A-Z, a-z and digits 0-9 only"},
	})
}

// TestValidateSCP: service control policies. Source: AWS Organizations
// User Guide, "SCP syntax" (not in the reference set; current since the
// September 2025 full IAM language support): elements Version ("Every SCP
// must include a Version element with the value 2012-10-17"), Statement,
// Sid, Effect, Action, NotAction, Resource, NotResource, Condition; no
// Principal or NotPrincipal.
func TestValidateSCP(t *testing.T) {
	runValCases(t, []valCase{
		{"full access", SCP, docOf(`{"Effect":"Allow","Action":"*","Resource":"*"}`), "", ""},
		{"deny with condition", SCP, docOf(`{"Sid":"DenyAllOutsideEU","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-central-1","eu-west-1"]}}}`), "", ""},
		{"allow with condition and ARN", SCP, docOf(`{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}`), "", ""},
		{"not resource", SCP, docOf(`{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::amzn-s3-demo-bucket"}`), "", ""},
		{"principal", SCP, docOf(bucketOK), "Statement[0].Principal", "SCPs cannot have Principal"},
		{"not principal", SCP, docOf(`{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"*","Resource":"*"}`), "Statement[0].NotPrincipal", "SCPs cannot have NotPrincipal"},
		{"missing version", SCP, `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, "", `missing Version: SCPs must have "Version": "2012-10-17"`},
		{"old version", SCP, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, "Version", `SCPs must have "Version": "2012-10-17", got "2008-10-17"`},
		{"id", SCP, `{"Version":"2012-10-17","Id":"x","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, "Id", "SCPs cannot have Id"},
	})
}

// TestValidateRCP: resource control policies (reference README.md, "Newer
// than the archived guide": elements Version, Statement, Sid, Effect,
// Principal ("*"), Action, Resource or NotResource, Condition; no NotAction,
// no NotPrincipal; "Allow is accepted only in RCPFullAWSAccess"; AWS
// Organizations "RCP syntax": "Every RCP must include a Version element with
// the value 2012-10-17").
func TestValidateRCP(t *testing.T) {
	full := `{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`
	denyHTTP := `{"Sid":"EnforceSecureTransport","Effect":"Deny","Principal":"*","Action":["sts:*","s3:*","sqs:*","secretsmanager:*","kms:*"],"Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}`
	runValCases(t, []valCase{
		{"RCPFullAWSAccess", RCP, docOf(full), "", ""},
		{"deny", RCP, docOf(denyHTTP), "", ""},
		{"deny with not resource", RCP, docOf(`{"Effect":"Deny","Principal":"*","Action":"s3:*","NotResource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-123"}}}`), "", ""},
		{"other allow", RCP, docOf(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}`), "Statement[0].Effect", "RCPs can only deny"},
		{"allow with condition", RCP, docOf(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}`), "Statement[0].Effect", "RCPFullAWSAccess"},
		{"named principal", RCP, docOf(`{"Effect":"Deny","Principal":{"AWS":"123456789012"},"Action":"s3:*","Resource":"*"}`), "Statement[0].Principal", `RCPs accept only "Principal": "*"`},
		{"AWS star principal", RCP, docOf(`{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*"}`), "Statement[0].Principal", `RCPs accept only "Principal": "*"`},
		{"missing principal", RCP, docOf(`{"Effect":"Deny","Action":"s3:*","Resource":"*"}`), "Statement[0]", `RCPs need "Principal": "*"`},
		{"not principal", RCP, docOf(`{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"s3:*","Resource":"*"}`), "Statement[0].NotPrincipal", "RCPs cannot have NotPrincipal"},
		{"not action", RCP, docOf(`{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":"*"}`), "Statement[0].NotAction", "RCPs cannot have NotAction"},
		{"missing version", RCP, `{"Statement":` + full + `}`, "", `missing Version: RCPs must have "Version": "2012-10-17"`},
		{"id", RCP, `{"Version":"2012-10-17","Id":"x","Statement":` + full + `}`, "Id", "RCPs cannot have Id"},
	})
}

// TestValidateValues: the format of actions, resources and principals, for
// every kind (reference_policies_grammar.md, action_string "Consists of a
// service namespace, a colon, and the name of an action";
// reference_policies_elements_resource.md: resources are ARNs or "*", and
// "You can't use a wildcard in the service segment";
// reference_policies_elements_principal.md: "You cannot use a wildcard to
// match part of a principal name or ARN", account IDs or ARNs under "AWS",
// and unique principal IDs left behind by deleted roles).
func TestValidateValues(t *testing.T) {
	res := func(r string) string {
		return docOf(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":` + r + `}`)
	}
	act := func(a string) string {
		return docOf(`{"Effect":"Allow","Principal":"*","Action":` + a + `,"Resource":"*"}`)
	}
	aws := func(p string) string {
		return docOf(`{"Effect":"Allow","Principal":{"AWS":` + p + `},"Action":"s3:GetObject","Resource":"*"}`)
	}
	runValCases(t, []valCase{
		{"action wildcards", Resource, act(`["*","s3:*","iam:*AccessKey*","s3:Get?bject","IAM:listaccesskeys"]`), "", ""},
		{"action without service", Resource, act(`"GetObject"`), "Statement[0].Action", `expected "service:action" such as "s3:GetObject", or "*", got "GetObject"`},
		{"action without name", Resource, act(`["s3:GetObject","s3:"]`), "Statement[0].Action[1]", `got "s3:"`},
		{"not action empty", Identity, docOf(`{"Effect":"Allow","NotAction":"","Resource":"*"}`), "Statement[0].NotAction", `got ""`},
		{"resource ARNs", Resource, res(`["arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*","arn:aws:iam::123456789012:user/accounting/*","arn:aws:dynamodb:us-east-2:123456789012:table/${aws:username}","arn:*:sqs:*:*:queue?"]`), "", ""},
		{"resource not an ARN", Resource, res(`"amzn-s3-demo-bucket"`), "Statement[0].Resource", `expected an ARN such as "arn:aws:s3:::amzn-s3-demo-bucket/*", or "*", got "amzn-s3-demo-bucket"`},
		{"resource too few parts", Resource, res(`["*","arn:aws:s3"]`), "Statement[0].Resource[1]", "expected an ARN"},
		{"resource wildcard service", Resource, res(`"arn:aws:s3*:::b"`), "Statement[0].Resource", "the service part of a resource ARN cannot contain a wildcard"},
		{"principal accounts and ARNs", Resource, aws(`["123456789012","arn:aws:iam::123456789012:role/r","arn:aws:sts::123456789012:assumed-role/r/s","*","AROA123456789EXAMPLE"]`), "", ""},
		{"principal partial wildcard", Resource, aws(`"arn:aws:iam::123456789012:user/*"`), "Statement[0].Principal.AWS", "a principal cannot contain a partial wildcard"},
		{"principal partial wildcard in list", Resource, aws(`["123456789012","arn:aws:sts::123456789012:assumed-role/r/*"]`), "Statement[0].Principal.AWS[1]", "partial wildcard"},
		{"principal name only", Resource, aws(`"Bob"`), "Statement[0].Principal.AWS", `expected "*", a 12-digit account ID or an ARN`},
		{"principal short account", Resource, aws(`"12345"`), "Statement[0].Principal.AWS", "a 12-digit account ID"},
		{"principal empty", Resource, aws(`""`), "Statement[0].Principal.AWS", "got an empty string"},
		{"service wildcard", Trust, docOf(`{"Effect":"Allow","Principal":{"Service":"*.amazonaws.com"},"Action":"sts:AssumeRole"}`), "Statement[0].Principal.Service", "partial wildcard"},
	})
}

// TestValidateSidUnique: IAM stores statement IDs as unique keys; the guide
// is silent in the reference set (reference_policies_grammar.md only says
// "some services require this value to be unique"), and IAM rejects
// duplicates in its own policies, so Validate does for IAM-stored kinds.
func TestValidateSidUnique(t *testing.T) {
	two := docOf(`{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`, `{"Sid":"Read","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}`)
	runValCases(t, []valCase{
		{"duplicate", Identity, two, "Statement[1].Sid", `duplicate Sid "Read"`},
		{"empty sids repeat freely", Identity, docOf(`{"Sid":"","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`, `{"Sid":"","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}`), "", ""},
	})
}

// TestValidateSingleStatementPath: a lone statement object is named
// "Statement", as Parse names it.
func TestValidateSingleStatementPath(t *testing.T) {
	runValCases(t, []valCase{
		{"single", Identity, `{"Version":"2012-10-17","Statement":` + bucketOK + `}`, "Statement.Principal", "cannot have Principal"},
	})
}

// TestValidateBuiltInCode: Validate re-checks the grammar for policies that
// did not come from Parse, and reports without positions.
func TestValidateBuiltInCode(t *testing.T) {
	tests := []struct {
		name string
		p    *Policy
		path string
		msg  string
	}{
		{"nil", nil, "", "no policy"},
		{"no statements", &Policy{}, "", "missing Statement"},
		{"bad version", &Policy{Version: "2020-01-01", Statements: []Statement{{Effect: Allow, Action: list("s3:*"), Resource: list("*")}}}, "Version", "unsupported version"},
		{"bad effect", &Policy{Statements: []Statement{{Effect: "allow", Action: list("s3:*"), Resource: list("*")}}}, "Statement[0].Effect", `expected "Allow" or "Deny"`},
		{"no action", &Policy{Statements: []Statement{{Effect: Allow, Resource: list("*")}}}, "Statement[0]", "missing Action"},
		{"both actions", &Policy{Statements: []Statement{{Effect: Allow, Action: list("s3:*"), NotAction: list("iam:*"), Resource: list("*")}}}, "Statement[0]", "Action or NotAction, not both"},
		{"empty list", &Policy{Statements: []Statement{{Effect: Allow, Action: Values{Set: true}, Resource: list("*")}}}, "Statement[0].Action", "expected at least one value"},
	}
	for _, tt := range tests {
		err := tt.p.Validate(Identity)
		if err == nil {
			t.Errorf("%s: Validate accepted it", tt.name)
			continue
		}
		found := false
		for _, e := range allErrors(t, err) {
			if e.Path == tt.path && strings.Contains(e.Msg, tt.msg) {
				found = true
				if e.Line != 0 {
					t.Errorf("%s: position %d:%d for a policy built in code", tt.name, e.Line, e.Column)
				}
			}
		}
		if !found {
			t.Errorf("%s: got %v, want %q at %q", tt.name, err, tt.msg, tt.path)
		}
	}
	if err := mustParse(t, docOf(allowS3)).Validate(Kind(0)); err == nil || !strings.Contains(err.Error(), "unknown policy kind Kind(0)") {
		t.Errorf("Validate(Kind(0)) = %v", err)
	}
}

// TestKindString: the names match the layer names of the scenario result
// (DESIGN.md, "Contract: the result") where a kind is a layer.
func TestKindString(t *testing.T) {
	want := map[Kind]string{
		Identity: "identity", Resource: "resource", Trust: "trust", KeyPolicy: "keyPolicy",
		PermissionsBoundary: "permissionsBoundary", Session: "session", SCP: "scp", RCP: "rcp",
		VPCEndpoint: "vpcEndpoint", Kind(0): "Kind(0)", Kind(42): "Kind(42)",
	}
	for k, w := range want {
		if got := k.String(); got != w {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, w)
		}
	}
}
