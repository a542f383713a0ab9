// Package engine decides an AWS authorization request across every policy
// layer (identity, resource, permissions boundary, session, SCP, RCP, VPC
// endpoint) the way AWS documents it, and records a trace of why.
package engine

import (
	"time"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/policy"
)

// Decision is the outcome, named as AWS's own policy simulator names it.
type Decision string

const (
	Allowed      Decision = "allowed"
	ExplicitDeny Decision = "explicitDeny"
	ImplicitDeny Decision = "implicitDeny"
)

// Layer names a kind of policy that takes part in a decision.
type Layer string

const (
	LayerIdentity            Layer = "identity"
	LayerResource            Layer = "resource"
	LayerPermissionsBoundary Layer = "permissionsBoundary"
	LayerSession             Layer = "session"
	LayerSCP                 Layer = "scp"
	LayerRCP                 Layer = "rcp"
	LayerVPCEndpoint         Layer = "vpcEndpoint"
)

// layerOrder is the order of deniedBy and of the trace (DESIGN.md).
var layerOrder = [...]Layer{LayerIdentity, LayerResource, LayerPermissionsBoundary, LayerSession, LayerSCP, LayerRCP, LayerVPCEndpoint}

// NamedPolicy is a parsed policy with the name a trace shows for it (a
// policy ARN, an inline policy name, or a generated "identityPolicies[2]").
type NamedPolicy struct {
	Name   string
	Policy *policy.Policy
}

// Request is one API call to decide.
type Request struct {
	Principal arn.Principal
	Action    string // service:Action
	Resource  string // an ARN, or "*" for actions without a resource type
	// ResourceAccount owns the resource. Empty means the account in the
	// resource ARN or, where the ARN has none (S3), the principal's.
	ResourceAccount string
	// Context holds the request's condition keys; nil means none. Keys AWS
	// always sets are derived when absent (see deriveContext).
	Context *condition.Context
	// Now fills aws:CurrentTime and aws:EpochTime when the context lacks
	// them; the zero value means the time of evaluation.
	Now time.Time
}

// Policies are every policy that may apply to a request.
type Policies struct {
	Identity            []NamedPolicy
	Resource            *NamedPolicy
	PermissionsBoundary *NamedPolicy
	Session             *NamedPolicy
	VPCEndpoint         *NamedPolicy
	// SCPs and RCPs hold one list per organization level, root first,
	// account last. Nil means the account is not governed by them.
	SCPs [][]NamedPolicy
	RCPs [][]NamedPolicy
}

// Result is the decision with its trace (the result contract of DESIGN.md).
type Result struct {
	Decision Decision `json:"decision"`
	DeniedBy []Layer  `json:"deniedBy"`
	Message  string   `json:"message,omitempty"`
	Trace    Trace    `json:"trace"`

	quoted quoted // what Message quotes, for the JSON writer
}

// Trace shows how every layer, policy and statement took part.
type Trace struct {
	Principal       string       `json:"principal"`
	PrincipalKind   string       `json:"principalKind"`
	Action          string       `json:"action"`
	Resource        string       `json:"resource"`
	ResourceAccount string       `json:"resourceAccount,omitempty"`
	CrossAccount    bool         `json:"crossAccount"`
	ResourcePolicy  string       `json:"resourcePolicyKind,omitempty"` // "trust" or "key" when the resource policy must allow by itself
	DerivedContext  []string     `json:"derivedContext,omitempty"`     // context keys the engine filled in
	Layers          []LayerTrace `json:"layers"`
	Notes           []string     `json:"notes,omitempty"`
}

// LayerTrace is one layer's part in the decision.
type LayerTrace struct {
	Layer   Layer  `json:"layer"`
	Present bool   `json:"present"`
	Applies bool   `json:"applies"`
	Reason  string `json:"reason,omitempty"` // why the layer does not apply, or what it needed
	// Outcome: "explicitDeny", "allow", "noAllow" or "notApplicable".
	Outcome  string        `json:"outcome"`
	Policies []PolicyTrace `json:"policies,omitempty"`
}

// PolicyTrace is one policy of a layer.
type PolicyTrace struct {
	Name       string           `json:"name"`
	Level      *int             `json:"level,omitempty"` // organization level of an SCP or RCP, 0 = root
	Implied    bool             `json:"implied,omitempty"`
	Statements []StatementTrace `json:"statements"`

	// jsonSafe: the policy's strings need no escaping in JSON
	// (policy.Policy.JSONSafeStrings), so the writer copies them as they are.
	jsonSafe bool
}

// StatementTrace says whether one statement applied and, if not, the first
// element that did not match, with the values compared.
type StatementTrace struct {
	Index   int           `json:"index"`
	Sid     string        `json:"sid,omitempty"`
	Effect  policy.Effect `json:"effect"`
	Matched bool          `json:"matched"`
	Failed  string        `json:"failed,omitempty"` // action, notAction, resource, notResource, principal, notPrincipal, condition
	// Detail says in one sentence why the statement did not apply; see
	// Explanation, which also covers traces made by Evaluate, where the
	// sentence is written only when read.
	Detail    string              `json:"detail,omitempty"`
	Principal string              `json:"principalMatch,omitempty"` // how a resource-style statement's Principal matched
	Condition *condition.Mismatch `json:"condition,omitempty"`

	why why // the unwritten Detail of a statement Evaluate did not apply
}

// Explanation is the statement's Detail sentence ("" when it applied and
// there is nothing to say).
func (s *StatementTrace) Explanation() string {
	if s.Detail != "" || s.why.empty() {
		return s.Detail
	}
	return string(s.why.appendTo(nil))
}

// KnownLayer reports whether l is one of the layer names of the contract.
func KnownLayer(l Layer) bool {
	for _, k := range layerOrder {
		if k == l {
			return true
		}
	}
	return false
}

// LayerNames lists the layer names, comma-separated, for error messages.
func LayerNames() string {
	s := ""
	for i, l := range layerOrder {
		if i > 0 {
			s += ", "
		}
		s += string(l)
	}
	return s
}
