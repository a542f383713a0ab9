// Package condition evaluates the Condition element of IAM policies: every
// operator, the IfExists suffix, the ForAllValues:/ForAnyValue: set
// qualifiers, and policy variables.
package condition

// Condition is one operator/key pair of a Condition block as written in the
// policy, e.g. {"StringLike": {"s3:prefix": ["home/*"]}}. JSON booleans and
// numbers in the policy arrive here as their text ("true", "10").
type Condition struct {
	Operator string // as written, e.g. "ForAnyValue:StringLikeIfExists"
	Key      string // as written, e.g. "aws:PrincipalTag/team"
	Values   []string
}

// Block is a whole Condition element in document order. All its conditions
// must hold for the statement to apply.
type Block []Condition

// Options say how a block is evaluated.
type Options struct {
	// Variables turns on ${...} substitution in condition values. Only
	// policies with Version "2012-10-17" get it; older ones take ${...}
	// literally (reference_policies_variables.md).
	Variables bool
}

// Mismatch explains why a block did not hold: the first condition that failed,
// with the values compared, so a trace can show it to a person.
type Mismatch struct {
	Index         int      `json:"index"`         // position of the failing condition in the Block
	Operator      string   `json:"operator"`      // as written in the policy
	Key           string   `json:"key"`           // as written in the policy
	PolicyValues  []string `json:"policyValues"`  // after variable substitution
	RequestValues []string `json:"requestValues"` // nil when the key is absent from the request
	KeyPresent    bool     `json:"keyPresent"`
	Reason        string   `json:"reason"` // one short human sentence, e.g. "aws:SourceIp 198.51.100.7 is not in 203.0.113.0/24"
}

// CompileError reports a condition that cannot be valid: an unknown operator,
// or a policy value that is not of the operator's type.
type CompileError struct {
	Index    int // position in the Block
	Operator string
	Key      string
	Msg      string // what was expected, e.g. "expected an IPv4 or IPv6 CIDR, got \"10.0.0.300/8\""
}

func (e *CompileError) Error() string { return e.Operator + "." + e.Key + ": " + e.Msg }
