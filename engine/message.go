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
// The parts are worked out first and written out when wanted: an Evaluator
// for the JSON writer only (Evaluator.Terse) leaves the text to AppendJSON,
// which writes it straight into its output.
func message(req Request, d Decision, deniedBy []Layer, special string, cross bool, layers []layerResult) quoted {
	q := quoted{action: req.Action, explicit: d == ExplicitDeny}
	if req.Principal.Kind != arn.Anonymous {
		q.caller = req.Principal.ARN
	}
	if req.Resource != "" && req.Resource != "*" {
		q.resource = req.Resource
	}
	l := blamed(deniedBy, special != "" || cross)
	q.art, q.layer = layerPhrase(l, special)
	if q.explicit {
		q.policy = denyingPolicyARN(layers, l)
	}
	return q
}

// quoted is a message in parts: what it quotes besides its fixed wording
// (the caller's ARN, "" for the fixed "anonymous"; the action; the resource,
// "" when not named; a policy ARN, "" when none) and the layer it blames.
// text is the message once built. The JSON writer copies the message
// without reading it when every quoted string is known to need no escaping.
type quoted struct {
	text                             string
	caller, action, resource, policy string
	art, layer                       string // layerPhrase
	explicit                         bool
	terse                            bool // from an Evaluator with Terse set: Message left empty
}

// build sets q.text and returns it. The text is written on the stack and
// copied once into the string (longer ones grow onto the heap first).
func (q *quoted) build() string {
	var buf [320]byte
	q.text = string(q.appendTo(buf[:0]))
	return q.text
}

// appendTo writes the message.
func (q *quoted) appendTo(b []byte) []byte {
	b = append(b, "User: "...)
	if q.caller == "" {
		b = append(b, "anonymous"...)
	} else {
		b = append(b, q.caller...)
	}
	b = append(b, " is not authorized to perform: "...)
	b = append(b, q.action...)
	if q.resource != "" {
		b = append(b, " on resource: "...)
		b = append(b, q.resource...)
	}
	if q.explicit {
		b = append(b, " with an explicit deny in "...)
		b = append(b, q.art...)
		b = append(b, q.layer...)
		if q.policy != "" {
			b = append(b, ": "...)
			b = append(b, q.policy...)
		}
		return b
	}
	b = append(b, " because no "...)
	b = append(b, q.layer...)
	b = append(b, " allows the "...)
	b = append(b, q.action...)
	return append(b, " action"...)
}

// safeParts reports whether the message needs no escaping in JSON, k
// knowing which of the request's strings need none.
func (q *quoted) safeParts(k *subjects) bool {
	return (q.caller == "" || k.isSafe(q.caller)) && k.isSafe(q.action) &&
		(q.resource == "" || k.isSafe(q.resource)) && allAsIs(q.policy)
}

// safe reports whether msg, a Result's Message, is the text built here and
// needs no escaping in JSON.
func (q *quoted) safe(msg string, k *subjects) bool {
	return msg == q.text && q.text != "" && // the same string: a pointer comparison
		q.safeParts(k)
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
