package account

import (
	"errors"
	"strings"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/policy"
)

// readAuthorizationDetails reads one page of
// `aws iam get-account-authorization-details` (aws-formats.md §4.1). Pages
// are merged; a bad entity loses only itself. Load may have read the page
// already, in parallel with the others (l.pages).
func readAuthorizationDetails(l *loader, in input) {
	acctID := in.seg[0]
	if !arn.IsAccountID(acctID) {
		l.problem(problemf(in.rel, "", "the directory name %q is not a 12-digit account id", acctID))
		return
	}
	a := l.account(acctID)
	if in.failed != nil {
		a.iamGap = in.rel + ": " + in.failed.text
		return
	}
	page := l.pages[in.rel]
	if page == nil {
		page = readIAMPage(acctID, in.rel, in.data)
	}
	l.snap.problems = append(l.snap.problems, page.problems...)
	if a.iam == nil {
		a.iam = newIAMData()
	}
	a.iam.files = append(a.iam.files, in.rel)
	for k, v := range page.out.users {
		a.iam.users[k] = v
	}
	for k, v := range page.out.groups {
		a.iam.groups[k] = v
	}
	for k, v := range page.out.roles {
		a.iam.roles[k] = v
	}
	for k, v := range page.out.policies {
		a.iam.policies[k] = v
	}
	if page.partition != "" {
		a.partition = page.partition
	}
	if page.gap != "" {
		a.iamGap = page.gap
	}
}

func newIAMData() *iamData {
	return &iamData{
		users: map[string]*iamUser{}, roles: map[string]*iamRole{},
		groups: map[string]*iamGroup{}, policies: map[string]*managedDoc{},
	}
}

// readIAMPage reads one page on its own: it touches nothing shared, so
// pages can be read in parallel.
func readIAMPage(acct, rel string, data []byte) *iamReader {
	r := &iamReader{acct: acct, file: rel, out: newIAMData()}
	root := node{file: rel, raw: data}
	err := root.members(func(key string, v node) error {
		var each func(node) error
		switch key {
		case "UserDetailList":
			each = r.user
		case "GroupDetailList":
			each = r.group
		case "RoleDetailList":
			each = r.role
		case "Policies":
			each = r.managed
		default:
			return nil
		}
		return v.items(func(_ int, item node) error {
			if err := each(item); err != nil {
				r.report(err)
			}
			return nil
		})
	})
	if err != nil {
		r.report(err)
		r.gap = err.Error()
	}
	return r
}

// iamReader reads one page of authorization details.
type iamReader struct {
	acct, file string
	out        *iamData
	problems   []*Problem
	partition  string
	gap        string // why the page could not be read whole
}

func (r *iamReader) report(err error) {
	var p *Problem
	if !errors.As(err, &p) {
		p = problemf(r.file, "", "%v", err)
	}
	r.problems = append(r.problems, p)
}

// parsePolicy parses a document and records its problem.
func (r *iamReader) parsePolicy(n node) (*policy.Policy, string) {
	p, prob := parsePolicy(n)
	if prob != nil {
		r.problems = append(r.problems, prob)
		return nil, prob.Error()
	}
	return p, ""
}

// entity reads the members users, groups and roles share. kind is "user",
// "group" or "role"; the other members are handed to extra.
func (r *iamReader) entity(n node, kind string, extra func(key string, v node) error) (*entity, error) {
	prefix := strings.ToUpper(kind[:1]) + kind[1:]
	e := &entity{file: r.file}
	err := n.members(func(k string, v node) error {
		var err error
		switch k {
		case prefix + "Name":
			e.name, err = v.str("the " + kind + " name")
		case prefix + "Id":
			e.id, err = v.optStr("the " + kind + " id")
		case "Arn":
			e.arn, err = v.str("the " + kind + " ARN")
		case "Path":
			e.path, err = v.optStr("the IAM path")
		case prefix + "PolicyList":
			err = r.inlineList(v, e, kind)
		case "AttachedManagedPolicies":
			err = attachedList(v, e)
		case "PermissionsBoundary":
			if v.present() {
				f, ferr := v.fields("PermissionsBoundaryArn")
				if ferr != nil {
					return ferr
				}
				e.boundary, err = f[0].str("the permissions boundary policy ARN")
			}
		case "Tags":
			e.tags, err = v.tagList("Key", "Value")
		default:
			if extra != nil {
				err = extra(k, v)
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if e.name == "" {
		return nil, n.fail("expected a %s object with %sName and Arn; %sName is missing", kind, prefix, prefix)
	}
	if e.arn == "" {
		return nil, n.fail("the %s %q has no Arn; expected one", kind, e.name)
	}
	a, err := arn.Parse(e.arn)
	if err != nil {
		return nil, problemf(r.file, n.child("Arn"), "%v", err)
	}
	if a.Account != r.acct {
		return nil, problemf(r.file, n.child("Arn"), "the %s's ARN %s is in account %s, but the file is under accounts/%s/", kind, e.arn, a.Account, r.acct)
	}
	r.partition = a.Partition
	return e, nil
}

func (r *iamReader) inlineList(v node, e *entity, kind string) error {
	if !v.present() {
		return nil
	}
	return v.items(func(_ int, item node) error {
		f, err := item.fields("PolicyName", "PolicyDocument")
		if err != nil {
			return err
		}
		name, err := f[0].str("the inline policy name")
		if err != nil {
			return err
		}
		p, why := r.parsePolicy(f[1])
		if why != "" {
			e.broken = append(e.broken, "inline policy "+name+" of "+kind+" "+e.name+" could not be read ("+why+")")
			return nil
		}
		e.inline = append(e.inline, inlinePolicy{name: name, path: f[1].path, policy: p})
		return nil
	})
}

// attachedList reads AttachedManagedPolicies. AWS's own example output once
// showed a single object instead of a list (aws-formats.md §4.1); both are
// read.
func attachedList(v node, e *entity) error {
	if !v.present() {
		return nil
	}
	one := func(item node) error {
		f, err := item.fields("PolicyArn")
		if err != nil {
			return err
		}
		s, err := f[0].str("the attached policy's ARN")
		e.attached = append(e.attached, s)
		return err
	}
	if v.kind() == '{' {
		return one(v)
	}
	return v.items(func(_ int, item node) error { return one(item) })
}

func (r *iamReader) user(n node) error {
	var groups []string
	e, err := r.entity(n, "user", func(k string, v node) error {
		if k != "GroupList" {
			return nil
		}
		var err error
		groups, err = v.strList("a group name")
		return err
	})
	if err != nil {
		return err
	}
	r.out.users[e.name] = &iamUser{entity: *e, groups: groups}
	return nil
}

func (r *iamReader) group(n node) error {
	e, err := r.entity(n, "group", nil)
	if err != nil {
		return err
	}
	r.out.groups[e.name] = &iamGroup{entity: *e}
	return nil
}

func (r *iamReader) role(n node) error {
	var trust node
	e, err := r.entity(n, "role", func(k string, v node) error {
		if k == "AssumeRolePolicyDocument" {
			trust = v
		}
		return nil
	})
	if err != nil {
		return err
	}
	role := &iamRole{entity: *e}
	if trust.present() {
		role.trustPath = trust.path
		role.trust, role.trustError = r.parsePolicy(trust)
	}
	r.out.roles[e.name] = role
	return nil
}

// managed reads a ManagedPolicyDetail and keeps its default version: the
// one IsDefaultVersion marks, else the one DefaultVersionId names.
func (r *iamReader) managed(n node) error {
	f, err := n.fields("PolicyName", "Arn", "DefaultVersionId", "PolicyVersionList")
	if err != nil {
		return err
	}
	name, err := f[0].str("the policy name")
	if err != nil {
		return err
	}
	pARN, err := f[1].str("the policy ARN")
	if err != nil {
		return err
	}
	defID, err := f[2].optStr("the default version id")
	if err != nil {
		return err
	}
	md := &managedDoc{arn: pARN, name: name, file: r.file}
	var chosen, byID node
	if f[3].present() {
		err = f[3].items(func(_ int, v node) error {
			vf, err := v.fields("Document", "VersionId", "IsDefaultVersion")
			if err != nil {
				return err
			}
			isDef, err := vf[2].optBool("IsDefaultVersion")
			if err != nil {
				return err
			}
			id, err := vf[1].optStr("the version id")
			if err != nil {
				return err
			}
			if isDef {
				chosen = vf[0]
			}
			if id != "" && id == defID {
				byID = vf[0]
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if !chosen.present() {
		chosen = byID
	}
	if !chosen.present() {
		md.problem = "its default version is not in " + r.file + " (no PolicyVersionList entry with IsDefaultVersion true)"
		r.problems = append(r.problems, problemf(r.file, f[3].path, "policy %s: expected a version with IsDefaultVersion true and a Document", pARN))
	} else {
		md.path = chosen.path
		md.doc, md.problem = r.parsePolicy(chosen)
	}
	r.out.policies[pARN] = md
	return nil
}

// parsePolicy parses a policy document found at n, as an object, a JSON
// string or URL-encoded text. Documents are not checked with Validate: AWS
// accepted them, and a stricter reading here would only lose data.
func parsePolicy(n node) (*policy.Policy, *Problem) {
	if !n.present() {
		return nil, n.fail("missing; expected a policy document")
	}
	pol, err := policy.Parse(n.raw)
	if err != nil {
		return nil, policyProblem(n.file, n.path, err)
	}
	return pol, nil
}

// parsePolicy parses a document for the other readers, recording its
// problem; the problem's text is returned for the answer.
func (l *loader) parsePolicy(n node) (*policy.Policy, string) {
	p, prob := parsePolicy(n)
	if prob != nil {
		l.problem(prob)
		return nil, prob.Error()
	}
	return p, ""
}
