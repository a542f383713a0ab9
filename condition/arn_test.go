package condition

import "testing"

// ARN operators: "Case-sensitive matching of the ARN. Each of the six
// colon-delimited components of the ARN is checked separately and each can
// include multi-character match wildcards (*) or single-character match
// wildcards (?). The ArnEquals and ArnLike condition operators behave
// identically." (reference_policies_elements_condition_operators.md,
// "Amazon Resource Name (ARN) condition operators").
func TestArnOperators(t *testing.T) {
	arn := func(v string) req { return req{"aws:SourceArn": vs(v)} }
	docPattern := vs("arn:aws:someservice:*:111122223333:finance/*")
	docValue := "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
	topic := "arn:aws:sns:us-east-2:123456789012:TOPIC-ID"
	var cases []evalCase
	for _, op := range []string{"ArnEquals", "ArnLike"} {
		cases = append(cases, []evalCase{
			// The page's example: StringLike matches, ArnLike does not.
			{op + "/doc example", op, "aws:SourceArn", docPattern, arn(docValue), false, false},
			{op + "/doc pattern own account", op, "aws:SourceArn", docPattern, arn("arn:aws:someservice:us-east-2:111122223333:finance/doc.txt"), false, true},
			// The page's SQS example: an exact topic ARN.
			{op + "/exact", op, "aws:SourceArn", vs(topic), arn(topic), false, true},
			{op + "/exact other topic", op, "aws:SourceArn", vs(topic), arn("arn:aws:sns:us-east-2:123456789012:OTHER"), false, false},
			{op + "/case-sensitive", op, "aws:SourceArn", vs(topic), arn("arn:aws:sns:us-east-2:123456789012:topic-id"), false, false},
			{op + "/wildcards in ArnEquals too", op, "aws:SourceArn", vs("arn:aws:sns:*:123456789012:*"), arn(topic), false, true},
			{op + "/question", op, "aws:SourceArn", vs("arn:aws:sns:us-east-?:123456789012:TOPIC-ID"), arn(topic), false, true},
			{op + "/question too short", op, "aws:SourceArn", vs("arn:aws:sns:us-east-2?:123456789012:TOPIC-ID"), arn(topic), false, false},
			{op + "/star stays in region", op, "aws:SourceArn", vs("arn:aws:sns:*:TOPIC-ID"), arn(topic), false, false},
			{op + "/resource keeps colons", op, "aws:SourceArn", vs("arn:aws:logs:us-east-1:123456789012:log-group:/aws/*"), arn("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda:*"), false, true},
			{op + "/star in resource spans colons", op, "aws:SourceArn", vs("arn:aws:logs:*:*:*"), arn("arn:aws:logs:us-east-1:123456789012:log-group:x:log-stream:y"), false, true},
			{op + "/empty region and account", op, "aws:SourceArn", vs("arn:aws:s3:::bucket-*"), arn("arn:aws:s3:::bucket-1"), false, true},
			{op + "/empty region needed", op, "aws:SourceArn", vs("arn:aws:s3:::bucket-*"), arn("arn:aws:s3:us-east-1::bucket-1"), false, false},
			{op + "/star component matches empty", op, "aws:SourceArn", vs("arn:aws:s3:*:*:bucket-1"), arn("arn:aws:s3:::bucket-1"), false, true},
			{op + "/OR", op, "aws:SourceArn", vs("arn:aws:sns:*:111111111111:*", "arn:aws:sns:*:123456789012:*"), arn(topic), false, true},
			// A request value that is not an ARN matches nothing.
			{op + "/request not an arn", op, "aws:SourceArn", vs("arn:aws:sns:*:*:*"), arn("sns-topic"), false, false},
			// "*" alone matches any value (documentation silent).
			{op + "/star alone", op, "aws:SourceArn", vs("*"), arn(topic), false, true},
			// Fewer than six components never match (documentation silent).
			{op + "/short pattern", op, "aws:SourceArn", vs("arn:aws:sns:*"), arn(topic), false, false},
		}...)
	}
	for _, op := range []string{"ArnNotEquals", "ArnNotLike"} {
		cases = append(cases, []evalCase{
			{op + "/doc example", op, "aws:SourceArn", docPattern, arn(docValue), false, true},
			{op + "/match", op, "aws:SourceArn", vs("arn:aws:sns:*:123456789012:*"), arn(topic), false, false},
			{op + "/no match", op, "aws:SourceArn", vs("arn:aws:sns:*:111111111111:*"), arn(topic), false, true},
			{op + "/NOR", op, "aws:SourceArn", vs("arn:aws:sns:*:111111111111:*", "arn:aws:sns:*:123456789012:*"), arn(topic), false, false},
			// "If the policy condition requires that the key is not matched,
			// such as ... ArnNotLike, and the right key is not present, the
			// condition is true."
			{op + "/key absent", op, "aws:SourceArn", vs("arn:aws:sns:*:*:*"), req{}, false, true},
		}...)
	}
	// StringLike on the same doc example: "the match succeeds".
	cases = append(cases, evalCase{"StringLike/doc example", "StringLike", "aws:SourceArn", docPattern, arn(docValue), false, true})
	runEvalCases(t, cases)
}

func TestSplitARN(t *testing.T) {
	p, ok := splitARN("arn:aws:iam::123456789012:role/a:b")
	want := arnParts{"arn", "aws", "iam", "", "123456789012", "role/a:b"}
	if !ok || p != want {
		t.Errorf("splitARN = %q, %v; want %q", p, ok, want)
	}
	if _, ok := splitARN("arn:aws:iam::123"); ok {
		t.Error("splitARN of four colons succeeded")
	}
}
