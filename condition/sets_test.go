package condition

import "testing"

// ForAllValues / ForAnyValue: reference_policies_multi-value-conditions.md,
// "Using multiple keys and values", the DynamoDB examples and "Evaluation
// logic for multiple values with condition set operators".
func TestSetQualifiers(t *testing.T) {
	attrs := func(v ...string) req { return req{"dynamodb:Attributes": v} }
	tags := func(v ...string) req { return req{"aws:TagKeys": v} }
	allowed := vs("ID", "Message", "Tags")
	forbidden := vs("ID", "PostDateTime")
	table := vs("PostDateTime", "Message", "Tags")
	runEvalCases(t, []evalCase{
		// ForAllValues:StringEquals with ID, Message, Tags: Message and Tags allowed.
		{"all/doc subset", "ForAllValues:StringEquals", "dynamodb:Attributes", allowed, attrs("Message", "Tags"), false, true},
		{"all/doc with ID", "ForAllValues:StringEquals", "dynamodb:Attributes", allowed, attrs("ID", "Message", "Tags"), false, true},
		// "if the user's request includes the UserName attribute, the request fails".
		{"all/doc UserName", "ForAllValues:StringEquals", "dynamodb:Attributes", allowed, attrs("Message", "UserName"), false, false},
		// The evaluation table: PostDateTime and UserName against PostDateTime, Message, Tags: false.
		{"all/doc table", "ForAllValues:StringEquals", "dynamodb:Attributes", table, attrs("PostDateTime", "UserName"), false, false},
		{"all/doc table single", "ForAllValues:StringEquals", "dynamodb:Attributes", table, attrs("PostDateTime"), false, true},
		// "It also returns true if there are no keys in the request, or if the
		// key values resolve to a null data set".
		{"all/absent", "ForAllValues:StringEquals", "dynamodb:Attributes", allowed, req{}, false, true},
		{"all/empty", "ForAllValues:StringEquals", "dynamodb:Attributes", allowed, attrs(), false, true},
		// ForAnyValue:StringEquals deny example: PostDateTime and Message hit PostDateTime.
		{"any/doc PostDateTime", "ForAnyValue:StringEquals", "dynamodb:Attributes", forbidden, attrs("PostDateTime", "Message"), false, true},
		// "a request to perform PutItem with just the UserName attribute ... The condition returns false".
		{"any/doc UserName", "ForAnyValue:StringEquals", "dynamodb:Attributes", forbidden, attrs("UserName"), false, false},
		// The evaluation table: UserName, Message, PostDateTime: the last test is true.
		{"any/doc table", "ForAnyValue:StringEquals", "dynamodb:Attributes", forbidden, attrs("UserName", "Message", "PostDateTime"), false, true},
		// "For no matching key or a null dataset, the condition returns false."
		{"any/absent", "ForAnyValue:StringEquals", "dynamodb:Attributes", forbidden, req{}, false, false},
		{"any/empty", "ForAnyValue:StringEquals", "dynamodb:Attributes", forbidden, attrs(), false, false},
		// Values with wildcards need StringLike.
		{"all/like", "ForAllValues:StringLike", "aws:TagKeys", vs("Created*", "Owner"), tags("CreatedBy", "CreatedAt", "Owner"), false, true},
		{"all/like miss", "ForAllValues:StringLike", "aws:TagKeys", vs("Created*"), tags("CreatedBy", "Owner"), false, false},
		{"any/like", "ForAnyValue:StringLike", "aws:PrincipalOrgPaths", vs("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"), req{"aws:PrincipalOrgPaths": vs("o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-33333333/")}, false, true},
		{"any/like miss", "ForAnyValue:StringLike", "aws:PrincipalOrgPaths", vs("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"), req{"aws:PrincipalOrgPaths": vs("o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/")}, false, false},
		// Set qualifiers with a single request value.
		{"all/single match", "ForAllValues:StringEquals", "aws:TagKeys", vs("a", "b"), tags("a"), false, true},
		{"any/single miss", "ForAnyValue:StringEquals", "aws:TagKeys", vs("a", "b"), tags("c"), false, false},
		// Negated operators with qualifiers, applied to each request value:
		// ForAllValues:StringNotEquals holds when no request value is listed,
		// ForAnyValue:StringNotEquals when at least one is not listed.
		{"all not/none listed", "ForAllValues:StringNotEquals", "aws:TagKeys", vs("DataClass", "Owner"), tags("Dept", "SIC"), false, true},
		{"all not/one listed", "ForAllValues:StringNotEquals", "aws:TagKeys", vs("DataClass", "Owner"), tags("Dept", "Owner"), false, false},
		{"all not/absent", "ForAllValues:StringNotEquals", "aws:TagKeys", vs("DataClass"), req{}, false, true},
		{"all not/empty", "ForAllValues:StringNotEquals", "aws:TagKeys", vs("DataClass"), tags(), false, true},
		{"any not/one unlisted", "ForAnyValue:StringNotEquals", "aws:TagKeys", vs("DataClass", "Owner"), tags("Dept", "DataClass"), false, true},
		{"any not/all listed", "ForAnyValue:StringNotEquals", "aws:TagKeys", vs("DataClass", "Owner"), tags("DataClass", "Owner"), false, false},
		{"any not/absent", "ForAnyValue:StringNotEquals", "aws:TagKeys", vs("DataClass"), req{}, false, false},
		{"any not/empty", "ForAnyValue:StringNotEquals", "aws:TagKeys", vs("DataClass"), tags(), false, false},
		{"any not like/unlisted", "ForAnyValue:StringNotLike", "aws:TagKeys", vs("aws:*"), tags("aws:cloudformation:stack", "team"), false, true},
		{"any not like/all listed", "ForAnyValue:StringNotLike", "aws:TagKeys", vs("aws:*"), tags("aws:x", "aws:y"), false, false},
		{"all not like", "ForAllValues:StringNotLike", "aws:TagKeys", vs("aws:*"), tags("team", "env"), false, true},
		{"all not like/one reserved", "ForAllValues:StringNotLike", "aws:TagKeys", vs("aws:*"), tags("team", "aws:x"), false, false},
		// IfExists with a qualifier: a missing key passes.
		{"any IfExists/absent", "ForAnyValue:StringEqualsIfExists", "aws:TagKeys", vs("a"), req{}, false, true},
		{"any IfExists/empty", "ForAnyValue:StringEqualsIfExists", "aws:TagKeys", vs("a"), tags(), false, true},
		{"any IfExists/present miss", "ForAnyValue:StringEqualsIfExists", "aws:TagKeys", vs("a"), tags("b"), false, false},
		{"all IfExists/present miss", "ForAllValues:StringLikeIfExists", "aws:TagKeys", vs("a*"), tags("ab", "b"), false, false},
		// Other families with qualifiers.
		{"all/ip", "ForAllValues:IpAddress", "k", vs("10.0.0.0/8"), req{"k": vs("10.1.1.1", "10.2.2.2")}, false, true},
		{"all/ip one outside", "ForAllValues:IpAddress", "k", vs("10.0.0.0/8"), req{"k": vs("10.1.1.1", "11.2.2.2")}, false, false},
		{"any/numeric", "ForAnyValue:NumericGreaterThan", "k", vs("10"), req{"k": vs("1", "20")}, false, true},
		{"all/numeric", "ForAllValues:NumericGreaterThan", "k", vs("10"), req{"k": vs("11", "20")}, false, true},
		{"all/numeric garbage", "ForAllValues:NumericGreaterThan", "k", vs("10"), req{"k": vs("11", "x")}, false, false},
		{"any/arn", "ForAnyValue:ArnLike", "k", vs("arn:aws:iam::*:role/admin-*"), req{"k": vs("arn:aws:iam::123456789012:role/dev", "arn:aws:iam::123456789012:role/admin-1")}, false, true},
		{"all/date", "ForAllValues:DateLessThan", "k", vs("2021-01-01"), req{"k": vs("2020-01-01", "2020-06-01")}, false, true},
	})
}

// A plain (unqualified) operator on several request values. The
// documentation only says to use set operators with multivalued keys. The
// choice here: a positive operator holds when any request value matches any
// policy value; a negated operator is its exact negation (no request value
// matches any listed value).
func TestUnqualifiedMultiValued(t *testing.T) {
	tags := func(v ...string) req { return req{"aws:TagKeys": v} }
	runEvalCases(t, []evalCase{
		{"equals/any matches", "StringEquals", "aws:TagKeys", vs("team"), tags("env", "team"), false, true},
		{"equals/none matches", "StringEquals", "aws:TagKeys", vs("team"), tags("env", "owner"), false, false},
		{"not equals/one listed", "StringNotEquals", "aws:TagKeys", vs("team"), tags("env", "team"), false, false},
		{"not equals/none listed", "StringNotEquals", "aws:TagKeys", vs("team"), tags("env", "owner"), false, true},
		{"like/any", "StringLike", "aws:TagKeys", vs("t*"), tags("env", "team"), false, true},
		{"not ip/one inside", "NotIpAddress", "k", vs("10.0.0.0/8"), req{"k": vs("192.0.2.1", "10.0.0.1")}, false, false},
		{"empty list/positive", "StringEquals", "aws:TagKeys", vs("team"), tags(), false, false},
		{"empty list/negated", "StringNotEquals", "aws:TagKeys", vs("team"), tags(), false, true},
	})
}
