package account

import (
	"errors"
	"strings"
	"testing"
)

// A bad file is reported with its path inside the snapshot, the JSON path
// of the faulty value and what was expected; the other files still load.
func TestLoadProblems(t *testing.T) {
	cases := []struct {
		name     string
		rel      string
		content  string
		wantFile string
		wantPath string
		wantMsg  string
	}{
		{"role name of the wrong type", "accounts/555555555555/iam/get-account-authorization-details.json",
			`{"RoleDetailList": [{"RoleName": 7, "Arn": "arn:aws:iam::555555555555:role/x"}]}`,
			"accounts/555555555555/iam/get-account-authorization-details.json", "RoleDetailList[0].RoleName", "expected the role name (a string), got a number"},
		{"inline policy with a bad Effect", "accounts/555555555555/iam/get-account-authorization-details.json",
			`{"UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::555555555555:user/u",
			  "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allowed", "Action": "*", "Resource": "*"}]}}]}]}`,
			"accounts/555555555555/iam/get-account-authorization-details.json", "UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement[0].Effect", "Allow"},
		{"entity of another account", "accounts/555555555555/iam/get-account-authorization-details.json",
			`{"RoleDetailList": [{"RoleName": "x", "Arn": "arn:aws:iam::111111111111:role/x"}]}`,
			"accounts/555555555555/iam/get-account-authorization-details.json", "RoleDetailList[0].Arn", "is in account 111111111111, but the file is under accounts/555555555555/"},
		{"managed policy without a default version", "accounts/555555555555/iam/get-account-authorization-details.json",
			`{"Policies": [{"PolicyName": "P", "Arn": "arn:aws:iam::555555555555:policy/P", "PolicyVersionList": [{"Document": {}, "VersionId": "v1", "IsDefaultVersion": false}]}]}`,
			"accounts/555555555555/iam/get-account-authorization-details.json", "Policies[0].PolicyVersionList", "expected a version with IsDefaultVersion true"},
		{"bucket policy that is not JSON", "accounts/555555555555/s3/b1/get-bucket-policy.json",
			`{"Policy": "{\"Version\": \"2012-10-17\", \"Statement\": ["}`,
			"accounts/555555555555/s3/b1/get-bucket-policy.json", "Policy.Statement[0]", "invalid JSON"},
		{"bucket policy output without Policy", "accounts/555555555555/s3/b1/get-bucket-policy.json",
			`{"Statement": []}`,
			"accounts/555555555555/s3/b1/get-bucket-policy.json", "", `expected {"Policy": "..."} as get-bucket-policy prints it`},
		{"output that is not an object", "accounts/555555555555/sqs/us-east-1/q/get-queue-attributes.json",
			`["Attributes"]`,
			"accounts/555555555555/sqs/us-east-1/q/get-queue-attributes.json", "", "expected an object, got a list"},
		{"syntax error", "organization/describe-organization.json",
			`{"Organization": {"Id": "o-1", }`,
			"organization/describe-organization.json", "", "at byte"},
		{"SCP content with a bad statement", "organization/policies/p-denyleave1.json",
			`{"Policy": {"PolicySummary": {"Id": "p-denyleave1", "Name": "X", "Type": "SERVICE_CONTROL_POLICY"}, "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":7,\"Resource\":\"*\"}]}"}}`,
			"organization/policies/p-denyleave1.json", "Policy.Content.Statement[0].Action", "expected"},
		{"describe-policy saved under another id", "organization/policies/p-denyleave1.json",
			`{"Policy": {"PolicySummary": {"Id": "p-other"}, "Content": "{}"}}`,
			"organization/policies/p-denyleave1.json", "Policy.PolicySummary.Id", `the policy id "p-other" differs from the file name p-denyleave1.json`},
		{"account directory that is not an account id", "accounts/prod/iam/get-account-authorization-details.json",
			`{}`, "accounts/prod/iam/get-account-authorization-details.json", "", `the directory name "prod" is not a 12-digit account id`},
		{"file outside the layout", "accounts/111122223333/s3/b/notes.json",
			`{}`, "accounts/111122223333/s3/b/notes.json", "", "not a file of the snapshot layout"},
		{"topic output naming another account", "accounts/555555555555/sns/us-east-1/t/get-topic-attributes.json",
			`{"Attributes": {"TopicArn": "arn:aws:sns:us-east-1:666666666666:t", "Policy": "{}"}}`,
			"accounts/555555555555/sns/us-east-1/t/get-topic-attributes.json", "", "which is not a sns resource of account 555555555555 in us-east-1"},
		{"OU listing with an account id", "organization/parents/r-ab12/list-organizational-units-for-parent.json",
			`{"OrganizationalUnits": [{"Id": "111122223333"}]}`,
			"organization/parents/r-ab12/list-organizational-units-for-parent.json", "OrganizationalUnits[0].Id", "expected an OU id"},
		{"tag list entry without a key", "accounts/555555555555/sns/us-east-1/t/list-tags-for-resource.json",
			`{"Tags": [{"Value": "v"}]}`,
			"accounts/555555555555/sns/us-east-1/t/list-tags-for-resource.json", "Tags[0].Key", "missing; expected a tag key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copyBasic(t)
			writeFile(t, dir, c.rel, c.content)
			s := mustLoad(t, dir)
			var found *Problem
			for _, p := range s.Problems() {
				if p.File == c.wantFile && p.Path == c.wantPath && strings.Contains(p.Msg, c.wantMsg) {
					found = p
				}
			}
			if found == nil {
				t.Fatalf("no problem %s: %s: ...%s...; got %v", c.wantFile, c.wantPath, c.wantMsg, s.Problems())
			}
			if !strings.HasPrefix(found.Error(), c.wantFile+": ") {
				t.Errorf("Error() = %q; want it to start with the file", found.Error())
			}
			// The rest of the snapshot is intact.
			r := resolve(t, s, Query{Principal: deploy, Action: "s3:PutObject", Resource: artObj, Context: ctx("aws:SecureTransport=true")})
			if res := r.Evaluate(); res.Decision != "allowed" {
				t.Errorf("a bad %s changed an unrelated decision: %s", c.rel, res.Message)
			}
			if _, err := LoadWith(dir, LoadOptions{Strict: true}); err == nil || !strings.Contains(err.Error(), c.wantFile) {
				t.Errorf("strict Load error = %v; want one naming %s", err, c.wantFile)
			}
		})
	}
}

// An unreadable inline policy stays out of the answer and is named in it.
func TestBrokenInlinePolicyIsUnknown(t *testing.T) {
	dir := copyBasic(t)
	writeFile(t, dir, "accounts/555555555555/iam/get-account-authorization-details.json",
		`{"UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::555555555555:user/u",
		  "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": "%7B%22Version"}]}]}`)
	s := mustLoad(t, dir)
	r := resolve(t, s, Query{Principal: "arn:aws:iam::555555555555:user/u", Action: "s3:GetObject", Resource: "*"})
	if !containsSentence(r.Unknowns, "inline policy p of user u could not be read (accounts/555555555555/iam/get-account-authorization-details.json: UserDetailList[0].UserPolicyList[0].PolicyDocument") {
		t.Errorf("Unknowns: %q", r.Unknowns)
	}
}

// A syntax error part way through the IAM file keeps what came before it
// and marks the account's IAM data incomplete.
func TestTruncatedIAMFile(t *testing.T) {
	dir := copyBasic(t)
	writeFile(t, dir, "accounts/555555555555/iam/get-account-authorization-details.json",
		`{"UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::555555555555:user/u"}], "RoleDetailList": [{"RoleName": `)
	s := mustLoad(t, dir)
	r := resolve(t, s, Query{Principal: "arn:aws:iam::555555555555:user/u", Action: "s3:GetObject", Resource: "*"})
	if !containsSentence(r.Unknowns, "the IAM data of account 555555555555 is incomplete") {
		t.Errorf("Unknowns: %q", r.Unknowns)
	}
}

func TestLoadFails(t *testing.T) {
	if _, err := Load("../testdata/account/does-not-exist"); err == nil {
		t.Error("Load of a missing directory succeeded")
	}
	if _, err := Load(basicDir + "/README.md"); err == nil || !strings.Contains(err.Error(), "expected a directory") {
		t.Errorf("Load of a file: %v", err)
	}
	if _, err := Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no file of the snapshot layout") {
		t.Errorf("Load of an empty directory: %v", err)
	}
	var le *LoadError
	dir := copyBasic(t)
	writeFile(t, dir, "organization/list-roots.json", `{"Roots": {}}`)
	if _, err := LoadWith(dir, LoadOptions{Strict: true}); !errors.As(err, &le) || len(le.Problems) != 1 {
		t.Errorf("strict Load: %v", err)
	}
}

func TestBadQuery(t *testing.T) {
	s := loadBasic(t)
	for _, q := range []Query{
		{Principal: "alice", Action: "s3:GetObject"},
		{Principal: alice, Action: "GetObject"},
		{Principal: alice, Action: "s3:GetObject", SourceVPCE: "vpc-123"},
	} {
		if _, err := s.Resolve(q); err == nil {
			t.Errorf("Resolve(%+v) succeeded; want an error", q)
		}
	}
}

func TestParseAWSError(t *testing.T) {
	cases := []struct{ in, code, text string }{
		{"\nAn error occurred (NoSuchBucketPolicy) when calling the GetBucketPolicy operation: The bucket policy does not exist\n",
			"NoSuchBucketPolicy", "An error occurred (NoSuchBucketPolicy) when calling the GetBucketPolicy operation: The bucket policy does not exist"},
		{"NoSuchBucketPolicy\n", "NoSuchBucketPolicy", "NoSuchBucketPolicy"},
		{"An error occurred (Client.UnauthorizedOperation) when calling X", "Client.UnauthorizedOperation", "An error occurred (Client.UnauthorizedOperation) when calling X"},
		{"Could not connect to the endpoint URL", "", "Could not connect to the endpoint URL"},
		{"", "", "the call failed (empty .error file)"},
		{"An error occurred (bad code!) x", "", "An error occurred (bad code!) x"},
	}
	for _, c := range cases {
		e := parseAWSError(c.in)
		if e.code != c.code || e.text != c.text {
			t.Errorf("parseAWSError(%q) = %q, %q; want %q, %q", c.in, e.code, e.text, c.code, c.text)
		}
	}
}
