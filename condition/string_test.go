package condition

import "testing"

// String operators: reference_policies_elements_condition_operators.md,
// "String condition operators" (StringEquals exact and case-sensitive,
// IgnoreCase variants, StringLike with * and ? anywhere, negations), and the
// multiple-values rule of reference_policies_multi-value-conditions.md
// (values of one key ORed; negated operators: the value must match none).
func TestStringOperators(t *testing.T) {
	runEvalCases(t, []evalCase{
		// The page's example: aws:PrincipalTag/job-category must be iamuser-admin.
		{"equals/doc example", "StringEquals", "aws:PrincipalTag/job-category", vs("iamuser-admin"), req{"aws:PrincipalTag/job-category": vs("iamuser-admin")}, false, true},
		{"equals/other value", "StringEquals", "aws:PrincipalTag/job-category", vs("iamuser-admin"), req{"aws:PrincipalTag/job-category": vs("dev")}, false, false},
		// reference_policies_elements_condition.md: StringEquals johndoe does not match JohnDoe.
		{"equals/case-sensitive", "StringEquals", "aws:username", vs("johndoe"), req{"aws:username": vs("JohnDoe")}, false, false},
		{"equals/ignore case", "StringEqualsIgnoreCase", "aws:username", vs("johndoe"), req{"aws:username": vs("JohnDoe")}, false, true},
		{"equals/ignore case other", "StringEqualsIgnoreCase", "aws:username", vs("johndoe"), req{"aws:username": vs("janedoe")}, false, false},
		{"equals/no wildcards", "StringEquals", "s3:prefix", vs("home/*"), req{"s3:prefix": vs("home/x")}, false, false},
		{"equals/star is literal", "StringEquals", "s3:prefix", vs("home/*"), req{"s3:prefix": vs("home/*")}, false, true},
		{"equals/empty string", "StringEquals", "s3:prefix", vs(""), req{"s3:prefix": vs("")}, false, true},
		{"equals/empty vs text", "StringEquals", "s3:prefix", vs(""), req{"s3:prefix": vs("a")}, false, false},
		{"equals/unicode", "StringEquals", "aws:username", vs("José"), req{"aws:username": vs("José")}, false, true},
		{"equals/prefix is not equal", "StringEquals", "k", vs("abc"), req{"k": vs("ab")}, false, false},
		{"equals/key case-insensitive", "StringEquals", "AWS:SourceIP", vs("x"), req{"aws:SourceIp": vs("x")}, false, true},
		// Multiple values are ORed.
		{"equals/OR first", "StringEqualsIgnoreCase", "aws:PrincipalTag/department", vs("finance", "hr", "legal"), req{"aws:PrincipalTag/department": vs("finance")}, false, true},
		{"equals/OR last", "StringEqualsIgnoreCase", "aws:PrincipalTag/department", vs("finance", "hr", "legal"), req{"aws:PrincipalTag/department": vs("LEGAL")}, false, true},
		{"equals/OR none", "StringEqualsIgnoreCase", "aws:PrincipalTag/department", vs("finance", "hr", "legal"), req{"aws:PrincipalTag/department": vs("sales")}, false, false},
		// Negated: the value must match none of the listed values (NOR).
		{"not equals/none listed", "StringNotEquals", "aws:PrincipalAccount", vs("111122223333", "444455556666"), req{"aws:PrincipalAccount": vs("777788889999")}, false, true},
		{"not equals/one listed", "StringNotEquals", "aws:PrincipalAccount", vs("111122223333", "444455556666"), req{"aws:PrincipalAccount": vs("444455556666")}, false, false},
		{"not equals/case differs", "StringNotEquals", "aws:username", vs("johndoe"), req{"aws:username": vs("JohnDoe")}, false, true},
		{"not equals ignore case/same", "StringNotEqualsIgnoreCase", "aws:username", vs("johndoe"), req{"aws:username": vs("JohnDoe")}, false, false},
		{"not equals ignore case/other", "StringNotEqualsIgnoreCase", "aws:username", vs("johndoe", "bob"), req{"aws:username": vs("alice")}, false, true},
		// StringLike: * any run (also none), ? exactly one character.
		{"like/star suffix", "StringLike", "s3:prefix", vs("home/*"), req{"s3:prefix": vs("home/bob/file")}, false, true},
		{"like/star matches none", "StringLike", "s3:prefix", vs("home/*"), req{"s3:prefix": vs("home/")}, false, true},
		{"like/star prefix miss", "StringLike", "s3:prefix", vs("home/*"), req{"s3:prefix": vs("Home/bob")}, false, false},
		{"like/star middle", "StringLike", "ec2:InstanceType", vs("t*.micro"), req{"ec2:InstanceType": vs("t3a.micro")}, false, true},
		{"like/question one", "StringLike", "ec2:InstanceType", vs("t?.micro"), req{"ec2:InstanceType": vs("t3.micro")}, false, true},
		{"like/question not two", "StringLike", "ec2:InstanceType", vs("t?.micro"), req{"ec2:InstanceType": vs("t3a.micro")}, false, false},
		{"like/question not zero", "StringLike", "ec2:InstanceType", vs("t?.micro"), req{"ec2:InstanceType": vs("t.micro")}, false, false},
		{"like/exact without wildcard", "StringLike", "s3:prefix", vs("home"), req{"s3:prefix": vs("home/x")}, false, false},
		{"like/case-sensitive", "StringLike", "s3:prefix", vs("home/*"), req{"s3:prefix": vs("HOME/x")}, false, false},
		// The IfExists page's instance types.
		{"like/OR t2", "StringLike", "ec2:InstanceType", vs("t1.*", "t2.*", "m3.*"), req{"ec2:InstanceType": vs("t2.micro")}, false, true},
		{"like/OR miss", "StringLike", "ec2:InstanceType", vs("t1.*", "t2.*", "m3.*"), req{"ec2:InstanceType": vs("c5.large")}, false, false},
		// The operators page's s3:prefix list includes "": an empty prefix.
		{"like/empty pattern", "StringLike", "s3:prefix", vs("", "home/"), req{"s3:prefix": vs("")}, false, true},
		{"like/empty pattern miss", "StringLike", "s3:prefix", vs("", "home/"), req{"s3:prefix": vs("x")}, false, false},
		{"like/star alone", "StringLike", "aws:PrincipalTag/CostCenter", vs("*"), req{"aws:PrincipalTag/CostCenter": vs("")}, false, true},
		{"not like/miss", "StringNotLike", "s3:prefix", vs("home/*", "tmp/*"), req{"s3:prefix": vs("etc/passwd")}, false, true},
		{"not like/hit", "StringNotLike", "s3:prefix", vs("home/*", "tmp/*"), req{"s3:prefix": vs("tmp/x")}, false, false},
		{"not like/question", "StringNotLike", "k", vs("a?c"), req{"k": vs("abc")}, false, false},
		// reference_policies_variables.md: condition values with a cost center.
		{"like/cost center", "StringLike", "iam:ResourceTag/costCenter", vs("12345", "67890"), req{"iam:ResourceTag/costCenter": vs("67890")}, false, true},
		{"like/cost center other", "StringLike", "iam:ResourceTag/costCenter", vs("12345", "67890"), req{"iam:ResourceTag/costCenter": vs("11111")}, false, false},
	})
}
