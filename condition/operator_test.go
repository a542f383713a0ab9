package condition

import (
	"errors"
	"strings"
	"testing"
)

// Every operator of reference_policies_elements_condition_operators.md, with
// the IfExists suffix ("...IfExists" section: any operator except Null) and the
// set qualifiers (reference_policies_multi-value-conditions.md), compiles.
func TestCompileAcceptsEveryOperatorForm(t *testing.T) {
	valueFor := map[string]string{
		"String": "x", "Numeric": "1", "Date": "2020-01-01T00:00:00Z", "Bool": "true",
		"Binary": "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "IpAddress": "203.0.113.0/24", "NotIpAddress": "203.0.113.0/24",
		"Arn": "arn:aws:sns:us-east-1:123456789012:topic", "Null": "true",
	}
	names := []string{
		"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
		"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
		"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
		"Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
	}
	for _, n := range names {
		v := ""
		for prefix, val := range valueFor {
			if strings.HasPrefix(n, prefix) {
				v = val
			}
		}
		for _, q := range []string{"", "ForAllValues:", "ForAnyValue:"} {
			for _, s := range []string{"", "IfExists"} {
				op := q + n + s
				if _, err := Compile(Block{{Operator: op, Key: "k", Values: vs(v)}}); err != nil {
					t.Errorf("Compile(%s %q): %v", op, v, err)
				}
			}
		}
	}
	if _, err := Compile(Block{{Operator: "Null", Key: "k", Values: vs("false")}}); err != nil {
		t.Errorf("Null: %v", err)
	}
}

// Compile errors. Operator names: the documentation does not say whether they
// are case-sensitive; IAM rejects "stringEquals" as MalformedPolicyDocument
// ("Invalid Condition type"), so they are matched exactly.
func TestCompileErrors(t *testing.T) {
	cases := []struct {
		op, key string
		values  []string
		msg     string // substring of the message
	}{
		{"StringEqual", "k", vs("x"), "unknown condition operator \"StringEqual\""},
		{"stringEquals", "k", vs("x"), "did you mean \"StringEquals\""},
		{"forallvalues:stringlikeifexists", "k", vs("x"), "did you mean \"ForAllValues:StringLikeIfExists\""},
		{"ForAllValue:StringLike", "k", vs("x"), "unknown condition operator"},
		{"ForAllValues:ForAnyValue:StringLike", "k", vs("x"), "unknown condition operator"},
		{"StringLikeIfExistsIfExists", "k", vs("x"), "unknown condition operator"},
		{"IfExists", "k", vs("x"), "unknown condition operator"},
		{"", "k", vs("x"), "unknown condition operator"},
		// ...IfExists: "except the Null condition".
		{"NullIfExists", "k", vs("true"), "Null cannot take the IfExists suffix"},
		{"ForAnyValue:Null", "k", vs("true"), "Null cannot take a ForAllValues:/ForAnyValue: qualifier"},
		{"StringEquals", "", vs("x"), "expected a condition key"},
		{"StringEquals", "k", nil, "expected at least one value"},
		{"NumericLessThanEquals", "s3:max-keys", vs("ten"), "expected an integer or decimal number, got \"ten\""},
		{"NumericEquals", "k", vs("1e3"), "expected an integer or decimal number"},
		{"NumericEquals", "k", vs(" 1"), "expected an integer or decimal number"},
		{"DateGreaterThan", "aws:TokenIssueTime", vs("yesterday"), "expected an ISO 8601 date"},
		{"DateLessThan", "aws:CurrentTime", vs("2020-02-30T00:00:00Z"), "expected an ISO 8601 date"},
		{"Bool", "aws:SecureTransport", vs("yes"), "expected \"true\" or \"false\", got \"yes\""},
		{"Null", "aws:TokenIssueTime", vs("1"), "expected \"true\" or \"false\""},
		{"BinaryEquals", "k", vs("not base64!"), "expected base64-encoded bytes"},
		{"IpAddress", "aws:SourceIp", vs("10.0.0.300/8"), "expected an IPv4 or IPv6 CIDR or address, got \"10.0.0.300/8\""},
		{"NotIpAddress", "aws:SourceIp", vs("203.0.113.0/33"), "expected an IPv4 or IPv6 CIDR"},
		{"IpAddress", "aws:SourceIp", vs("fe80::1%eth0"), "expected an IPv4 or IPv6 CIDR"},
	}
	for _, tc := range cases {
		b := Block{{Operator: "StringEquals", Key: "ok", Values: vs("fine")}, {Operator: tc.op, Key: tc.key, Values: tc.values}}
		c, err := Compile(b)
		if err == nil {
			t.Errorf("Compile(%q %q %q) = %v, want an error", tc.op, tc.key, tc.values, c)
			continue
		}
		var ce *CompileError
		if !errors.As(err, &ce) {
			t.Errorf("Compile(%q): error %T is not a *CompileError", tc.op, err)
			continue
		}
		if ce.Index != 1 || ce.Operator != tc.op || ce.Key != tc.key {
			t.Errorf("Compile(%q): error fields %+v, want index 1 and the operator/key as written", tc.op, ce)
		}
		if !strings.Contains(ce.Msg, tc.msg) {
			t.Errorf("Compile(%q %q): message %q does not contain %q", tc.op, tc.values, ce.Msg, tc.msg)
		}
		if !strings.Contains(err.Error(), tc.key) {
			t.Errorf("Error() %q does not name the key", err.Error())
		}
	}
}

// A value with a ${...} policy variable is not rejected at Compile even where
// it is not of the operator's type: it is resolved, or found literal, at Eval.
func TestCompileDefersValuesWithVariables(t *testing.T) {
	for _, op := range []string{"NumericEquals", "DateLessThan", "Bool", "BinaryEquals", "IpAddress", "Null"} {
		if _, err := Compile(Block{{Operator: op, Key: "k", Values: vs("${aws:username}")}}); err != nil {
			t.Errorf("Compile(%s ${aws:username}): %v", op, err)
		}
	}
}

func TestCompiledKeysAndBlock(t *testing.T) {
	b := Block{
		{Operator: "StringEquals", Key: "aws:PrincipalTag/team", Values: vs("${aws:username}", "x")},
		{Operator: "StringLike", Key: "AWS:principaltag/TEAM", Values: vs("${AWS:UserName}/*")},
		{Operator: "IpAddress", Key: "aws:SourceIp", Values: vs("203.0.113.0/24")},
		{Operator: "ArnLike", Key: "aws:SourceArn", Values: vs("arn:aws:sns:*:${aws:PrincipalAccount}:*")},
		// Numeric operators do not substitute, so their ${...} is not read.
		{Operator: "NumericEquals", Key: "s3:max-keys", Values: vs("${aws:MultiFactorAuthAge}")},
	}
	c, err := Compile(b)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"aws:PrincipalTag/team", "aws:username", "aws:SourceIp", "aws:SourceArn", "aws:PrincipalAccount", "s3:max-keys"}
	if got := c.Keys(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Keys() = %q, want %q", got, want)
	}
	b[0].Values[1] = "changed"
	if got := c.Block()[0].Values[1]; got != "x" {
		t.Errorf("Block() shares the caller's slice: got %q", got)
	}
	if len(c.Block()) != len(b) {
		t.Errorf("Block() has %d conditions, want %d", len(c.Block()), len(b))
	}
}

func TestEmptyAndNilBlocks(t *testing.T) {
	c, err := Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	if ok, m := c.Eval(nil, Options{}); !ok || m != nil {
		t.Errorf("empty block: Eval = %v, %v; want true, nil", ok, m)
	}
	var nilc *Compiled
	if ok, _ := nilc.Eval(NewContext(), Options{}); !ok {
		t.Error("nil *Compiled: Eval = false, want true")
	}
	if nilc.Keys() != nil || nilc.Block() != nil {
		t.Error("nil *Compiled: Keys/Block should be nil")
	}
}
