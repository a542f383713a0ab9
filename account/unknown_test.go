package account

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// What the snapshot lacks is named, with what the answer assumed, and never
// silently taken as allowed (issue 4, "What the snapshot does not contain is
// unknown, never assumed allowed").
func TestUnknowns(t *testing.T) {
	s := loadBasic(t)
	cases := []struct {
		name string
		q    Query
		want []string
	}{
		{"bucket policy the collector could not read",
			Query{Principal: alice, Action: "s3:GetObject", Resource: "arn:aws:s3:::locked-bucket/a"},
			[]string{"the bucket policy of arn:aws:s3:::locked-bucket could not be read (accounts/111122223333/s3/locked-bucket/get-bucket-policy.error: An error occurred (AccessDenied)", "the answer assumes it has none"}},
		{"bucket not in the snapshot",
			Query{Principal: alice, Action: "s3:GetObject", Resource: "arn:aws:s3:::ghost/a"},
			[]string{"bucket ghost is not in the snapshot: its account and bucket policy are unknown; the answer assumes it belongs to the principal's account and has no bucket policy"}},
		{"bucket not in the snapshot, S3 listing failed in the caller's account",
			Query{Principal: "arn:aws:iam::444455556666:role/reader", Action: "s3:GetObject", Resource: "arn:aws:s3:::ghost/a"},
			[]string{"accounts/444455556666/s3/list-buckets.error: An error occurred (AccessDenied) when calling the ListBuckets operation: Access Denied"}},
		{"attached managed policy missing",
			Query{Principal: "arn:aws:iam::444455556666:role/broken", Action: "s3:ListAllMyBuckets", Resource: "*"},
			[]string{"managed policy arn:aws:iam::444455556666:policy/GoneMissing attached to role broken is not in the snapshot"}},
		{"principal's account not in the snapshot",
			Query{Principal: "arn:aws:iam::777788889999:user/eve", Action: "s3:GetObject", Resource: artObj},
			[]string{"no IAM data for account 777788889999: the answer assumes arn:aws:iam::777788889999:user/eve has no identity policies and no permissions boundary"}},
		{"principal not in its account's IAM data",
			Query{Principal: "arn:aws:iam::111122223333:user/mallory", Action: "s3:GetObject", Resource: artObj},
			[]string{"user mallory is not in the IAM data of account 111122223333"}},
		{"VPC endpoint not in the snapshot",
			Query{Principal: deploy, Action: "s3:GetObject", Resource: artObj, SourceVPCE: "vpce-99999999"},
			[]string{"no data for VPC endpoint vpce-99999999"}},
		{"federated user without its IAM user",
			Query{Principal: "arn:aws:sts::111122223333:federated-user/x", Action: "s3:GetObject", Resource: artObj},
			[]string{"gets its permissions from the IAM user that called GetFederationToken"}},
		{"service whose resource policies the layout does not collect",
			Query{Principal: alice, Action: "logs:PutLogEvents", Resource: "arn:aws:logs:us-east-1:111122223333:log-group:app:*"},
			[]string{"the snapshot does not hold logs resource policies: the answer assumes arn:aws:logs:us-east-1:111122223333:log-group:app:* has none"}},
		{"S3 access point",
			Query{Principal: alice, Action: "s3:GetObject", Resource: "arn:aws:s3:us-east-1:111122223333:accesspoint/ap1/object/k"},
			[]string{"the snapshot does not hold S3 access point policies"}},
		{"queue not in the snapshot",
			Query{Principal: alice, Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:111122223333:other"},
			[]string{"no queue policy data for arn:aws:sqs:us-east-1:111122223333:other: the answer assumes it has none"}},
		{"KMS alias not listed",
			Query{Principal: alice, Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:111122223333:alias/none"},
			[]string{"the KMS alias arn:aws:kms:us-east-1:111122223333:alias/none is not in the snapshot's kms/us-east-1/list-aliases.json"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := resolve(t, s, c.q)
			for _, w := range c.want {
				if !containsSentence(r.Unknowns, w) {
					t.Errorf("Unknowns lack %q:\n%s", w, strings.Join(r.Unknowns, "\n"))
				}
			}
			c.q.Strict = true
			r2, err := s.Resolve(c.q)
			var ue *UnknownError
			if !errors.As(err, &ue) || r2 == nil || !slices.Equal(ue.Unknowns, r.Unknowns) {
				t.Errorf("strict Resolve: err = %v, resolved = %v; want an *UnknownError with the same sentences and the Resolved", err, r2 != nil)
			}
		})
	}
}

// A request the snapshot fully covers has no unknowns, and strict mode
// passes it.
func TestNoUnknownsWhenCovered(t *testing.T) {
	s := loadBasic(t)
	for _, q := range []Query{
		{Principal: alice, Action: "s3:GetObject", Resource: artObj},
		{Principal: session, Action: "kms:Decrypt", Resource: keyApp, Strict: true},
		{Principal: deploy, Action: "s3:PutObject", Resource: "arn:aws:s3:::no-policy-bucket/k", SourceVPCE: "vpce-1a2b3c4d", Strict: true},
		{Principal: "arn:aws:iam::444455556666:role/reader", Action: "sns:Publish", Resource: "arn:aws:sns:us-east-1:444455556666:alerts", Strict: true},
	} {
		r := resolve(t, s, q)
		if len(r.Unknowns) != 0 {
			t.Errorf("%s %s %s: unexpected unknowns %q", q.Principal, q.Action, q.Resource, r.Unknowns)
		}
	}
}

func TestNoOrganizationData(t *testing.T) {
	dir := copyBasic(t)
	removeFile(t, dir, "organization")
	s := mustLoad(t, dir)
	r := resolve(t, s, Query{Principal: alice, Action: "s3:GetObject", Resource: artObj})
	for _, w := range []string{
		"no SCP data for account 111122223333: the answer assumes none apply",
		"no RCP data for account 111122223333: the answer assumes none apply",
	} {
		if !slices.Contains(r.Unknowns, w) {
			t.Errorf("Unknowns lack %q: %q", w, r.Unknowns)
		}
	}
	if r.Policies.SCPs != nil || r.Policies.RCPs != nil {
		t.Error("without organization data the request must carry no SCP or RCP levels (DESIGN.md: absent means not governed)")
	}
	if _, err := s.Resolve(Query{Principal: alice, Action: "s3:GetObject", Resource: artObj, Strict: true}); err == nil ||
		!strings.Contains(err.Error(), "no SCP data for account 111122223333") {
		t.Errorf("strict Resolve err = %v; want the SCP sentence", err)
	}
}

func TestMissingOrganizationLevel(t *testing.T) {
	dir := copyBasic(t)
	removeFile(t, dir, "organization/targets/ou-ab12-11111111/SERVICE_CONTROL_POLICY.json")
	s := mustLoad(t, dir)
	r := resolve(t, s, Query{Principal: alice, Action: "s3:GetObject", Resource: artObj})
	if !containsSentence(r.Unknowns, "no SCP data for OU ou-ab12-11111111 (Workloads) (organization/targets/ou-ab12-11111111/SERVICE_CONTROL_POLICY.json is missing): the answer leaves that level out") {
		t.Errorf("Unknowns: %q", r.Unknowns)
	}
	if len(r.Policies.SCPs) != 2 {
		t.Errorf("want 2 SCP levels (root, account), got %d", len(r.Policies.SCPs))
	}
}

func TestIncompleteOrganizationTree(t *testing.T) {
	dir := copyBasic(t)
	removeFile(t, dir, "organization/parents/ou-ab12-22222222/list-accounts-for-parent.json")
	s := mustLoad(t, dir)
	r := resolve(t, s, Query{Principal: "arn:aws:iam::444455556666:role/admin", Action: "dynamodb:DeleteTable", Resource: "arn:aws:dynamodb:us-east-1:444455556666:table/t"})
	if !containsSentence(r.Unknowns, "no SCP data for account 444455556666 (it is not in the part of the organization tree the snapshot holds): the answer assumes none apply") {
		t.Errorf("Unknowns: %q", r.Unknowns)
	}
	// With the tree whole, an account outside it is known not to be a member.
	s = loadBasic(t)
	r = resolve(t, s, Query{Principal: "arn:aws:iam::777788889999:user/eve", Action: "ec2:DescribeInstances", Resource: "*"})
	if !containsSentence(r.Notes, "account 777788889999 is not in the organization: no SCPs apply") || containsSentence(r.Unknowns, "SCP") {
		t.Errorf("notes %q, unknowns %q", r.Notes, r.Unknowns)
	}
}

func TestManagementAccount(t *testing.T) {
	s := loadBasic(t)
	r := resolve(t, s, Query{Principal: "arn:aws:iam::999988887777:role/OrgAdmin", Action: "organizations:LeaveOrganization", Resource: "*"})
	if r.Policies.SCPs != nil {
		t.Error("SCPs must not apply to the management account (aws-formats.md §4.2 reference; AWS Organizations: SCPs do not affect the management account)")
	}
	if !containsSentence(r.Notes, "SCPs do not apply to the management account 999988887777") {
		t.Errorf("notes: %q", r.Notes)
	}
}

func TestBrokenStatesFromCopies(t *testing.T) {
	dir := copyBasic(t)
	// A policy listed for a target without its describe-policy output.
	removeFile(t, dir, "organization/policies/p-noddbdel11.json")
	s := mustLoad(t, dir)
	r := resolve(t, s, Query{Principal: "arn:aws:iam::444455556666:role/admin", Action: "dynamodb:DeleteTable", Resource: "arn:aws:dynamodb:us-east-1:444455556666:table/t"})
	want := "SCP DenyDynamoDBTableDeletion (arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-noddbdel11) attached to OU ou-ab12-22222222 (Prod) could not be read (organization/policies/p-noddbdel11.json is missing): the answer leaves it out"
	if !slices.Contains(r.Unknowns, want) {
		t.Errorf("Unknowns lack %q: %q", want, r.Unknowns)
	}
}

func TestOrganizationIDFallback(t *testing.T) {
	dir := copyBasic(t)
	removeFile(t, dir, "organization/describe-organization.json")
	s := mustLoad(t, dir)
	r := resolve(t, s, Query{Principal: alice, Action: "s3:GetObject", Resource: artObj})
	// list-roots.json's root ARN names the organization and its management account.
	if v, _ := r.Request.Context.Get("aws:PrincipalOrgID"); len(v) != 1 || v[0] != "o-a1b2c3d4e5" {
		t.Errorf("aws:PrincipalOrgID = %v; want it from the root's ARN", v)
	}
	if len(r.Unknowns) != 0 {
		t.Errorf("unknowns: %q", r.Unknowns)
	}
	r = resolve(t, s, Query{Principal: "arn:aws:iam::999988887777:root", Action: "s3:ListAllMyBuckets", Resource: "*"})
	if r.Policies.SCPs != nil {
		t.Error("the management account from the root ARN must be exempt from SCPs")
	}

	writeFile(t, dir, "organization/list-roots.json", `{"Roots": [{"Id": "r-ab12", "Name": "Root", "PolicyTypes": [
		{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}, {"Type": "RESOURCE_CONTROL_POLICY", "Status": "ENABLED"}]}]}`)
	s = mustLoad(t, dir)
	r = resolve(t, s, Query{Principal: alice, Action: "s3:GetObject", Resource: artObj})
	for _, w := range []string{orgIDUnknown, mgmtUnknown} {
		if !slices.Contains(r.Unknowns, w) {
			t.Errorf("Unknowns lack %q: %q", w, r.Unknowns)
		}
	}
}

func TestOrganizationNotInUse(t *testing.T) {
	dir := copyBasic(t)
	removeFile(t, dir, "organization")
	writeFile(t, dir, "organization/describe-organization.error",
		"\nAn error occurred (AWSOrganizationsNotInUseException) when calling the DescribeOrganization operation: Your account is not a member of an organization.\n")
	s := mustLoad(t, dir)
	r := resolve(t, s, Query{Principal: alice, Action: "s3:GetObject", Resource: artObj, Strict: true})
	if r.Policies.SCPs != nil || r.Policies.RCPs != nil || !containsSentence(r.Notes, "is in no organization") {
		t.Errorf("SCPs %v RCPs %v notes %q", r.Policies.SCPs, r.Policies.RCPs, r.Notes)
	}
}

func TestPolicyTypeDisabled(t *testing.T) {
	dir := copyBasic(t)
	writeFile(t, dir, "organization/list-roots.json", `{"Roots": [{"Id": "r-ab12", "Arn": "arn:aws:organizations::999988887777:root/o-a1b2c3d4e5/r-ab12", "Name": "Root",
		"PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}]}`)
	s := mustLoad(t, dir)
	r := resolve(t, s, Query{Principal: "arn:aws:iam::777788889999:role/partner", Action: "s3:GetObject", Resource: artObj})
	// Without RCPs enabled, DenyS3OutsideOrg is not in force.
	if r.Policies.RCPs != nil || !containsSentence(r.Notes, "RCPs are not enabled in the organization") {
		t.Errorf("RCPs %v notes %q", r.Policies.RCPs, r.Notes)
	}
}
