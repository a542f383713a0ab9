package engine

import (
	"fmt"
	"strings"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/policy"
)

// Evaluate decides req against ps. It never fails: whatever cannot be
// evaluated (an unknown principal kind, a missing policy) is decided as AWS
// would decide it and explained in the trace.
func Evaluate(req Request, ps *Policies) Result {
	if ps == nil {
		ps = &Policies{}
	}
	res := evaluate(req, ps, newTraceArena(ps))
	if res.Decision != Allowed {
		res.Message = res.quoted.build()
	}
	return res
}

// An Evaluator decides requests as Evaluate does, but keeps the memory of
// each trace for the next: the Result it returns (its trace and the slices
// in it) is valid only until its next Evaluate. For a batch that writes out
// each result before deciding the next request. The zero value is ready to
// use; an Evaluator is not safe for concurrent use.
type Evaluator struct {
	a *traceArena
	// Terse leaves a denied Result's Message empty; its AppendJSON and
	// MarshalJSON still write the message, straight into their output. For
	// a caller that only writes results as JSON: building the text to copy
	// it into the JSON was one of the larger allocations of a batch line.
	Terse bool
}

// Evaluate decides req against ps; see the package function Evaluate.
func (e *Evaluator) Evaluate(req Request, ps *Policies) Result {
	if ps == nil {
		ps = &Policies{}
	}
	e.a = e.a.reuse(ps)
	res := evaluate(req, ps, e.a)
	switch {
	case res.Decision == Allowed:
	case e.Terse:
		res.quoted.terse = true
	default:
		res.Message = res.quoted.build()
	}
	return res
}

func evaluate(req Request, ps *Policies, a *traceArena) Result {
	a.touched = touch(ps)
	p := req.Principal
	resARN := parseResource(req.Resource)
	resAcct := resourceAccount(req, resARN)
	ctx, derived := deriveContext(req, resAcct, resARN.Region, &a.derived, &a.clock)
	r := &request{principal: p, action: req.Action, actionKey: policy.NewActionKey(req.Action), resource: req.Resource, ctx: ctx}

	special := ResourcePolicyKind(req.Action, req.Resource)
	hasAccount := p.Kind != arn.Anonymous && p.Kind != arn.Service
	cross := hasAccount && resAcct != "" && resAcct != p.Account
	tr := Trace{
		Principal: p.ARN, PrincipalKind: p.Kind.String(), Action: req.Action, Resource: req.Resource,
		ResourceAccount: resAcct, CrossAccount: cross, ResourcePolicy: special, DerivedContext: derived,
	}

	var layers [len(layerOrder)]layerResult
	identityApplies := p.Kind == arn.User || p.IsSession()

	// Identity policies.
	switch {
	case identityApplies:
		layers[0] = evalLayer(LayerIdentity, ps.Identity, r, false, a)
		layers[0].trace.Present = len(ps.Identity) > 0
	case p.Kind == arn.Root:
		layers[0] = notApplicable(LayerIdentity, len(ps.Identity) > 0, "the root user has full access to its own account; identity policies do not apply to it")
		layers[0].allow = true
	default:
		layers[0] = notApplicable(LayerIdentity, len(ps.Identity) > 0, "an "+p.Kind.String()+" has no identity policies")
	}

	// Resource policy.
	if ps.Resource != nil {
		layers[1] = evalLayer(LayerResource, []NamedPolicy{*ps.Resource}, r, true, a)
	} else {
		layers[1] = absent(LayerResource)
	}

	// Permissions boundary: it limits IAM users and roles, and so the
	// sessions made from them.
	switch {
	case ps.PermissionsBoundary == nil:
		layers[2] = absent(LayerPermissionsBoundary)
	case p.Kind == arn.User || p.IsSession():
		layers[2] = evalLayer(LayerPermissionsBoundary, []NamedPolicy{*ps.PermissionsBoundary}, r, false, a)
	default:
		layers[2] = notApplicable(LayerPermissionsBoundary, true, "permissions boundaries apply to IAM users and roles only")
	}

	// Session policy.
	switch {
	case ps.Session == nil:
		layers[3] = absent(LayerSession)
	case p.IsSession():
		layers[3] = evalLayer(LayerSession, []NamedPolicy{*ps.Session}, r, false, a)
	default:
		layers[3] = notApplicable(LayerSession, true, "session policies apply to role sessions and federated-user sessions only")
	}

	// SCPs limit the principals of member accounts.
	var scpGaps []int
	switch {
	case ps.SCPs == nil:
		layers[4] = absent(LayerSCP)
	case !hasAccount:
		layers[4] = notApplicable(LayerSCP, true, "SCPs limit principals of the organization's accounts; this caller is "+p.Kind.String())
	case p.IsServiceLinkedRole():
		layers[4] = notApplicable(LayerSCP, true, "SCPs do not restrict service-linked roles")
	default:
		layers[4], scpGaps = evalLevels(LayerSCP, ps.SCPs, r, false, false, a)
	}

	// RCPs limit what can be done to resources of member accounts.
	switch {
	case ps.RCPs == nil:
		layers[5] = absent(LayerRCP)
	case !rcpSupported(serviceOf(req.Action)):
		layers[5] = notApplicable(LayerRCP, true, "RCPs do not apply to "+serviceOf(req.Action)+" (not a service RCPs support)")
	case p.IsServiceLinkedRole():
		layers[5] = notApplicable(LayerRCP, true, "RCPs do not restrict service-linked roles")
	default:
		layers[5], _ = evalLevels(LayerRCP, ps.RCPs, r, true, true, a)
	}

	// VPC endpoint policy.
	if ps.VPCEndpoint != nil {
		layers[6] = evalLayer(LayerVPCEndpoint, []NamedPolicy{*ps.VPCEndpoint}, r, true, a)
	} else {
		layers[6] = absent(LayerVPCEndpoint)
	}

	deniedBy := a.deniedBy[:0]
	decision := Allowed
	for i := range layers {
		if layers[i].trace.Applies && layers[i].deny {
			deniedBy = append(deniedBy, layerOrder[i])
		}
	}
	if len(deniedBy) > 0 {
		decision = ExplicitDeny
	} else {
		missing, notes := gates(p, cross, special, layers[:], ps)
		tr.Notes = append(tr.Notes, notes...)
		if len(scpGaps) > 0 {
			tr.Notes = append(tr.Notes, fmt.Sprintf("no SCP allows %s at organization level(s) %v (0 = root)", req.Action, scpGaps))
		}
		for i, l := range layerOrder {
			if missing[i] {
				deniedBy = append(deniedBy, l)
			}
		}
		if len(deniedBy) > 0 {
			decision = ImplicitDeny
		}
	}
	for i := range layers {
		a.layers[i] = layers[i].trace
	}
	tr.Layers = a.layers[:]
	res := Result{Decision: decision, DeniedBy: deniedBy, Trace: tr}
	if decision != Allowed {
		res.quoted = message(req, decision, deniedBy, special, cross, layers[:])
	}
	return res
}

// gates applies the allow logic of reference_policies_evaluation-logic.md
// (same account) and reference_policies_evaluation-logic-cross-account.md,
// and returns the layers whose missing Allow blocks the request.
func gates(p arn.Principal, cross bool, special string, l []layerResult, ps *Policies) (missing [len(layerOrder)]bool, notes []string) {
	id, res, bnd, ses, scp, vpce := &l[0], &l[1], &l[2], &l[3], &l[4], &l[6]
	resPresent := ps.Resource != nil

	if scp.trace.Applies && !scp.allow {
		missing[iSCP] = true
	}
	if vpce.trace.Applies && !vpce.allow {
		missing[iVPCEndpoint] = true
	}

	switch p.Kind {
	case arn.Anonymous:
		if !(res.allow && res.allowBy == arn.MatchEveryone) {
			missing[iResource] = true
			notes = append(notes, "an anonymous request is allowed only by a resource policy that grants to Principal \"*\"")
		}
		return missing, notes
	case arn.Service:
		if !res.allow {
			missing[iResource] = true
			notes = append(notes, "a service principal is allowed only by a resource policy that names it")
		}
		return missing, notes
	}

	// A resource-policy allow that names the user or the session itself
	// passes the boundary gate; only one naming the session passes the
	// session gate (reference_policies_evaluation-logic.md, table "Resource-based
	// policies and implicit denies in other policy types").
	direct := res.allow && res.allowBy.LiftsBoundary() && !cross
	directSession := res.allow && res.allowBy.LiftsSessionPolicy() && !cross

	if cross {
		if !id.allow {
			missing[iIdentity] = true
		}
		if !res.allow {
			missing[iResource] = true
			if !resPresent {
				notes = append(notes, "cross-account access needs a resource-based policy in the resource's account that allows the caller; there is none")
			}
		}
	} else if special != "" {
		// Trust and key policies must allow by themselves; naming the account
		// delegates to IAM, so then an identity allow is needed too.
		switch {
		case !res.allow:
			missing[iResource] = true
			if special == "key" {
				notes = append(notes, "a KMS key policy must allow access; identity policies alone never grant access to a key")
			} else {
				notes = append(notes, "a role's trust policy must allow the caller to assume it")
			}
		case !res.allowNonAccount && !id.allow:
			missing[iIdentity] = true
			notes = append(notes, "the "+special+" policy delegates to the account's IAM policies (it names the account), and no identity-based policy allows the action")
		}
	} else if !id.allow && !(res.allow && res.allowNonAccount) {
		missing[iIdentity] = true
		if resPresent {
			missing[iResource] = true
		}
		if res.allow {
			notes = append(notes, "the resource policy names only the account, which delegates to IAM policies; it does not grant access by itself")
		}
	}

	if bnd.trace.Applies && !bnd.allow && !direct {
		missing[iBoundary] = true
	}
	if p.IsSession() {
		switch {
		case ses.trace.Applies:
			if !ses.allow && !directSession {
				missing[iSession] = true
			}
		case p.Kind == arn.FederatedUser && !directSession:
			// reference_policies_evaluation-logic.md, "Session policies": without a
			// session policy only role sessions are allowed.
			missing[iSession] = true
			notes = append(notes, "a federated-user session without a session policy has no permissions of its own")
		}
	}
	return missing, notes
}

// Positions of the layers in layerOrder, and so in the trace.
const (
	iIdentity = iota
	iResource
	iBoundary
	iSession
	iSCP
	iRCP
	iVPCEndpoint
)

// ResourcePolicyKind tells apart the resource policies that must allow by
// themselves: "trust" for a role trust policy (an sts: action on a role),
// "key" for a KMS key policy, "" for every other resource policy.
func ResourcePolicyKind(action, resource string) string {
	svc := serviceOf(action)
	switch {
	case strings.EqualFold(svc, "sts") && strings.Contains(resource, ":iam::") && strings.Contains(resource, ":role/"):
		return "trust"
	case strings.EqualFold(svc, "kms") && strings.HasPrefix(resource, "arn:") && strings.Contains(resource, ":key/"):
		return "key"
	}
	return ""
}

func serviceOf(action string) string {
	svc, _, _ := strings.Cut(action, ":")
	return strings.ToLower(svc)
}

// rcpSupported lists the services RCPs apply to (shared/reference/README.md
// and the Organizations user guide's RCP page). Others ignore RCPs.
func rcpSupported(service string) bool {
	switch service {
	case "s3", "sts", "kms", "sqs", "secretsmanager", "logs", "dynamodb", "ecr", "cognito-identity", "aoss", "s3express":
		return true
	}
	return false
}

// resourceAccount is the account that owns the resource: the scenario's
// word, else the ARN's, else (S3 ARNs carry none) the caller's.
func resourceAccount(req Request, res arn.ARN) string {
	if req.ResourceAccount != "" {
		return req.ResourceAccount
	}
	if res.Account != "" && res.Account != "aws" {
		return res.Account
	}
	return req.Principal.Account
}

// parseResource parses the request's resource once for the account and
// region derived from it; the zero ARN when it is not one. Resources such as
// "*" are told apart first, because a failed Parse builds an error message.
func parseResource(resource string) arn.ARN {
	if !strings.HasPrefix(resource, "arn:") {
		return arn.ARN{}
	}
	a, err := arn.Parse(resource)
	if err != nil {
		return arn.ARN{}
	}
	return a
}

// touch reads, for every statement of ps, the first bytes of its first
// Action and Resource entries. The loads do not depend on one another, so
// the processor fetches them from memory together, while evaluating
// statement after statement would wait for each in turn: in a batch over
// many distinct policies, deciding is mostly waiting for memory (+3 to 4%
// lines/s on generated batches; touching the conditions too gained
// nothing). The sum is kept only so that the reads are not optimised away.
func touch(ps *Policies) int {
	n := 0
	one := func(np *NamedPolicy) {
		if np == nil || np.Policy == nil {
			return
		}
		sts := np.Policy.Statements
		for i := range sts {
			st := &sts[i]
			if l := st.Action.List; len(l) > 0 && len(l[0]) > 0 {
				n += int(l[0][0])
			}
			if l := st.Resource.List; len(l) > 0 && len(l[0]) > 0 {
				n += int(l[0][0])
			}
		}
	}
	for i := range ps.Identity {
		one(&ps.Identity[i])
	}
	one(ps.Resource)
	one(ps.PermissionsBoundary)
	one(ps.Session)
	one(ps.VPCEndpoint)
	for _, lvl := range ps.SCPs {
		for i := range lvl {
			one(&lvl[i])
		}
	}
	for _, lvl := range ps.RCPs {
		for i := range lvl {
			one(&lvl[i])
		}
	}
	return n
}
