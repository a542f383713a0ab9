package errmsg

import "testing"

// Which codes are permission denials and which are credential, token,
// signature or clock problems. Sources: aws-formats.md §1.7, §1.9, §1.12,
// §1.13 for the denial codes; the AWS API references' "Common Errors"
// (IAM, STS, EC2) and the S3 error code list for the others. The wording
// is the AWS CLI's (aws-formats.md §1.12).
func TestCodeProblems(t *testing.T) {
	cases := []struct {
		code, problem string
		permission    bool
	}{
		{"AccessDenied", ProblemPermission, true},
		{"AccessDeniedException", ProblemPermission, true},
		{"UnauthorizedOperation", ProblemPermission, true},
		{"Client.UnauthorizedOperation", ProblemPermission, true},
		{"AuthorizationError", ProblemPermission, true},
		{"UnauthorizedAccess", ProblemPermission, true},
		{"UnauthorizedException", ProblemPermission, true},
		{"VpceAccessDenied", ProblemPermission, true},
		{"KMSAccessDeniedException", ProblemPermission, true},
		{"KmsAccessDeniedException", ProblemPermission, true},
		{"ForbiddenException", ProblemPermission, true},
		{"InvalidAccessKeyId", ProblemCredentials, false},
		{"InvalidClientTokenId", ProblemCredentials, false},
		{"UnrecognizedClientException", ProblemCredentials, false},
		{"AuthFailure", ProblemCredentials, false},
		{"MissingAuthenticationToken", ProblemCredentials, false},
		{"ExpiredToken", ProblemExpiredToken, false},
		{"ExpiredTokenException", ProblemExpiredToken, false},
		{"InvalidToken", ProblemInvalidToken, false},
		{"InvalidIdentityToken", ProblemInvalidToken, false},
		{"SignatureDoesNotMatch", ProblemSignature, false},
		{"IncompleteSignature", ProblemSignature, false},
		{"InvalidSignatureException", ProblemSignature, false},
		{"RequestTimeTooSkewed", ProblemClockSkew, false},
		{"RequestExpired", ProblemRequestExpired, false},
		{"OptInRequired", ProblemOptIn, false},
		{"ValidationException", ProblemOther, false},
		{"ThrottlingException", ProblemOther, false},
	}
	for _, c := range cases {
		r, err := Parse("An error occurred (" + c.code + ") when calling the DoThing operation: something went wrong")
		if err != nil {
			t.Errorf("%s: %v", c.code, err)
			continue
		}
		if r.ErrorCode != c.code || r.Problem != c.problem || r.PermissionError != c.permission {
			t.Errorf("%s: code %q problem %q permission %v; want problem %q permission %v",
				c.code, r.ErrorCode, r.Problem, r.PermissionError, c.problem, c.permission)
		}
	}
}

// The SDKs name services their own way; the reading uses IAM prefixes.
func TestNormaliseService(t *testing.T) {
	for in, want := range map[string]string{
		"S3": "s3", "Amazon S3": "s3", "AWSSecurityTokenService": "sts", "Sts": "sts", "SecurityToken": "sts",
		"AWSKMS": "kms", "KeyManagementService": "kms", "AmazonDynamoDBv2": "dynamodb", "DynamoDb": "dynamodb",
		"Secrets Manager": "secretsmanager", "CloudWatch Logs": "logs", "AWSLogs": "logs", "Iam": "iam",
		"AmazonIdentityManagement": "iam", "SSO OIDC": "sso-oauth", "monitoring.amazonaws.com": "cloudwatch",
		"s3.amazonaws.com": "s3", "SimpleSystemsManagement": "ssm", "AmazonSQS": "sqs", "SimpleNotificationService": "sns",
		"Amplify": "Amplify", "": "",
	} {
		if got := normaliseService(in); got != want {
			t.Errorf("normaliseService(%q) = %q, want %q", in, got, want)
		}
	}
}
