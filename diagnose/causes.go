package diagnose

import (
	"fmt"
	"slices"
	"strings"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/catalog"
	"github.com/whydenied/whydenied/errmsg"
)

// layerWords names layers in sentences.
var layerWords = map[string]string{
	"identity":            "identity-based policy",
	"resource":            "resource-based policy",
	"permissionsBoundary": "permissions boundary",
	"session":             "session policy",
	"scp":                 "service control policy (SCP)",
	"rcp":                 "resource control policy (RCP)",
	"vpcEndpoint":         "VPC endpoint policy",
}

const propagationNote = "IAM is eventually consistent: a policy change can take some seconds (AWS says typically under a minute) to take effect everywhere. If you changed a policy just now, retry before changing more."

func permissionProblem(rep *Report, f facts, cat *catalog.Catalog) {
	who := "The caller"
	if f.caller != nil {
		who = callerWords(f.caller)
	}
	what := "the request"
	if f.action != "" {
		what = f.action + onResource(f)
	}
	if f.inferred {
		rep.Notes = append(rep.Notes, "The error did not name the action; "+f.action+" is the action AWS's service reference gives for the "+f.r.Operation+" operation.")
	}
	if rep.Action != nil && !rep.Action.Known && cat != nil {
		c := Cause{Title: f.action + " is not an action in AWS's service reference"}
		if len(rep.Action.Suggestions) > 0 {
			c.Detail = "Did you mean " + strings.Join(rep.Action.Suggestions, ", ") + "? A policy that names a misspelt action grants nothing."
		}
		rep.Causes = append(rep.Causes, c)
	}
	kind := f.kind
	layer := f.layer
	switch {
	case layer == "" && f.r.PolicyTypeText != "":
		rep.Summary = fmt.Sprintf("%s may not %s: AWS blamed a %s.", who, what, f.r.PolicyTypeText)
	case layer == "":
		rep.Summary = fmt.Sprintf("%s may not %s; the error does not say which policy refused it.", who, what)
	case kind == errmsg.DenyExplicit:
		rep.Summary = fmt.Sprintf("%s may not %s: a Deny statement in a %s matched the request.", who, what, layerWords[layer])
	case layer == "resource" && f.res.Service == "iam" && strings.HasPrefix(f.res.Resource, "role/"):
		rep.Summary = fmt.Sprintf("%s may not %s: the role's trust policy does not allow it.", who, what)
	default:
		rep.Summary = fmt.Sprintf("%s may not %s: no %s allows it.", who, what, layerWords[layer])
	}
	rep.Checks = append(rep.Checks, checkWhoAmI())
	if f.r.EncodedMessage != "" {
		rep.Checks = append(rep.Checks, decodeCheck(f.r.EncodedMessage))
	}

	switch layer {
	case "identity":
		identityCauses(rep, f, kind)
	case "resource":
		resourceCauses(rep, f, kind)
	case "permissionsBoundary":
		rep.Causes = append(rep.Causes, Cause{Title: "The permissions boundary of the caller does not allow " + f.action,
			Detail: "A boundary caps what identity policies can grant: the action must be allowed by both. Adding it to the identity policy alone does not help."})
		if kind == errmsg.DenyExplicit {
			rep.Causes[len(rep.Causes)-1] = Cause{Title: "The permissions boundary has a Deny statement matching " + f.action}
		}
		rep.Checks = append(rep.Checks, identityChecks(f)...)
		rep.Fixes = append(rep.Fixes, boundaryFix(f))
	case "session":
		rep.Causes = append(rep.Causes, Cause{Title: "The session policy passed when these temporary credentials were created does not allow " + f.action,
			Detail: "Session policies (the Policy or PolicyArns parameters of AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML or GetFederationToken) narrow the session to what both the role and the session policy allow. CI tools and SDK credential providers sometimes pass one."})
		rep.Fixes = append(rep.Fixes, sessionFix(f))
	case "scp", "rcp":
		what := "An SCP"
		if layer == "rcp" {
			what = "An RCP"
		}
		if kind == errmsg.DenyExplicit {
			rep.Causes = append(rep.Causes, Cause{Title: what + " of your organization denies " + f.action + onResource(f),
				Detail: "Organizations policies apply to every principal of the account, including administrators and the root user (SCPs) or to every request on the account's resources (RCPs); no IAM change in the account can override them. Common ones deny regions outside an allow-list, leaving the organization, disabling security services, or access from outside the organization."})
		} else {
			rep.Causes = append(rep.Causes, Cause{Title: "No SCP allows " + f.action + " at some level of the organization (root, an OU, or the account)",
				Detail: "Every level from the root to the account must allow the action. An allow-list SCP that omits the service denies it everywhere below. (AWS may word an implicit SCP denial as an explicit deny.)"})
		}
		if layer == "scp" {
			rep.Checks = append(rep.Checks, orgCheck(f, "SERVICE_CONTROL_POLICY", "SCPs"))
		} else {
			rep.Checks = append(rep.Checks, orgCheck(f, "RESOURCE_CONTROL_POLICY", "RCPs"))
		}
		rep.Fixes = append(rep.Fixes, orgFix(f, layer))
	case "vpcEndpoint":
		rep.Causes = append(rep.Causes, Cause{Title: "The request went through a VPC endpoint whose policy does not allow it",
			Detail: "Gateway and interface endpoints have their own policy; the default allows everything, but a restricted one must allow the caller, action and resource. The same call from outside the VPC would not be refused."})
		rep.Checks = append(rep.Checks, vpceCheck(f))
		rep.Fixes = append(rep.Fixes, vpceFix(f))
	default:
		if kind == errmsg.DenyExplicit {
			explicitUnknownLayer(rep, f)
		} else {
			unknownLayerCauses(rep, f)
		}
	}
	if kind != errmsg.DenyExplicit && (layer == "identity" || layer == "" || layer == "permissionsBoundary") {
		rep.Notes = append(rep.Notes, propagationNote)
	}
	if c, ok := simulateCheck(f); ok && (layer == "identity" || layer == "" || layer == "permissionsBoundary") {
		rep.Checks = append(rep.Checks, c)
	}
	rep.Checks = append(rep.Checks, cloudTrailCheck(f))
	adjacent(rep, f)
}

func identityCauses(rep *Report, f facts, kind string) {
	if kind == errmsg.DenyExplicit {
		rep.Causes = append(rep.Causes,
			Cause{Title: "A Deny statement in one of the caller's identity policies matches " + f.action + onResource(f),
				Detail: "An explicit deny wins over every allow. Look in the inline and attached policies of the " + callerKindWord(f) + " (and, for users, of their groups) for a Deny whose Action, Resource and Condition match; common ones require MFA, an IP range, a region, or a tag."})
		rep.Checks = append(rep.Checks, identityChecks(f)...)
		rep.Fixes = append(rep.Fixes, Fix{Title: "Narrow or remove the Deny statement that matches", Layer: "identity",
			Where: "the identity policy holding the Deny (find it with the checks above" + policyARNHint(f) + ")",
			CLI:   "aws iam get-policy-version --policy-arn POLICY_ARN --version-id $(aws iam get-policy --policy-arn POLICY_ARN --query Policy.DefaultVersionId --output text)"})
		return
	}
	if f.caller != nil && f.caller.Kind == arn.AssumedRole {
		rep.Causes = append(rep.Causes, Cause{Title: "The permission was given to someone else than role " + f.caller.Name,
			Detail: "Code on EC2, Lambda, ECS or in CI runs as a role session: policies attached to your IAM user, or to another role, are never evaluated for it."})
	}
	c := Cause{Title: "No identity-based policy of the " + callerKindWord(f) + " allows " + f.action + onResource(f)}
	if rep.Action != nil && rep.Action.ResourceType != "" {
		c.Detail = "A statement must allow this action on resource type " + rep.Action.ResourceType + "."
	}
	rep.Causes = append(rep.Causes, c)
	if f.res.Service == "s3" && strings.Contains(f.res.Resource, "/") && !namedAlready(rep, "on the bucket ARN") {
		rep.Causes = append(rep.Causes, Cause{Title: "A statement grants " + f.action + " on the bucket ARN instead of the objects",
			Detail: "arn:aws:s3:::" + bucketOf(f.res) + " is the bucket; object actions need arn:aws:s3:::" + bucketOf(f.res) + "/* (or a narrower prefix). A statement on the bucket ARN allows no object-level action."})
	}
	rep.Causes = append(rep.Causes, Cause{Title: "A Condition in the allowing statement does not hold for this request",
		Detail: "For example aws:SourceIp (calls through a VPC endpoint have no public source IP), aws:MultiFactorAuthPresent (absent for access keys and most role sessions), aws:RequestedRegion or tag conditions."})
	rep.Checks = append(rep.Checks, identityChecks(f)...)
	rep.Fixes = append(rep.Fixes, identityFix(f))
}

func resourceCauses(rep *Report, f facts, kind string) {
	trust := f.res.Service == "iam" && strings.HasPrefix(f.res.Resource, "role/")
	key := f.res.Service == "kms"
	if c, ok := resourcePolicyCheck(f); ok {
		rep.Checks = append(rep.Checks, c)
	}
	if kind == errmsg.DenyExplicit {
		c := Cause{Title: "A Deny statement in the resource's policy matches the request"}
		switch f.res.Service {
		case "s3":
			c.Detail = "Bucket policies often deny requests without TLS (aws:SecureTransport false), without server-side encryption headers, from outside a VPC endpoint (aws:SourceVpce) or from outside the organization (aws:PrincipalOrgID). Such a Deny overrides any allow, for admins too."
		default:
			c.Detail = "An explicit deny overrides every allow, including the caller's identity policies."
		}
		rep.Causes = append(rep.Causes, c)
		fix := Fix{Title: "Narrow the Deny statement in the resource policy, or make the request meet its condition (TLS, encryption header, VPC endpoint...)", Layer: "resource",
			Where: "the resource-based policy of " + orUnknown(f.resource)}
		if f.res.Service == "s3" {
			fix.Where = "the bucket policy of " + bucketOf(f.res)
		}
		if c, ok := resourcePolicyCheck(f); ok {
			fix.CLI = c.Command
		}
		rep.Fixes = append(rep.Fixes, fix)
		return
	}
	switch {
	case trust:
		rep.Causes = append(rep.Causes, Cause{Title: "The role's trust policy does not trust the caller",
			Detail: "To assume a role, its trust policy must allow the caller (or the caller's account, and then the caller's own policy must allow sts:AssumeRole too). Check the Principal and any Condition such as sts:ExternalId or aws:PrincipalOrgID."})
	case key:
		rep.Causes = append(rep.Causes, Cause{Title: "The KMS key policy does not allow the caller",
			Detail: "Key policies are the primary control of a KMS key: IAM policies only work for a key whose key policy delegates to the account (a statement with Principal arn:aws:iam::ACCOUNT:root). S3 reads of SSE-KMS objects and encrypted SQS/SNS/Secrets Manager calls fail this way too."})
	default:
		rep.Causes = append(rep.Causes, Cause{Title: "The resource's policy does not allow the caller",
			Detail: "Across accounts both sides must allow: the caller's identity policy and the resource policy in the other account. The message comes from the resource's side."})
	}
	if fix, ok := resourceFix(f); ok {
		rep.Fixes = append(rep.Fixes, fix)
	}
	if !trust && !key {
		rep.Checks = append(rep.Checks, identityChecks(f)...)
	}
}

func unknownLayerCauses(rep *Report, f facts) {
	if f.r.EncodedMessage == "" {
		rep.Notes = append(rep.Notes, "The error does not say which policy refused the request (older or cross-account messages leave it out). The causes below are in the order they are most often found.")
	} else {
		rep.Notes = append(rep.Notes, "The reason is in the encoded authorization failure message: decode it (check below) and paste the output into whydenied explain.")
	}
	rep.Causes = append(rep.Causes,
		Cause{Title: "No identity-based policy of the caller allows " + orUnknown(f.action) + onResource(f)},
		Cause{Title: "A Deny statement (identity policy, resource policy, permissions boundary, SCP) matches the request"},
		Cause{Title: "A permissions boundary, session policy or SCP does not allow it"},
		Cause{Title: "For a resource in another account or a KMS key: its resource policy does not allow the caller"},
	)
	rep.Checks = append(rep.Checks, identityChecks(f)...)
	if c, ok := resourcePolicyCheck(f); ok {
		rep.Checks = append(rep.Checks, c)
	}
	if f.action != "" {
		rep.Fixes = append(rep.Fixes, identityFix(f))
	}
}

// explicitUnknownLayer: an explicit deny whose policy type is not stated,
// typically from a decoded authorization message, which names the matching
// statements by Sid but not the policy they are in.
func explicitUnknownLayer(rep *Report, f facts) {
	rep.Summary = strings.Replace(rep.Summary, "the error does not say which policy refused it.", "an explicit Deny matched it (the policy holding it is not named).", 1)
	var sids []string
	if d := f.r.Decoded; d != nil {
		for _, m := range d.MatchedStatements {
			if strings.EqualFold(m.Effect, "deny") {
				rep.Causes = append(rep.Causes, Cause{
					Title:  fmt.Sprintf("Deny statement %q matches the request", m.StatementID),
					Detail: fmt.Sprintf("actions %v on resources %v. Find the policy that holds this Sid (the checks below list the candidates) and narrow or remove the statement.", m.Actions, m.Resources),
				})
				sids = append(sids, m.StatementID)
			}
		}
	}
	if len(sids) == 0 {
		rep.Causes = append(rep.Causes, Cause{Title: "A Deny statement in an identity policy, the resource's policy, a permissions boundary, a session policy or an SCP matches the request"})
	}
	rep.Checks = append(rep.Checks, identityChecks(f)...)
	if c, ok := resourcePolicyCheck(f); ok {
		rep.Checks = append(rep.Checks, c)
	}
	rep.Checks = append(rep.Checks, orgCheck(f, "SERVICE_CONTROL_POLICY", "SCPs"))
	where := "the policy holding the Deny"
	if len(sids) > 0 {
		where = "the policy holding statement " + strings.Join(sids, ", ")
	}
	rep.Fixes = append(rep.Fixes, Fix{Title: "Narrow or remove the Deny statement that matches (no Allow can override it)", Layer: "unknown", Where: where})
}

func credentialProblem(rep *Report, f facts) {
	p := f.r.Problem
	type advice struct{ summary, cause, fix, cmd string }
	a := map[string]advice{
		errmsg.ProblemCredentials: {"AWS does not recognise the access key or token: this is not a permission problem.",
			"The access key was deleted or deactivated, belongs to another partition or account, or the environment has stale AWS_ACCESS_KEY_ID / AWS_PROFILE values overriding your intended credentials.",
			"Use valid credentials: check which ones the SDK picks up, rotate the key if it was deleted, and unset stale environment variables.", "aws configure list"},
		errmsg.ProblemNoCredentials: {"No credentials were found, so nothing was sent to AWS.",
			"The SDK's credential chain found nothing: no environment variables, profile, SSO session, or instance/task role.",
			"Configure credentials (aws configure, aws sso login, or attach a role to the instance or task).", "aws configure list"},
		errmsg.ProblemExpiredToken: {"The temporary credentials or SSO session expired: this is not a permission problem.",
			"Session credentials from AssumeRole, SSO or an instance role have a lifetime; long-running jobs and cached CLI sessions outlive it.",
			"Refresh the credentials (aws sso login, re-assume the role, or let the SDK's credential provider refresh them instead of caching keys).", "aws sts get-caller-identity"},
		errmsg.ProblemInvalidToken: {"The session or identity token was rejected.",
			"The session token is truncated or mismatched with its key, or a web identity token is invalid for the role's OIDC provider (audience, issuer or expiry).",
			"Re-issue the credentials; for web identity, check the token's aud/iss/sub against the role's trust policy and provider.", "aws sts get-caller-identity"},
		errmsg.ProblemSignature: {"The request signature did not match: this is not a permission problem.",
			"The secret key does not belong to the access key, the signing region or service is wrong, or a proxy changed the request.",
			"Check the secret key and region; re-create the access key if unsure.", "aws configure list"},
		errmsg.ProblemClockSkew: {"Your clock is too far from AWS's.",
			"Signed requests are valid only within minutes of AWS's time.",
			"Synchronise the clock (NTP, e.g. timedatectl set-ntp true, or restart the container/VM's time sync).", "date -u"},
		errmsg.ProblemRequestExpired: {"The request or pre-signed URL expired before it reached AWS.",
			"A pre-signed URL past its expiry, or a request signed long before it was sent, or a wrong clock.",
			"Generate a new pre-signed URL (longer --expires-in if needed) or check the clock.", "date -u"},
		errmsg.ProblemOptIn: {"The account is not subscribed to this service or the region is not enabled.",
			"Opt-in regions must be enabled for the account; some services need a subscription.",
			"Enable the region (aws account enable-region) or subscribe to the service.", "aws account list-regions --region-opt-status-contains ENABLED ENABLING"},
	}
	ad, ok := a[p]
	if !ok {
		rep.Summary = "This AWS error is not about authorization."
		return
	}
	rep.Summary = ad.summary
	rep.Causes = append(rep.Causes, Cause{Title: ad.cause})
	rep.Fixes = append(rep.Fixes, Fix{Title: ad.fix, Layer: "credentials", Where: "the caller's credentials or environment", CLI: ad.cmd})
	rep.Checks = append(rep.Checks, checkWhoAmI())
	rep.Notes = append(rep.Notes, "Rotating keys or editing policies will not fix this: AWS did not get as far as evaluating any policy.")
}

func bare403(rep *Report, f facts) {
	rep.Summary = "A bare 403 Forbidden with no message: the cause is not stated (S3 answers HEAD requests this way)."
	rep.Causes = append(rep.Causes,
		Cause{Title: "The object does not exist and the caller lacks s3:ListBucket on the bucket",
			Detail: "Without s3:ListBucket, S3 answers a request for a missing key with 403 instead of 404, so a typo in the key looks like a permission problem."},
		Cause{Title: "The caller lacks s3:GetObject on the object (HEAD and GET need the same permission)"},
		Cause{Title: "The object is encrypted with SSE-KMS and the caller may not kms:Decrypt with that key"},
		Cause{Title: "A bucket policy Deny (TLS, VPC endpoint, organization) or an SCP matches"},
	)
	rep.Checks = append(rep.Checks, checkWhoAmI(), Check{Purpose: "Repeat the request with a GET to see the full error message", Command: "aws s3api get-object --bucket BUCKET --key KEY /dev/null"}, cloudTrailCheck(f))
}

func settingProblem(rep *Report, f facts) {
	rep.Summary = "An account or bucket setting refused the request, not a policy: " + f.r.Reason
	rep.Causes = append(rep.Causes, Cause{Title: "S3 Block Public Access or another service setting", Detail: f.r.Reason})
	rep.Checks = append(rep.Checks, Check{Purpose: "The bucket's Block Public Access settings", Command: "aws s3api get-public-access-block --bucket " + orUnknown(bucketOf(f.res))},
		Check{Purpose: "The account's Block Public Access settings", Command: "aws s3control get-public-access-block --account-id ACCOUNT_ID"})
}

// adjacent adds the errors that look like this one but are something else.
func adjacent(rep *Report, f facts) {
	switch f.service {
	case "ec2":
		rep.Notes = append(rep.Notes, "EC2 reports denials as UnauthorizedOperation with an encoded authorization failure message; decode it (aws sts decode-authorization-message) to see whether a Deny matched and which condition keys the request had.")
	case "sns":
		rep.Notes = append(rep.Notes, "SNS words denials as AuthorizationError (\"... is not authorized to perform: SNS:Publish ...\"); cross-account publishes also need the topic policy to allow the caller.")
	case "kms":
		rep.Notes = append(rep.Notes, "KMS denials (AccessDeniedException) come from the key policy as often as from IAM: a key policy that does not delegate to the account makes every IAM policy irrelevant. Services that encrypt for you (S3 SSE-KMS, SQS, SNS, Secrets Manager) surface the same denial under their own names.")
	}
	if f.res.Service == "s3" && (f.action == "s3:GetObject" || f.action == "s3:PutObject") {
		rep.Notes = append(rep.Notes, "If the bucket uses SSE-KMS, the same request also needs kms:Decrypt (reads) or kms:GenerateDataKey (writes) on the key, allowed by the key policy; that denial names the kms action instead.")
	}
	if f.resourceAccount == "" && f.caller != nil && f.caller.Kind == arn.AssumedRole && f.caller.Account != "" && f.res.Account != "" && f.res.Account != f.caller.Account {
		rep.Notes = append(rep.Notes, "The resource is in account "+f.res.Account+", the caller in "+f.caller.Account+": both the caller's identity policy and the resource's policy must allow it.")
	}
}

func explainDecoded(rep *Report, d *errmsg.DecodedMessage) {
	switch {
	case d.Allowed:
		rep.Notes = append(rep.Notes, "The decoded message says the request was allowed.")
	case d.ExplicitDeny:
		rep.Notes = append(rep.Notes, "The decoded message says an explicit Deny matched.")
	default:
		rep.Notes = append(rep.Notes, "The decoded message says no statement allowed the request (an implicit deny).")
	}
	for _, m := range d.MatchedStatements {
		rep.Notes = append(rep.Notes, fmt.Sprintf("Matched statement %q (%s): actions %v, resources %v", m.StatementID, m.Effect, m.Actions, m.Resources))
	}
	if len(d.Context) > 0 {
		keys := make([]string, 0, len(d.Context))
		for k, v := range d.Context {
			keys = append(keys, k+"="+strings.Join(v, ","))
		}
		rep.Notes = append(rep.Notes, "Request context: "+strings.Join(slices.Sorted(slices.Values(keys)), "; "))
	}
}

func callerWords(p *arn.Principal) string {
	switch p.Kind {
	case arn.AssumedRole:
		return fmt.Sprintf("Role %s (session %s)", p.Name, p.Session)
	case arn.Role:
		return "Role " + p.Name
	case arn.User:
		return "IAM user " + p.Name
	case arn.FederatedUser:
		return "Federated user " + p.Name
	case arn.Root:
		return "The root user of " + p.Account
	case arn.Anonymous:
		return "An anonymous caller"
	}
	return p.ARN
}

func callerKindWord(f facts) string {
	if f.caller == nil {
		return "caller"
	}
	switch f.caller.Kind {
	case arn.AssumedRole, arn.Role:
		return "role " + f.caller.Name
	case arn.User:
		return "user " + f.caller.Name
	}
	return "caller"
}

func policyARNHint(f facts) string {
	if f.r.PolicyARN != "" {
		return "; AWS named it: " + f.r.PolicyARN
	}
	return ""
}

// namedAlready reports whether a more precise cause (from the simulation)
// already says this.
func namedAlready(rep *Report, phrase string) bool {
	for _, c := range rep.Causes {
		if strings.Contains(c.Title, phrase) {
			return true
		}
	}
	return false
}

func orUnknown(s string) string {
	if s == "" {
		return "(not stated)"
	}
	return s
}
