package errmsg

import "strings"

// codeProblems maps AWS error codes to the problem they report. Sources:
// aws-formats.md §1.7, §1.9, §1.12 and §1.13 for the denial codes; the
// "Common Errors" list of the AWS API references (IAM, STS, EC2) and the
// S3 error code list for the credential, token, signature and clock codes.
var codeProblems = map[string]string{
	"AccessDenied":                       ProblemPermission,
	"AccessDeniedException":              ProblemPermission,
	"UnauthorizedOperation":              ProblemPermission,
	"AuthorizationError":                 ProblemPermission,
	"AuthorizationErrorException":        ProblemPermission,
	"UnauthorizedAccess":                 ProblemPermission,
	"UnauthorizedAccessException":        ProblemPermission,
	"UnauthorizedException":              ProblemPermission,
	"NotAuthorized":                      ProblemPermission,
	"NotAuthorizedException":             ProblemPermission,
	"Forbidden":                          ProblemPermission,
	"ForbiddenException":                 ProblemPermission,
	"VpceAccessDenied":                   ProblemPermission,
	"KMSAccessDeniedException":           ProblemPermission,
	"KmsAccessDeniedException":           ProblemPermission,
	"AccessDeniedForDependencyException": ProblemPermission,
	"AllAccessDisabled":                  ProblemPermission,
	"InsufficientPrivilegesException":    ProblemPermission,

	"InvalidAccessKeyId":                  ProblemCredentials,
	"InvalidClientTokenId":                ProblemCredentials,
	"UnrecognizedClientException":         ProblemCredentials,
	"UnrecognizedClient":                  ProblemCredentials,
	"AuthFailure":                         ProblemCredentials,
	"MissingAuthenticationToken":          ProblemCredentials,
	"MissingAuthenticationTokenException": ProblemCredentials,
	"InvalidSecurity":                     ProblemCredentials,
	"AccountProblem":                      ProblemCredentials,

	"ExpiredToken":          ProblemExpiredToken,
	"ExpiredTokenException": ProblemExpiredToken,
	"TokenRefreshRequired":  ProblemExpiredToken,

	"InvalidToken":                  ProblemInvalidToken,
	"InvalidIdentityToken":          ProblemInvalidToken,
	"InvalidIdentityTokenException": ProblemInvalidToken,
	"IDPRejectedClaim":              ProblemInvalidToken,
	"IDPRejectedClaimException":     ProblemInvalidToken,

	"SignatureDoesNotMatch":        ProblemSignature,
	"IncompleteSignature":          ProblemSignature,
	"IncompleteSignatureException": ProblemSignature,
	"InvalidSignatureException":    ProblemSignature,
	"AuthorizationHeaderMalformed": ProblemSignature,

	"RequestTimeTooSkewed": ProblemClockSkew,
	"RequestInTheFuture":   ProblemClockSkew,

	"RequestExpired": ProblemRequestExpired,

	"OptInRequired":                 ProblemOptIn,
	"SubscriptionRequiredException": ProblemOptIn,
	"NotSignedUp":                   ProblemOptIn,
}

// codeFor strips what wrappers add around an error code: EC2's "Client."
// in CloudTrail, the "namespace#" of JSON protocols' __type.
func codeFor(code string) string {
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	code = strings.TrimPrefix(code, "Client.")
	code = strings.TrimPrefix(code, "Server.")
	return code
}

// problemForCode returns the problem a code reports, or "" when it is not
// an authorization code.
func problemForCode(code string) string {
	c := codeFor(code)
	if p, ok := codeProblems[c]; ok {
		return p
	}
	for _, s := range [...]string{"AccessDenied", "Unauthorized", "NotAuthorized"} {
		if strings.Contains(c, s) {
			return ProblemPermission
		}
	}
	return ""
}

// isKnownCode reports whether s is an authorization-related code, so a
// "Code: message" line can be trusted to be an AWS error.
func isKnownCode(s string) bool { return problemForCode(s) != "" }

// messageProblems are wordings that report a problem on their own, for
// texts that state no code and to override a code that says less (S3
// answers an expired pre-signed URL with AccessDenied). Matched without
// case. Sources: the S3 error code list, the STS and EC2 common errors,
// and each SDK's credential-chain failure message.
var messageProblems = [...]struct{ words, problem string }{
	{"request has expired", ProblemRequestExpired},
	{"there were headers present in the request which were not signed", ProblemSignature},
	{"signature expired:", ProblemClockSkew},
	{"signature not yet current", ProblemClockSkew},
	{"the difference between the request time and the current time is too large", ProblemClockSkew},
	{"the difference between the request time and the server's time is too large", ProblemClockSkew},
	{"the security token included in the request is expired", ProblemExpiredToken},
	{"the provided token has expired", ProblemExpiredToken},
	{"token has expired and refresh failed", ProblemExpiredToken},
	{"the sso session associated with this profile has expired", ProblemExpiredToken},
	{"refresh cached sso token failed", ProblemExpiredToken},
	{"your authorization token has expired", ProblemExpiredToken},
	{"the security token included in the request is invalid", ProblemCredentials},
	{"the aws access key id you provided does not exist in our records", ProblemCredentials},
	{"aws was not able to validate the provided access credentials", ProblemCredentials},
	{"the provided token is malformed or otherwise invalid", ProblemInvalidToken},
	{"the request signature we calculated does not match the signature you provided", ProblemSignature},
	{"unable to locate credentials", ProblemNoCredentials},
	{"could not load credentials from any providers", ProblemNoCredentials},
	{"unable to load credentials from any of the providers in the chain", ProblemNoCredentials},
	{"unable to load aws credentials from any provider in the chain", ProblemNoCredentials},
	{"failed to retrieve credentials", ProblemNoCredentials},
	{"failed to refresh cached credentials", ProblemNoCredentials},
	{"no valid providers in chain", ProblemNoCredentials},
	{"no valid credential sources found", ProblemNoCredentials},
	{"unable to get iam security credentials from ec2 instance metadata service", ProblemNoCredentials},
	{"no basic auth credentials", ProblemNoCredentials},
	{"unable to sign request without credentials set", ProblemNoCredentials},
}

// problemForMessage returns the problem a message's words report, or "".
func problemForMessage(m string) string {
	if m == "" {
		return ""
	}
	lm := strings.ToLower(m)
	for _, mp := range messageProblems {
		if strings.Contains(lm, mp.words) {
			return mp.problem
		}
	}
	return ""
}
