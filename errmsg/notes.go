package errmsg

import (
	"fmt"
	"strings"
)

// Note tags: each note starts with one of these and ": ".
const (
	NoteGeneric        = "generic"        // the message states no caller, action or policy type
	NoteForbidden      = "bare-403"       // a 403 without code or message
	NoteCrossAccount   = "cross-account"  // caller and resource in different accounts
	NoteNoPolicyType   = "no-policy-type" // caller and action stated, the policy type not
	NoteAssumeRole     = "assume-role"    // AssumeRole denial without a policy type
	NoteEncoded        = "encoded"        // how to decode the encoded message
	NoteTruncated      = "truncated"      // the encoded message or the message was cut short
	NoteSCPWording     = "scp-wording"    // "explicit deny in an SCP" may be implicit
	NoteTransitive     = "transitive"     // VPC endpoint denial through an SCP
	NoteTrustPolicy    = "trust-policy"   // the role trust policy is a resource-based policy
	NoteKeyPolicy      = "key-policy"     // for KMS the resource-based policy is the key policy
	NoteUnknownLayer   = "unknown-layer"  // a policy type this reader does not know
	NoteSetting        = "setting"        // a service setting refused the request
	NoteSpecified      = "specified-resource"
	NoteResourceForm   = "resource-not-arn" // the resource is not named by an ARN
	NoteSSORole        = "sso-role"         // IAM Identity Center role: its path is not in the session ARN
	NoteActionPrefix   = "action-prefix"    // decoded action without prefix
	NoteClauseAction   = "clause-action"    // the context clause names another action
	NoteSeveral        = "several-errors"   // more than one AWS error in the text
	NoteCredentialCall = "credentials-call" // the error came while getting credentials for another call
	NoteInputTruncated = "input-truncated"
	NoteNotAuthz       = "not-authorization" // the error is not about authorization
	NoteCDKAssume      = "cdk-assume"
	NoteAllowed        = "allowed"
	NoteDecodedLayer   = "decoded-layer"
	NoteCloudTrailCode = "cloudtrail-code" // CloudTrail's Client. prefix
)

func (r *Reading) note(tag, format string, args ...any) {
	for _, n := range r.Notes {
		if strings.HasPrefix(n, tag+": ") {
			return
		}
	}
	r.Notes = append(r.Notes, tag+": "+fmt.Sprintf(format, args...))
}

// accountOf returns the account of an ARN, or "" (S3 ARNs carry none).
func accountOf(s string) string {
	_, _, _, account, _, ok := splitARN(s)
	if !ok {
		return ""
	}
	return account
}

// addPrincipalNotes notes what the principal's form hides.
func (r *Reading) addPrincipalNotes() {
	if r.PrincipalKind() == KindRoleSession {
		role := r.RoleARN()
		name := role[strings.LastIndexByte(role, '/')+1:]
		if strings.HasPrefix(name, "AWSReservedSSO_") {
			r.note(NoteSSORole, "the caller is an IAM Identity Center session; its role %s lives under a path beginning /aws-reserved/sso.amazonaws.com/, which session ARNs leave out, and is managed through its permission set", name)
		}
	}
}

// addNotes explains what the message leaves out or words loosely.
func (r *Reading) addNotes(st statement, env envelope) {
	m := strings.TrimRight(strings.ToLower(r.Message), ". ")
	switch {
	case r.Problem == ProblemForbidden:
		r.note(NoteForbidden, "a 403 with no error code or message: the cause is not stated. S3 answers HEAD requests (HeadObject, HeadBucket) this way; a missing permission (s3:GetObject, s3:ListBucket), a bad signature or an unknown access key all look alike. Without s3:ListBucket, S3 also answers 403 instead of 404 for a missing object. Repeat the request as a GET, or look for it in CloudTrail, to see the error code")
	case r.PermissionError && r.Principal == "" && r.Action == "" && env.kind != kindCDKAssume && r.PolicyType == "" && r.EncodedMessage == "" && r.Decoded == nil:
		if r.Service == "s3" || m == "access denied" {
			r.note(NoteGeneric, "the message states no caller, action or policy type. S3 gives only \"Access Denied\" when the caller is in another account outside the bucket's organization, when a VPC endpoint policy denies a request within the organization, for directory buckets, and for 403s that are not policy denials (Requester Pays without x-amz-request-payer, Object Lock, an SSE-KMS key the caller cannot use); CloudTrail records the request")
		} else {
			r.note(NoteGeneric, "the message states no caller, action or policy type; CloudTrail records the request with its caller and action")
		}
	}
	if r.EncodedMessage != "" {
		if st.truncated {
			r.note(NoteTruncated, "the encoded message was cut short (CloudTrail keeps 1 KB of errorMessage) and cannot be decoded; take it from the API error itself")
		} else {
			r.note(NoteEncoded, "decode the details with `aws sts decode-authorization-message --encoded-message <message>` (the caller needs sts:DecodeAuthorizationMessage)")
		}
	}
	if r.PermissionError && r.Action != "" && r.PolicyType == "" && r.PolicyTypeText == "" && st.setting == "" {
		pa, ra := accountOf(r.Principal), accountOf(r.Resource)
		switch {
		case pa != "" && ra != "" && pa != ra:
			r.note(NoteCrossAccount, "the caller (account %s) and the resource (account %s) are in different accounts; AWS leaves the policy type out of cross-account denials outside one organization, so both accounts' policies are candidates", pa, ra)
		case strings.HasPrefix(strings.ToLower(r.Action), "sts:assumerolewith"):
			r.note(NoteAssumeRole, "the message names no policy type; for %s the caller has no IAM identity, so the role's trust policy (its Federated principal and its conditions on the token's claims) is what lets it in", r.Action)
		case strings.HasPrefix(strings.ToLower(r.Action), "sts:assumerole"):
			r.note(NoteAssumeRole, "AssumeRole denials often leave out the policy type: either the role's trust policy does not let the caller in, or the caller's own policies do not allow %s on the role", r.Action)
		case r.Principal == "":
			r.note(NoteNoPolicyType, "the message names neither the caller nor the policy type")
		default:
			r.note(NoteNoPolicyType, "the message names no policy type (older messages and some services leave it out), so any policy type may have denied")
		}
	}
	if r.PolicyType == LayerSCP && r.DenyKind == DenyExplicit && st.transitive == "" {
		r.note(NoteSCPWording, "AWS notes that a denial by an SCP can read \"explicit deny\" even when it is implicit (no SCP allows the action)")
	}
	if st.transitive != "" {
		r.note(NoteTransitive, "the request came through a VPC endpoint and was denied transitively through a %s; AWS's advice is to look for a Deny for %s in the service control policies", st.transitive, r.Action)
	}
	if st.trust {
		r.note(NoteTrustPolicy, "the role trust policy is the role's resource-based policy; it decides who may assume the role")
	}
	if r.PolicyType == LayerResource && serviceOfAction(r.Action) == "kms" {
		r.note(NoteKeyPolicy, "for KMS the resource-based policy is the key policy; an IAM policy grants access to a key only where the key policy allows it")
	}
	if r.PolicyTypeText != "" && r.PolicyType == "" {
		r.note(NoteUnknownLayer, "the message names a policy type this reader does not know: %q", r.PolicyTypeText)
	}
	if st.setting != "" {
		r.note(NoteSetting, "%s refused the request, not a policy", st.setting)
	}
	if st.specified {
		r.note(NoteSpecified, "the message says \"the specified resource\" without naming it")
	}
	if r.Resource != "" && !strings.HasPrefix(r.Resource, "arn:") && r.Resource != "*" {
		r.note(NoteResourceForm, "the resource is named %q, not by an ARN", r.Resource)
	}
	if st.clauseAction != "" && r.Action != "" && !strings.EqualFold(st.clauseAction, r.Action) {
		r.note(NoteClauseAction, "the message denies %s but its reason names %s; %s is taken as the denied action", r.Action, st.clauseAction, r.Action)
	}
	if env.outerOp != "" {
		r.note(NoteCredentialCall, "the error came while getting credentials for the %s call", env.outerOp)
	}
	if env.resource != "" && env.kind == kindCDKAssume {
		r.note(NoteCDKAssume, "CDK could not assume its bootstrap role: the caller needs sts:AssumeRole on it and the role's trust policy must trust the caller; a role that does not exist (environment not bootstrapped) gives the same warning")
	}
	if strings.HasPrefix(r.ErrorCode, "Client.") {
		r.note(NoteCloudTrailCode, "CloudTrail writes EC2's error codes with a \"Client.\" prefix; the API's code is %s", codeFor(r.ErrorCode))
	}
	if r.Tool == ToolCloudTrail && strings.HasSuffix(r.Message, "...") {
		r.note(NoteTruncated, "CloudTrail cut the message short (errorMessage keeps 1 KB)")
	}
	if r.Problem == ProblemOther && r.Decoded == nil {
		r.note(NoteNotAuthz, "%s is not an authorization error", orText(r.ErrorCode, "this"))
	}
	r.addPrincipalNotes()
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
