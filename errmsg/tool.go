package errmsg

import "strings"

// detectTool tells which SDK or tool printed the text, from the wording
// that was read and the marks each tool leaves around it. Tools that wrap
// others come first: CDK prints CloudFormation events, Terraform prints
// the Go SDK's errors, boto3 prints the same sentence as the AWS CLI.
func detectTool(text string, d *document, k kind) string {
	has := func(s string) bool { return strings.Contains(text, s) }
	switch {
	case k == kindLeaf && d.leafValue("eventSource") != "" && d.leafValue("eventName") != "":
		return ToolCloudTrail
	case k == kindCDKAssume, has("❌"), has("The stack named "), has("cdk deploy"), has("cdk bootstrap"),
		has("_FAILED") && has("| AWS::"):
		return ToolCDK
	case k == kindCFN, k == kindCFNAPI, has("HandlerErrorCode"), has("ResourceStatusReason"), has("CREATE_FAILED"),
		has("UPDATE_FAILED"), has("ROLLBACK_IN_PROGRESS"):
		return ToolCloudFormation
	case isTerraform(text):
		return ToolTerraform
	case has("botocore."), has("boto3."), has("Traceback (most recent call last)"), has("'ResponseMetadata'"),
		has("S3UploadFailedError"), d.leafValue("errorType") == "ClientError":
		return ToolBoto3
	case k == kindCLI, has("aws configure"), has("upload failed: "), has("download failed: "), has("aws sso login"),
		has("Error when retrieving token from sso"), has("Error loading SSO Token"):
		return ToolAWSCLI
	case k == kindGo:
		return ToolGoSDKv2
	case k == kindJava, has("software.amazon.awssdk"), has("com.amazonaws.services."), has("com.amazonaws.auth."),
		has("com.amazonaws.http."), has("com.amazonaws.SdkClientException"), has("com.amazonaws.AmazonServiceException"):
		return ToolJavaSDK
	case k == kindDotNet, has("Amazon.Runtime."):
		return ToolDotNetSDK
	case k == kindRuby, has("Aws::Errors::"):
		return ToolRubySDK
	case has("$metadata"), has("$fault"), has("@aws-sdk/"), has("@smithy/"), has("CredentialsProviderError"):
		return ToolJSSDKv3
	case has("status code: ") && has("request id: "), has("NoCredentialProviders"):
		return ToolGoSDKv1
	case hasLinePrefix(d, "denied: "), has("no basic auth credentials"), has("Error response from daemon"):
		return ToolDocker
	case k == kindXML, k == kindLeaf && d.leafValue("__type") != "":
		return ToolHTTP
	case hasLinePrefix(d, "User arn:"), has("Insufficient permissions"), has("permissions to allow the "),
		has("You don't have permission"):
		return ToolConsole
	}
	return ToolRaw
}

func isTerraform(text string) bool {
	if strings.Contains(text, "│ Error:") || strings.Contains(text, "╷") || strings.Contains(text, "Terraform AWS Provider") {
		return true
	}
	if !strings.Contains(text, "Error: ") {
		return false
	}
	for _, s := range [...]string{"with aws_", ".tf line ", "provider[", "terraform"} {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}

func hasLinePrefix(d *document, p string) bool {
	for _, l := range d.lines {
		if strings.HasPrefix(l.text, p) {
			return true
		}
	}
	return false
}
