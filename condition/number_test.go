package condition

import "testing"

// Numeric operators compare "an integer or decimal value"
// (reference_policies_elements_condition_operators.md, "Numeric condition
// operators"). The comparison is exact, so large integers do not collide.
func TestParseDecimalAndCompare(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"10", "10", 0},
		{"10", "010", 0},
		{"10", "10.0", 0},
		{"10.50", "10.5", 0},
		{"-0", "0", 0},
		{"+3", "3", 0},
		{"0.0", "-0.000", 0},
		{"9", "10", -1},
		{"10", "9", 1},
		{"-10", "-9", -1},
		{"-9", "-10", 1},
		{"-1", "1", -1},
		{"1", "-1", 1},
		{"0.5", "0.49", 1},
		{"0.5", "0.51", -1},
		{"1.05", "1.5", -1},
		{".5", "0.5", 0},
		{"5.", "5", 0},
		{"3600", "3600.0001", -1},
		{"9007199254740993", "9007199254740992", 1}, // float64 would call these equal
		{"123456789012345678901234567890", "123456789012345678901234567891", -1},
		{"-0.001", "0", -1},
	}
	for _, tc := range cases {
		a, ok1 := parseDecimal(tc.a)
		b, ok2 := parseDecimal(tc.b)
		if !ok1 || !ok2 {
			t.Errorf("parseDecimal(%q/%q) failed", tc.a, tc.b)
			continue
		}
		if got := cmpDecimal(a, b); got != tc.want {
			t.Errorf("cmp(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	for _, bad := range []string{"", "-", "+", ".", "1e3", "0x10", "1,000", " 1", "1 ", "NaN", "Infinity", "1.2.3", "--1", "١"} {
		if _, ok := parseDecimal(bad); ok {
			t.Errorf("parseDecimal(%q) succeeded, want failure", bad)
		}
	}
}

func TestNumericOperators(t *testing.T) {
	mfa := func(n string) req { return req{"aws:MultiFactorAuthAge": vs(n)} }
	keys := func(n string) req { return req{"s3:max-keys": vs(n)} }
	runEvalCases(t, []evalCase{
		// The page's example: s3:max-keys up to 10.
		{"lte/below", "NumericLessThanEquals", "s3:max-keys", vs("10"), keys("5"), false, true},
		{"lte/equal", "NumericLessThanEquals", "s3:max-keys", vs("10"), keys("10"), false, true},
		{"lte/above", "NumericLessThanEquals", "s3:max-keys", vs("10"), keys("11"), false, false},
		{"lte/decimal above", "NumericLessThanEquals", "s3:max-keys", vs("10"), keys("10.01"), false, false},
		// reference_policies_elements_condition.md: MFA in the last 3600 s.
		{"mfa/recent", "NumericLessThanEquals", "aws:MultiFactorAuthAge", vs("3600"), mfa("120"), false, true},
		{"mfa/old", "NumericLessThanEquals", "aws:MultiFactorAuthAge", vs("3600"), mfa("7200"), false, false},
		{"mfa/not present", "NumericLessThanEquals", "aws:MultiFactorAuthAge", vs("3600"), req{}, false, false},
		{"lt/below", "NumericLessThan", "k", vs("10"), req{"k": vs("9.999")}, false, true},
		{"lt/equal", "NumericLessThan", "k", vs("10"), req{"k": vs("10")}, false, false},
		{"lt/negative", "NumericLessThan", "k", vs("0"), req{"k": vs("-1")}, false, true},
		{"gt/above", "NumericGreaterThan", "k", vs("10"), req{"k": vs("11")}, false, true},
		{"gt/equal", "NumericGreaterThan", "k", vs("10"), req{"k": vs("10.0")}, false, false},
		{"gt/below", "NumericGreaterThan", "k", vs("10"), req{"k": vs("2")}, false, false},
		{"gte/equal", "NumericGreaterThanEquals", "k", vs("10"), req{"k": vs("10")}, false, true},
		{"gte/below", "NumericGreaterThanEquals", "k", vs("10"), req{"k": vs("9")}, false, false},
		{"eq/same", "NumericEquals", "k", vs("42"), req{"k": vs("42.00")}, false, true},
		{"eq/other", "NumericEquals", "k", vs("42"), req{"k": vs("43")}, false, false},
		{"eq/OR", "NumericEquals", "k", vs("1", "2", "3"), req{"k": vs("3")}, false, true},
		{"eq/big ints exact", "NumericEquals", "k", vs("9007199254740993"), req{"k": vs("9007199254740992")}, false, false},
		{"ne/other", "NumericNotEquals", "k", vs("1", "2"), req{"k": vs("3")}, false, true},
		{"ne/listed", "NumericNotEquals", "k", vs("1", "2"), req{"k": vs("2")}, false, false},
		// Values ORed: "less than any of" is "less than the largest".
		{"lt/OR of bounds", "NumericLessThan", "k", vs("5", "100"), req{"k": vs("50")}, false, true},
		// A request value that is not a number matches nothing: a positive
		// operator fails and its negation holds. The documentation is silent.
		{"eq/request not a number", "NumericEquals", "k", vs("1"), req{"k": vs("one")}, false, false},
		{"ne/request not a number", "NumericNotEquals", "k", vs("1"), req{"k": vs("one")}, false, true},
		{"lt/request empty", "NumericLessThan", "k", vs("1"), req{"k": vs("")}, false, false},
	})
}
