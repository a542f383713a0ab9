package policy

import "strconv"

// Kind is the kind of policy a document is used as; Validate applies the
// rules AWS enforces for it. The zero Kind is not a kind.
type Kind int

const (
	Identity            Kind = iota + 1 // identity-based policy of a user, group or role
	Resource                            // resource-based policy (bucket policy, queue policy...)
	Trust                               // role trust policy
	KeyPolicy                           // AWS KMS key policy
	PermissionsBoundary                 // permissions boundary of a user or role
	Session                             // session policy passed to AssumeRole* or GetFederationToken
	SCP                                 // AWS Organizations service control policy
	RCP                                 // AWS Organizations resource control policy
	VPCEndpoint                         // VPC endpoint policy
)

var kindNames = [...]string{
	Identity:            "identity",
	Resource:            "resource",
	Trust:               "trust",
	KeyPolicy:           "keyPolicy",
	PermissionsBoundary: "permissionsBoundary",
	Session:             "session",
	SCP:                 "scp",
	RCP:                 "rcp",
	VPCEndpoint:         "vpcEndpoint",
}

// plural names a kind in error messages.
var kindPlurals = [...]string{
	Identity:            "identity-based policies",
	Resource:            "resource-based policies",
	Trust:               "role trust policies",
	KeyPolicy:           "key policies",
	PermissionsBoundary: "permissions boundaries",
	Session:             "session policies",
	SCP:                 "SCPs",
	RCP:                 "RCPs",
	VPCEndpoint:         "VPC endpoint policies",
}

// String returns the kind's identifier; where a kind is also a layer of the
// scenario result (DESIGN.md), the two names are the same.
func (k Kind) String() string {
	if k.valid() {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

func (k Kind) valid() bool { return k >= Identity && k <= VPCEndpoint }

func (k Kind) plural() string { return kindPlurals[k] }

// iam reports whether IAM itself stores the policy, which makes IAM's rules
// on Sid apply (reference_policies_grammar.md, sid_string: "For IAM
// policies, basic alphanumeric characters ... are the only allowed
// characters").
func (k Kind) iam() bool {
	switch k {
	case Identity, PermissionsBoundary, Trust, Session:
		return true
	}
	return false
}

// identityLike kinds are attached to (or passed for) an identity, which is
// their implicit principal.
func (k Kind) identityLike() bool {
	switch k {
	case Identity, PermissionsBoundary, Session:
		return true
	}
	return false
}
