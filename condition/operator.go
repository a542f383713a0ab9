package condition

import (
	"strings"
)

// family is the type a condition operator reads its values as.
type family uint8

const (
	famString family = iota
	famNumeric
	famDate
	famBool
	famBinary
	famIP
	famArn
	famNull
)

// test is the positive comparison an operator makes between one request value
// and one policy value; negated operators are the negation of it.
type test uint8

const (
	tEquals test = iota
	tEqualsFold
	tLike
	tArn
	tIn
	tLess
	tLessEq
	tGreater
	tGreaterEq
	tNull
)

type qualifier uint8

const (
	qualNone qualifier = iota
	qualForAll
	qualForAny
)

// opSpec describes one base operator (no qualifier, no IfExists).
type opSpec struct {
	name    string
	fam     family
	test    test
	negated bool
	// pos and neg phrase the positive test for a reason sentence:
	// "<request> <neg> <policy>" or "<request> <pos> <policy>".
	pos, neg string
}

// baseOps is every operator of reference_policies_elements_condition_operators.md.
// It is a constant table: never written.
var baseOps = [...]opSpec{
	{"StringEquals", famString, tEquals, false, "equals", "does not equal"},
	{"StringNotEquals", famString, tEquals, true, "equals", "does not equal"},
	{"StringEqualsIgnoreCase", famString, tEqualsFold, false, "equals (ignoring case)", "does not equal (ignoring case)"},
	{"StringNotEqualsIgnoreCase", famString, tEqualsFold, true, "equals (ignoring case)", "does not equal (ignoring case)"},
	{"StringLike", famString, tLike, false, "matches", "does not match"},
	{"StringNotLike", famString, tLike, true, "matches", "does not match"},
	{"NumericEquals", famNumeric, tEquals, false, "equals", "does not equal"},
	{"NumericNotEquals", famNumeric, tEquals, true, "equals", "does not equal"},
	{"NumericLessThan", famNumeric, tLess, false, "is less than", "is not less than"},
	{"NumericLessThanEquals", famNumeric, tLessEq, false, "is less than or equal to", "is not less than or equal to"},
	{"NumericGreaterThan", famNumeric, tGreater, false, "is greater than", "is not greater than"},
	{"NumericGreaterThanEquals", famNumeric, tGreaterEq, false, "is greater than or equal to", "is not greater than or equal to"},
	{"DateEquals", famDate, tEquals, false, "is the same time as", "is not the same time as"},
	{"DateNotEquals", famDate, tEquals, true, "is the same time as", "is not the same time as"},
	{"DateLessThan", famDate, tLess, false, "is before", "is not before"},
	{"DateLessThanEquals", famDate, tLessEq, false, "is at or before", "is not at or before"},
	{"DateGreaterThan", famDate, tGreater, false, "is after", "is not after"},
	{"DateGreaterThanEquals", famDate, tGreaterEq, false, "is at or after", "is not at or after"},
	{"Bool", famBool, tEquals, false, "is", "is not"},
	{"BinaryEquals", famBinary, tEquals, false, "equals", "does not equal"},
	{"IpAddress", famIP, tIn, false, "is in", "is not in"},
	{"NotIpAddress", famIP, tIn, true, "is in", "is not in"},
	// ArnEquals and ArnLike "behave identically", as do their negations
	// (reference_policies_elements_condition_operators.md, ARN operators).
	{"ArnEquals", famArn, tArn, false, "matches", "does not match"},
	{"ArnLike", famArn, tArn, false, "matches", "does not match"},
	{"ArnNotEquals", famArn, tArn, true, "matches", "does not match"},
	{"ArnNotLike", famArn, tArn, true, "matches", "does not match"},
	{"Null", famNull, tNull, false, "is", "is not"},
}

const (
	prefixForAll = "ForAllValues:"
	prefixForAny = "ForAnyValue:"
	suffixExists = "IfExists"
)

// operator is a parsed operator name.
type operator struct {
	spec     *opSpec
	qual     qualifier
	ifExists bool
}

// parseOperator splits "ForAnyValue:StringLikeIfExists" into its parts.
// Operator names are matched case-sensitively: IAM rejects a policy with
// "stringEquals" as MalformedPolicyDocument ("Invalid Condition type"), so a
// wrong case is reported here instead of being silently accepted. The
// documentation itself does not say either way.
func parseOperator(name string) (operator, string) {
	var op operator
	rest := name
	switch {
	case strings.HasPrefix(rest, prefixForAll):
		op.qual, rest = qualForAll, rest[len(prefixForAll):]
	case strings.HasPrefix(rest, prefixForAny):
		op.qual, rest = qualForAny, rest[len(prefixForAny):]
	}
	base := rest
	if s, ok := strings.CutSuffix(rest, suffixExists); ok {
		base, op.ifExists = s, true
	}
	for i := range baseOps {
		if baseOps[i].name == base {
			op.spec = &baseOps[i]
			break
		}
	}
	if op.spec == nil {
		return op, unknownOperator(name)
	}
	if op.spec.fam == famNull {
		// reference_policies_elements_condition_operators.md, IfExists:
		// "add IfExists to the end of any condition operator name except
		// the Null condition". Null tests presence itself, so a set
		// qualifier has nothing to range over either.
		if op.ifExists {
			return op, "Null cannot take the IfExists suffix: it already tests whether the key exists"
		}
		if op.qual != qualNone {
			return op, "Null cannot take a ForAllValues:/ForAnyValue: qualifier: it tests whether the key exists, not its values"
		}
	}
	return op, ""
}

func unknownOperator(name string) string {
	msg := "unknown condition operator " + quote(name)
	if hint := caseHint(name); hint != "" {
		return msg + " (operator names are case-sensitive; did you mean " + quote(hint) + "?)"
	}
	return msg + "; expected a name such as StringEquals, StringLike, NumericLessThan, DateGreaterThan, Bool, IpAddress, ArnLike or Null, optionally prefixed ForAllValues:/ForAnyValue: and suffixed IfExists"
}

// caseHint returns the correctly cased spelling of name, if only case is wrong.
func caseHint(name string) string {
	rest, prefix := name, ""
	lower := strings.ToLower(rest)
	switch {
	case strings.HasPrefix(lower, strings.ToLower(prefixForAll)):
		prefix, rest = prefixForAll, rest[len(prefixForAll):]
	case strings.HasPrefix(lower, strings.ToLower(prefixForAny)):
		prefix, rest = prefixForAny, rest[len(prefixForAny):]
	}
	suffix := ""
	if len(rest) > len(suffixExists) && strings.EqualFold(rest[len(rest)-len(suffixExists):], suffixExists) {
		suffix, rest = suffixExists, rest[:len(rest)-len(suffixExists)]
	}
	for i := range baseOps {
		if strings.EqualFold(baseOps[i].name, rest) {
			return prefix + baseOps[i].name + suffix
		}
	}
	return ""
}
