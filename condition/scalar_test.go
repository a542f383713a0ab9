package condition

import "testing"

// Bool: "restrict access based on comparing a key to "true" or "false""
// (reference_policies_elements_condition_operators.md, "Boolean condition
// operators"). Binary: "compares the value of the specified key byte for
// byte against a base-64 encoded representation of the binary value in the
// policy" (same page, "Binary condition operators"). Null: "true (the key
// doesn't exist — it is null) or false (the key exists and its value is not
// null)" (same page, "Condition operator to check existence of condition keys").
func TestBoolBinaryNull(t *testing.T) {
	st := func(v string) req { return req{"aws:SecureTransport": vs(v)} }
	bin := func(v string) req { return req{"k": vs(v)} }
	const b64 = "QmluYXJ5VmFsdWVJbkJhc2U2NA==" // "BinaryValueInBase64", the page's example
	runEvalCases(t, []evalCase{
		// The page's example denies when SecureTransport is false.
		{"bool/false matches false", "Bool", "aws:SecureTransport", vs("false"), st("false"), false, true},
		{"bool/true does not match false", "Bool", "aws:SecureTransport", vs("false"), st("true"), false, false},
		{"bool/true", "Bool", "aws:SecureTransport", vs("true"), st("true"), false, true},
		{"bool/case of request", "Bool", "aws:SecureTransport", vs("true"), st("TRUE"), false, true},
		{"bool/case of policy", "Bool", "aws:SecureTransport", vs("True"), st("true"), false, true},
		{"bool/either", "Bool", "aws:SecureTransport", vs("true", "false"), st("false"), false, true},
		{"bool/request not a bool", "Bool", "aws:SecureTransport", vs("true"), st("1"), false, false},
		{"bool/absent", "Bool", "aws:SecureTransport", vs("false"), req{}, false, false},
		{"bool/absent IfExists", "BoolIfExists", "aws:MultiFactorAuthPresent", vs("false"), req{}, false, true},
		{"bool/IfExists present", "BoolIfExists", "aws:MultiFactorAuthPresent", vs("false"), req{"aws:MultiFactorAuthPresent": vs("true")}, false, false},
		{"binary/same bytes", "BinaryEquals", "k", vs(b64), bin(b64), false, true},
		{"binary/unpadded request", "BinaryEquals", "k", vs(b64), bin("QmluYXJ5VmFsdWVJbkJhc2U2NA"), false, true},
		{"binary/other bytes", "BinaryEquals", "k", vs(b64), bin("QmluYXJ5"), false, false},
		{"binary/request not base64", "BinaryEquals", "k", vs(b64), bin("BinaryValueInBase64"), false, false},
		{"binary/OR", "BinaryEquals", "k", vs("AAEC", b64), bin("AAEC"), false, true},
		{"binary/absent", "BinaryEquals", "k", vs(b64), req{}, false, false},
		// The page's example: Null true, the user must not use temporary credentials.
		{"null/true absent", "Null", "aws:TokenIssueTime", vs("true"), req{}, false, true},
		{"null/true present", "Null", "aws:TokenIssueTime", vs("true"), req{"aws:TokenIssueTime": vs("2020-01-01T00:00:00Z")}, false, false},
		{"null/false present", "Null", "aws:TokenIssueTime", vs("false"), req{"aws:TokenIssueTime": vs("2020-01-01T00:00:00Z")}, false, true},
		{"null/false absent", "Null", "aws:TokenIssueTime", vs("false"), req{}, false, false},
		{"null/present empty string", "Null", "aws:RequestTag/env", vs("false"), req{"aws:RequestTag/env": vs("")}, false, true},
		// A key with an empty list of values is null (id_session-tags.md uses
		// Null false on sts:TransitiveTagKeys to require at least one).
		{"null/empty list is null", "Null", "sts:TransitiveTagKeys", vs("true"), req{"sts:TransitiveTagKeys": vs()}, false, true},
		{"null/empty list not present", "Null", "sts:TransitiveTagKeys", vs("false"), req{"sts:TransitiveTagKeys": vs()}, false, false},
		{"null/key case-insensitive", "Null", "AWS:TokenIssueTime", vs("false"), req{"aws:tokenissuetime": vs("x")}, false, true},
		{"null/True case", "Null", "aws:TokenIssueTime", vs("TRUE"), req{}, false, true},
	})
}
