package account

import (
	"strings"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/engine"
)

// policyKinds names each service's resource policy in traces and answers.
var policyKinds = map[string]string{
	"s3":             "bucket policy",
	"kms":            "key policy",
	"sqs":            "queue policy",
	"sns":            "topic policy",
	"lambda":         "function policy",
	"secretsmanager": "secret policy",
	"ecr":            "repository policy",
}

// uncoveredPolicyServices have resource-based policies that the snapshot
// layout does not collect. The IAM User Guide in shared/reference does not
// list which services support resource-based policies (its "AWS services
// that work with IAM" page is not there); this is the set AWS's service
// documentation describes, so that a request to one of them says its
// resource policy is unknown rather than absent.
var uncoveredPolicyServices = map[string]bool{
	"logs": true, "events": true, "glacier": true, "es": true, "aoss": true, "execute-api": true,
	"backup": true, "codeartifact": true, "elasticfilesystem": true, "dynamodb": true, "kinesis": true,
	"s3express": true, "s3-object-lambda": true, "ses": true, "serverlessrepo": true, "iot": true,
	"mediastore": true, "signer": true, "ram": true, "acm-pca": true, "airflow": true, "cloudtrail": true,
	"schemas": true, "codebuild": true, "glue": true, "lakeformation": true, "bedrock": true, "redshift-serverless": true,
}

// resource finds the resource's account, policy and tags.
func (r *resolver) resource() {
	req := &r.out.Request
	res := req.Resource
	a, err := arn.Parse(res)
	if res == "*" || err != nil {
		return // no resource policy can apply to "*" or a non-ARN resource
	}
	r.resAcct = a.Account
	switch {
	case a.Service == "s3" && a.Region == "" && a.Account == "":
		r.bucket(a)
		return
	case a.Service == "s3" || a.Service == "s3-object-lambda":
		// Access points, Multi-Region Access Points and Object Lambda access
		// points carry a region or account; their policies are not collected.
		r.unknown("the snapshot does not hold S3 access point policies: the answer assumes %s has none", res)
		return
	case a.Service == "iam":
		r.iamResource(a)
		return
	case a.Service == "kms" && strings.HasPrefix(a.Resource, "alias/"):
		if !r.alias(a) {
			return
		}
		res = req.Resource
	}
	acct := r.s.accounts[a.Account]
	var found *resource
	if acct != nil {
		found = acct.resources[arnKey(res)]
		if found == nil && a.Service == "secretsmanager" {
			if short, ok := secretWithoutSuffix(res); ok {
				found = acct.resources[arnKey(short)]
			}
		}
		if found == nil && a.Service == "lambda" {
			// A qualified function ARN (…:function:NAME:ALIAS) has a policy
			// of its own, which the layout does not collect.
			if parts := strings.Split(a.Resource, ":"); len(parts) == 3 {
				if f := acct.resources[arnKey(strings.TrimSuffix(res, ":"+parts[2]))]; f != nil {
					r.unknown("the policy of the qualified function %s is not in the snapshot, only that of the function: the answer uses the function's", res)
					found = f
				}
			}
		}
	}
	kind, covered := policyKinds[a.Service]
	if found == nil {
		switch {
		case covered:
			r.unknown("no %s data for %s%s: the answer assumes it has none", kind, res, r.serviceGaps(acct, a.Service, a.Region))
		case uncoveredPolicyServices[a.Service]:
			r.unknown("the snapshot does not hold %s resource policies: the answer assumes %s has none", a.Service, res)
		}
		return
	}
	r.usePolicy(found, kind, true)
	if a.Service == "kms" && found.awsManagedKey {
		r.awsKey = true
	}
}

// usePolicy puts a found resource's policy and tags into the request.
func (r *resolver) usePolicy(found *resource, kind string, withTags bool) {
	switch found.policySt {
	case present:
		name := kind + " of " + found.arn
		r.out.Policies.Resource = &engine.NamedPolicy{Name: name, Policy: found.policy}
		r.source(engine.LayerResource, -1, name, found.policyFile, found.policyPath, "")
	case absent:
		// Known to have none.
	case broken:
		r.unknown("the %s of %s could not be read (%s: %s): the answer assumes it has none", kind, found.arn, found.policyFile, found.policyWhy)
	default:
		r.unknown("no %s data for %s: the answer assumes it has none", kind, found.arn)
	}
	if withTags && found.tagsSt == present {
		r.tagKeys("aws:ResourceTag/", found.tags)
	}
}

// bucket resolves an S3 bucket or object ARN to its bucket, whose account the
// ARN does not carry.
func (r *resolver) bucket(a arn.ARN) {
	name, _, isObject := strings.Cut(a.Resource, "/")
	if name == "" {
		return
	}
	b := r.s.buckets[name]
	if b == nil {
		r.unknown("bucket %s is not in the snapshot: its account and bucket policy are unknown; the answer assumes it belongs to the principal's account and has no bucket policy%s",
			name, r.allServiceGaps("s3"))
		return
	}
	r.resAcct = b.account
	r.out.Request.ResourceAccount = b.account
	if b.location != "" {
		// S3 ARNs carry no region; requests go to the bucket's region, which
		// is what aws:RequestedRegion holds (reference_policies_condition-keys.md).
		r.setKey("aws:RequestedRegion", b.location)
	}
	// Bucket tags are not object tags: object requests carry
	// s3:ExistingObjectTag keys instead, which the snapshot lacks.
	r.usePolicy(b, "bucket policy", !isObject)
}

// iamResource handles IAM ARNs: a role's trust policy is the resource policy
// of the sts: actions on it (engine.ResourcePolicyKind); IAM has no other
// resource-based policies (access_policies.md: "The IAM service supports only
// one type of resource-based policy called a role trust policy"). Role and
// user tags are the resource's tags.
func (r *resolver) iamResource(a arn.ARN) {
	typ, rest, _ := strings.Cut(a.Resource, "/")
	name := rest[strings.LastIndexByte(rest, '/')+1:]
	if (typ != "role" && typ != "user") || name == "" {
		return
	}
	trust := engine.ResourcePolicyKind(r.q.Action, r.out.Request.Resource) == "trust"
	acct := r.s.accounts[a.Account]
	if acct == nil || acct.iam == nil {
		if trust {
			r.unknown("no IAM data for account %s: the trust policy of %s is unknown; the answer assumes it has none", a.Account, r.out.Request.Resource)
		}
		return
	}
	if typ == "user" {
		if u := acct.iam.users[name]; u != nil {
			r.tagKeys("aws:ResourceTag/", u.tags)
		}
		return
	}
	ro := acct.iam.roles[name]
	if ro == nil {
		if trust {
			r.unknown("role %s is not in the IAM data of account %s: its trust policy is unknown; the answer assumes it has none", name, a.Account)
		}
		return
	}
	r.tagKeys("aws:ResourceTag/", ro.tags)
	if !trust {
		return
	}
	switch {
	case ro.trust != nil:
		pn := "trust policy of " + ro.arn
		r.out.Policies.Resource = &engine.NamedPolicy{Name: pn, Policy: ro.trust}
		r.source(engine.LayerResource, -1, pn, ro.file, ro.trustPath, "")
	case ro.trustError != "":
		r.unknown("the trust policy of %s could not be read (%s): the answer assumes it has none", ro.arn, ro.trustError)
	default:
		r.unknown("the trust policy of %s is not in the snapshot: the answer assumes it has none", ro.arn)
	}
}

// alias resolves a KMS alias ARN to its key: KMS authorizes requests that
// use an alias against the key the alias points to. It reports whether the
// request now names a key.
func (r *resolver) alias(a arn.ARN) bool {
	acct := r.s.accounts[a.Account]
	var key string
	if acct != nil {
		key = acct.aliases[a.Region+"/"+a.Resource]
	}
	if key == "" {
		r.unknown("the KMS alias %s is not in the snapshot's kms/%s/list-aliases.json%s: its key and key policy are unknown; the answer assumes it has no key policy",
			r.out.Request.Resource, a.Region, r.serviceGaps(acct, "kms-alias", a.Region))
		return false
	}
	keyARN := "arn:" + a.Partition + ":kms:" + a.Region + ":" + a.Account + ":key/" + key
	r.note("the alias %s points to the key %s; KMS authorizes the request against the key", r.out.Request.Resource, keyARN)
	r.out.Request.Resource = keyARN
	return true
}

// serviceGaps explains, for an answer, which listings of the account failed
// for the service (in the region, when given).
func (r *resolver) serviceGaps(acct *accountData, service, region string) string {
	if acct == nil {
		return ""
	}
	var b strings.Builder
	for _, g := range acct.gaps {
		if g.service == service && (region == "" || g.region == "" || g.region == region) {
			b.WriteString(" (")
			b.WriteString(g.file)
			b.WriteString(": ")
			b.WriteString(g.text)
			b.WriteString(")")
		}
	}
	return b.String()
}

// allServiceGaps is serviceGaps over every account, for a resource whose
// account the snapshot cannot tell (a bucket, a VPC endpoint).
func (r *resolver) allServiceGaps(service string) string {
	var b strings.Builder
	for _, id := range r.s.Accounts() {
		b.WriteString(r.serviceGaps(r.s.accounts[id], service, ""))
	}
	return b.String()
}
