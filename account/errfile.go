package account

import "strings"

// awsError is the content of a .error file: what the AWS CLI printed on
// stderr when the call failed, such as
//
//	An error occurred (AccessDenied) when calling the GetBucketPolicy operation: Access Denied
type awsError struct {
	code string // AccessDenied; "" when the text names none
	text string // the first meaningful line, for the answer
}

// parseAWSError reads the CLI's error text. The code is the first
// parenthesised word after "An error occurred"; a file written by hand may
// hold only the code itself ("NoSuchBucketPolicy").
func parseAWSError(s string) awsError {
	var e awsError
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			e.text = line
			break
		}
	}
	if len(e.text) > 300 {
		e.text = e.text[:300] + "..."
	}
	if _, rest, ok := strings.Cut(s, "An error occurred ("); ok {
		if code, _, ok := strings.Cut(rest, ")"); ok && isCode(code) {
			e.code = code
		}
	} else if isCode(e.text) {
		e.code = e.text
	}
	if e.text == "" {
		e.text = "the call failed (empty .error file)"
	}
	return e
}

// isCode accepts AWS error codes: letters, digits, '.', '_' ("Client.UnauthorizedOperation", "403").
func isCode(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

// is reports whether the error is one of the codes that mean "there is none".
func (e *awsError) is(codes ...string) bool {
	for _, c := range codes {
		if e.code == c {
			return true
		}
	}
	return false
}
