package engine

import (
	"fmt"
	"strings"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/internal/wildcard"
	"github.com/whydenied/whydenied/policy"
)

// request is a Request prepared once for matching every statement.
type request struct {
	principal arn.Principal
	action    string
	actionKey policy.ActionKey // action summed up for Statement.MayMatchAction
	resource  string
	ctx       *condition.Context
}

// evalStatement checks the elements in the order a person reads them and
// stops at the first one that does not match, so the trace t (zeroed by the
// caller) names it. It returns how the Principal element matched; NoMatch
// for policies without one.
func evalStatement(t *StatementTrace, st *policy.Statement, vars bool, r *request, resourceStyle bool, a *traceArena) arn.PrincipalMatch {
	t.Index, t.Sid, t.Effect = st.Index, st.Sid, st.Effect
	principal := arn.NoMatch
	switch {
	case st.Action.Set:
		if !st.MayMatchAction(r.actionKey) || !anyActionMatches(st.Action.List, r.action) {
			t.Failed, t.why = "action", why{text: " is not in Action ", subject: r.action, list: st.Action.List}
			return principal
		}
	case st.NotAction.Set:
		if st.MayMatchAction(r.actionKey) && anyActionMatches(st.NotAction.List, r.action) {
			t.Failed, t.why = "notAction", why{text: " is excluded by NotAction ", subject: r.action, list: st.NotAction.List}
			return principal
		}
	}
	switch {
	case st.Resource.Set:
		ok, missing := anyResourceMatches(st, st.Resource.List, r, vars)
		if !ok {
			t.Failed, t.why = "resource", why{text: " does not match Resource ", subject: r.resource, list: st.Resource.List, note: missing}
			return principal
		}
	case st.NotResource.Set:
		ok, missing := anyResourceMatches(st, st.NotResource.List, r, vars)
		if ok {
			t.Failed, t.why = "notResource", why{text: " is excluded by NotResource ", subject: r.resource, list: st.NotResource.List}
			return principal
		}
		if missing != "" {
			// A NotResource entry that cannot be resolved excludes nothing; say so.
			t.why = why{note: missing}
		}
	}
	if resourceStyle {
		switch {
		case st.Principal != nil:
			principal = matchPrincipal(st.Principal, r.principal)
			if principal == arn.NoMatch {
				t.Failed, t.why = "principal", why{text: " is not named in Principal ", subject: callerName(r.principal), principal: st.Principal}
				return principal
			}
			t.Principal = principal.String()
		case st.NotPrincipal != nil:
			if excludedByNotPrincipal(st.NotPrincipal, r.principal, st.Effect) {
				t.Failed, t.why = "notPrincipal", why{text: " is excluded by NotPrincipal ", subject: callerName(r.principal), principal: st.NotPrincipal}
				return principal
			}
			principal = arn.MatchEveryone
			t.Principal = "everyone not in NotPrincipal"
		}
	}
	if principal == arn.MatchEveryone && st.Principal != nil && namesPrincipalArn(st) {
		// reference_policies_elements_principal.md#principal-roles: boundaries
		// and session policies "do not limit permissions granted using the
		// aws:PrincipalArn condition key with a wildcard(*) in the Principal
		// element"; such a statement names its principals by condition.
		principal = arn.MatchByPrincipalArn
		t.Principal = principal.String()
	}
	if st.Conditions != nil {
		ok, mm := st.Conditions.EvalInto(r.ctx, condition.Options{Variables: vars}, a.spareMismatch())
		if !ok {
			a.keepMismatch()
			t.Failed, t.Condition = "condition", mm
			if mm != nil {
				t.Detail = mm.Reason
			}
			return principal
		}
	}
	t.Matched = true
	return principal
}

func namesPrincipalArn(st *policy.Statement) bool {
	if st.Conditions == nil {
		return false
	}
	for _, k := range st.Conditions.Keys() {
		if strings.EqualFold(k, "aws:PrincipalArn") {
			return true
		}
	}
	return false
}

// Actions are case-insensitive (reference_policies_elements_action.md).
func anyActionMatches(patterns []string, action string) bool {
	for _, p := range patterns {
		if wildcard.MatchFold(p, action) {
			return true
		}
	}
	return false
}

// anyResourceMatches substitutes policy variables (Version 2012-10-17 only)
// and matches ARNs part by part; entries the parser found plain are
// compared whole (policy.Statement.PlainResource). An entry whose variable has no value matches
// nothing (reference_policies_variables.md); the second result names such
// entries for the trace.
func anyResourceMatches(st *policy.Statement, patterns []string, r *request, vars bool) (bool, string) {
	var missing []string
	for i, p := range patterns {
		if st.PlainResource(i) {
			if p == r.resource {
				return true, ""
			}
			continue
		}
		pat := p
		if vars && strings.Contains(p, "${") {
			var ok bool
			if pat, ok = condition.Substitute(p, r.ctx); !ok {
				missing = append(missing, p)
				continue
			}
		}
		if arn.Match(pat, r.resource) {
			return true, ""
		}
	}
	if len(missing) > 0 {
		return false, fmt.Sprintf(" (%s: a policy variable has no value in this request)", strings.Join(missing, ", "))
	}
	return false, ""
}

// matchPrincipal returns the strongest way any entry names the caller, since
// a statement that names the session itself lifts more implicit denies than
// one that names the role or account.
func matchPrincipal(p *policy.Principal, caller arn.Principal) arn.PrincipalMatch {
	if p.Wildcard {
		return arn.MatchEveryone
	}
	best := arn.NoMatch
	consider := func(m arn.PrincipalMatch) {
		if rank(m) > rank(best) {
			best = m
		}
	}
	for _, e := range p.AWS.List {
		consider(caller.MatchAWS(e))
	}
	for _, e := range p.Service.List {
		consider(caller.MatchService(e))
	}
	for _, e := range p.Federated.List {
		consider(caller.MatchFederated(e))
	}
	return best
}

func rank(m arn.PrincipalMatch) int {
	switch m {
	case arn.NoMatch:
		return 0
	case arn.MatchAccount:
		return 1
	case arn.MatchEveryone:
		return 2
	case arn.MatchRole:
		return 3
	}
	return 4 // the caller itself: user, session, service, provider
}

// excludedByNotPrincipal says whether the caller escapes a NotPrincipal
// statement. AWS checks each identity in the caller's chain (account, role,
// session) against it (reference_policies_elements_notprincipal.md): a Deny
// spares the caller only when every one is listed ("you must also specify
// the account ARN of the not-denied principal"), while an Allow, granted to
// "all principals except the one named", withholds from the caller as soon
// as any one is listed. "*" excludes everyone.
func excludedByNotPrincipal(np *policy.Principal, caller arn.Principal, effect policy.Effect) bool {
	if np.Wildcard {
		return true
	}
	chain := caller.Chain()
	if effect == policy.Allow {
		for _, id := range chain {
			if listed(np, id, caller) {
				return true
			}
		}
		return false
	}
	for _, id := range chain {
		if !listed(np, id, caller) {
			return false
		}
	}
	return true
}

func listed(np *policy.Principal, id string, caller arn.Principal) bool {
	if caller.Kind == arn.Service {
		for _, e := range np.Service.List {
			if strings.EqualFold(e, id) {
				return true
			}
		}
		return false
	}
	for _, e := range np.AWS.List {
		if e == "*" || e == id {
			return true
		}
		// The bare account ID stands for the account's root ARN.
		if id == caller.AccountARN() && e == caller.Account {
			return true
		}
	}
	return false
}

func callerName(p arn.Principal) string {
	if p.Kind == arn.Anonymous {
		return "an anonymous caller"
	}
	return p.ARN
}

// why is the reason a statement did not apply, kept as references into the
// policy and the request: the sentence is only written when someone reads it
// (the JSON writer appends it straight into its output), because most
// statements of a request do not apply and building every sentence up front
// cost more than deciding the request.
type why struct {
	subject   string            // the request's action, resource or caller
	text      string            // " is not in Action ", ...
	list      []string          // the element's values
	principal *policy.Principal // for Principal and NotPrincipal
	note      string            // appended as is
}

func (w *why) empty() bool { return w.text == "" && w.note == "" }

func (w *why) appendTo(b []byte) []byte {
	if w.text == "" {
		return append(b, strings.TrimPrefix(w.note, " ")...)
	}
	b = append(b, w.subject...)
	b = append(b, w.text...)
	if w.principal != nil {
		b = appendPrincipal(b, w.principal)
	} else {
		b = appendList(b, w.list)
	}
	return append(b, w.note...)
}

// appendJSON writes the sentence (text must be set) as a JSON string,
// escaping it piece by piece as it goes: every piece begins with an ASCII
// byte, so that is escaping the sentence, without first writing it raw.
// Pieces known to need no escaping are copied: the subject when k says so,
// the fixed wording always, and the policy's values and the note (which
// quotes them) when safe says the policy's strings are all safe.
func (w *why) appendJSON(b []byte, safe bool, k *subjects) []byte {
	b = append(b, '"')
	if k.isSafe(w.subject) {
		b = append(b, w.subject...)
	} else {
		b = appendEscaped(b, w.subject)
	}
	b = append(b, w.text...)
	list := appendListJSON
	if safe {
		list = appendListJSONSafe
	}
	if w.principal != nil {
		b = appendPrincipalTo(b, w.principal, list)
	} else {
		b = list(b, w.list)
	}
	if safe {
		b = append(b, w.note...)
	} else {
		b = appendEscaped(b, w.note)
	}
	return append(b, '"')
}

func appendPrincipal(b []byte, p *policy.Principal) []byte {
	return appendPrincipalTo(b, p, appendList)
}

// appendPrincipalTo writes p with list writing each element's values: raw
// for the sentence, escaped for JSON.
func appendPrincipalTo(b []byte, p *policy.Principal, list func([]byte, []string) []byte) []byte {
	if p.Wildcard {
		return list(b, []string{"*"})
	}
	b = append(b, '{')
	first := true
	add := func(k string, v policy.Values) {
		if !v.Set {
			return
		}
		if !first {
			b = append(b, ", "...)
		}
		first = false
		b = append(b, k...)
		b = append(b, ": "...)
		b = list(b, v.List)
	}
	add("AWS", p.AWS)
	add("Service", p.Service)
	add("Federated", p.Federated)
	add("CanonicalUser", p.CanonicalUser)
	return append(b, '}')
}

func appendList(b []byte, v []string) []byte {
	if len(v) == 1 {
		return append(append(append(b, '"'), v[0]...), '"')
	}
	b = append(b, '[')
	for i, s := range v {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(append(append(b, '"'), s...), '"')
	}
	return append(b, ']')
}

// appendListJSONSafe is appendListJSON for values that need no escaping.
func appendListJSONSafe(b []byte, v []string) []byte {
	if len(v) == 1 {
		return append(append(append(b, '\\', '"'), v[0]...), '\\', '"')
	}
	b = append(b, '[')
	for i, s := range v {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(append(append(b, '\\', '"'), s...), '\\', '"')
	}
	return append(b, ']')
}

// appendListJSON is appendList escaped for a JSON string.
func appendListJSON(b []byte, v []string) []byte {
	if len(v) == 1 {
		return append(appendEscaped(append(b, '\\', '"'), v[0]), '\\', '"')
	}
	b = append(b, '[')
	for i, s := range v {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(appendEscaped(append(b, '\\', '"'), s), '\\', '"')
	}
	return append(b, ']')
}
