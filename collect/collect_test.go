package collect

// No live AWS here: every test runs against replayServer (replay_test.go),
// which replays responses recorded in AWS's documented wire formats.

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const acct = "accounts/111122223333/"

// TestCollectWritesTheLayout runs a whole collection, organization
// included, and checks the snapshot file by file against account/LAYOUT.md
// (which file each command's output goes to) and the AWS CLI v2's output
// shapes as its command reference shows them (the JSON member names of each
// output; policy documents as IAM's are decoded, the others as strings).
func TestCollectWritesTheLayout(t *testing.T) {
	r := newReplay(t, "account")
	o := r.options(t)
	o.Org = true
	sum := r.run(t, o)

	// Every file LAYOUT.md names for what the recordings hold; .error
	// where the recorded response is an error.
	want := []string{
		acct + "iam/get-account-authorization-details.json",
		acct + "s3/list-buckets.json",
		acct + "s3/example-artifacts/get-bucket-policy.json",
		acct + "s3/example-artifacts/get-bucket-tagging.json",
		acct + "s3/example-logs/get-bucket-policy.error",
		acct + "s3/example-logs/get-bucket-tagging.error",
		acct + "s3/example-locked/get-bucket-policy.error",
		acct + "s3/example-locked/get-bucket-tagging.error",
		acct + "kms/us-east-1/list-keys.json",
		acct + "kms/us-east-1/list-aliases.json",
		acct + "kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/get-key-policy.json",
		acct + "kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/list-resource-tags.json",
		acct + "kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/describe-key.json",
		acct + "kms/us-east-1/0987dcba-09fe-87dc-65ba-ab0987654321/get-key-policy.error",
		acct + "kms/us-east-1/0987dcba-09fe-87dc-65ba-ab0987654321/list-resource-tags.json",
		acct + "kms/us-east-1/0987dcba-09fe-87dc-65ba-ab0987654321/describe-key.json",
		acct + "sqs/us-east-1/list-queues.json",
		acct + "sqs/us-east-1/orders/get-queue-attributes.json",
		acct + "sqs/us-east-1/orders/list-queue-tags.json",
		acct + "sns/us-east-1/list-topics.json",
		acct + "sns/us-east-1/alerts/get-topic-attributes.json",
		acct + "sns/us-east-1/alerts/list-tags-for-resource.json",
		acct + "lambda/us-east-1/list-functions.json",
		acct + "lambda/us-east-1/resize/get-policy.json",
		acct + "lambda/us-east-1/resize/list-tags.json",
		acct + "lambda/us-east-1/report/get-policy.error",
		acct + "lambda/us-east-1/report/list-tags.json",
		acct + "secretsmanager/us-east-1/list-secrets.json",
		acct + "secretsmanager/us-east-1/team%2Fdb/get-resource-policy.json",
		acct + "secretsmanager/us-east-1/team%2Fdb/describe-secret.json",
		acct + "ecr/us-east-1/describe-repositories.json",
		acct + "ecr/us-east-1/team%2Fapp/get-repository-policy.error",
		acct + "ecr/us-east-1/team%2Fapp/list-tags-for-resource.json",
		acct + "ecr/us-east-1/base/get-repository-policy.json",
		acct + "ecr/us-east-1/base/list-tags-for-resource.json",
		acct + "ec2/us-east-1/describe-vpc-endpoints.json",
		"organization/describe-organization.json",
		"organization/list-roots.json",
		"organization/parents/r-ab12/list-organizational-units-for-parent.json",
		"organization/parents/r-ab12/list-accounts-for-parent.json",
		"organization/parents/ou-ab12-11111111/list-organizational-units-for-parent.json",
		"organization/parents/ou-ab12-11111111/list-accounts-for-parent.json",
		"organization/targets/r-ab12/SERVICE_CONTROL_POLICY.json",
		"organization/targets/r-ab12/RESOURCE_CONTROL_POLICY.json",
		"organization/targets/ou-ab12-11111111/SERVICE_CONTROL_POLICY.json",
		"organization/targets/ou-ab12-11111111/RESOURCE_CONTROL_POLICY.json",
		"organization/targets/111122223333/SERVICE_CONTROL_POLICY.json",
		"organization/targets/111122223333/RESOURCE_CONTROL_POLICY.json",
		"organization/targets/999988887777/SERVICE_CONTROL_POLICY.json",
		"organization/targets/999988887777/RESOURCE_CONTROL_POLICY.error",
		"organization/policies/p-FullAWSAccess.json",
		"organization/policies/p-RCPFullAWSAccess.json",
		"organization/policies/p-examplescp1.json",
	}
	got := listFiles(t, o.Out)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("snapshot files:\n got %q\nwant %q", got, want)
	}

	// The .error files hold the CLI's stderr line; the codes the loader
	// takes as "there is none" are counted apart from real gaps.
	errorText := map[string]string{
		acct + "s3/example-logs/get-bucket-policy.error":   "An error occurred (NoSuchBucketPolicy) when calling the GetBucketPolicy operation: The bucket policy does not exist\n",
		acct + "s3/example-logs/get-bucket-tagging.error":  "An error occurred (NoSuchTagSet) when calling the GetBucketTagging operation: The TagSet does not exist\n",
		acct + "s3/example-locked/get-bucket-policy.error": "An error occurred (AccessDenied) when calling the GetBucketPolicy operation: Access Denied\n",
		acct + "lambda/us-east-1/report/get-policy.error":  "An error occurred (ResourceNotFoundException) when calling the GetPolicy operation: The resource you requested does not exist.\n",
		acct + "ecr/us-east-1/team%2Fapp/get-repository-policy.error": "An error occurred (RepositoryPolicyNotFoundException) when calling the GetRepositoryPolicy operation: " +
			"Repository policy does not exist for the repository with name 'team/app' in the registry with id '111122223333'\n",
		"organization/targets/999988887777/RESOURCE_CONTROL_POLICY.error": "An error occurred (AccessDeniedException) when calling the ListPoliciesForTarget operation: You don't have permissions to access this resource.\n",
	}
	for name, text := range errorText {
		if b, err := os.ReadFile(filepath.Join(o.Out, name)); err != nil || string(b) != text {
			t.Errorf("%s = %q (%v), want %q", name, b, err, text)
		}
	}

	if sum.Account != "111122223333" || sum.Caller != "arn:aws:iam::111122223333:user/auditor" || !slices.Equal(sum.Regions, []string{"us-east-1"}) {
		t.Errorf("summary identity = %q %q %q", sum.Account, sum.Caller, sum.Regions)
	}
	jsonFiles := 0
	for _, name := range want {
		if strings.HasSuffix(name, ".json") {
			jsonFiles++
		}
	}
	// Absent: NoSuchBucketPolicy, NoSuchTagSet, the Lambda function
	// without a policy, the ECR repository without one.
	if sum.Files != jsonFiles || sum.Absent != 4 {
		t.Errorf("summary counts files=%d absent=%d, want %d and 4", sum.Files, sum.Absent, jsonFiles)
	}
	var missing []string
	for _, m := range sum.Missing {
		missing = append(missing, m.File+" "+m.Operation+" "+m.Code)
	}
	wantMissing := []string{
		acct + "kms/us-east-1/0987dcba-09fe-87dc-65ba-ab0987654321/get-key-policy.error GetKeyPolicy AccessDeniedException",
		acct + "s3/example-locked/get-bucket-policy.error GetBucketPolicy AccessDenied",
		acct + "s3/example-locked/get-bucket-tagging.error GetBucketTagging AccessDenied",
		"organization/targets/999988887777/RESOURCE_CONTROL_POLICY.error ListPoliciesForTarget AccessDeniedException",
	}
	if !slices.Equal(missing, wantMissing) {
		t.Errorf("summary missing:\n got %q\nwant %q", missing, wantMissing)
	}
	if n := len(r.Calls()); sum.Calls != n {
		t.Errorf("summary calls = %d, the server saw %d", sum.Calls, n)
	}

	// Each bucket is read in its own region: example-logs in eu-west-1 as
	// ListBuckets said, example-locked in us-west-2 as GetBucketLocation
	// said (ListBuckets gave it no BucketRegion).
	bucketRegion := map[string]string{"example-artifacts": "us-east-1", "example-logs": "eu-west-1", "example-locked": "us-west-2"}
	seen := 0
	for _, c := range r.Calls() {
		if c.Service != "s3" || (c.Operation != "GetBucketPolicy" && c.Operation != "GetBucketTagging") {
			continue
		}
		for b, region := range bucketRegion {
			if strings.Contains(c.Text, "/"+b+"?") {
				seen++
				if c.Region != region {
					t.Errorf("%s of %s sent to %s, want %s", c.Operation, b, c.Region, region)
				}
			}
		}
	}
	if seen != 6 {
		t.Errorf("saw %d bucket calls, want 6", seen)
	}
	if n := r.Times("s3", "GetBucketLocation"); n != 1 {
		t.Errorf("GetBucketLocation sent %d times, want once (for the bucket ListBuckets gave no region)", n)
	}
}

// TestCLIOutputShapes checks the content of the files against the shapes
// the AWS CLI v2 command reference shows for each command's output.
func TestCLIOutputShapes(t *testing.T) {
	r := newReplay(t, "account")
	o := r.options(t)
	r.run(t, o)
	read := func(name string) any { return readJSON(t, filepath.Join(o.Out, name)) }

	// aws iam get-account-authorization-details: the CLI merges the pages
	// (UserDetailList came on page 1, RoleDetailList and Policies on
	// page 2), drops IsTruncated and Marker, and prints policy documents
	// URL-decoded, as JSON objects.
	iam := read(acct + "iam/get-account-authorization-details.json")
	checks := []struct{ path, want string }{
		{"UserDetailList.0.UserName", "alice"},
		{"UserDetailList.0.UserPolicyList.0.PolicyDocument.Statement.0.Sid", "ReadArtifacts"},
		{"UserDetailList.0.CreateDate", "2023-03-14T09:26:53+00:00"},
		{"GroupDetailList.0.GroupPolicyList.0.PolicyDocument.Statement.Resource", "arn:aws:sqs:us-east-1:111122223333:orders"},
		{"RoleDetailList.0.RoleName", "deploy"},
		{"RoleDetailList.0.AssumeRolePolicyDocument.Statement.0.Principal.AWS", "arn:aws:iam::111122223333:root"},
		{"RoleDetailList.0.PermissionsBoundary.PermissionsBoundaryArn", "arn:aws:iam::111122223333:policy/deploy-boundary"},
		{"Policies.0.PolicyVersionList.0.Document.Statement.0.Resource", "arn:aws:s3:::example-artifacts/build/*"},
		{"Policies.0.PolicyVersionList.0.IsDefaultVersion", "true"},
		{"Policies.1.PolicyName", "deploy-boundary"},
	}
	for _, c := range checks {
		if got := at(iam, c.path); got != c.want {
			t.Errorf("iam %s = %q, want %q", c.path, got, c.want)
		}
	}
	if keys := topKeys(iam); !slices.Equal(keys, []string{"GroupDetailList", "Policies", "RoleDetailList", "UserDetailList"}) {
		t.Errorf("iam output members = %q: pagination members must be gone", keys)
	}

	// Resource policies that are not IAM's are JSON strings, as the CLI
	// prints them; ECR's members are camelCase; tags keep each service's
	// own shape.
	shapes := []struct{ file, path, want string }{
		{acct + "s3/example-artifacts/get-bucket-policy.json", "Policy", `{"Version":"2012-10-17","Id":"artifacts",`},
		{acct + "s3/example-artifacts/get-bucket-tagging.json", "TagSet.1.Key", "env"},
		{acct + "s3/list-buckets.json", "Buckets.2.Name", "example-locked"},
		{acct + "s3/list-buckets.json", "Owner.DisplayName", "auditor"},
		{acct + "kms/us-east-1/list-keys.json", "Keys.1.KeyId", "0987dcba-09fe-87dc-65ba-ab0987654321"},
		{acct + "kms/us-east-1/list-aliases.json", "Aliases.0.AliasName", "alias/payments"},
		{acct + "kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/get-key-policy.json", "PolicyName", "default"},
		{acct + "kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/get-key-policy.json", "Policy", "{\n  \"Version\": \"2012-10-17\","},
		{acct + "kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/list-resource-tags.json", "Tags.0.TagKey", "team"},
		{acct + "kms/us-east-1/0987dcba-09fe-87dc-65ba-ab0987654321/describe-key.json", "KeyMetadata.KeyManager", "AWS"},
		{acct + "kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/describe-key.json", "KeyMetadata.CreationDate", "2017-07-05T21:04:55.918000+00:00"},
		{acct + "sqs/us-east-1/list-queues.json", "QueueUrls.0", "https://sqs.us-east-1.amazonaws.com/111122223333/orders"},
		{acct + "sqs/us-east-1/orders/get-queue-attributes.json", "Attributes.QueueArn", "arn:aws:sqs:us-east-1:111122223333:orders"},
		{acct + "sqs/us-east-1/orders/get-queue-attributes.json", "Attributes.Policy", `{"Version":"2012-10-17","Statement":[{"Sid":"TopicSends"`},
		{acct + "sqs/us-east-1/orders/list-queue-tags.json", "Tags.team", "payments"},
		{acct + "sns/us-east-1/list-topics.json", "Topics.0.TopicArn", "arn:aws:sns:us-east-1:111122223333:alerts"},
		{acct + "sns/us-east-1/alerts/get-topic-attributes.json", "Attributes.DisplayName", "Alerts & pages"},
		{acct + "sns/us-east-1/alerts/get-topic-attributes.json", "Attributes.Policy", `{"Version":"2008-10-17","Id":"__default_policy_ID"`},
		{acct + "sns/us-east-1/alerts/list-tags-for-resource.json", "Tags.0.Value", "sre"},
		{acct + "lambda/us-east-1/resize/get-policy.json", "Policy", `{"Version":"2012-10-17","Id":"default"`},
		{acct + "lambda/us-east-1/resize/get-policy.json", "RevisionId", "4843f2f6-7c59-4fda-b484-afd0bc0e22b8"},
		{acct + "lambda/us-east-1/resize/list-tags.json", "Tags.team", "media"},
		{acct + "lambda/us-east-1/list-functions.json", "Functions.0.FunctionName", "resize"},
		{acct + "secretsmanager/us-east-1/team%2Fdb/get-resource-policy.json", "ARN", "arn:aws:secretsmanager:us-east-1:111122223333:secret:team/db-AbCdEf"},
		{acct + "secretsmanager/us-east-1/team%2Fdb/get-resource-policy.json", "ResourcePolicy", "{\n  \"Version\": \"2012-10-17\","},
		{acct + "secretsmanager/us-east-1/team%2Fdb/describe-secret.json", "Tags.0.Key", "team"},
		{acct + "secretsmanager/us-east-1/list-secrets.json", "SecretList.0.Name", "team/db"},
		{acct + "ecr/us-east-1/describe-repositories.json", "repositories.0.repositoryName", "team/app"},
		{acct + "ecr/us-east-1/describe-repositories.json", "repositories.0.imageScanningConfiguration.scanOnPush", "false"},
		{acct + "ecr/us-east-1/base/get-repository-policy.json", "policyText", "{\n  \"Version\": \"2012-10-17\","},
		{acct + "ecr/us-east-1/base/get-repository-policy.json", "registryId", "111122223333"},
		{acct + "ecr/us-east-1/team%2Fapp/list-tags-for-resource.json", "tags.0.Key", "team"},
		{acct + "ec2/us-east-1/describe-vpc-endpoints.json", "VpcEndpoints.0.VpcEndpointId", "vpce-1a2b3c4d"},
		{acct + "ec2/us-east-1/describe-vpc-endpoints.json", "VpcEndpoints.0.PolicyDocument", `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*"`},
		{acct + "ec2/us-east-1/describe-vpc-endpoints.json", "VpcEndpoints.0.RouteTableIds.0", "rtb-123abc12"},
	}
	for _, c := range shapes {
		if got := at(read(c.file), c.path); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s %s = %q, want it to begin %q", c.file, c.path, got, c.want)
		}
	}
	// Empty enums the wire did not carry are absent, as in the CLI.
	if got := at(read(acct+"kms/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab/describe-key.json"), "KeyMetadata.ExpirationModel"); got != "<absent>" {
		t.Errorf("describe-key ExpirationModel = %q, want it absent", got)
	}
	// Unlike the CLI, function environments are never written: they hold
	// secrets more often than not.
	lf, _ := os.ReadFile(filepath.Join(o.Out, acct+"lambda/us-east-1/list-functions.json"))
	if strings.Contains(string(lf), "Environment") || strings.Contains(string(lf), "not-in-any-snapshot") {
		t.Errorf("list-functions.json holds the functions' environment:\n%s", lf)
	}
	// The CLI prints with four-space indents and a final newline, and
	// does not escape '&' or '<'.
	ta, _ := os.ReadFile(filepath.Join(o.Out, acct+"sns/us-east-1/alerts/get-topic-attributes.json"))
	if !strings.HasPrefix(string(ta), "{\n    \"Attributes\": {\n        \"") || !strings.HasSuffix(string(ta), "}\n") || !strings.Contains(string(ta), "Alerts & pages") {
		t.Errorf("get-topic-attributes.json is not printed as the CLI prints:\n%s", ta)
	}
}

// TestOnlyReadOperationsSent checks the operations the collector sent, as
// the test server saw them, against the read-only rule (the server also
// fails the test at once on any other).
func TestOnlyReadOperationsSent(t *testing.T) {
	r := newReplay(t, "account")
	o := r.options(t)
	o.Org = true
	r.run(t, o)
	calls := r.Calls()
	if len(calls) < 50 {
		t.Fatalf("the server saw only %d calls", len(calls))
	}
	for _, c := range calls {
		if !readOnlyOperation(c.Operation) {
			t.Errorf("sent %s %s", c.Service, c.Operation)
		}
	}
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func readJSON(t *testing.T, path string) any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// at follows a dotted path of member names and list indexes and renders
// the value found: strings as they are, other values as JSON,
// "<absent>" when the path leads nowhere.
func at(v any, path string) string {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[p]; !ok {
				return "<absent>"
			}
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(x) {
				return "<absent>"
			}
			v = x[i]
		default:
			return "<absent>"
		}
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func topKeys(v any) []string {
	m, _ := v.(map[string]any)
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
