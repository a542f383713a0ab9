package account

import "github.com/whydenied/whydenied/arn"

// resourceAt returns the resource a file under accounts/ID/SERVICE/... stands
// for, creating it on first use; seg holds the account id, then the region
// when the service is regional, then the resource's directory name.
func (l *loader) resourceAt(in input, service string, regional bool) *resource {
	acct := in.seg[0]
	if !arn.IsAccountID(acct) {
		l.problem(problemf(in.rel, "", "the directory name %q is not a 12-digit account id", acct))
		return nil
	}
	region, name := "", in.seg[1]
	if regional {
		region, name = in.seg[1], in.seg[2]
	}
	a := l.account(acct)
	key := service + "/" + region + "/" + name
	r := a.resources[key]
	if r == nil {
		r = &resource{service: service, account: acct, region: region, name: name}
		a.resources[key] = r
	}
	return r
}

// noPolicyCodes are the errors that mean the resource has no policy
// (LAYOUT.md): a fact, not a gap.
func noPolicyCodes(service string) []string {
	switch service {
	case "s3":
		return []string{"NoSuchBucketPolicy"}
	case "ecr":
		return []string{"RepositoryPolicyNotFoundException"}
	case "lambda":
		return []string{"ResourceNotFoundException"}
	}
	return nil
}

func noTagCodes(service string) []string {
	if service == "s3" {
		return []string{"NoSuchTagSet", "NoSuchTagSetError"}
	}
	return nil
}

// readResourcePolicy makes the reader of one service's policy output.
func readResourcePolicy(service string, regional bool, parse func(*loader, node, *resource) error) func(*loader, input) {
	return func(l *loader, in input) {
		r := l.resourceAt(in, service, regional)
		if r == nil {
			return
		}
		r.policyFile = in.rel
		if in.failed != nil {
			if in.failed.is(noPolicyCodes(service)...) {
				r.policySt = absent
			} else {
				r.policySt, r.policyWhy = broken, in.failed.text
			}
			return
		}
		if err := parse(l, node{file: in.rel, raw: in.data}, r); err != nil {
			l.report(in.rel, err)
			r.policySt, r.policyWhy, r.policy = broken, err.Error(), nil
		}
	}
}

// readResourceTags makes the reader of one service's tag output.
func readResourceTags(service string, regional bool, parse func(node, *resource) error) func(*loader, input) {
	return func(l *loader, in input) {
		r := l.resourceAt(in, service, regional)
		if r == nil {
			return
		}
		r.tagsFile = in.rel
		if in.failed != nil {
			if in.failed.is(noTagCodes(service)...) {
				r.tagsSt = absent
			} else {
				r.tagsSt = broken
			}
			return
		}
		if err := parse(node{file: in.rel, raw: in.data}, r); err != nil {
			l.report(in.rel, err)
			r.tagsSt, r.tags = broken, nil
			return
		}
		r.tagsSt = present
	}
}

// readAccountListing makes the reader of a listing (list-buckets, list-keys,
// ...): its output is not needed, but its .error says a whole service (in a
// region) could not be read.
func readAccountListing(service string, regional bool) func(*loader, input) {
	return func(l *loader, in input) {
		if in.failed == nil {
			return
		}
		if !arn.IsAccountID(in.seg[0]) {
			l.problem(problemf(in.rel, "", "the directory name %q is not a 12-digit account id", in.seg[0]))
			return
		}
		g := serviceGap{service: service, file: in.rel, text: in.failed.text}
		if regional {
			g.region = in.seg[1]
		}
		a := l.account(in.seg[0])
		a.gaps = append(a.gaps, g)
	}
}

// setPolicy parses the document at n into r; an absent member means the
// resource has no policy.
func (l *loader) setPolicy(n node, r *resource) {
	if !n.present() {
		r.policySt = absent
		return
	}
	r.policyPath = n.path
	var why string
	if r.policy, why = l.parsePolicy(n); why != "" {
		r.policySt, r.policyWhy = broken, why
		return
	}
	r.policySt = present
}

// parseBucketPolicy reads `aws s3api get-bucket-policy`: {"Policy": "<JSON text>"}.
func parseBucketPolicy(l *loader, n node, r *resource) error {
	f, err := n.fields("Policy")
	if err != nil {
		return err
	}
	if !f[0].present() {
		return n.fail(`expected {"Policy": "..."} as get-bucket-policy prints it; Policy is missing`)
	}
	l.setPolicy(f[0], r)
	return nil
}

// parseKeyPolicy reads `aws kms get-key-policy`: {"Policy": "...", "PolicyName": "default"}.
func parseKeyPolicy(l *loader, n node, r *resource) error {
	f, err := n.fields("Policy")
	if err != nil {
		return err
	}
	if !f[0].present() {
		return n.fail(`expected {"Policy": "..."} as get-key-policy prints it; Policy is missing`)
	}
	l.setPolicy(f[0], r)
	return nil
}

// parseQueueAttributes reads `aws sqs get-queue-attributes`: the policy is
// Attributes.Policy (absent when the queue has none); QueueArn is there with
// --attribute-names All.
func parseQueueAttributes(l *loader, n node, r *resource) error {
	return parseAttributes(l, n, r, "QueueArn")
}

// parseTopicAttributes reads `aws sns get-topic-attributes`.
func parseTopicAttributes(l *loader, n node, r *resource) error {
	return parseAttributes(l, n, r, "TopicArn")
}

func parseAttributes(l *loader, n node, r *resource, arnKey string) error {
	f, err := n.fields("Attributes")
	if err != nil {
		return err
	}
	if !f[0].present() {
		return n.fail(`expected {"Attributes": {...}}; Attributes is missing`)
	}
	af, err := f[0].fields("Policy", arnKey)
	if err != nil {
		return err
	}
	if r.arnFromOutput, err = af[1].optStr("the " + arnKey); err != nil {
		return err
	}
	l.setPolicy(af[0], r)
	return nil
}

// parseLambdaPolicy reads `aws lambda get-policy`: {"Policy": "...", "RevisionId": "..."}.
func parseLambdaPolicy(l *loader, n node, r *resource) error {
	f, err := n.fields("Policy")
	if err != nil {
		return err
	}
	l.setPolicy(f[0], r)
	return nil
}

// parseSecretPolicy reads `aws secretsmanager get-resource-policy`:
// {"ARN", "Name", "ResourcePolicy"}; no ResourcePolicy means no policy.
func parseSecretPolicy(l *loader, n node, r *resource) error {
	f, err := n.fields("ARN", "ResourcePolicy")
	if err != nil {
		return err
	}
	if r.arnFromOutput, err = f[0].str("the secret's ARN"); err != nil {
		return err
	}
	l.setPolicy(f[1], r)
	return nil
}

// parseRepositoryPolicy reads `aws ecr get-repository-policy`:
// {"registryId", "repositoryName", "policyText"}.
func parseRepositoryPolicy(l *loader, n node, r *resource) error {
	f, err := n.fields("registryId", "repositoryName", "policyText")
	if err != nil {
		return err
	}
	reg, err := f[0].optStr("the registry id")
	if err != nil {
		return err
	}
	name, err := f[1].optStr("the repository name")
	if err != nil {
		return err
	}
	if reg != "" && reg != r.account {
		return f[0].fail("registry %s differs from the account directory %s", reg, r.account)
	}
	if name != "" {
		r.name = name
	}
	l.setPolicy(f[2], r)
	return nil
}

// parseTagSet reads `aws s3api get-bucket-tagging`: {"TagSet": [{"Key", "Value"}]}.
func parseTagSet(n node, r *resource) error {
	f, err := n.fields("TagSet")
	if err == nil {
		r.tags, err = f[0].tagList("Key", "Value")
	}
	return err
}

// parseKMSTags reads `aws kms list-resource-tags`: {"Tags": [{"TagKey", "TagValue"}]}.
func parseKMSTags(n node, r *resource) error {
	f, err := n.fields("Tags")
	if err == nil {
		r.tags, err = f[0].tagList("TagKey", "TagValue")
	}
	return err
}

// parseTagObject reads {"Tags": {"key": "value"}} (SQS list-queue-tags, Lambda list-tags).
func parseTagObject(member string) func(node, *resource) error {
	return func(n node, r *resource) error {
		f, err := n.fields(member)
		if err == nil {
			r.tags, err = f[0].tagMap()
		}
		return err
	}
}

// parseKeyValueTags reads {"Tags": [{"Key", "Value"}]} (SNS, ECR says "tags").
func parseKeyValueTags(member string) func(node, *resource) error {
	return func(n node, r *resource) error {
		f, err := n.fields(member)
		if err == nil {
			r.tags, err = f[0].tagList("Key", "Value")
		}
		return err
	}
}

// parseDescribeSecret reads the ARN and Tags of `aws secretsmanager describe-secret`.
func parseDescribeSecret(n node, r *resource) error {
	f, err := n.fields("ARN", "Tags")
	if err != nil {
		return err
	}
	if r.arnFromOutput, err = f[0].str("the secret's ARN"); err != nil {
		return err
	}
	r.tags, err = f[1].tagList("Key", "Value")
	return err
}

// readDescribeKey reads `aws kms describe-key` for the key's ARN and
// KeyManager: RCPs do not apply to AWS managed keys (aws-formats.md §1.9).
func readDescribeKey(l *loader, in input) {
	r := l.resourceAt(in, "kms", true)
	if r == nil || in.failed != nil {
		return
	}
	n := node{file: in.rel, raw: in.data}
	f, err := n.fields("KeyMetadata")
	var kf []node
	if err == nil {
		kf, err = f[0].fields("Arn", "KeyManager")
	}
	var mgr string
	if err == nil {
		if r.arnFromOutput, err = kf[0].optStr("the key ARN"); err == nil {
			mgr, err = kf[1].optStr("the key manager")
		}
	}
	if err != nil {
		l.report(in.rel, err)
		return
	}
	r.awsManagedKey = mgr == "AWS"
}

// readKMSAliases reads `aws kms list-aliases`: alias name → target key id.
func readKMSAliases(l *loader, in input) {
	if !arn.IsAccountID(in.seg[0]) {
		l.problem(problemf(in.rel, "", "the directory name %q is not a 12-digit account id", in.seg[0]))
		return
	}
	a := l.account(in.seg[0])
	region := in.seg[1]
	if in.failed != nil {
		a.gaps = append(a.gaps, serviceGap{service: "kms-alias", region: region, file: in.rel, text: in.failed.text})
		return
	}
	n := node{file: in.rel, raw: in.data}
	f, err := n.fields("Aliases")
	if err == nil {
		err = f[0].items(func(_ int, v node) error {
			af, err := v.fields("AliasName", "TargetKeyId")
			if err != nil {
				return err
			}
			name, err := af[0].str("the alias name (alias/...)")
			if err != nil {
				return err
			}
			key, err := af[1].optStr("the target key id")
			if key != "" {
				a.aliases[region+"/"+name] = key
			}
			return err
		})
	}
	if err != nil {
		l.report(in.rel, err)
	}
}

// readVPCEndpoints reads `aws ec2 describe-vpc-endpoints`.
func readVPCEndpoints(l *loader, in input) {
	if !arn.IsAccountID(in.seg[0]) {
		l.problem(problemf(in.rel, "", "the directory name %q is not a 12-digit account id", in.seg[0]))
		return
	}
	acct, region := in.seg[0], in.seg[1]
	if in.failed != nil {
		a := l.account(acct)
		a.gaps = append(a.gaps, serviceGap{service: "ec2", region: region, file: in.rel, text: in.failed.text})
		return
	}
	l.account(acct)
	n := node{file: in.rel, raw: in.data}
	f, err := n.fields("VpcEndpoints")
	if err == nil {
		err = f[0].items(func(_ int, v node) error {
			ef, err := v.fields("VpcEndpointId", "VpcId", "OwnerId", "ServiceName", "PolicyDocument")
			if err != nil {
				return err
			}
			e := &endpoint{account: acct, region: region, file: in.rel}
			if e.id, err = ef[0].str("the endpoint id (vpce-...)"); err != nil {
				return err
			}
			if e.vpc, err = ef[1].optStr("the VPC id"); err != nil {
				return err
			}
			if e.owner, err = ef[2].optStr("the owner account id"); err != nil {
				return err
			}
			if e.service, err = ef[3].optStr("the service name"); err != nil {
				return err
			}
			if ef[4].present() {
				e.path = ef[4].path
				e.policy, e.problem = l.parsePolicy(ef[4])
			}
			l.snap.vpces[e.id] = e
			return nil
		})
	}
	if err != nil {
		l.report(in.rel, err)
	}
}

// readBucketLocation reads `aws s3api get-bucket-location`:
// {"LocationConstraint": "eu-west-1"}, where null or "" means us-east-1 and
// the legacy "EU" means eu-west-1 (S3 API reference, GetBucketLocation).
func readBucketLocation(l *loader, in input) {
	r := l.resourceAt(in, "s3", false)
	if r == nil || in.failed != nil {
		return
	}
	n := node{file: in.rel, raw: in.data}
	f, err := n.fields("LocationConstraint")
	var loc string
	if err == nil {
		loc, err = f[0].optStr("the bucket's region")
	}
	if err != nil {
		l.report(in.rel, err)
		return
	}
	switch loc {
	case "":
		loc = "us-east-1"
	case "EU":
		loc = "eu-west-1"
	}
	r.location = loc
}
