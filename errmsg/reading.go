package errmsg

import (
	"encoding/json"
	"strings"

	"github.com/whydenied/whydenied/arn"
)

// Reading is what an AWS error text states. A string field is "" and a
// number 0 when the text does not state it; nothing is guessed. In JSON
// (MarshalJSON) those fields are null.
type Reading struct {
	ErrorCode string // "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "ExpiredToken", ...
	Operation string // API operation, e.g. "PutObject"
	// Service is the service as the text names it, turned into its IAM
	// prefix when known ("Secrets Manager" → "secretsmanager"); it comes
	// from the SDK's wrapper, else from the prefix of the denied action.
	Service   string
	Principal string // the caller's ARN (or "anonymous") exactly as stated
	Action    string // e.g. "s3:PutObject", as stated (AWS writes "SNS:Publish")
	// Resource is an ARN, or IAM's "role NAME" / "policy ARN" forms, or
	// whatever else the message names (an SQS URL, a secret name), as stated.
	Resource string
	// PolicyType is the layer the message blames: identity, resource,
	// permissionsBoundary, session, scp, rcp or vpcEndpoint (DESIGN.md).
	PolicyType string
	// PolicyTypeText is the policy type in AWS's own words ("role trust
	// policy", "sessions policy"), also when it maps to no layer.
	PolicyTypeText string
	DenyKind       string // "explicit" or "implicit"
	PolicyARN      string // the ARN newer messages append after the policy type
	// Reason is the clause after the resource ("because no identity-based
	// policy allows the s3:GetObject action", "because public ACLs are
	// prevented by ..."), as stated.
	Reason         string
	EncodedMessage string // the encoded authorization failure message, if any
	// PermissionError is false for credential, token, signature and clock
	// problems (and for errors that are not about authorization). It is
	// true when a policy or an access setting refused the request, and when
	// the text shows a bare 403 whose cause it does not state.
	PermissionError bool
	Problem         string // one of the Problem* constants
	HTTPStatus      int
	RequestID       string
	HostID          string // S3's extended request ID (x-amz-id-2)
	Tool            string // one of the Tool* constants: which wording was recognised
	Message         string // the AWS message itself: no colours, escaping or line wraps
	Decoded         *DecodedMessage
	// Notes tell the user about the reading itself. Each starts with a
	// stable tag and a colon ("cross-account: ..."); the Note* constants
	// list the tags.
	Notes []string
}

// DecodedMessage is the output of `aws sts decode-authorization-message`
// (aws-formats.md §1.8). Lists that AWS wraps as {"items": [...]} are
// plain slices here.
type DecodedMessage struct {
	Allowed           bool
	ExplicitDeny      bool
	MatchedStatements []MatchedStatement
	// Failures are kept as AWS wrote them: their shape is not documented.
	Failures      []json.RawMessage
	PrincipalID   string // context.principal.id, e.g. "AROA123456789EXAMPLE:Ana"
	PrincipalName string // context.principal.name (IAM users)
	Principal     string // context.principal.arn
	Action        string // context.action as written: EC2 leaves out the "ec2:" prefix
	Resource      string
	// Context holds the request's condition keys and their values.
	Context map[string][]string
}

// MatchedStatement is one statement the decoded message says matched.
type MatchedStatement struct {
	StatementID     string
	Effect          string // as written: AWS writes "DENY" / "ALLOW"
	Principals      []string
	PrincipalGroups []string
	Actions         []string
	Resources       []string
	// Conditions are kept as AWS wrote them: their shape is not documented.
	Conditions []json.RawMessage
}

// Layer names, as DESIGN.md's result contract spells them.
const (
	LayerIdentity            = "identity"
	LayerResource            = "resource"
	LayerPermissionsBoundary = "permissionsBoundary"
	LayerSession             = "session"
	LayerSCP                 = "scp"
	LayerRCP                 = "rcp"
	LayerVPCEndpoint         = "vpcEndpoint"
)

// Deny kinds.
const (
	DenyExplicit = "explicit"
	DenyImplicit = "implicit"
)

// Problems: what kind of failure the text shows.
const (
	// ProblemPermission: a policy refused the request (AccessDenied and kin).
	ProblemPermission = "permission"
	// ProblemForbidden: a 403 with no code and no message (S3 answers HEAD
	// requests so); the cause is not stated.
	ProblemForbidden = "forbidden"
	// ProblemSetting: a service setting, not a policy, refused it
	// (S3 Block Public Access, blocked SSE-C uploads).
	ProblemSetting = "setting"
	// ProblemCredentials: AWS does not know the access key or cannot
	// validate the credentials (InvalidAccessKeyId, InvalidClientTokenId,
	// UnrecognizedClientException, AuthFailure, MissingAuthenticationToken).
	ProblemCredentials = "credentials"
	// ProblemNoCredentials: the SDK or tool found no credentials and sent
	// nothing to AWS.
	ProblemNoCredentials = "no-credentials"
	// ProblemExpiredToken: temporary credentials or an SSO session expired.
	ProblemExpiredToken = "expired-token"
	// ProblemInvalidToken: a session or identity token is malformed or
	// rejected (InvalidToken, InvalidIdentityToken).
	ProblemInvalidToken = "invalid-token"
	// ProblemSignature: the signature does not match (wrong secret key,
	// wrong signing region, unsigned headers).
	ProblemSignature = "signature"
	// ProblemClockSkew: the caller's clock is too far from AWS's.
	ProblemClockSkew = "clock-skew"
	// ProblemRequestExpired: the request or pre-signed URL is past its
	// expiry (RequestExpired, S3's "Request has expired").
	ProblemRequestExpired = "request-expired"
	// ProblemOptIn: the account is not subscribed to the service or the
	// region is not enabled (OptInRequired, SubscriptionRequiredException).
	ProblemOptIn = "opt-in"
	// ProblemOther: an AWS error that is not about authorization.
	ProblemOther = "other"
)

// Tools: which wording was recognised.
const (
	ToolAWSCLI         = "aws-cli"
	ToolBoto3          = "boto3"
	ToolGoSDKv2        = "go-sdk-v2"
	ToolGoSDKv1        = "go-sdk-v1"
	ToolJavaSDK        = "java-sdk"
	ToolJSSDKv3        = "js-sdk-v3"
	ToolDotNetSDK      = "dotnet-sdk"
	ToolRubySDK        = "ruby-sdk"
	ToolTerraform      = "terraform"
	ToolCloudFormation = "cloudformation"
	ToolCDK            = "cdk"
	ToolDocker         = "docker"
	ToolConsole        = "console"
	ToolCloudTrail     = "cloudtrail"
	ToolHTTP           = "http"
	ToolDecode         = "decode-authorization-message"
	ToolRaw            = "raw"
)

// Principal kinds returned by PrincipalKind.
const (
	KindUser          = "user"
	KindRole          = "role"
	KindRoleSession   = "role session"
	KindFederatedUser = "federated user"
	KindRoot          = "root"
	KindService       = "service"
	KindAnonymous     = "anonymous"
	KindAccount       = "account"
)

// RoleARN returns the ARN of the role behind the principal: the principal
// itself when it is a role, the session's role when it is an assumed-role
// session, else "". A session ARN carries no role path, so neither does the
// result: arn:aws:sts::111122223333:assumed-role/deploy/ci-42 gives
// arn:aws:iam::111122223333:role/deploy even if the role lives under a path.
func (r *Reading) RoleARN() string { return roleARN(r.Principal) }

// PrincipalKind tells what kind of caller the principal is: user, role,
// role session, federated user, root, service, anonymous or account (a
// bare account ID); "" when no principal is stated or it is not
// recognised.
func (r *Reading) PrincipalKind() string { return principalKind(r.Principal) }

// splitARN splits arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE.
func splitARN(s string) (partition, service, region, account, resource string, ok bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" {
		return "", "", "", "", "", false
	}
	return parts[1], parts[2], parts[3], parts[4], parts[5], true
}

func roleARN(p string) string {
	partition, service, _, account, resource, ok := splitARN(p)
	if !ok {
		return ""
	}
	switch {
	case service == "iam" && strings.HasPrefix(resource, "role/") && len(resource) > len("role/"):
		return p
	case service == "sts" && strings.HasPrefix(resource, "assumed-role/"):
		role, session, found := strings.Cut(resource[len("assumed-role/"):], "/")
		if !found || role == "" || session == "" {
			return ""
		}
		return "arn:" + partition + ":iam::" + account + ":role/" + role
	}
	return ""
}

func principalKind(p string) string {
	switch {
	case p == "":
		return ""
	case p == "anonymous" || p == "*":
		return KindAnonymous
	case strings.HasSuffix(p, ".amazonaws.com") || strings.HasSuffix(p, ".amazonaws.com.cn"):
		return KindService
	case arn.IsAccountID(p):
		return KindAccount
	}
	_, service, _, _, resource, ok := splitARN(p)
	if !ok {
		return ""
	}
	typ, rest, _ := strings.Cut(resource, "/")
	switch {
	case service == "iam" && resource == "root":
		return KindRoot
	case service == "iam" && typ == "user" && rest != "":
		return KindUser
	case service == "iam" && typ == "role" && rest != "":
		return KindRole
	case service == "sts" && typ == "assumed-role" && strings.Contains(rest, "/"):
		return KindRoleSession
	case service == "sts" && typ == "federated-user" && rest != "":
		return KindFederatedUser
	}
	return ""
}
