package errmsg

import "strings"

// servicePrefixes maps the names SDKs and tools give services, squeezed by
// serviceKey, to IAM service prefixes. The names are the Go SDK v2 service
// IDs ("Secrets Manager"), Java SDK v2 service names ("DynamoDb"), Java
// SDK v1 names ("AmazonDynamoDBv2", "AWSSecurityTokenService"), .NET
// namespaces ("SecurityToken", "KeyManagementService") and CloudTrail
// event sources ("monitoring").
var servicePrefixes = map[string]string{
	"s3": "s3", "s3control": "s3", "iam": "iam", "identitymanagement": "iam",
	"sts": "sts", "securitytokenservice": "sts", "securitytoken": "sts",
	"kms": "kms", "keymanagementservice": "kms",
	"ec2": "ec2", "lambda": "lambda",
	"dynamodb": "dynamodb", "dynamodbv2": "dynamodb", "dynamodbstreams": "dynamodb",
	"sqs": "sqs", "simplequeueservice": "sqs",
	"sns": "sns", "simplenotificationservice": "sns",
	"secretsmanager": "secretsmanager", "cloudformation": "cloudformation",
	"ecr": "ecr", "elasticcontainerregistry": "ecr", "ecrpublic": "ecr-public",
	"logs": "logs", "cloudwatchlogs": "logs",
	"ssm": "ssm", "simplesystemsmanagement": "ssm",
	"codecommit": "codecommit", "codedeploy": "codedeploy", "codebuild": "codebuild",
	"codepipeline": "codepipeline", "codeartifact": "codeartifact",
	"sagemaker": "sagemaker", "sagemakerruntime": "sagemaker",
	"organizations": "organizations", "glue": "glue", "athena": "athena",
	"ecs": "ecs", "eks": "eks",
	"cloudwatch": "cloudwatch", "monitoring": "cloudwatch",
	"events": "events", "eventbridge": "events", "cloudwatchevents": "events",
	"kinesis": "kinesis", "firehose": "firehose", "kinesisfirehose": "firehose",
	"route53": "route53", "acm": "acm", "certificatemanager": "acm",
	"cloudfront": "cloudfront", "apigateway": "apigateway", "executeapi": "execute-api",
	"states": "states", "sfn": "states", "stepfunctions": "states",
	"ses": "ses", "sesv2": "ses", "simpleemailservice": "ses", "simpleemailservicev2": "ses", "email": "ses",
	"rds": "rds", "elasticache": "elasticache", "redshift": "redshift",
	"cloudtrail": "cloudtrail", "config": "config", "configservice": "config",
	"backup": "backup", "bedrock": "bedrock", "bedrockruntime": "bedrock",
	"cognitoidp": "cognito-idp", "cognitoidentityprovider": "cognito-idp",
	"cognitoidentity": "cognito-identity",
	"sso":             "sso", "ssooidc": "sso-oauth", "ssoadmin": "sso",
	"xray": "xray", "appsync": "appsync",
	"elasticloadbalancing": "elasticloadbalancing", "elasticloadbalancingv2": "elasticloadbalancing",
	"autoscaling": "autoscaling", "lakeformation": "lakeformation",
	"opensearch": "es", "opensearchservice": "es", "es": "es", "elasticsearchservice": "es",
}

// serviceKey squeezes a service name: lower case, no spaces or dashes, and
// without the "Amazon"/"AWS" the SDKs put in front.
func serviceKey(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := lower(name[i])
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	k := b.String()
	for _, p := range [...]string{"amazon", "aws"} {
		if strings.HasPrefix(k, p) && len(k) > len(p) {
			k = k[len(p):]
		}
	}
	return k
}

// normaliseService turns a service name as a text states it into its IAM
// prefix, or returns it trimmed when the name is not known.
func normaliseService(name string) string {
	name = strings.TrimSpace(name)
	name = strings.TrimSuffix(name, ".amazonaws.com")
	if name == "" {
		return ""
	}
	if p, ok := servicePrefixes[serviceKey(name)]; ok {
		return p
	}
	return name
}

// serviceOfAction returns the lower-cased prefix of an action ("SNS:Publish"
// → "sns"), or "".
func serviceOfAction(action string) string {
	p, _, ok := strings.Cut(action, ":")
	if !ok || p == "" || p == "*" {
		return ""
	}
	return strings.ToLower(p)
}
