package policy

import (
	"strings"

	"github.com/whydenied/whydenied/arn"
)

// Validate checks the rules AWS enforces when a policy of the given kind is
// saved, beyond the grammar Parse already enforces. It also re-checks the
// grammar, so a policy built in code can be validated too. The result is an
// *Error, several of them joined with errors.Join, or nil.
//
// Rules and their sources (pages in /work/shared/reference/iam-user-guide
// unless said otherwise):
//   - every kind: the statement shape of reference_policies_grammar.md;
//     actions "service:action" or "*" (reference_policies_elements_action.md);
//     resources "*" or an ARN without a wildcard in its service segment
//     (reference_policies_elements_resource.md); no partial wildcard in a
//     principal (reference_policies_elements_principal.md); NotPrincipal only
//     with Deny (reference_policies_elements_notprincipal.md: "Most
//     resource-based policy types do not allow" it with Allow; the current
//     page says it must be used with Deny).
//   - Identity, PermissionsBoundary, Session: no Principal or NotPrincipal,
//     no Id (grammar notes: Id "must not be included in identity-based
//     policies").
//   - Resource, KeyPolicy, VPCEndpoint: Principal or NotPrincipal required.
//     VPC endpoint policies "must contain a Principal element" (Amazon VPC
//     PrivateLink guide, not in the reference set).
//   - Trust: Principal required, no NotPrincipal; no Resource or NotResource
//     (the guide is silent; IAM rejects a trust policy with Resource).
//   - every kind but Trust: Resource or NotResource required
//     (reference_policies_elements_resource.md).
//   - IAM-stored kinds (Identity, PermissionsBoundary, Trust, Session): Sid
//     alphanumeric (grammar notes, sid_string) and unique within the policy
//     (the guide is silent; IAM rejects duplicate Sids).
//   - SCP (AWS Organizations SCP syntax, current since the September 2025
//     full IAM language support): Version "2012-10-17" required, no Id, no
//     Principal or NotPrincipal. Conditions, NotAction with Allow, resource
//     ARNs in Allow statements and NotResource are accepted.
//   - RCP (reference README, "Resource control policies"): Version
//     "2012-10-17" required, no Id; Principal required and only "*"; no
//     NotPrincipal, no NotAction. Allow is accepted only in the AWS-managed
//     RCPFullAWSAccess policy: a statement that allows is valid only when it
//     is exactly that policy's statement (Principal, Action and Resource all
//     "*", no Condition); every other statement must deny.
func (p *Policy) Validate(kind Kind) error {
	if p == nil {
		return &Error{Msg: "no policy to validate"}
	}
	if !kind.valid() {
		return &Error{Msg: "unknown policy kind " + kind.String()}
	}
	v := validator{p: p, kind: kind}
	v.document()
	for i := range p.Statements {
		v.statement(&p.Statements[i], i)
		if len(v.errs) >= maxErrors {
			break
		}
	}
	return joinErrors(v.errs)
}

type validator struct {
	p    *Policy
	kind Kind
	errs []*Error
}

// add records a problem at an offset stored by Parse (offset+1, 0 unknown).
func (v *validator) add(off32 int32, l loc, msg string) {
	off := int(off32) - 1
	if v.p.src == "" {
		off = -1
	}
	v.errs = append(v.errs, newError(v.p.src, off, l, msg))
}

func (v *validator) document() {
	p, l := v.p, rootLoc()
	if len(p.Statements) == 0 {
		v.add(p.start, l, `missing Statement: a policy needs "Statement": [ ... ] with at least one statement`)
	}
	switch p.Version {
	case "", Version2012, Version2008:
	default:
		v.add(p.offs[elemVersion], l.with("Version"), `unsupported version `+quoteShort(p.Version)+`: expected "2012-10-17" (current) or "2008-10-17"`)
	}
	hasID := p.hasID || p.ID != ""
	switch v.kind {
	case Identity, PermissionsBoundary, Session:
		if hasID {
			v.add(p.offs[elemID], l.with("Id"), v.kind.plural()+` cannot have Id (it is allowed only in resource-based policies)`)
		}
	case SCP, RCP:
		switch p.Version {
		case Version2012:
		case "":
			v.add(p.start, l, `missing Version: `+v.kind.plural()+` must have "Version": "2012-10-17"`)
		default:
			v.add(p.offs[elemVersion], l.with("Version"), v.kind.plural()+` must have "Version": "2012-10-17", got `+quoteShort(p.Version))
		}
		if hasID {
			v.add(p.offs[elemID], l.with("Id"), v.kind.plural()+" cannot have Id: their top level holds only Version and Statement")
		}
	}
	if v.kind.iam() {
		v.uniqueSids()
	}
}

func (v *validator) uniqueSids() {
	sts := v.p.Statements
	for i := range sts {
		if sts[i].Sid == "" {
			continue
		}
		for j := 0; j < i; j++ {
			if sts[j].Sid == sts[i].Sid {
				v.add(sts[i].offs[elemSid], v.stmtLoc(i).with("Sid"), "duplicate Sid "+quoteShort(sts[i].Sid)+": statement IDs must be unique within a policy")
				break
			}
		}
	}
}

func (v *validator) stmtLoc(i int) loc {
	if v.p.single && len(v.p.Statements) == 1 {
		return stmtLoc(singleStmt)
	}
	return stmtLoc(i)
}

func (v *validator) statement(st *Statement, i int) {
	l := v.stmtLoc(i)
	v.shape(st, l)
	v.principals(st, l)
	v.actions(st, l)
	v.resources(st, l)
	if v.kind.iam() && st.Sid != "" && !alphanumeric(st.Sid) {
		v.add(st.offs[elemSid], l.with("Sid"), "expected a Sid of letters A-Z, a-z and digits 0-9 only, got "+quoteShort(st.Sid))
	}
	if v.kind == RCP {
		v.rcp(st, l)
	}
}

// shape re-checks the grammar Parse enforces, for statements built in code.
func (v *validator) shape(st *Statement, l loc) {
	switch st.Effect {
	case Allow, Deny:
	default:
		v.add(st.offs[elemEffect], l.with("Effect"), `expected "Allow" or "Deny", got `+quoteShort(string(st.Effect)))
	}
	pairs := [3][2]int{{elemPrincipal, elemNotPrincipal}, {elemAction, elemNotAction}, {elemResource, elemNotResource}}
	set := [stmtElems]bool{
		elemPrincipal: st.Principal != nil, elemNotPrincipal: st.NotPrincipal != nil,
		elemAction: st.Action.Set, elemNotAction: st.NotAction.Set,
		elemResource: st.Resource.Set, elemNotResource: st.NotResource.Set,
	}
	for _, pr := range pairs {
		if set[pr[0]] && set[pr[1]] {
			v.add(st.start, l, "a statement may have "+stmtElemNames[pr[0]]+" or "+stmtElemNames[pr[1]]+", not both")
		}
	}
	if !st.Action.Set && !st.NotAction.Set {
		v.add(st.start, l, `missing Action: every statement needs "Action" or "NotAction", e.g. "Action": "s3:GetObject"`)
	}
	for _, e := range [4]int{elemAction, elemNotAction, elemResource, elemNotResource} {
		if vals := st.values(e); vals.Set && len(vals.List) == 0 {
			v.add(st.offs[e], l.with(stmtElemNames[e]), "expected at least one value, got none")
		}
	}
}

func (st *Statement) values(elem int) *Values {
	switch elem {
	case elemAction:
		return &st.Action
	case elemNotAction:
		return &st.NotAction
	case elemResource:
		return &st.Resource
	default:
		return &st.NotResource
	}
}

func (v *validator) principals(st *Statement, l loc) {
	kind := v.kind
	for _, e := range [2]int{elemPrincipal, elemNotPrincipal} {
		pr := st.Principal
		if e == elemNotPrincipal {
			pr = st.NotPrincipal
		}
		if pr == nil {
			continue
		}
		name := stmtElemNames[e]
		el := l.with(name)
		switch {
		case kind.identityLike():
			v.add(st.offs[e], el, kind.plural()+" cannot have "+name+": their principal is the identity they apply to")
			continue
		case kind == SCP:
			v.add(st.offs[e], el, "SCPs cannot have "+name+": an SCP applies to the users and roles of the accounts it is attached to")
			continue
		case e == elemNotPrincipal && (kind == Trust || kind == RCP):
			v.add(st.offs[e], el, kind.plural()+" cannot have NotPrincipal")
			continue
		case e == elemNotPrincipal && st.Effect == Allow && kind != Resource:
			// Generic resource policies written before AWS restricted it
			// still hold NotPrincipal with Allow and still take effect
			// (reference_policies_elements_notprincipal.md, "Any existing
			// policies ... will continue to work"), so those are evaluated.
			v.add(st.offs[e], el, `NotPrincipal can be used only with "Effect": "Deny"; to allow everyone except some principals, use "Principal": "*" with a condition on aws:PrincipalArn`)
		}
		v.principalValues(st, e, pr, el)
	}
	switch {
	case st.Principal == nil && st.NotPrincipal == nil && (kind == Resource || kind == KeyPolicy || kind == VPCEndpoint):
		v.add(st.start, l, kind.plural()+` need a Principal (or NotPrincipal) in every statement, e.g. "Principal": {"AWS": "arn:aws:iam::123456789012:root"}`)
	case st.Principal == nil && kind == Trust:
		v.add(st.start, l, `role trust policies need a Principal in every statement naming who may assume the role, e.g. "Principal": {"Service": "ec2.amazonaws.com"}`)
	case st.Principal == nil && kind == RCP:
		v.add(st.start, l, `RCPs need "Principal": "*" in every statement`)
	}
}

func (v *validator) principalValues(st *Statement, e int, pr *Principal, l loc) {
	has := pr.Wildcard
	for k, key := range principalKeys {
		vals := pr.field(k)
		if !vals.Set {
			continue
		}
		has = true
		kl := l.withSub(key)
		if pr.Wildcard {
			v.add(st.offs[e], kl, `"*" cannot be combined with principal types`)
		}
		if len(vals.List) == 0 {
			v.add(st.offs[e], kl, "expected at least one value, got none")
		}
		for i, s := range vals.List {
			il := kl
			if !vals.Single {
				il = kl.at(i)
			}
			if msg := principalProblem(key, s); msg != "" {
				v.add(st.offs[e], il, msg)
			}
		}
	}
	if !has {
		v.add(st.offs[e], l, "expected at least one of AWS, Service, Federated or CanonicalUser, got none")
	}
}

// principalProblem says what is wrong with one principal value, or "".
func principalProblem(typ, s string) string {
	if s == "" {
		return "expected a principal, got an empty string"
	}
	// reference_policies_elements_principal.md: "You cannot use a wildcard
	// to match part of a principal name or ARN."
	if strings.Contains(s, "*") && s != "*" {
		return "a principal cannot contain a partial wildcard, got " + quoteShort(s) + `; use "*" with a condition on aws:PrincipalArn instead`
	}
	if typ != "AWS" || s == "*" || strings.HasPrefix(s, "arn:") || arn.IsAccountID(s) || isUniqueID(s) {
		return ""
	}
	return `expected "*", a 12-digit account ID or an ARN such as "arn:aws:iam::123456789012:role/name", got ` + quoteShort(s)
}

// isUniqueID recognises IAM unique IDs such as AIDA... and AROA..., which
// appear in a policy once the user or role it named is deleted
// (reference_policies_elements_principal.md, "IAM role principals").
func isUniqueID(s string) bool {
	if len(s) < 16 || len(s) > 128 || s[0] != 'A' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func (v *validator) actions(st *Statement, l loc) {
	for _, e := range [2]int{elemAction, elemNotAction} {
		vals := st.values(e)
		for i, a := range vals.List {
			if actionOK(a) {
				continue
			}
			il := l.with(stmtElemNames[e])
			if !vals.Single {
				il = il.at(i)
			}
			// reference_policies_grammar.md, action_string: "a service
			// namespace, a colon, and the name of an action".
			v.add(st.offs[e], il, `expected "service:action" such as "s3:GetObject", or "*", got `+quoteShort(a))
		}
	}
	if v.kind == RCP && st.NotAction.Set {
		v.add(st.offs[elemNotAction], l.with("NotAction"), `RCPs cannot have NotAction; use "Action"`)
	}
}

func actionOK(a string) bool {
	if a == "*" {
		return true
	}
	i := strings.IndexByte(a, ':')
	return i > 0 && i < len(a)-1
}

func (v *validator) resources(st *Statement, l loc) {
	if v.kind == Trust {
		for _, e := range [2]int{elemResource, elemNotResource} {
			if st.values(e).Set {
				v.add(st.offs[e], l.with(stmtElemNames[e]), "role trust policies cannot have "+stmtElemNames[e]+": the resource is the role itself")
			}
		}
		return
	}
	if !st.Resource.Set && !st.NotResource.Set {
		v.add(st.start, l, `missing Resource: every statement needs "Resource" or "NotResource", e.g. "Resource": "*"`)
	}
	for _, e := range [2]int{elemResource, elemNotResource} {
		vals := st.values(e)
		for i, r := range vals.List {
			msg := resourceProblem(r)
			if msg == "" {
				continue
			}
			il := l.with(stmtElemNames[e])
			if !vals.Single {
				il = il.at(i)
			}
			v.add(st.offs[e], il, msg)
		}
	}
}

// resourceProblem says what is wrong with one resource value, or ""
// (reference_policies_elements_resource.md: resources are ARNs; "You can't
// use a wildcard in the service segment").
func resourceProblem(r string) string {
	if r == "*" {
		return ""
	}
	// arn:partition:service:region:account:resource
	var colons [5]int
	n := 0
	for i := 0; i < len(r) && n < len(colons); i++ {
		if r[i] == ':' {
			colons[n] = i
			n++
		}
	}
	// troubleshoot_policies.md#mismatch_resource-no-action uses
	// "arn:aws:cloudfront:*" as a valid resource: a trailing wildcard may
	// stand for the remaining parts.
	if n >= 3 && n < len(colons) && r[:colons[0]] == "arn" && strings.HasSuffix(r, "*") {
		if strings.ContainsAny(r[colons[1]+1:colons[2]], "*?") {
			return "the service part of a resource ARN cannot contain a wildcard, got " + quoteShort(r)
		}
		return ""
	}
	if n < len(colons) || r[:colons[0]] != "arn" {
		return `expected an ARN such as "arn:aws:s3:::amzn-s3-demo-bucket/*", or "*", got ` + quoteShort(r)
	}
	if strings.ContainsAny(r[colons[1]+1:colons[2]], "*?") {
		return "the service part of a resource ARN cannot contain a wildcard, got " + quoteShort(r)
	}
	return ""
}

// rcp applies the RCP rules on Effect and Principal (see Validate).
func (v *validator) rcp(st *Statement, l loc) {
	if pr := st.Principal; pr != nil && !(pr.Wildcard && !pr.AWS.Set && !pr.Service.Set && !pr.Federated.Set && !pr.CanonicalUser.Set) {
		v.add(st.offs[elemPrincipal], l.with("Principal"), `RCPs accept only "Principal": "*"; narrow the principals with conditions such as aws:PrincipalOrgID`)
	}
	if st.Effect == Allow && !isRCPFullAccess(st) {
		v.add(st.offs[elemEffect], l.with("Effect"), `RCPs can only deny: "Allow" is accepted only in the AWS-managed RCPFullAWSAccess statement (Principal, Action and Resource all "*", no Condition)`)
	}
}

func isRCPFullAccess(st *Statement) bool {
	only := func(vals Values) bool { return len(vals.List) == 1 && vals.List[0] == "*" }
	return st.Effect == Allow && st.Principal != nil && st.Principal.Wildcard &&
		only(st.Action) && !st.NotAction.Set && only(st.Resource) && !st.NotResource.Set &&
		len(st.Condition) == 0 && st.Conditions == nil && !st.hasCond
}

func alphanumeric(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
