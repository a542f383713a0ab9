package account

import (
	"strings"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/engine"
)

// identity gathers the principal's identity policies, its permissions
// boundary and its principal tags.
func (r *resolver) identity() {
	p := r.p
	switch p.Kind {
	case arn.User, arn.Role, arn.AssumedRole, arn.FederatedUser:
	default:
		return // root, service principals and anonymous callers have no identity policies
	}
	a := r.s.accounts[p.Account]
	if a == nil || a.iam == nil {
		why := ""
		if a != nil && a.iamGap != "" {
			why = " (" + a.iamGap + ")"
		}
		r.unknown("no IAM data for account %s%s: the answer assumes %s has no identity policies and no permissions boundary", p.Account, why, p.ARN)
		return
	}
	if a.iamGap != "" {
		r.unknown("the IAM data of account %s is incomplete (%s): the answer uses what could be read", p.Account, a.iamGap)
	}
	switch p.Kind {
	case arn.User:
		r.user(a, p.Name, "")
	case arn.FederatedUser:
		r.federated(a)
	default:
		r.role(a)
	}
}

func (r *resolver) user(a *accountData, name, forSession string) {
	u := a.iam.users[name]
	if u == nil {
		r.unknown("user %s is not in the IAM data of account %s (%s): the answer assumes it has no identity policies and no permissions boundary",
			name, a.id, strings.Join(a.iam.files, ", "))
		return
	}
	if forSession == "" && r.p.Path != "/" && r.p.Path != u.path && u.path != "" {
		r.note("the principal ARN's path %s differs from user %s's path %s in the snapshot; the user was found by name", r.p.Path, name, u.path)
	}
	r.entity(a, &u.entity, "user")
	for _, g := range u.groups {
		grp := a.iam.groups[g]
		if grp == nil {
			r.unknown("group %s of user %s is not in the IAM data of account %s: the answer leaves out its policies", g, name, a.id)
			continue
		}
		r.entity(a, &grp.entity, "group")
	}
	r.boundary(a, &u.entity, "user")
	if forSession == "" {
		r.tagKeys("aws:PrincipalTag/", u.tags)
		if u.id != "" {
			r.setKey("aws:userid", u.id)
		}
	}
}

// federated resolves a GetFederationToken session through the IAM user that
// created it: the session's permissions are that user's identity policies,
// limited by the user's permissions boundary and the session policy
// (access_policies.md "Session policies"; access_policies_boundaries.md,
// "Session policies").
func (r *resolver) federated(a *accountData) {
	by := r.q.FederatedBy
	if by == "" {
		r.unknown("the federated user %s gets its permissions from the IAM user that called GetFederationToken, which its ARN does not name: the answer assumes it has no identity policies (name the user to include them)", r.p.ARN)
		return
	}
	name := by
	if strings.HasPrefix(by, "arn:") {
		u, err := arn.ParsePrincipal(by)
		if err != nil || u.Kind != arn.User || u.Account != r.p.Account {
			r.unknown("the federating user %q is not an IAM user ARN of account %s: the answer assumes the federated user has no identity policies", by, r.p.Account)
			return
		}
		name = u.Name
	}
	r.user(a, name, r.p.ARN)
}

func (r *resolver) role(a *accountData) {
	p := r.p
	ro := a.iam.roles[p.Name]
	if ro == nil {
		r.unknown("role %s is not in the IAM data of account %s (%s): the answer assumes it has no identity policies and no permissions boundary",
			p.Name, a.id, strings.Join(a.iam.files, ", "))
		return
	}
	if p.Kind == arn.Role && p.Path != "/" && ro.path != "" && p.Path != ro.path {
		r.note("the principal ARN's path %s differs from role %s's path %s in the snapshot; the role was found by name", p.Path, p.Name, ro.path)
	}
	r.entity(a, &ro.entity, "role")
	r.boundary(a, &ro.entity, "role")
	r.tagKeys("aws:PrincipalTag/", ro.tags)
	if p.Kind == arn.AssumedRole && ro.id != "" {
		// reference_policies_variables.md, principal key values: a role
		// session's aws:userid is role-id:session-name.
		r.setKey("aws:userid", ro.id+":"+p.Session)
	}
	if len(ro.tags) > 0 || p.Kind == arn.AssumedRole {
		r.sessionTagsCaveat = true
	}
}

// entity adds the inline and attached policies of a user, group or role.
func (r *resolver) entity(a *accountData, e *entity, kind string) {
	for _, b := range e.broken {
		r.unknown("%s: the answer leaves it out", b)
	}
	id := &r.out.Policies.Identity
	for _, ip := range e.inline {
		name := "inline policy " + ip.name + " of " + kind + " " + e.name
		*id = append(*id, engine.NamedPolicy{Name: name, Policy: ip.policy})
		r.source(engine.LayerIdentity, -1, name, e.file, ip.path, "inline in "+kind+" "+e.name)
	}
	for _, pa := range e.attached {
		via := "attached to " + kind + " " + e.name
		md, ok := r.managedDoc(a, pa)
		if !ok {
			r.unknown("managed policy %s %s %s: the answer leaves it out", pa, via, md.problem)
			continue
		}
		r.source(engine.LayerIdentity, -1, pa, md.file, md.path, via)
		if r.seen == nil {
			r.seen = map[string]bool{}
		}
		if r.seen[pa] {
			continue // the same policy through a second route changes nothing
		}
		r.seen[pa] = true
		*id = append(*id, engine.NamedPolicy{Name: pa, Policy: md.doc})
	}
}

func (r *resolver) boundary(a *accountData, e *entity, kind string) {
	if e.boundary == "" {
		return
	}
	md, ok := r.managedDoc(a, e.boundary)
	if !ok {
		r.unknown("permissions boundary %s of %s %s %s: the answer leaves the boundary out", e.boundary, kind, e.name, md.problem)
		return
	}
	r.out.Policies.PermissionsBoundary = &engine.NamedPolicy{Name: e.boundary, Policy: md.doc}
	r.source(engine.LayerPermissionsBoundary, -1, e.boundary, md.file, md.path, "permissions boundary of "+kind+" "+e.name)
}

// managedDoc finds a managed policy: in the account's own output first (its
// default version), then, for AWS managed policies, in the embedded set.
// When it is not usable, the result's problem says why.
func (r *resolver) managedDoc(a *accountData, pARN string) (managedDoc, bool) {
	if md := a.iam.policies[pARN]; md != nil {
		if md.doc == nil {
			return managedDoc{problem: "could not be read (" + md.problem + ")"}, false
		}
		return *md, true
	}
	if md := r.s.awsManaged[pARN]; isAWSManaged(pARN) && md != nil {
		if md.doc == nil {
			return managedDoc{problem: "could not be read (" + md.problem + ")"}, false
		}
		found := *md
		found.file = r.s.managedSource
		return found, true
	}
	return managedDoc{problem: "is not in the snapshot (its account's authorization details do not list it)"}, false
}
