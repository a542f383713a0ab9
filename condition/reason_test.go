package condition

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// Mismatch is for a person: the failing condition, the values compared and a
// one-line reason.
func TestMismatchContents(t *testing.T) {
	cases := []struct {
		name    string
		cond    Condition
		req     req
		vars    bool
		present bool
		policy  []string
		reason  []string // substrings
	}{
		{"ip", Condition{"IpAddress", "aws:SourceIp", vs("203.0.113.0/24")}, req{"aws:SourceIp": vs("198.51.100.7")}, false, true,
			vs("203.0.113.0/24"), vs("aws:SourceIp 198.51.100.7 is not in 203.0.113.0/24")},
		{"string list", Condition{"StringEquals", "aws:PrincipalTag/team", vs("blue", "red")}, req{"aws:PrincipalTag/team": vs("green")}, false, true,
			vs("blue", "red"), vs(`aws:PrincipalTag/team "green" does not equal any of "blue", "red"`)},
		{"absent", Condition{"StringLike", "s3:prefix", vs("home/*")}, nil, false, false,
			vs("home/*"), vs("s3:prefix is not in the request", "StringLike")},
		{"negated", Condition{"StringNotEquals", "aws:PrincipalAccount", vs("111122223333")}, req{"aws:PrincipalAccount": vs("111122223333")}, false, true,
			vs("111122223333"), vs(`"111122223333" equals "111122223333"`, "StringNotEquals excludes")},
		{"numeric", Condition{"NumericLessThanEquals", "s3:max-keys", vs("10")}, req{"s3:max-keys": vs("20")}, false, true,
			vs("10"), vs("s3:max-keys 20 is not less than or equal to 10")},
		{"not a number", Condition{"NumericLessThanEquals", "s3:max-keys", vs("10")}, req{"s3:max-keys": vs("lots")}, false, true,
			vs("10"), vs(`s3:max-keys value "lots" is not a number`)},
		{"date", Condition{"DateGreaterThan", "aws:TokenIssueTime", vs("2020-01-01T00:00:01Z")}, req{"aws:TokenIssueTime": vs("2019-05-05T00:00:00Z")}, false, true,
			vs("2020-01-01T00:00:01Z"), vs("is not after 2020-01-01T00:00:01Z")},
		{"bool", Condition{"Bool", "aws:SecureTransport", vs("false")}, req{"aws:SecureTransport": vs("true")}, false, true,
			vs("false"), vs("aws:SecureTransport true is not false")},
		{"null true", Condition{"Null", "aws:TokenIssueTime", vs("true")}, req{"aws:TokenIssueTime": vs("x")}, false, true,
			vs("true"), vs("is present", `Null "true"`)},
		{"null false", Condition{"Null", "aws:TokenIssueTime", vs("false")}, nil, false, false,
			vs("false"), vs("is not in the request", `Null "false"`)},
		{"for all", Condition{"ForAllValues:StringEquals", "dynamodb:Attributes", vs("PostDateTime", "Message", "Tags")}, req{"dynamodb:Attributes": vs("PostDateTime", "UserName")}, false, true,
			vs("PostDateTime", "Message", "Tags"), vs(`value "UserName" does not equal any of`, "ForAllValues")},
		{"for all negated", Condition{"ForAllValues:StringNotLike", "aws:TagKeys", vs("aws:*")}, req{"aws:TagKeys": vs("team", "aws:x")}, false, true,
			vs("aws:*"), vs(`"aws:x" matches "aws:*"`, "ForAllValues:StringNotLike excludes")},
		{"for any", Condition{"ForAnyValue:StringEquals", "aws:TagKeys", vs("a")}, req{"aws:TagKeys": vs("b", "c")}, false, true,
			vs("a"), vs(`no request value of aws:TagKeys ("b", "c") equals "a"`)},
		{"for any empty", Condition{"ForAnyValue:StringEquals", "aws:TagKeys", vs("a")}, req{"aws:TagKeys": vs()}, false, true,
			vs("a"), vs("has no values", "ForAnyValue")},
		{"for any negated", Condition{"ForAnyValue:StringNotEquals", "aws:TagKeys", vs("a", "b")}, req{"aws:TagKeys": vs("a")}, false, true,
			vs("a", "b"), vs("every request value", "ForAnyValue:StringNotEquals")},
		{"variable resolved", Condition{"StringLike", "s3:prefix", vs("home/${aws:username}/*")}, req{"aws:username": vs("bob"), "s3:prefix": vs("home/alice/")}, true, true,
			vs("home/bob/*"), vs(`"home/alice/" does not match "home/bob/*"`)},
		{"variable missing", Condition{"StringEquals", "s3:ExistingObjectTag/Team", vs("${aws:PrincipalTag/Team}")}, req{"s3:ExistingObjectTag/Team": vs("red")}, true, true,
			vs("${aws:PrincipalTag/Team}"), vs("${aws:PrincipalTag/Team} has no value in the request")},
		{"numeric variable", Condition{"NumericEquals", "k", vs("${aws:x}")}, req{"k": vs("1"), "aws:x": vs("1")}, true, true,
			vs("${aws:x}"), vs("policy variables cannot be used with Numeric operators")},
		{"null variable", Condition{"Null", "k", vs("${aws:x}")}, req{"aws:x": vs("true")}, true, false,
			vs("${aws:x}"), vs("policy variables cannot be used with Null operators")},
		{"variables off", Condition{"Bool", "k", vs("${aws:x}")}, req{"k": vs("true"), "aws:x": vs("true")}, false, true,
			vs("${aws:x}"), vs("Version 2012-10-17")},
		{"arn short", Condition{"ArnLike", "aws:SourceArn", vs("arn:aws:sns:*")}, req{"aws:SourceArn": vs("arn:aws:sns:us-east-1:1:t")}, false, true,
			vs("arn:aws:sns:*"), vs("is not an ARN")},
		{"multi request", Condition{"StringEquals", "aws:TagKeys", vs("a")}, req{"aws:TagKeys": vs("b", "c")}, false, true,
			vs("a"), vs(`no request value of aws:TagKeys ("b", "c") equals "a"`)},
	}
	for _, tc := range cases {
		c, err := Compile(Block{{Operator: "StringLike", Key: "other", Values: vs("*")}, tc.cond})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		r := tc.req
		if r == nil {
			r = req{}
		}
		r["other"] = vs("x")
		ok, m := c.Eval(r.context(), Options{Variables: tc.vars})
		if ok || m == nil {
			t.Errorf("%s: Eval = %v, %v; want a mismatch", tc.name, ok, m)
			continue
		}
		if m.Index != 1 || m.Operator != tc.cond.Operator || m.Key != tc.cond.Key || m.KeyPresent != tc.present {
			t.Errorf("%s: mismatch header %+v", tc.name, m)
		}
		if strings.Join(m.PolicyValues, "|") != strings.Join(tc.policy, "|") {
			t.Errorf("%s: PolicyValues = %q, want %q", tc.name, m.PolicyValues, tc.policy)
		}
		if tc.present && strings.Join(m.RequestValues, "|") != strings.Join(tc.req[tc.cond.Key], "|") {
			t.Errorf("%s: RequestValues = %q", tc.name, m.RequestValues)
		}
		if !tc.present && m.RequestValues != nil {
			t.Errorf("%s: RequestValues = %q for an absent key, want nil", tc.name, m.RequestValues)
		}
		if strings.ContainsAny(m.Reason, "\n") {
			t.Errorf("%s: reason is not one line: %q", tc.name, m.Reason)
		}
		for _, want := range tc.reason {
			if !strings.Contains(m.Reason, want) {
				t.Errorf("%s: reason %q does not contain %q", tc.name, m.Reason, want)
			}
		}
	}
}

// The shortcuts of the reason writer agree with what they stand for:
// quote with strconv.Quote, bare with "no rune that needsQuote".
func FuzzQuoteAndBare(f *testing.F) {
	for _, s := range []string{"", "plain", `q"uote`, `back\slash`, "tab\t", "\x7f", "é", "a,b", "a b", "\xff", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := quote(s), strconv.Quote(s); got != want {
			t.Fatalf("quote(%q) = %s, want %s", s, got, want)
		}
		if got, want := bare(s), strings.IndexFunc(s, needsQuote) < 0; got != want {
			t.Fatalf("bare(%q) = %v, want %v", s, got, want)
		}
	})
}

// EvalInto writes into the Mismatch it is given what Eval returns, whatever
// that Mismatch held before: a key present with many values, then an absent
// key (RequestValues nil again), then a key present with no values (an
// empty, not nil, list), one Mismatch reused throughout.
func TestEvalIntoReusesMismatch(t *testing.T) {
	steps := []struct {
		block Block
		req   req
	}{
		{Block{{"StringEquals", "aws:TagKeys", vs("a", "b", "c", "d", "e")}}, req{"aws:TagKeys": vs("x", "y", "z", "w", "v", "u")}},
		{Block{{"StringLike", "s3:prefix", vs("home/*")}}, nil},
		{Block{{"StringEquals", "aws:PrincipalTag/team", vs("blue")}}, req{"aws:PrincipalTag/team": vs()}},
		{Block{{"Null", "aws:TokenIssueTime", vs("false")}}, nil},
	}
	var reused Mismatch
	for i, s := range steps {
		c, err := Compile(s.block)
		if err != nil {
			t.Fatal(err)
		}
		ok, want := c.Eval(s.req.context(), Options{})
		okInto, got := c.EvalInto(s.req.context(), Options{}, &reused)
		if ok || okInto {
			t.Fatalf("step %d: the condition held", i)
		}
		if got != &reused {
			t.Errorf("step %d: EvalInto did not write into the Mismatch it was given", i)
		}
		if !reflect.DeepEqual(*got, *want) {
			t.Errorf("step %d: EvalInto %+v, Eval %+v", i, *got, *want)
		}
		if (got.RequestValues == nil) != (want.RequestValues == nil) || (got.PolicyValues == nil) != (want.PolicyValues == nil) {
			t.Errorf("step %d: nil lists differ: EvalInto %#v %#v, Eval %#v %#v", i, got.RequestValues, got.PolicyValues, want.RequestValues, want.PolicyValues)
		}
	}
}
