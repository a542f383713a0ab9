package condition

import (
	"testing"

	"github.com/whydenied/whydenied/internal/wildcard"
)

// Policy variables in condition values: reference_policies_variables.md
// ("Using variables in policies", "Condition element", "Policy variables with
// no value", "Special characters", "Specifying default values") and
// reference_policies_elements_condition.md (s3:prefix "${aws:username}/*").
func TestConditionVariables(t *testing.T) {
	user := func(name string, more ...string) req {
		r := req{"aws:username": vs(name)}
		for i := 0; i+1 < len(more); i += 2 {
			r[more[i]] = vs(more[i+1])
		}
		return r
	}
	runEvalCases(t, []evalCase{
		{"like/home dir", "StringLike", "s3:prefix", vs("${aws:username}/*"), user("David", "s3:prefix", "David/notes.txt"), true, true},
		{"like/other user's dir", "StringLike", "s3:prefix", vs("${aws:username}/*"), user("David", "s3:prefix", "Adele/notes.txt"), true, false},
		{"like/operator page list", "StringLike", "s3:prefix", vs("", "home/", "home/${aws:username}/"), user("bob", "s3:prefix", "home/bob/"), true, true},
		{"like/operator page list other", "StringLike", "s3:prefix", vs("", "home/", "home/${aws:username}/"), user("bob", "s3:prefix", "home/alice/"), true, false},
		// The SNS example: sns:endpoint like https://example.com/${aws:username}/.
		{"like/sns endpoint", "StringLike", "sns:endpoint", vs("https://example.com/${aws:username}/"), user("bob", "sns:endpoint", "https://example.com/bob/"), true, true},
		// Key names in variables are case-insensitive.
		{"key case", "StringEquals", "s3:prefix", vs("${AWS:UserName}"), user("bob", "s3:prefix", "bob"), true, true},
		{"equals/tag variable", "StringEquals", "s3:ExistingObjectTag/Team", vs("${aws:PrincipalTag/Team}"), req{"aws:PrincipalTag/Team": vs("red"), "s3:ExistingObjectTag/Team": vs("red")}, true, true},
		{"equals/tag variable other", "StringEquals", "s3:ExistingObjectTag/Team", vs("${aws:PrincipalTag/Team}"), req{"aws:PrincipalTag/Team": vs("red"), "s3:ExistingObjectTag/Team": vs("blue")}, true, false},
		{"ignore case/variable", "StringEqualsIgnoreCase", "k", vs("${aws:username}"), user("Bob", "k", "BOB"), true, true},
		{"arn/account variable", "ArnLike", "aws:SourceArn", vs("arn:aws:sns:*:${aws:PrincipalAccount}:*"), req{"aws:PrincipalAccount": vs("123456789012"), "aws:SourceArn": vs("arn:aws:sns:us-east-1:123456789012:t")}, true, true},
		{"arn/account variable other", "ArnLike", "aws:SourceArn", vs("arn:aws:sns:*:${aws:PrincipalAccount}:*"), req{"aws:PrincipalAccount": vs("111111111111"), "aws:SourceArn": vs("arn:aws:sns:us-east-1:123456789012:t")}, true, false},
		{"arn/whole ARN variable", "ArnEquals", "aws:SourceArn", vs("${aws:PrincipalArn}"), req{"aws:PrincipalArn": vs("arn:aws:iam::1:role/r"), "aws:SourceArn": vs("arn:aws:iam::1:role/r")}, true, true},
		// The operators page allows variables with Bool.
		{"bool/variable", "Bool", "aws:SecureTransport", vs("${aws:ViaAWSService}"), req{"aws:ViaAWSService": vs("true"), "aws:SecureTransport": vs("true")}, true, true},
		{"bool/variable other", "Bool", "aws:SecureTransport", vs("${aws:ViaAWSService}"), req{"aws:ViaAWSService": vs("false"), "aws:SecureTransport": vs("true")}, true, false},
		// Special characters: ${*} ${?} ${$} match literally.
		{"special/star literal", "StringLike", "k", vs("a${*}b"), req{"k": vs("a*b")}, true, true},
		{"special/star not wildcard", "StringLike", "k", vs("a${*}b"), req{"k": vs("axb")}, true, false},
		{"special/question literal", "StringLike", "k", vs("what${?}"), req{"k": vs("what?")}, true, true},
		{"special/question not wildcard", "StringLike", "k", vs("what${?}"), req{"k": vs("whatx")}, true, false},
		{"special/dollar", "StringEquals", "k", vs("cost${$}"), req{"k": vs("cost$")}, true, true},
		{"special/star in equals", "StringEquals", "k", vs("${*}"), req{"k": vs("*")}, true, true},
		{"special/plain star still wildcard", "StringLike", "k", vs("${*}*"), req{"k": vs("*anything")}, true, true},
		// Substituted text matches literally (the documentation is silent; a
		// value must not widen the pattern).
		{"value wildcard literal", "StringLike", "k", vs("home/${aws:PrincipalTag/dir}"), req{"aws:PrincipalTag/dir": vs("*"), "k": vs("home/secret")}, true, false},
		{"value wildcard literal exact", "StringLike", "k", vs("home/${aws:PrincipalTag/dir}"), req{"aws:PrincipalTag/dir": vs("*"), "k": vs("home/*")}, true, true},
		// Defaults: ${aws:PrincipalTag/team, 'company-wide'}.
		{"default/used", "StringEquals", "k", vs("bucket-${aws:PrincipalTag/team, 'company-wide'}"), req{"k": vs("bucket-company-wide")}, true, true},
		{"default/not used", "StringEquals", "k", vs("bucket-${aws:PrincipalTag/team, 'company-wide'}"), req{"aws:PrincipalTag/team": vs("yellow"), "k": vs("bucket-yellow")}, true, true},
		{"default/not used other", "StringEquals", "k", vs("bucket-${aws:PrincipalTag/team, 'company-wide'}"), req{"aws:PrincipalTag/team": vs("yellow"), "k": vs("bucket-company-wide")}, true, false},
		// No value: "StringEquals or StringLike do not match ... Inverted
		// condition operators like StringNotEquals or StringNotLike do match
		// against a null value".
		{"no value/equals", "StringEquals", "s3:ExistingObjectTag/Team", vs("${aws:PrincipalTag/Team}"), req{"s3:ExistingObjectTag/Team": vs("red")}, true, false},
		{"no value/like", "StringLike", "s3:prefix", vs("${aws:username}/*"), req{"s3:prefix": vs("/x")}, true, false},
		{"no value/not equals (doc Deny example)", "StringNotEquals", "s3:ExistingObjectTag/Team", vs("${aws:PrincipalTag/Team}"), req{"s3:ExistingObjectTag/Team": vs("red")}, true, true},
		{"no value/not like", "StringNotLike", "s3:prefix", vs("${aws:username}/*"), req{"s3:prefix": vs("/x")}, true, true},
		{"no value/other values still match", "StringEquals", "k", vs("${aws:username}", "fixed"), req{"k": vs("fixed")}, true, true},
		{"no value/empty string is not no value", "StringEquals", "k", vs("x${aws:username}"), req{"aws:username": vs(""), "k": vs("x")}, true, true},
		{"no value/multivalued key is no value", "StringEquals", "k", vs("${aws:TagKeys}"), req{"aws:TagKeys": vs("a", "b"), "k": vs("a")}, true, false},
		{"no value/ForAllValues negated", "ForAllValues:StringNotEquals", "aws:TagKeys", vs("${aws:PrincipalTag/reserved}"), req{"aws:TagKeys": vs("a", "b")}, true, true},
		{"no value/ForAnyValue", "ForAnyValue:StringEquals", "aws:TagKeys", vs("${aws:PrincipalTag/reserved}"), req{"aws:TagKeys": vs("a", "b")}, true, false},
		// Variables off (Version 2008-10-17 or none): ${...} is literal text.
		{"off/literal equals", "StringEquals", "k", vs("${aws:username}"), user("bob", "k", "${aws:username}"), false, true},
		{"off/not substituted", "StringEquals", "k", vs("${aws:username}"), user("bob", "k", "bob"), false, false},
		{"off/like literal braces", "StringLike", "k", vs("${aws:username}/*"), user("bob", "k", "${aws:username}/x"), false, true},
		{"off/special literal", "StringLike", "k", vs("a${*}b"), req{"k": vs("a${xyz}b")}, false, true},
		{"off/no value negated", "StringNotEquals", "k", vs("${aws:PrincipalTag/x}"), req{"k": vs("red")}, false, true},
		{"off/bool literal never matches", "Bool", "aws:SecureTransport", vs("${aws:ViaAWSService}"), req{"aws:ViaAWSService": vs("true"), "aws:SecureTransport": vs("true")}, false, false},
		// Numeric, Date, IP, Binary and Null do not take variables
		// (reference_policies_variables.md): ${...} stays text that is not of
		// the type, so it matches nothing.
		{"numeric/not substituted", "NumericEquals", "k", vs("${aws:MultiFactorAuthAge}"), req{"aws:MultiFactorAuthAge": vs("5"), "k": vs("5")}, true, false},
		{"numeric not equals/not substituted", "NumericNotEquals", "k", vs("${aws:MultiFactorAuthAge}"), req{"aws:MultiFactorAuthAge": vs("5"), "k": vs("5")}, true, true},
		{"date/not substituted", "DateEquals", "aws:CurrentTime", vs("${aws:TokenIssueTime}"), req{"aws:TokenIssueTime": vs("2020-01-01"), "aws:CurrentTime": vs("2020-01-01")}, true, false},
		{"ip/not substituted", "IpAddress", "aws:SourceIp", vs("${aws:VpcSourceIp}"), req{"aws:VpcSourceIp": vs("10.0.0.1"), "aws:SourceIp": vs("10.0.0.1")}, true, false},
		{"null/not substituted", "Null", "k", vs("${aws:x}"), req{"aws:x": vs("true")}, true, false},
		// Malformed variables are literal text.
		{"malformed/unclosed", "StringEquals", "k", vs("${aws:username"), user("bob", "k", "${aws:username"), true, true},
		{"malformed/empty", "StringEquals", "k", vs("${}"), req{"k": vs("${}")}, true, true},
		{"malformed/bad default", "StringEquals", "k", vs("${aws:x, none}"), req{"k": vs("${aws:x, none}")}, true, true},
		{"two variables", "StringEquals", "k", vs("${aws:PrincipalTag/a}-${aws:PrincipalTag/b}"), req{"aws:PrincipalTag/a": vs("x"), "aws:PrincipalTag/b": vs("y"), "k": vs("x-y")}, true, true},
	})
}

// Substitute for Resource/NotResource elements: the result is a wildcard
// pattern. The examples are reference_policies_variables.md's resources.
func TestSubstitute(t *testing.T) {
	ctx := req{
		"aws:username":          vs("David"),
		"aws:PrincipalTag/team": vs("yellow"),
		"aws:PrincipalTag/odd":  vs("a*b?c"),
		"aws:TagKeys":           vs("a", "b"),
		"aws:PrincipalTag/none": vs(),
	}.context()
	star, quest := string(wildcard.LiteralStar), string(wildcard.LiteralQuestion)
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"arn:aws:s3:::mybucket/${aws:username}/*", "arn:aws:s3:::mybucket/David/*", true},
		{"arn:aws:sqs:us-east-2:*:${aws:username}-queue", "arn:aws:sqs:us-east-2:*:David-queue", true},
		{"arn:aws:iam::account-id:user/${AWS:USERNAME}", "arn:aws:iam::account-id:user/David", true},
		{"arn:aws:s3:::bucket/${aws:PrincipalTag/department}", "", false},
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET-${aws:PrincipalTag/team, 'company-wide'}", "arn:aws:s3:::DOC-EXAMPLE-BUCKET-yellow", true},
		{"arn:aws:s3:::DOC-EXAMPLE-BUCKET-${aws:PrincipalTag/dept, 'company-wide'}", "arn:aws:s3:::DOC-EXAMPLE-BUCKET-company-wide", true},
		{"arn:aws:s3:::b-${aws:PrincipalTag/dept,'x'}", "arn:aws:s3:::b-x", true},
		{"arn:aws:s3:::b-${aws:PrincipalTag/dept, 'a*'}", "arn:aws:s3:::b-a" + star, true},
		{"arn:aws:s3:::b/${*}/${?}/${$}/*?", "arn:aws:s3:::b/" + star + "/" + quest + "/$/*?", true},
		{"arn:aws:s3:::b/${aws:PrincipalTag/odd}", "arn:aws:s3:::b/a" + star + "b" + quest + "c", true},
		{"arn:aws:s3:::b/${aws:TagKeys}", "", false},
		{"arn:aws:s3:::b/${aws:PrincipalTag/none}", "", false},
		{"no variables *", "no variables *", true},
		{"", "", true},
		{"${", "${", true},
		{"${aws:username", "${aws:username", true},
		{"$${aws:username}}", "$David}", true},
		{"${aws:username}${aws:username}", "DavidDavid", true},
	}
	for _, tc := range cases {
		got, ok := Substitute(tc.in, ctx)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("Substitute(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	// The result is a pattern: literal characters from values match only themselves.
	p, _ := Substitute("arn:aws:s3:::b/${aws:PrincipalTag/odd}/*", ctx)
	if !wildcard.Match(p, "arn:aws:s3:::b/a*b?c/file") || wildcard.Match(p, "arn:aws:s3:::b/aXXbYc/file") {
		t.Errorf("pattern %q does not keep substituted * and ? literal", p)
	}
	if got, ok := Substitute("x/${aws:username}", nil); ok || got != "" {
		t.Errorf("Substitute with nil context = %q, %v; want no value", got, ok)
	}
}
