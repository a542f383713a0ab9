package diagnose

import (
	"fmt"
	"strings"

	"github.com/whydenied/whydenied/arn"
)

// The checks are AWS CLI commands with every name the error gave filled in;
// what the error did not give stays an obvious placeholder in capitals.

func checkWhoAmI() Check {
	return Check{Purpose: "Confirm which identity your code really runs as (the most common surprise)", Command: "aws sts get-caller-identity"}
}

// identityChecks lists the identity policies and boundary of the caller.
func identityChecks(f facts) []Check {
	p := f.caller
	if p == nil {
		return []Check{{Purpose: "List the policies of the identity that made the call", Command: "aws iam list-attached-role-policies --role-name ROLE_NAME"}}
	}
	switch p.Kind {
	case arn.Role, arn.AssumedRole:
		return []Check{
			{Purpose: "Managed policies attached to role " + p.Name, Command: "aws iam list-attached-role-policies --role-name " + p.Name},
			{Purpose: "Inline policies of role " + p.Name, Command: "aws iam list-role-policies --role-name " + p.Name},
			{Purpose: "The role's permissions boundary, if any", Command: "aws iam get-role --role-name " + p.Name + " --query Role.PermissionsBoundary"},
		}
	case arn.User, arn.FederatedUser:
		return []Check{
			{Purpose: "Managed policies attached to user " + p.Name, Command: "aws iam list-attached-user-policies --user-name " + p.Name},
			{Purpose: "Inline policies of user " + p.Name, Command: "aws iam list-user-policies --user-name " + p.Name},
			{Purpose: "Groups of user " + p.Name + " (their policies apply too)", Command: "aws iam list-groups-for-user --user-name " + p.Name},
			{Purpose: "The user's permissions boundary, if any", Command: "aws iam get-user --user-name " + p.Name + " --query User.PermissionsBoundary"},
		}
	}
	return nil
}

// simulateCheck asks IAM's own simulator about the identity policies.
func simulateCheck(f facts) (Check, bool) {
	if f.caller == nil || f.action == "" {
		return Check{}, false
	}
	source := f.caller.ARN
	switch f.caller.Kind {
	case arn.AssumedRole:
		source = f.caller.RoleARN()
	case arn.User, arn.Role:
	default:
		return Check{}, false
	}
	cmd := "aws iam simulate-principal-policy --policy-source-arn " + source + " --action-names " + f.action
	if f.resource != "" {
		cmd += " --resource-arns " + f.resource
	}
	return Check{Purpose: "Ask IAM's policy simulator whether the identity policies allow it (it does not see SCPs or resource policies of other accounts)", Command: cmd}, true
}

// resourcePolicyCheck shows the resource's own policy.
func resourcePolicyCheck(f facts) (Check, bool) {
	a := f.res
	if f.resource == "" {
		return Check{}, false
	}
	region := ""
	if a.Region != "" {
		region = " --region " + a.Region
	}
	switch a.Service {
	case "s3":
		return Check{Purpose: "The bucket policy of " + bucketOf(a), Command: "aws s3api get-bucket-policy --bucket " + bucketOf(a) + " --query Policy --output text"}, true
	case "kms":
		return Check{Purpose: "The key policy (it must allow the caller or delegate to the account)", Command: "aws kms get-key-policy --key-id " + f.resource + " --policy-name default --query Policy --output text" + region}, true
	case "iam":
		if name, ok := strings.CutPrefix(a.Resource, "role/"); ok {
			name = name[strings.LastIndexByte(name, '/')+1:]
			return Check{Purpose: "The trust policy of role " + name, Command: "aws iam get-role --role-name " + name + " --query Role.AssumeRolePolicyDocument"}, true
		}
	case "sqs":
		return Check{Purpose: "The queue policy", Command: fmt.Sprintf("aws sqs get-queue-attributes --queue-url https://sqs.%s.amazonaws.com/%s/%s --attribute-names Policy%s", a.Region, a.Account, a.Resource, region)}, true
	case "sns":
		return Check{Purpose: "The topic policy", Command: "aws sns get-topic-attributes --topic-arn " + f.resource + " --query Attributes.Policy --output text" + region}, true
	case "lambda":
		return Check{Purpose: "The function's resource policy", Command: "aws lambda get-policy --function-name " + f.resource + region}, true
	case "secretsmanager":
		return Check{Purpose: "The secret's resource policy", Command: "aws secretsmanager get-resource-policy --secret-id " + f.resource + region}, true
	case "ecr":
		return Check{Purpose: "The repository policy", Command: "aws ecr get-repository-policy --repository-name " + strings.TrimPrefix(a.Resource, "repository/") + " --registry-id " + a.Account + region}, true
	}
	return Check{}, false
}

func orgCheck(f facts, filter, what string) Check {
	acct := "ACCOUNT_ID"
	if f.caller != nil && f.caller.Account != "" && filter == "SERVICE_CONTROL_POLICY" {
		acct = f.caller.Account
	} else if f.res.Account != "" && filter == "RESOURCE_CONTROL_POLICY" {
		acct = f.res.Account
	}
	return Check{
		Purpose: what + " attached to the account (run in the organization's management account or a delegated administrator; repeat with each parent OU and the root as --target-id)",
		Command: "aws organizations list-policies-for-target --target-id " + acct + " --filter " + filter,
	}
}

func vpceCheck(f facts) Check {
	region, svc := "REGION", f.service
	if f.res.Region != "" {
		region = f.res.Region
	}
	if svc == "" {
		svc = "SERVICE"
	}
	return Check{Purpose: "The policies of the VPC endpoints the request may go through",
		Command: fmt.Sprintf("aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.%s.%s --query 'VpcEndpoints[].[VpcEndpointId,PolicyDocument]'", region, svc)}
}

func decodeCheck(encoded string) Check {
	blob := "ENCODED_MESSAGE"
	if encoded != "" {
		blob = encoded
		if len(blob) > 40 {
			blob = blob[:40] + "..."
		}
	}
	return Check{Purpose: "Decode the encoded authorization failure message: it says whether a deny was explicit and which statements matched (needs sts:DecodeAuthorizationMessage); paste its output into whydenied explain",
		Command: "aws sts decode-authorization-message --encoded-message '" + blob + "' --query DecodedMessage --output text"}
}

func cloudTrailCheck(f facts) Check {
	event := "EVENT_NAME"
	if f.r.Operation != "" {
		event = f.r.Operation
	} else if _, name, ok := strings.Cut(f.action, ":"); ok {
		event = name
	}
	return Check{Purpose: "Find the denied call in CloudTrail (errorCode AccessDenied) to see the caller and request as AWS logged them",
		Command: "aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=" + event + " --max-results 20"}
}

func bucketOf(a arn.ARN) string {
	b, _, _ := strings.Cut(a.Resource, "/")
	return b
}
