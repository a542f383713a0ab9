package account

import (
	"strconv"
	"strings"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/policy"
)

// organization adds the SCP chain of the principal's account, the RCP chain
// of the resource's account, and the organization condition keys of both.
func (r *resolver) organization() {
	p := r.p
	hasAccount := p.Kind != arn.Anonymous && p.Kind != arn.Service
	if hasAccount {
		r.out.Policies.SCPs = r.chain(p.Account, typeSCP)
		if id, paths, ok := r.orgKeys(p.Account); ok {
			r.setKey("aws:PrincipalOrgID", id)
			r.setKey("aws:PrincipalOrgPaths", paths)
		}
	}
	resAcct := r.resAcct
	if resAcct == "" || resAcct == "aws" {
		resAcct = r.out.Request.ResourceAccount
	}
	if resAcct == "" && hasAccount && r.out.Request.Resource != "*" {
		resAcct = p.Account
	}
	if resAcct == "" {
		return
	}
	if r.awsKey {
		r.note("the key is an AWS managed key: RCPs do not apply to it")
	} else {
		r.out.Policies.RCPs = r.chain(resAcct, typeRCP)
	}
	if id, paths, ok := r.orgKeys(resAcct); ok {
		r.setKey("aws:ResourceOrgID", id)
		r.setKey("aws:ResourceOrgPaths", paths)
	}
}

// orgKeys gives an account's organization id and its path
// (o-xxxx/r-xxxx/ou-xxxx-xxxxxxxx/.../, the path of its parent, as
// reference_policies_condition-keys.md, aws:PrincipalOrgPaths, shows).
func (r *resolver) orgKeys(acct string) (string, string, bool) {
	o := r.s.org
	if o == nil || o.notInUse {
		return "", "", false
	}
	path, member, _ := o.pathTo(acct)
	if !member {
		return "", "", false
	}
	if !o.idKnown {
		if !containsString(r.out.Unknowns, orgIDUnknown) {
			r.unknown(orgIDUnknown)
		}
		return "", "", false
	}
	var b strings.Builder
	b.WriteString(o.id)
	b.WriteByte('/')
	for _, id := range path[:len(path)-1] {
		b.WriteString(id)
		b.WriteByte('/')
	}
	return o.id, b.String(), true
}

// pathTo lists the organization nodes from the root down to acct, acct
// last. member says acct was found under a root; complete says every
// listing of the tree was read, so that an account not found is known not
// to be a member.
func (o *orgData) pathTo(acct string) (path []string, member, complete bool) {
	complete = o.complete
	path = []string{acct}
	cur := acct
	for range 32 { // Organizations allows five levels of OUs; this only stops loops
		parent, ok := o.parent[cur]
		if !ok {
			break
		}
		path = append(path, parent)
		cur = parent
	}
	if _, hasParent := o.parent[cur]; hasParent || !strings.HasPrefix(cur, "r-") || len(path) < 2 {
		return nil, false, complete
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path, true, complete
}

// chain builds the SCP or RCP levels of an account, root first.
func (r *resolver) chain(acct, typ string) [][]engine.NamedPolicy {
	label, layer := "SCP", engine.LayerSCP
	if typ == typeRCP {
		label, layer = "RCP", engine.LayerRCP
	}
	o := r.s.org
	switch {
	case o == nil:
		r.unknown("no %s data for account %s: the answer assumes none apply", label, acct)
		return nil
	case o.notInUse:
		r.note("%s says the snapshot's account is in no organization: no %ss apply to account %s", o.describeFile, label, acct)
		return nil
	case o.featureSet == "CONSOLIDATED_BILLING":
		r.note("the organization has only consolidated billing features: no %ss apply", label)
		return nil
	case o.rootsKnown && !o.enabled[typ]:
		r.note("%ss are not enabled in the organization (organization/list-roots.json): none apply", label)
		return nil
	case o.mgmt != "" && acct == o.mgmt:
		// SCPs do not restrict principals of the management account, nor
		// RCPs its resources (AWS Organizations user guide, SCP and RCP pages).
		r.note("%ss do not apply to the management account %s", label, acct)
		return nil
	}
	path, member, complete := o.pathTo(acct)
	if member && !o.mgmtKnown && !containsString(r.out.Unknowns, mgmtUnknown) {
		r.unknown(mgmtUnknown)
	}
	if !member {
		if complete {
			r.note("account %s is not in the organization: no %ss apply", acct, label)
			return nil
		}
		why := "it is not in the part of the organization tree the snapshot holds"
		if o.gap != "" {
			why = o.gap
		}
		r.unknown("no %s data for account %s (%s): the answer assumes none apply", label, acct, why)
		return nil
	}
	var levels [][]engine.NamedPolicy
	for depth, id := range path {
		where := o.describe(id)
		t := o.targets[id+"/"+typ]
		switch {
		case t == nil:
			r.unknown("no %s data for %s (organization/targets/%s/%s.json is missing): the answer leaves that level out", label, where, id, typ)
			continue
		case t.st == absent:
			r.note("%ss are not enabled in the organization (%s): none apply", label, t.file)
			return nil
		case t.st != present:
			r.unknown("no %s data for %s (%s): the answer leaves that level out", label, where, t.why)
			continue
		}
		level := make([]engine.NamedPolicy, 0, len(t.ids))
		for _, pid := range t.ids {
			op := o.policies[pid]
			doc, file, path := op.doc, op.file, "Policy.Content"
			if doc == nil {
				doc = r.s.builtinOrgPolicy(pid)
				file, path = "(AWS's "+strings.TrimPrefix(pid, "p-")+", whose content AWS documents)", ""
			}
			if doc == nil {
				r.unknown("%s %s attached to %s could not be read (%s): the answer leaves it out", label, orgPolicyName(op), where, op.problem)
				continue
			}
			name := orgPolicyName(op)
			level = append(level, engine.NamedPolicy{Name: name, Policy: doc})
			r.source(layer, len(levels), name, file, path, "attached to "+where+" (level "+strconv.Itoa(depth)+")")
		}
		levels = append(levels, level)
	}
	if levels == nil {
		r.unknown("no %s data for account %s: the answer assumes none apply", label, acct)
	}
	return levels
}

// describe names an organization node for an answer.
func (o *orgData) describe(id string) string {
	kind := "account"
	switch {
	case strings.HasPrefix(id, "r-"):
		kind = "root"
	case strings.HasPrefix(id, "ou-"):
		kind = "OU"
	}
	if n := o.names[id]; n != "" {
		return kind + " " + id + " (" + n + ")"
	}
	return kind + " " + id
}

// orgPolicyName is "Name (ARN)", or what of it is known.
func orgPolicyName(op *orgPolicy) string {
	switch {
	case op.name != "" && op.arn != "":
		return op.name + " (" + op.arn + ")"
	case op.name != "":
		return op.name + " (" + op.id + ")"
	case op.arn != "":
		return op.arn
	}
	return op.id
}

// Documents of AWS's own organization policies, as the Organizations user
// guide prints them, so that a snapshot listing them without their
// describe-policy output still resolves.
const (
	fullAWSAccess    = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	rcpFullAWSAccess = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
)

func (s *Snapshot) builtinOrgPolicy(id string) *policy.Policy {
	switch id {
	case "p-FullAWSAccess":
		return s.builtins[0]
	case "p-RCPFullAWSAccess":
		return s.builtins[1]
	}
	return nil
}

// session adds the session policy given with the query.
func (r *resolver) session() {
	if r.q.SessionPolicy == nil {
		return
	}
	name := r.q.SessionPolicyName
	if name == "" {
		name = "session policy"
	}
	r.out.Policies.Session = &engine.NamedPolicy{Name: name, Policy: r.q.SessionPolicy}
	r.source(engine.LayerSession, -1, name, "(given with the request)", "", "")
}

// endpoint adds the policy of the VPC endpoint the request came through and
// the keys AWS sets for such requests (aws:SourceVpce, aws:SourceVpc:
// reference_policies_condition-keys.md).
func (r *resolver) endpoint() {
	id := r.q.SourceVPCE
	if id == "" {
		return
	}
	r.setKey("aws:SourceVpce", id)
	e := r.s.vpces[id]
	if e == nil {
		r.unknown("no data for VPC endpoint %s (no ec2/REGION/describe-vpc-endpoints.json lists it)%s: the answer assumes it has no endpoint policy", id, r.allServiceGaps("ec2"))
		return
	}
	if e.vpc != "" {
		r.setKey("aws:SourceVpc", e.vpc)
	}
	switch {
	case e.policy != nil:
		name := "VPC endpoint policy of " + id
		r.out.Policies.VPCEndpoint = &engine.NamedPolicy{Name: name, Policy: e.policy}
		r.source(engine.LayerVPCEndpoint, -1, name, e.file, e.path, "endpoint for "+e.service)
	case e.problem != "":
		r.unknown("the policy of VPC endpoint %s could not be read (%s): the answer assumes it has none", id, e.problem)
	default:
		r.note("VPC endpoint %s has no policy document: it does not restrict the request", id)
	}
}

const (
	orgIDUnknown = "the organization's id is unknown (organization/describe-organization.json is missing or unreadable, and list-roots.json gives no root ARN): aws:PrincipalOrgID, aws:ResourceOrgID and their paths are left out of the request"
	mgmtUnknown  = "the organization's management account is unknown (organization/describe-organization.json is missing or unreadable): the answer assumes the accounts are members, which SCPs and RCPs govern"
)

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
