package collect

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
)

// cliError renders a failed call as the AWS CLI v2 prints it on stderr
// (botocore's ClientError):
//
//	An error occurred (AccessDenied) when calling the GetBucketPolicy operation: Access Denied
//
// and, when the retries ran out, with botocore's note before the colon:
//
//	An error occurred (ThrottlingException) when calling the ListKeys operation (reached max retries: 9): Rate exceeded
//
// A failure that carries no AWS error code (the connection failed) has no
// CLI form that names a code; its text is the SDK's own message, so the
// loader records the data as unknown with that text.
func cliError(op string, err error) (code, text string) {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return "", fmt.Sprintf("Could not complete the %s operation: %s", op, oneLine(err.Error()))
	}
	code = api.ErrorCode()
	retries := ""
	var maxed *retry.MaxAttemptsError
	if errors.As(err, &maxed) && maxed.Attempt > 1 {
		retries = fmt.Sprintf(" (reached max retries: %d)", maxed.Attempt-1)
	}
	msg := api.ErrorMessage()
	if msg == "" {
		// botocore prints "Unknown" when the body had no message.
		msg = "Unknown"
	}
	return code, fmt.Sprintf("An error occurred (%s) when calling the %s operation%s: %s", code, op, retries, oneLine(msg))
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Codes that mean "there is none", per call, as account/LAYOUT.md lists
// them: such a .error file is a fact the loader uses, not a gap.
var (
	noBucketPolicy     = []string{"NoSuchBucketPolicy"}
	noBucketTags       = []string{"NoSuchTagSet"}
	noRepositoryPolicy = []string{"RepositoryPolicyNotFoundException"}
	noFunctionPolicy   = []string{"ResourceNotFoundException"}
	noOrgPolicies      = []string{"PolicyNotAttachedException", "PolicyTypeNotEnabledException"}
)
