package account

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// largeSpec sizes a generated snapshot: the benchmark snapshot is
// 5,000 roles and 20,000 managed policies, spread here over accounts of one
// organization so that SCP and RCP chains are resolved too.
type largeSpec struct {
	accounts, rolesPerAccount, policiesPerAccount int
}

var fullSize = largeSpec{accounts: 5, rolesPerAccount: 1000, policiesPerAccount: 4000}

func largeAccount(i int) string { return fmt.Sprintf("%012d", 100000000000+i) }

// writeLargeSnapshot generates a snapshot in dir. Each role has a trust
// policy, an inline policy, four attached customer managed policies (each
// with a non-default and a default version), a permissions boundary on
// every other role, and tags; each account has a bucket with a policy; the
// organization has a root and an OU per account with their SCPs and RCPs.
func writeLargeSnapshot(tb testing.TB, dir string, spec largeSpec) {
	tb.Helper()
	must := func(err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	write := func(rel, content string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		must(os.MkdirAll(filepath.Dir(p), 0o755))
		must(os.WriteFile(p, []byte(content), 0o644))
	}
	const mgmt = "999999999999"
	write("organization/describe-organization.json", `{"Organization": {"Id": "o-largeorg01", "FeatureSet": "ALL", "MasterAccountId": "`+mgmt+`"}}`)
	write("organization/list-roots.json", `{"Roots": [{"Id": "r-lg01", "Name": "Root", "PolicyTypes": [
		{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}, {"Type": "RESOURCE_CONTROL_POLICY", "Status": "ENABLED"}]}]}`)
	ous, accts := `{"OrganizationalUnits": [`, `{"Accounts": [{"Id": "`+mgmt+`", "Name": "mgmt"}`
	for i := 0; i < spec.accounts; i++ {
		ou := fmt.Sprintf("ou-lg01-%08d", i)
		if i > 0 {
			ous += ","
		}
		ous += `{"Id": "` + ou + `", "Name": "OU` + fmt.Sprint(i) + `"}`
		write("organization/parents/"+ou+"/list-organizational-units-for-parent.json", `{"OrganizationalUnits": []}`)
		write("organization/parents/"+ou+"/list-accounts-for-parent.json", `{"Accounts": [{"Id": "`+largeAccount(i)+`", "Name": "a"}]}`)
		for _, target := range []string{ou, largeAccount(i)} {
			write("organization/targets/"+target+"/SERVICE_CONTROL_POLICY.json", `{"Policies": [{"Id": "p-FullAWSAccess", "Name": "FullAWSAccess"}, {"Id": "p-scpdeny01", "Name": "DenyRegions"}]}`)
			write("organization/targets/"+target+"/RESOURCE_CONTROL_POLICY.json", `{"Policies": [{"Id": "p-RCPFullAWSAccess", "Name": "RCPFullAWSAccess"}, {"Id": "p-rcpdeny01", "Name": "DenyOutside"}]}`)
		}
	}
	write("organization/parents/r-lg01/list-organizational-units-for-parent.json", ous+"]}")
	write("organization/parents/r-lg01/list-accounts-for-parent.json", accts+"]}")
	write("organization/targets/r-lg01/SERVICE_CONTROL_POLICY.json", `{"Policies": [{"Id": "p-FullAWSAccess", "Name": "FullAWSAccess"}]}`)
	write("organization/targets/r-lg01/RESOURCE_CONTROL_POLICY.json", `{"Policies": [{"Id": "p-RCPFullAWSAccess", "Name": "RCPFullAWSAccess"}]}`)
	write("organization/policies/p-scpdeny01.json", `{"Policy": {"PolicySummary": {"Id": "p-scpdeny01", "Name": "DenyRegions", "Type": "SERVICE_CONTROL_POLICY"},
		"Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\",\"sts:*\"],\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":[\"us-east-1\",\"eu-west-1\"]}}}]}"}}`)
	write("organization/policies/p-rcpdeny01.json", `{"Policy": {"PolicySummary": {"Id": "p-rcpdeny01", "Name": "DenyOutside", "Type": "RESOURCE_CONTROL_POLICY"},
		"Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEqualsIfExists\":{\"aws:PrincipalOrgID\":\"o-largeorg01\"}}}]}"}}`)

	for i := 0; i < spec.accounts; i++ {
		acct := largeAccount(i)
		bucket := fmt.Sprintf("bucket-%d", i)
		write("accounts/"+acct+"/s3/"+bucket+"/get-bucket-location.json", `{"LocationConstraint": null}`)
		write("accounts/"+acct+"/s3/"+bucket+"/get-bucket-policy.json", fmt.Sprintf(`{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TLS\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::%[1]s/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}},{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::%[2]s:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::%[1]s/*\"}]}"}`, bucket, acct))
		p := filepath.Join(dir, "accounts", acct, "iam", "get-account-authorization-details.json")
		must(os.MkdirAll(filepath.Dir(p), 0o755))
		f, err := os.Create(p)
		must(err)
		w := bufio.NewWriterSize(f, 1<<20)
		writeLargeIAM(w, acct, bucket, spec)
		must(w.Flush())
		must(f.Close())
	}
}

func writeLargeIAM(w *bufio.Writer, acct, bucket string, spec largeSpec) {
	fmt.Fprintf(w, "{\n    \"UserDetailList\": [],\n    \"GroupDetailList\": [],\n    \"RoleDetailList\": [\n")
	for r := 0; r < spec.rolesPerAccount; r++ {
		if r > 0 {
			w.WriteString(",\n")
		}
		boundary := ""
		if r%2 == 0 {
			boundary = fmt.Sprintf(`"PermissionsBoundary": {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": "arn:aws:iam::%s:policy/boundary-%d"},`, acct, r%spec.policiesPerAccount)
		}
		fmt.Fprintf(w, `        {"Path": "/app/", "RoleName": "role-%[2]d", "RoleId": "AROA%016[2]d", "Arn": "arn:aws:iam::%[1]s:role/app/role-%[2]d",
            "CreateDate": "2023-01-01T00:00:00+00:00",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%[1]s:root"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]},
            "InstanceProfileList": [],
            "RolePolicyList": [{"PolicyName": "inline-%[2]d", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:*:%[1]s:log-group:/app/role-%[2]d:*"},
                {"Sid": "Queue", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:%[1]s:queue-%[2]d"}]}}],
            "AttachedManagedPolicies": [%[3]s],
            %[4]s
            "Tags": [{"Key": "team", "Value": "team-%[5]d"}, {"Key": "env", "Value": "prod"}],
            "RoleLastUsed": {}}`, acct, r, attachedList4(acct, r, spec.policiesPerAccount), boundary, r%50)
	}
	w.WriteString("\n    ],\n    \"Policies\": [\n")
	for p := 0; p < spec.policiesPerAccount; p++ {
		if p > 0 {
			w.WriteString(",\n")
		}
		name := fmt.Sprintf("policy-%d", p)
		if p%4 == 3 {
			name = fmt.Sprintf("boundary-%d", p)
		}
		fmt.Fprintf(w, `        {"PolicyName": "%[2]s", "PolicyId": "ANPA%016[3]d", "Arn": "arn:aws:iam::%[1]s:policy/%[2]s", "Path": "/", "DefaultVersionId": "v2",
            "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0, "IsAttachable": true,
            "PolicyVersionList": [
                {"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}, "VersionId": "v1", "IsDefaultVersion": false},
                {"Document": {"Version": "2012-10-17", "Statement": [
                    {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"], "Resource": ["arn:aws:s3:::%[4]s", "arn:aws:s3:::%[4]s/*"],
                     "Condition": {"StringEquals": {"aws:PrincipalTag/env": "prod"}, "Bool": {"aws:SecureTransport": "true"}}},
                    {"Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::%[4]s/out/${aws:PrincipalTag/team}/*"},
                    {"Sid": "Kms", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "arn:aws:kms:us-east-1:%[1]s:key/*",
                     "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}},
                    {"Sid": "Deny%[3]d", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
                    {"Sid": "Ddb", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:us-east-1:%[1]s:table/t-%[3]d"}]},
                 "VersionId": "v2", "IsDefaultVersion": true}]}`, acct, name, p, bucketFor(acct))
	}
	w.WriteString("\n    ]\n}\n")
}

func bucketFor(acct string) string {
	var i int
	fmt.Sscanf(acct, "%d", &i)
	return fmt.Sprintf("bucket-%d", i-100000000000)
}

// attachedList4 attaches four policies per role, spread over the account's
// policies (never a boundary-N policy, which only bounds).
func attachedList4(acct string, r, n int) string {
	s := ""
	usable := n / 4 * 3 // policies whose index is not 3 mod 4
	for k := 0; k < 4; k++ {
		j := (r*4 + k) % usable
		p := j/3*4 + j%3
		if k > 0 {
			s += ", "
		}
		s += fmt.Sprintf(`{"PolicyName": "policy-%d", "PolicyArn": "arn:aws:iam::%s:policy/policy-%d"}`, p, acct, p)
	}
	return s
}

// The generator itself is checked on a small snapshot: it loads without a
// problem and a request resolves to the policies it wrote.
func TestGeneratedSnapshot(t *testing.T) {
	dir := t.TempDir()
	writeLargeSnapshot(t, dir, largeSpec{accounts: 2, rolesPerAccount: 10, policiesPerAccount: 40})
	s := mustLoad(t, dir)
	for _, p := range s.Problems() {
		t.Error(p)
	}
	r := resolve(t, s, largeQuery(3))
	if len(r.Unknowns) != 0 {
		t.Errorf("unknowns: %q", r.Unknowns)
	}
	if len(r.Policies.Identity) != 5 || r.Policies.Resource == nil || len(r.Policies.SCPs) != 3 || len(r.Policies.RCPs) != 3 {
		t.Errorf("identity %d, resource %v, SCP levels %d, RCP levels %d; want 5, a bucket policy, 3, 3",
			len(r.Policies.Identity), r.Policies.Resource != nil, len(r.Policies.SCPs), len(r.Policies.RCPs))
	}
	// Role 3 has no boundary (only even roles have one); the default
	// version allows GetObject with TLS and the env=prod tag.
	if res := r.Evaluate(); res.Decision != "allowed" {
		t.Errorf("decision %s: %s", res.Decision, res.Message)
	}
}

func largeQuery(role int) Query {
	return Query{
		Principal: fmt.Sprintf("arn:aws:sts::%s:assumed-role/role-%d/session", largeAccount(1), role),
		Action:    "s3:GetObject",
		Resource:  "arn:aws:s3:::bucket-1/data/file.csv",
		Context:   ctx("aws:SecureTransport=true", "aws:SourceIp=203.0.113.7"),
	}
}

// largeDir generates the full-size snapshot once per benchmark.
func largeDir(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	writeLargeSnapshot(b, dir, fullSize)
	return dir
}

// BenchmarkLoadLarge loads 5,000 roles and 20,000 managed policies (issue 4:
// under 2 s).
func BenchmarkLoadLarge(b *testing.B) {
	dir := largeDir(b)
	b.ResetTimer()
	for b.Loop() {
		s, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		if len(s.Problems()) != 0 {
			b.Fatal(s.Problems()[0])
		}
	}
}

// BenchmarkResolveAndEvaluate resolves and decides one request on the
// full-size snapshot (issue 4: under 1 ms).
func BenchmarkResolveAndEvaluate(b *testing.B) {
	s, err := Load(largeDir(b))
	if err != nil {
		b.Fatal(err)
	}
	q := largeQuery(500)
	b.ResetTimer()
	for b.Loop() {
		r, err := s.Resolve(q)
		if err != nil {
			b.Fatal(err)
		}
		if res := r.Evaluate(); res.Decision != "allowed" {
			b.Fatal(res.Message)
		}
	}
}
