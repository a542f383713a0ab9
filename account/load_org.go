package account

import (
	"strings"

	"github.com/whydenied/whydenied/arn"
)

func (l *loader) orgData() *orgData {
	if l.snap.org == nil {
		l.snap.org = &orgData{
			enabled: map[string]bool{}, parent: map[string]string{}, names: map[string]string{},
			listed: map[string]uint8{}, listGaps: map[string]string{},
			targets: map[string]*target{}, policies: map[string]*orgPolicy{},
		}
	}
	return l.snap.org
}

// readDescribeOrganization reads `aws organizations describe-organization`.
func readDescribeOrganization(l *loader, in input) {
	o := l.orgData()
	o.describeFile = in.rel
	if in.failed != nil {
		// The caller's account is in no organization: nothing governs it.
		if in.failed.is("AWSOrganizationsNotInUseException") {
			o.notInUse = true
			return
		}
		o.gap = in.rel + ": " + in.failed.text
		return
	}
	root := node{file: in.rel, raw: in.data}
	f, err := root.fields("Organization")
	if err == nil {
		var g []node
		if g, err = f[0].fields("Id", "MasterAccountId", "FeatureSet"); err == nil {
			if o.id, err = g[0].str("the organization id (o-...)"); err == nil {
				if o.mgmt, err = g[1].optStr("the management account id"); err == nil {
					o.featureSet, err = g[2].optStr("the feature set")
				}
			}
		}
	}
	if err != nil {
		l.report(in.rel, err)
		o.gap = err.Error()
	}
}

// readListRoots reads `aws organizations list-roots`: the root ids and the
// policy types enabled there.
func readListRoots(l *loader, in input) {
	o := l.orgData()
	if in.failed != nil {
		o.gap = in.rel + ": " + in.failed.text
		return
	}
	root := node{file: in.rel, raw: in.data}
	f, err := root.fields("Roots")
	if err == nil {
		err = f[0].items(func(_ int, r node) error {
			rf, err := r.fields("Id", "PolicyTypes", "Name", "Arn")
			if err != nil {
				return err
			}
			id, err := rf[0].str("the root id (r-...)")
			if err != nil {
				return err
			}
			if !strings.HasPrefix(id, "r-") {
				return rf[0].fail("expected a root id (r-...), got %q", id)
			}
			o.roots = append(o.roots, id)
			if o.names[id], err = rf[2].optStr("the root's name"); err != nil {
				return err
			}
			rootARN, err := rf[3].optStr("the root's ARN")
			o.fromRootARN(rootARN)
			if err != nil {
				return err
			}
			if !rf[1].present() {
				return nil
			}
			return rf[1].items(func(_ int, pt node) error {
				pf, err := pt.fields("Type", "Status")
				if err != nil {
					return err
				}
				typ, err := pf[0].str("a policy type")
				if err != nil {
					return err
				}
				status, err := pf[1].optStr("the policy type status")
				o.enabled[typ] = status == "ENABLED"
				return err
			})
		})
	}
	if err != nil {
		l.report(in.rel, err)
		o.gap = err.Error()
		return
	}
	o.rootsKnown = true
}

// readListOUs reads `aws organizations list-organizational-units-for-parent`.
func readListOUs(l *loader, in input) {
	readChildren(l, in, "OrganizationalUnits", listOUs)
}

// readListAccounts reads `aws organizations list-accounts-for-parent`.
func readListAccounts(l *loader, in input) {
	readChildren(l, in, "Accounts", listAccounts)
}

func readChildren(l *loader, in input, member string, bit uint8) {
	o := l.orgData()
	parent := in.seg[0]
	if in.failed != nil {
		o.listGaps[parent] = in.rel + ": " + in.failed.text
		return
	}
	root := node{file: in.rel, raw: in.data}
	f, err := root.fields(member)
	if err == nil {
		err = f[0].items(func(_ int, c node) error {
			cf, err := c.fields("Id", "Name")
			if err != nil {
				return err
			}
			id, err := cf[0].str("an id")
			if err != nil {
				return err
			}
			if bit == listAccounts && !arn.IsAccountID(id) {
				return cf[0].fail("expected a 12-digit account id, got %q", id)
			}
			if bit == listOUs && !strings.HasPrefix(id, "ou-") {
				return cf[0].fail("expected an OU id (ou-...), got %q", id)
			}
			if prev, ok := o.parent[id]; ok && prev != parent {
				return cf[0].fail("%s is listed under both %s and %s; expected one parent", id, prev, parent)
			}
			o.parent[id] = parent
			name, err := cf[1].optStr("a name")
			o.names[id] = name
			return err
		})
	}
	if err != nil {
		l.report(in.rel, err)
		o.listGaps[parent] = err.Error()
		return
	}
	o.listed[parent] |= bit
}

// readTargetPolicies reads `aws organizations list-policies-for-target
// --target-id ID --filter TYPE`, saved as targets/ID/TYPE.json.
func readTargetPolicies(l *loader, in input) {
	o := l.orgData()
	id, typ := in.seg[0], in.seg[1]
	if typ != typeSCP && typ != typeRCP {
		if in.failed == nil && !strings.HasSuffix(typ, "_POLICY") {
			l.problem(problemf(in.rel, "", "expected the file to be named %s.json or %s.json (the --filter value)", typeSCP, typeRCP))
		}
		return // tag, backup... policies do not take part in authorization
	}
	t := &target{file: in.rel}
	o.targets[id+"/"+typ] = t
	if in.failed != nil {
		// The type is off at the root: no policy of it applies anywhere.
		if in.failed.is("PolicyTypeNotEnabledException") {
			t.st = absent
			return
		}
		t.st, t.why = broken, in.rel+": "+in.failed.text
		return
	}
	root := node{file: in.rel, raw: in.data}
	f, err := root.fields("Policies")
	if err == nil {
		err = f[0].items(func(_ int, p node) error {
			pf, err := p.fields("Id", "Name", "Arn", "Type")
			if err != nil {
				return err
			}
			pid, err := pf[0].str("the policy id (p-...)")
			if err != nil {
				return err
			}
			t.ids = append(t.ids, pid)
			// Keep the summary: a policy whose describe-policy output is
			// missing still gets its name in the answer.
			if o.policies[pid] == nil {
				op := &orgPolicy{id: pid, typ: typ}
				op.name, _ = pf[1].optStr("")
				op.arn, _ = pf[2].optStr("")
				op.problem = "organization/policies/" + pid + ".json is missing"
				o.policies[pid] = op
			}
			return nil
		})
	}
	if err != nil {
		l.report(in.rel, err)
		t.st, t.why, t.ids = broken, err.Error(), nil
		return
	}
	t.st = present
}

// readDescribePolicy reads `aws organizations describe-policy --policy-id ID`.
func readDescribePolicy(l *loader, in input) {
	o := l.orgData()
	id := in.seg[0]
	op := o.policies[id]
	if op == nil {
		op = &orgPolicy{id: id}
		o.policies[id] = op
	}
	op.file = in.rel
	if in.failed != nil {
		op.problem = in.rel + ": " + in.failed.text
		return
	}
	root := node{file: in.rel, raw: in.data}
	f, err := root.fields("Policy")
	var pf, sf []node
	if err == nil {
		pf, err = f[0].fields("Content", "PolicySummary")
	}
	if err == nil {
		sf, err = pf[1].fields("Id", "Name", "Arn", "Type")
	}
	if err == nil {
		var sid string
		if sid, err = sf[0].str("the policy id"); err == nil && sid != id {
			err = sf[0].fail("the policy id %q differs from the file name %s.json", sid, id)
		}
	}
	if err == nil {
		op.name, _ = sf[1].optStr("")
		op.arn, _ = sf[2].optStr("")
		op.typ, err = sf[3].optStr("the policy type")
	}
	if err != nil {
		l.report(in.rel, err)
		op.problem = err.Error()
		return
	}
	op.doc, op.problem = l.parsePolicy(pf[0])
}

// fromRootARN keeps what a root's ARN tells
// (arn:aws:organizations::MANAGEMENT-ACCOUNT:root/o-ID/r-ID), for when
// describe-organization is missing or unreadable.
func (o *orgData) fromRootARN(s string) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[2] != "organizations" {
		return
	}
	rest, ok := strings.CutPrefix(parts[5], "root/")
	if !ok {
		return
	}
	orgID, _, _ := strings.Cut(rest, "/")
	if strings.HasPrefix(orgID, "o-") {
		o.rootOrgID = orgID
	}
	if arn.IsAccountID(parts[4]) {
		o.rootMgmt = parts[4]
	}
}
