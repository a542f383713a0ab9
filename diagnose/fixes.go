package diagnose

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/whydenied/whydenied/arn"
)

// statement is the least-privilege statement of a fix: exactly the refused
// action on exactly the refused resource, and the caller as the principal
// when it goes into a resource-based policy.
type statement struct {
	Sid       string            `json:"Sid"`
	Effect    string            `json:"Effect"`
	Principal map[string]string `json:"Principal,omitempty"`
	Action    string            `json:"Action"`
	Resource  string            `json:"Resource,omitempty"`
}

var nonAlnum = regexp.MustCompile(`[^A-Za-z0-9]+`)

// fixName is a policy or Sid name made of the action: "AllowS3PutObject".
func fixName(action string) string {
	svc, name, _ := strings.Cut(action, ":")
	if svc == "" {
		return "AllowRefusedAction"
	}
	return "Allow" + strings.ToUpper(svc[:1]) + nonAlnum.ReplaceAllString(svc[1:], "") + nonAlnum.ReplaceAllString(name, "")
}

func (s statement) json(indent string) string {
	b, _ := json.MarshalIndent(s, indent, "  ")
	return string(b)
}

func policyJSON(s statement) string {
	b, _ := json.Marshal(struct {
		Version   string
		Statement []statement
	}{"2012-10-17", []statement{s}})
	return string(b)
}

// fixResource is the Resource of the statement: the refused resource when
// the error named it, else "*" (AWS leaves the resource out for actions that
// take none, and a narrower value cannot be known from the text).
func fixResource(f facts) string {
	if f.resource != "" {
		return f.resource
	}
	return "*"
}

// principalOf is what a resource policy should name: the role behind a
// session (sessions come and go), the user, or the account root.
func principalOf(f facts) (string, bool) {
	if f.caller == nil {
		return "", false
	}
	switch f.caller.Kind {
	case arn.AssumedRole, arn.Role:
		return f.caller.RoleARN(), true
	case arn.User, arn.Root, arn.FederatedUser:
		return f.caller.ARN, true
	}
	return "", false
}

// identityFix grants the action in an inline policy of the caller.
func identityFix(f facts) Fix {
	st := statement{Sid: fixName(f.action), Effect: "Allow", Action: f.action, Resource: fixResource(f)}
	fix := Fix{Title: "Allow " + f.action + " in an identity-based policy of the caller", Layer: "identity", Statement: st.json(""), exact: st.Resource != "*"}
	name := fixName(f.action)
	p := f.caller
	switch {
	case p != nil && (p.Kind == arn.Role || p.Kind == arn.AssumedRole):
		fix.Where = "an inline policy of role " + p.Name
		fix.CLI = fmt.Sprintf("aws iam put-role-policy --role-name %s --policy-name %s --policy-document '%s'", p.Name, name, policyJSON(st))
		fix.Terraform = terraformInline("aws_iam_role_policy", "role", p.Name, name, st)
	case p != nil && p.Kind == arn.User:
		fix.Where = "an inline policy of user " + p.Name + " (or, better, of a group the user is in)"
		fix.CLI = fmt.Sprintf("aws iam put-user-policy --user-name %s --policy-name %s --policy-document '%s'", p.Name, name, policyJSON(st))
		fix.Terraform = terraformInline("aws_iam_user_policy", "user", p.Name, name, st)
	case p != nil && p.Kind == arn.FederatedUser:
		fix.Where = "a policy of the IAM user that called GetFederationToken, and the session policy passed to it"
	default:
		fix.Where = "a policy of the role or user that made the call (see aws sts get-caller-identity)"
		fix.CLI = fmt.Sprintf("aws iam put-role-policy --role-name ROLE_NAME --policy-name %s --policy-document '%s'", name, policyJSON(st))
	}
	return fix
}

func terraformInline(resource, attr, owner, name string, st statement) string {
	return fmt.Sprintf(`resource "%s" "%s" {
  name = "%s"
  %s = "%s"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "%s"
      Effect   = "Allow"
      Action   = "%s"
      Resource = "%s"
    }]
  })
}`, resource, strings.ToLower(nonAlnum.ReplaceAllString(name, "_")), name, attr, owner, st.Sid, st.Action, st.Resource)
}

// resourceFix adds a statement naming the caller to the resource's policy.
func resourceFix(f facts) (Fix, bool) {
	principal, ok := principalOf(f)
	if !ok || f.resource == "" {
		return Fix{}, false
	}
	st := statement{Sid: fixName(f.action), Effect: "Allow", Principal: map[string]string{"AWS": principal}, Action: f.action, Resource: f.resource}
	a := f.res
	fix := Fix{Title: "Allow the caller in the resource's policy", Layer: "resource", Statement: st.json(""), exact: true}
	merge := "This replaces the whole policy: first fetch it, add the statement above to its Statement list, then put it back."
	switch a.Service {
	case "s3":
		b := bucketOf(a)
		fix.Where = "the bucket policy of " + b
		fix.CLI = "aws s3api get-bucket-policy --bucket " + b + " --query Policy --output text > policy.json\n# add the statement to policy.json, then:\naws s3api put-bucket-policy --bucket " + b + " --policy file://policy.json\n# " + merge
		fix.Terraform = terraformDocStatement("aws_s3_bucket_policy", st, "bucket = \""+b+"\"")
	case "kms":
		fix.Where = "the key policy of " + f.resource
		fix.Title = "Allow the caller in the KMS key policy (identity policies alone never grant access to a key)"
		fix.CLI = "aws kms get-key-policy --key-id " + f.resource + " --policy-name default --query Policy --output text > key-policy.json\n# add the statement to key-policy.json (Resource \"*\" is usual in key policies), then:\naws kms put-key-policy --key-id " + f.resource + " --policy-name default --policy file://key-policy.json\n# " + merge
		fix.Terraform = terraformDocStatement("aws_kms_key_policy", st, "key_id = \""+f.resource+"\"")
	case "iam":
		role := strings.TrimPrefix(a.Resource, "role/")
		role = role[strings.LastIndexByte(role, '/')+1:]
		st.Resource = ""
		fix.Statement = st.json("")
		fix.Where = "the trust policy of role " + role
		fix.Title = "Trust the caller in role " + role + "'s trust policy"
		fix.CLI = "aws iam get-role --role-name " + role + " --query Role.AssumeRolePolicyDocument > trust.json\n# add the statement to trust.json, then:\naws iam update-assume-role-policy --role-name " + role + " --policy-document file://trust.json"
		fix.Terraform = "# in the aws_iam_role \"" + role + "\" resource, add to assume_role_policy's Statement list:\n" + st.json("")
	case "sqs":
		fix.Where = "the queue policy of " + a.Resource
		fix.CLI = fmt.Sprintf("# add the statement to the queue's Policy attribute (get-queue-attributes --attribute-names Policy), then:\naws sqs set-queue-attributes --queue-url https://sqs.%s.amazonaws.com/%s/%s --attributes file://attributes.json", a.Region, a.Account, a.Resource)
		fix.Terraform = terraformDocStatement("aws_sqs_queue_policy", st, "queue_url = \"https://sqs."+a.Region+".amazonaws.com/"+a.Account+"/"+a.Resource+"\"")
	case "sns":
		fix.Where = "the topic policy of " + f.resource
		fix.CLI = "# add the statement to the topic's Policy attribute, then:\naws sns set-topic-attributes --topic-arn " + f.resource + " --attribute-name Policy --attribute-value file://policy.json"
		fix.Terraform = terraformDocStatement("aws_sns_topic_policy", st, "arn = \""+f.resource+"\"")
	case "lambda":
		fix.Where = "the resource policy of function " + f.resource
		fix.CLI = "aws lambda add-permission --function-name " + f.resource + " --statement-id " + st.Sid + " --action " + f.action + " --principal " + principal
	case "secretsmanager":
		fix.Where = "the resource policy of secret " + f.resource
		fix.CLI = "# add the statement to the secret's policy (get-resource-policy), then:\naws secretsmanager put-resource-policy --secret-id " + f.resource + " --resource-policy file://policy.json"
	case "ecr":
		repo := strings.TrimPrefix(a.Resource, "repository/")
		fix.Where = "the repository policy of " + repo
		fix.CLI = "# add the statement to the repository policy (get-repository-policy), then:\naws ecr set-repository-policy --repository-name " + repo + " --policy-text file://policy.json"
	default:
		fix.Where = "the resource-based policy of " + f.resource
	}
	acct := f.resourceAccount
	if acct == "" && f.caller != nil && f.res.Account != "" && f.res.Account != f.caller.Account {
		acct = f.res.Account
	}
	if acct != "" {
		fix.Where += ", in account " + acct + " (the resource's account makes this change)"
	}
	return fix, true
}

func terraformDocStatement(resource string, st statement, target string) string {
	res := st.Resource
	return fmt.Sprintf(`# %s replaces the whole policy: keep the existing statements in the same document.
data "aws_iam_policy_document" "%s" {
  statement {
    sid       = "%s"
    effect    = "Allow"
    actions   = ["%s"]
    resources = ["%s"]
    principals {
      type        = "AWS"
      identifiers = ["%s"]
    }
  }
}
resource "%s" "this" {
  %s
  policy = data.aws_iam_policy_document.%s.json
}`, resource, strings.ToLower(st.Sid), st.Sid, st.Action, res, st.Principal["AWS"], resource, target, strings.ToLower(st.Sid))
}

// boundaryFix widens the permissions boundary.
func boundaryFix(f facts) Fix {
	st := statement{Sid: fixName(f.action), Effect: "Allow", Action: f.action, Resource: fixResource(f)}
	who := "the caller"
	get := "aws iam get-role --role-name ROLE_NAME --query Role.PermissionsBoundary.PermissionsBoundaryArn --output text"
	if p := f.caller; p != nil {
		switch p.Kind {
		case arn.Role, arn.AssumedRole:
			who = "role " + p.Name
			get = "aws iam get-role --role-name " + p.Name + " --query Role.PermissionsBoundary.PermissionsBoundaryArn --output text"
		case arn.User:
			who = "user " + p.Name
			get = "aws iam get-user --user-name " + p.Name + " --query User.PermissionsBoundary.PermissionsBoundaryArn --output text"
		}
	}
	policyName := "the managed policy set as the permissions boundary of " + who
	if f.boundary != "" {
		policyName = f.boundary + ", the permissions boundary of " + who
	}
	return Fix{
		Title:     "Allow " + f.action + " in the permissions boundary of " + who,
		Layer:     "permissionsBoundary",
		Where:     policyName + " (it may be shared: widening it widens every identity that uses it)",
		Statement: st.json(""),
		CLI: "BOUNDARY=$(" + get + ")\n" +
			"aws iam get-policy-version --policy-arn $BOUNDARY --version-id $(aws iam get-policy --policy-arn $BOUNDARY --query Policy.DefaultVersionId --output text) --query PolicyVersion.Document > boundary.json\n" +
			"# add the statement to boundary.json, then:\naws iam create-policy-version --policy-arn $BOUNDARY --policy-document file://boundary.json --set-as-default",
	}
}

// sessionFix: the session policy was chosen by whoever created the session.
func sessionFix(f facts) Fix {
	st := statement{Sid: fixName(f.action), Effect: "Allow", Action: f.action, Resource: fixResource(f)}
	role := "ROLE_ARN"
	if f.caller != nil && f.caller.RoleARN() != "" {
		role = f.caller.RoleARN()
	}
	return Fix{
		Title:     "Include " + f.action + " in the session policy, or create the session without one",
		Layer:     "session",
		Where:     "the session policy passed to AssumeRole / GetFederationToken by the code or tool that created these credentials",
		Statement: st.json(""),
		CLI:       "aws sts assume-role --role-arn " + role + " --role-session-name SESSION --policy '" + policyJSON(st) + "'\n# (a session policy can only narrow the role's permissions: the role must allow the action too)",
	}
}

// orgFix: SCPs and RCPs belong to the organization.
func orgFix(f facts, layer string) Fix {
	kind, filter := "service control policy (SCP)", "SERVICE_CONTROL_POLICY"
	if layer == "rcp" {
		kind, filter = "resource control policy (RCP)", "RESOURCE_CONTROL_POLICY"
	}
	who := "the caller"
	if p, ok := principalOf(f); ok {
		who = p // the role, not one session of it: sessions come and go
	}
	describe := "# then, for each policy: aws organizations describe-policy --policy-id p-XXXXXXXX"
	if id := policyID(f.r.PolicyARN); id != "" {
		describe = "aws organizations describe-policy --policy-id " + id + "   # the policy AWS named"
	}
	return Fix{
		Title: "Ask your organization's administrators: this cannot be fixed from your account. " +
			fmt.Sprintf("Ask for %s to be allowed %s%s: either an exception (for example a condition on aws:PrincipalArn) in the %s that denies it, or, if no statement allows it at some level, an Allow at that level.",
				who, f.action, onResource(f), kind),
		Layer:     layer,
		OrgAdmins: true,
		Where:     "a " + kind + " attached to the account, one of its OUs or the organization root, managed from the organization's management account",
		CLI:       orgCheck(f, filter, "").Command + "\n" + describe,
	}
}

// policyID is the p-... id at the end of an Organizations policy ARN.
func policyID(policyARN string) string {
	i := strings.LastIndex(policyARN, "/p-")
	if i < 0 || !strings.HasPrefix(policyARN, "arn:") {
		return ""
	}
	return policyARN[i+1:]
}

func onResource(f facts) string {
	if f.resource == "" {
		return ""
	}
	return " on " + f.resource
}

// vpceFix widens the VPC endpoint policy.
func vpceFix(f facts) Fix {
	principal, ok := principalOf(f)
	if !ok {
		principal = "*"
	}
	st := statement{Sid: fixName(f.action), Effect: "Allow", Principal: map[string]string{"AWS": principal}, Action: f.action, Resource: fixResource(f)}
	where := "the policy of the VPC endpoint the request went through (find it with the describe-vpc-endpoints check)"
	if f.sourceVPCE != "" {
		where = "the policy of VPC endpoint " + f.sourceVPCE
	}
	return Fix{
		Title:     "Allow " + f.action + " in the VPC endpoint policy",
		Layer:     "vpcEndpoint",
		Where:     where,
		Statement: st.json(""),
		CLI:       "# add the statement to the endpoint's policy document, then:\naws ec2 modify-vpc-endpoint --vpc-endpoint-id " + vpceID(f) + " --policy-document file://endpoint-policy.json",
	}
}

// vpceID is the endpoint the request went through, when the request says.
func vpceID(f facts) string {
	if f.sourceVPCE != "" {
		return f.sourceVPCE
	}
	return "VPCE_ID"
}
