package account

import (
	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/policy"
)

// Query is one request to resolve against a snapshot.
type Query struct {
	// Principal is the caller's ARN: an IAM user, a role (standing for a
	// session of it), an assumed-role session, a federated user, an account
	// root, a service principal, or "anonymous" (arn.ParsePrincipal).
	Principal string
	Action    string // service:Action
	Resource  string // an ARN; "" or "*" for actions without a resource
	// Context holds condition keys the caller knows; they win over the
	// values the snapshot supplies. It is not modified.
	Context *condition.Context
	// SessionPolicy is the session policy passed to AssumeRole* or
	// GetFederationToken, if any; SessionPolicyName names it in the trace
	// (default "session policy").
	SessionPolicy     *policy.Policy
	SessionPolicyName string
	// SourceVPCE is the VPC endpoint the request came through (vpce-...):
	// its policy applies and aws:SourceVpce is set.
	SourceVPCE string
	// FederatedBy names the IAM user (name or ARN) that called
	// GetFederationToken, for a federated-user principal: a federated
	// session's ARN does not say, and its permissions are that user's.
	FederatedBy string
	// Strict makes Resolve fail when the snapshot lacks data the request
	// needs, instead of listing it in Unknowns.
	Strict bool
}

// Resolved is a request made ready for engine.Evaluate, with what the
// snapshot could not tell.
type Resolved struct {
	Request  engine.Request
	Policies engine.Policies
	// Unknowns are sentences naming data the request needed and the
	// snapshot lacks, each saying what the answer assumed instead, e.g.
	// "no SCP data for account 111122223333: the answer assumes none apply".
	Unknowns []string
	// Notes are facts about how the snapshot was read that change the
	// answer without being gaps ("SCPs do not apply to the management
	// account 111122223333").
	Notes []string
	// Sources say where each policy came from, in the order the layers
	// list them.
	Sources []Source
}

// Evaluate decides the resolved request.
func (r *Resolved) Evaluate() engine.Result { return engine.Evaluate(r.Request, &r.Policies) }
