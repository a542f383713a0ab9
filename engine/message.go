package engine

import (
	"strings"

	"github.com/whydenied/whydenied/arn"
)

// message renders the AccessDenied text AWS prints in its enhanced format
// (shared/reference/aws-formats.md): "User: ARN is not authorized to perform:
// ACTION on resource: RESOURCE because no identity-based policy allows the
// ACTION action" or "... with an explicit deny in a service control policy".
// When several layers denied, AWS names one; we name the first in the order
// AWS evaluates them (organization policies first, then the resource side,
// then the identity side).
//
// It also returns what the message quotes from the request and the policies.
func message(req Request, d Decision, deniedBy []Layer, special string, cross bool, layers []layerResult) (string, quoted) {
	q := quoted{action: req.Action}
	var b strings.Builder
	// One allocation: the longest fixed wording, the ARNs and the action
	// twice, and a policy ARN.
	b.Grow(160 + len(req.Principal.ARN) + 2*len(req.Action) + len(req.Resource))
	b.WriteString("User: ")
	if req.Principal.Kind == arn.Anonymous {
		b.WriteString("anonymous")
	} else {
		q.caller = req.Principal.ARN
		b.WriteString(req.Principal.ARN)
	}
	b.WriteString(" is not authorized to perform: ")
	b.WriteString(req.Action)
	if req.Resource != "" && req.Resource != "*" {
		q.resource = req.Resource
		b.WriteString(" on resource: ")
		b.WriteString(req.Resource)
	}
	l := blamed(deniedBy, special != "" || cross)
	if d == ExplicitDeny {
		art, name := layerPhrase(l, special)
		b.WriteString(" with an explicit deny in ")
		b.WriteString(art)
		b.WriteString(name)
		if name := denyingPolicyARN(layers, l); name != "" {
			q.policy = name
			b.WriteString(": ")
			b.WriteString(name)
		}
		q.text = b.String()
		return q.text, q
	}
	_, name := layerPhrase(l, special)
	b.WriteString(" because no ")
	b.WriteString(name)
	b.WriteString(" allows the ")
	b.WriteString(req.Action)
	b.WriteString(" action")
	q.text = b.String()
	return q.text, q
}

// quoted is what a message quotes besides its fixed wording: the caller's
// ARN ("" for the fixed "anonymous"), the action, the resource ("" when not
// named) and a policy ARN ("" when none). The JSON writer copies the message
// without reading it when it is still the text built here and every one of
// these is known to need no escaping.
type quoted struct {
	text                             string
	caller, action, resource, policy string
}

// safe reports whether msg needs no escaping in JSON, k knowing which of
// the request's strings need none.
func (q *quoted) safe(msg string, k *subjects) bool {
	return msg == q.text && q.text != "" && // the same string: a pointer comparison
		(q.caller == "" || k.isSafe(q.caller)) && k.isSafe(q.action) &&
		(q.resource == "" || k.isSafe(q.resource)) && allAsIs(q.policy)
}

// blamed picks the layer a message names. Within one account an identity
// allow would have sufficed, so AWS blames the identity-based policy; where
// the resource policy must allow (cross-account, trust and key policies) it
// blames that.
func blamed(deniedBy []Layer, resourceMustAllow bool) Layer {
	order := []Layer{LayerSCP, LayerRCP, LayerVPCEndpoint, LayerIdentity, LayerResource, LayerPermissionsBoundary, LayerSession}
	if resourceMustAllow {
		order[3], order[4] = LayerResource, LayerIdentity
	}
	for _, l := range order {
		for _, d := range deniedBy {
			if d == l {
				return l
			}
		}
	}
	return LayerIdentity
}

// layerPhrase is the policy type as AWS words it, and its article, which an
// explicit deny puts before it ("an identity-based policy", "the role trust
// policy"): two strings, written one after the other, rather than joined.
func layerPhrase(l Layer, special string) (art, name string) {
	switch l {
	case LayerResource:
		name, art = "resource-based policy", "a "
		if special == "trust" {
			name, art = "role trust policy", "the "
		}
	case LayerPermissionsBoundary:
		name, art = "permissions boundary", "a "
	case LayerSession:
		name, art = "session policy", "a "
	case LayerSCP:
		name, art = "service control policy", "a "
	case LayerRCP:
		name, art = "resource control policy", "a "
	case LayerVPCEndpoint:
		name, art = "VPC endpoint policy", "a "
	default:
		name, art = "identity-based policy", "an "
	}
	return art, name
}

// denyingPolicyARN is the ARN of the first policy with a matching Deny in
// layer l, when the policy is named by an ARN: newer AWS messages append it.
// The statements are looked at first: most policies have no matching Deny,
// and finding the ARN in a name costs more.
func denyingPolicyARN(layers []layerResult, l Layer) string {
	for i := range layers {
		lr := &layers[i]
		if lr.trace.Layer != l {
			continue
		}
		for j := range lr.trace.Policies {
			pt := &lr.trace.Policies[j]
			if !deniesMatched(pt.Statements) {
				continue
			}
			if policyARN := arnInName(pt.Name); policyARN != "" {
				return policyARN
			}
		}
	}
	return ""
}

// deniesMatched reports whether a matching Deny is among sts.
func deniesMatched(sts []StatementTrace) bool {
	for i := range sts {
		if sts[i].Matched && sts[i].Effect == "Deny" {
			return true
		}
	}
	return false
}

// arnInName finds the policy ARN in a trace name: the name itself
// ("arn:aws:iam::111122223333:policy/deny-s3"), or an ARN in parentheses
// after a friendly name, as snapshots name organization policies
// ("DenyRegions (arn:aws:organizations::...:policy/o-.../p-...)").
func arnInName(name string) string {
	if strings.HasPrefix(name, "arn:") && !strings.ContainsAny(name, " ()") {
		return name
	}
	if i := strings.LastIndex(name, "(arn:"); i >= 0 && strings.HasSuffix(name, ")") {
		if a := name[i+1 : len(name)-1]; !strings.ContainsAny(a, " ()") {
			return a
		}
	}
	return ""
}
