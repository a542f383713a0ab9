package catalog

import "testing"

// Global keys: reference_policies_condition-keys.md, each key's "Works with
// ... operators" and "Value type" lines. Service keys: the service
// authorization reference, as the data gives it; s3:max-keys is used with a
// numeric operator in reference_policies_elements_condition_operators.md
// (Numeric condition operators), s3:prefix with string operators.
func TestConditionKeyType(t *testing.T) {
	c := mustLoad(t)
	cases := []struct{ key, want string }{
		{"aws:SourceIp", "IPAddress"},
		{"aws:VpcSourceIp", "IPAddress"},
		{"aws:CurrentTime", "Date"},
		{"aws:TokenIssueTime", "Date"},
		{"aws:MultiFactorAuthAge", "Numeric"},
		{"aws:MultiFactorAuthPresent", "Bool"},
		{"aws:SecureTransport", "Bool"},
		{"aws:PrincipalArn", "ARN"},
		{"aws:SourceArn", "ARN"},
		{"aws:PrincipalOrgPaths", "ArrayOfString"},
		{"aws:TagKeys", "ArrayOfString"},
		{"aws:CalledVia", "ArrayOfString"},
		{"aws:username", "String"},
		{"aws:PrincipalTag/team", "String"},
		{"aws:ResourceTag/env", "String"},
		{"aws:RequestTag/cost-center", "String"},
		// reference_policies_elements_condition.md: "Condition key names
		// are not case-sensitive ... aws:SourceIP ... AWS:SourceIp".
		{"aws:SourceIP", "IPAddress"},
		{"AWS:SourceIp", "IPAddress"},
		{"s3:max-keys", "Numeric"},
		{"S3:Prefix", "String"},
		{"s3:ExistingObjectTag/env", "String"},
		{"iam:PassedToService", "String"},
		{"iam:PolicyARN", "ARN"},
		{"ec2:InstanceType", "String"},
		// reference_policies_iam-condition-keys.md: keys of federation,
		// listed by sts without an sts: prefix.
		{"saml:aud", "String"},
		{"accounts.google.com:sub", "String"},
		// A variable part in the middle of the name.
		{"kms:EncryptionContext:aws:s3:arn", "String"},
	}
	for _, tc := range cases {
		got, ok := c.ConditionKeyType(tc.key)
		if !ok || got != tc.want {
			t.Errorf("ConditionKeyType(%q) = %q, %v; want %q", tc.key, got, ok, tc.want)
		}
	}
	for _, key := range []string{"", "aws:", "aws:NoSuchKey", "nosuch:key", "s3:nosuch", "aws:ResourceTag/", "aws:ResourceTag", "sourceip"} {
		if got, ok := c.ConditionKeyType(key); ok {
			t.Errorf("ConditionKeyType(%q) = %q, want unknown", key, got)
		}
	}
}

// Every key the data's services list resolves to a type, and a key's own
// service decides over another that lists it differently.
func TestEveryServiceKeyHasAType(t *testing.T) {
	c := mustLoad(t)
	for _, p := range c.Services() {
		s, _ := c.Service(p)
		for _, k := range s.ConditionKeys {
			if _, ok := c.ConditionKeyType(k.Name); !ok {
				t.Errorf("%s lists %s, which has no type", p, k.Name)
			}
			if got, _ := c.ConditionKeyType(k.Name); hasPrefixFold(k.Name, p+":") && got != k.Type {
				t.Errorf("ConditionKeyType(%s) = %s, its service says %s", k.Name, got, k.Type)
			}
		}
	}
}

func TestMatchKey(t *testing.T) {
	cases := []struct {
		template, key string
		want          bool
	}{
		{"aws:ResourceTag/${TagKey}", "aws:resourcetag/x", true},
		{"aws:ResourceTag/${TagKey}", "aws:ResourceTag/", false},
		{"s3:ExistingObjectTag/<key>", "s3:ExistingObjectTag/a/b", true},
		{"agent.${Domain}.buildkite.dev:build_branch", "agent.acme.buildkite.dev:build_branch", true},
		{"agent.${Domain}.buildkite.dev:build_branch", "agent..buildkite.dev:build_branch", false},
		{"codebuild:secondarySources/${sourceIdentifier}.auth.type", "codebuild:secondarySources/src1.auth.type", true},
		{"codebuild:secondarySources/${sourceIdentifier}.auth.type", "codebuild:secondarySources/.auth.type", false},
		{"a${X}b${Y}c", "a1b2c", true},
		{"a${X}b${Y}c", "abbc", false},
		{"a${X}${Y}c", "a12c", true},
		{"a${X}${Y}c", "a1c", false},
		{"price$", "price$", true},
		{"a<b", "a<b", true},
		{"s3:prefix", "S3:PREFIX", true},
	}
	for _, tc := range cases {
		if got := matchKey(tc.template, tc.key); got != tc.want {
			t.Errorf("matchKey(%q, %q) = %v, want %v", tc.template, tc.key, got, tc.want)
		}
	}
}
