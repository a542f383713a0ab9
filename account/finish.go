package account

import (
	"sort"
	"strings"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/managed"
	"github.com/whydenied/whydenied/policy"
)

// finish gives every resource its ARN and indexes it, and brings in the AWS
// managed policies the accounts attach without carrying their documents.
func (l *loader) finish() {
	ids := make([]string, 0, len(l.snap.accounts))
	for id := range l.snap.accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids) // problems come out in the same order on every run
	for _, id := range ids {
		a := l.snap.accounts[id]
		byPath := a.resources
		a.resources = make(map[string]*resource, len(byPath))
		keys := make([]string, 0, len(byPath))
		for k := range byPath {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			r := byPath[k]
			if !l.nameResource(a, r) {
				continue
			}
			a.resources[arnKey(r.arn)] = r
			if r.service == "s3" {
				l.snap.buckets[r.name] = r
			}
			if r.service == "secretsmanager" {
				if short, ok := secretWithoutSuffix(r.arn); ok {
					a.resources[arnKey(short)] = r
				}
			}
		}
	}
	l.bringManaged(ids)
	if o := l.snap.org; o != nil {
		if o.id == "" {
			o.id = o.rootOrgID
		}
		if o.mgmt == "" {
			o.mgmt = o.rootMgmt
		}
		o.idKnown, o.mgmtKnown = o.id != "", o.mgmt != ""
		o.complete = o.treeComplete()
	}
	for i, doc := range [2]string{fullAWSAccess, rcpFullAWSAccess} {
		// Constants; TestBuiltinOrgPolicies checks they parse. Were one not
		// to, the policy would count as unreadable, never as allowing.
		l.snap.builtins[i], _ = policy.Parse([]byte(doc))
	}
}

// nameResource sets r.arn from the output where it carries one, else from
// the path (LAYOUT.md).
func (l *loader) nameResource(a *accountData, r *resource) bool {
	p := a.partition
	var fromPath string
	switch r.service {
	case "s3":
		fromPath = "arn:" + p + ":s3:::" + r.name
	case "kms":
		fromPath = "arn:" + p + ":kms:" + r.region + ":" + a.id + ":key/" + r.name
	case "sqs", "sns":
		fromPath = "arn:" + p + ":" + r.service + ":" + r.region + ":" + a.id + ":" + r.name
	case "lambda":
		fromPath = "arn:" + p + ":lambda:" + r.region + ":" + a.id + ":function:" + r.name
	case "secretsmanager":
		fromPath = "arn:" + p + ":secretsmanager:" + r.region + ":" + a.id + ":secret:" + r.name
	case "ecr":
		fromPath = "arn:" + p + ":ecr:" + r.region + ":" + a.id + ":repository/" + r.name
	}
	r.arn = fromPath
	if r.arnFromOutput == "" {
		return true
	}
	out, err := arn.Parse(r.arnFromOutput)
	file := r.policyFile
	if file == "" {
		file = r.tagsFile
	}
	switch {
	case err != nil:
		l.problem(problemf(file, "", "the resource ARN in the output: %v", err))
		return true
	case out.Account != a.id || out.Region != r.region || out.Service != r.service:
		l.problem(problemf(file, "", "the output names %s, which is not a %s resource of account %s in %s as the file's path says; the file is ignored",
			r.arnFromOutput, r.service, a.id, r.region))
		return false
	}
	r.arn = r.arnFromOutput
	return true
}

// secretWithoutSuffix drops the six random characters Secrets Manager adds
// to a secret's ARN (…:secret:name-AbCdEf), so a request naming the secret by
// its partial ARN finds it.
func secretWithoutSuffix(s string) (string, bool) {
	i := strings.LastIndexByte(s, '-')
	if i < 0 || len(s)-i-1 != 6 || !strings.Contains(s[:i], ":secret:") {
		return "", false
	}
	return s[:i], true
}

// arnKey is an ARN without "arn:PARTITION:", so lookups do not depend on how
// the partition was spelled in the path-derived ARN.
func arnKey(s string) string {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return s
	}
	if i := strings.IndexByte(rest, ':'); i >= 0 {
		return rest[i+1:]
	}
	return s
}

// bringManaged resolves attached AWS managed policies (arn:…:iam::aws:policy/…)
// that an account's output does not carry, from the embedded set, opening it
// only when some are needed.
func (l *loader) bringManaged(ids []string) {
	need := map[string]bool{}
	for _, id := range ids {
		a := l.snap.accounts[id]
		if a.iam == nil {
			continue
		}
		note := func(e *entity) {
			for _, p := range append(e.attached[:len(e.attached):len(e.attached)], e.boundary) {
				if isAWSManaged(p) && a.iam.policies[p] == nil {
					need[p] = true
				}
			}
		}
		for _, u := range a.iam.users {
			note(&u.entity)
		}
		for _, g := range a.iam.groups {
			note(&g.entity)
		}
		for _, r := range a.iam.roles {
			note(&r.entity)
		}
	}
	if len(need) == 0 {
		return
	}
	set, err := managed.Open()
	if err != nil {
		l.problem(problemf("(embedded AWS managed policies)", "", "%v", err))
		return
	}
	l.snap.managedSource = "embedded AWS managed policies (" + set.Source() + ")"
	for p := range need {
		md := &managedDoc{arn: p}
		mp, ok := set.Lookup(p)
		if !ok {
			md.problem = "it is neither in the snapshot nor among the embedded AWS managed policies"
			l.snap.awsManaged[p] = md
			continue
		}
		md.name = mp.Name
		doc, err := mp.Parse()
		if err != nil {
			md.problem = "the embedded copy does not parse: " + err.Error()
		}
		md.doc = doc
		l.snap.awsManaged[p] = md
	}
}

// isAWSManaged reports whether a policy ARN is one of AWS's managed policies.
func isAWSManaged(p string) bool {
	return strings.HasPrefix(p, "arn:") && strings.Contains(p, ":iam::aws:policy/")
}

// treeComplete reports whether every listing of the organization tree was
// read: then an account found under no parent is known not to be a member.
func (o *orgData) treeComplete() bool {
	if !o.rootsKnown || o.gap != "" || len(o.listGaps) > 0 {
		return false
	}
	for _, root := range o.roots {
		if o.listed[root] != listOUs|listAccounts {
			return false
		}
	}
	for id := range o.parent {
		if strings.HasPrefix(id, "ou-") && o.listed[id] != listOUs|listAccounts {
			return false
		}
	}
	return true
}
