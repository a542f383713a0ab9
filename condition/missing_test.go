package condition

import (
	"strings"
	"testing"
)

// "If the key that you specify in a policy condition is not present in the
// request context, the values do not match and the condition is false. If the
// policy condition requires that the key is not matched, such as StringNotLike
// or ArnNotLike, and the right key is not present, the condition is true. This
// logic applies to all condition operators except ...IfExists and Null check."
// And for IfExists: "If the key is not present, evaluate the condition element
// as true." (reference_policies_elements_condition_operators.md, the Important
// note and "...IfExists condition operators".) Checked for every operator.
func TestMissingKeyEveryOperator(t *testing.T) {
	sample := map[family]string{
		famString: "x", famNumeric: "1", famDate: "2020-01-01", famBool: "true",
		famBinary: "AAEC", famIP: "10.0.0.0/8", famArn: "arn:aws:sns:*:*:*",
	}
	var cases []evalCase
	for i := range baseOps {
		spec := &baseOps[i]
		if spec.fam == famNull {
			continue
		}
		v := vs(sample[spec.fam])
		for _, r := range []struct {
			what string
			req  req
		}{{"absent", req{"other": vs("x")}}, {"empty list", req{"k": vs()}}} {
			cases = append(cases,
				evalCase{spec.name + "/" + r.what, spec.name, "k", v, r.req, false, spec.negated},
				evalCase{spec.name + "IfExists/" + r.what, spec.name + "IfExists", "k", v, r.req, false, true},
				evalCase{"ForAllValues:" + spec.name + "/" + r.what, "ForAllValues:" + spec.name, "k", v, r.req, false, true},
				evalCase{"ForAnyValue:" + spec.name + "/" + r.what, "ForAnyValue:" + spec.name, "k", v, r.req, false, false},
				evalCase{"ForAnyValue:" + spec.name + "IfExists/" + r.what, "ForAnyValue:" + spec.name + "IfExists", "k", v, r.req, false, true},
			)
		}
	}
	runEvalCases(t, cases)
}

// IfExists changes nothing when the key is present; the page's example:
// StringLikeIfExists on ec2:InstanceType. With a negated operator in a Deny,
// "the request is still denied even if the tag is missing": the negated
// operator is true both with and without IfExists.
func TestIfExistsWithKeyPresent(t *testing.T) {
	types := vs("t1.*", "t2.*", "m3.*")
	it := func(v string) req { return req{"ec2:InstanceType": vs(v)} }
	runEvalCases(t, []evalCase{
		{"like/present match", "StringLikeIfExists", "ec2:InstanceType", types, it("t2.micro"), false, true},
		{"like/present miss", "StringLikeIfExists", "ec2:InstanceType", types, it("c5.large"), false, false},
		{"like/absent (image, key pair...)", "StringLikeIfExists", "ec2:InstanceType", types, req{}, false, true},
		{"like without IfExists/absent", "StringLike", "ec2:InstanceType", types, req{}, false, false},
		{"not equals/absent", "StringNotEqualsIfExists", "aws:ResourceTag/team", vs("blue"), req{}, false, true},
		{"not equals/present other", "StringNotEqualsIfExists", "aws:ResourceTag/team", vs("blue"), req{"aws:ResourceTag/team": vs("red")}, false, true},
		{"not equals/present same", "StringNotEqualsIfExists", "aws:ResourceTag/team", vs("blue"), req{"aws:ResourceTag/team": vs("blue")}, false, false},
		{"numeric/present", "NumericLessThanIfExists", "aws:MultiFactorAuthAge", vs("3600"), req{"aws:MultiFactorAuthAge": vs("4000")}, false, false},
		{"ip/present", "IpAddressIfExists", "aws:SourceIp", vs("10.0.0.0/8"), req{"aws:SourceIp": vs("10.9.9.9")}, false, true},
		{"date/present", "DateLessThanIfExists", "aws:CurrentTime", vs("2020-01-01"), req{"aws:CurrentTime": vs("2021-01-01")}, false, false},
		{"arn/present", "ArnNotLikeIfExists", "aws:SourceArn", vs("arn:aws:sns:*:*:*"), req{"aws:SourceArn": vs("arn:aws:sns:us-east-1:1:t")}, false, false},
	})
}

// Several conditions in a block are ANDed; so are several keys under one
// operator, and several operators (reference_policies_multi-value-conditions.md,
// "Evaluation logic for conditions with multiple keys or values": the
// department/role/PrincipalAccount example).
func TestBlockIsANDed(t *testing.T) {
	b := Block{
		{Operator: "StringEqualsIgnoreCase", Key: "aws:PrincipalTag/department", Values: vs("finance", "hr", "legal")},
		{Operator: "StringEqualsIgnoreCase", Key: "aws:PrincipalTag/role", Values: vs("audit", "security")},
		{Operator: "StringEquals", Key: "aws:PrincipalAccount", Values: vs("123456789012")},
	}
	c, err := Compile(b)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		req  req
		want bool
		idx  int
	}{
		{"all hold", req{"aws:PrincipalTag/department": vs("HR"), "aws:PrincipalTag/role": vs("audit"), "aws:PrincipalAccount": vs("123456789012")}, true, -1},
		{"department fails", req{"aws:PrincipalTag/department": vs("sales"), "aws:PrincipalTag/role": vs("audit"), "aws:PrincipalAccount": vs("123456789012")}, false, 0},
		{"role missing", req{"aws:PrincipalTag/department": vs("legal"), "aws:PrincipalAccount": vs("123456789012")}, false, 1},
		{"account fails", req{"aws:PrincipalTag/department": vs("legal"), "aws:PrincipalTag/role": vs("security"), "aws:PrincipalAccount": vs("999999999999")}, false, 2},
		{"first failure reported", req{"aws:PrincipalAccount": vs("999999999999")}, false, 0},
		{"empty context", nil, false, 0},
	}
	for _, tc := range cases {
		got, m := c.Eval(tc.req.context(), Options{})
		if got != tc.want {
			t.Errorf("%s: Eval = %v, want %v", tc.name, got, tc.want)
			continue
		}
		if !got && (m == nil || m.Index != tc.idx || m.Key != b[tc.idx].Key) {
			t.Errorf("%s: mismatch %+v, want index %d", tc.name, m, tc.idx)
		}
	}
	if got, _ := c.Eval(nil, Options{}); got {
		t.Error("nil context: Eval = true, want false")
	}
}

func TestMissingKeyReason(t *testing.T) {
	c, _ := Compile(Block{{Operator: "StringEquals", Key: "aws:PrincipalTag/job-category", Values: vs("iamuser-admin")}})
	_, m := c.Eval(NewContext(), Options{})
	if m == nil || m.KeyPresent || m.RequestValues != nil || !strings.Contains(m.Reason, "is not in the request") {
		t.Errorf("mismatch %+v: want an absent key explained", m)
	}
}
