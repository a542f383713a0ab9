package diagnose

import (
	"fmt"
	"strings"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/catalog"
	"github.com/whydenied/whydenied/errmsg"
	"github.com/whydenied/whydenied/scenario"
)

// Input is everything known about one failure.
type Input struct {
	Reading *errmsg.Reading
	// Catalog validates the action and gives its resource types; nil skips that.
	Catalog *catalog.Catalog
	// Scenario holds the policies, when they are at hand: the decision is
	// then simulated and every fix re-simulated.
	Scenario *scenario.Scenario
	// AllowedElsewhere lists other identities of the caller's account whose
	// identity policies do allow the request (found in an account
	// snapshot): the permission was most likely given to one of them.
	AllowedElsewhere []string
}

// facts are the names a diagnosis fills into sentences and commands.
type facts struct {
	r        *errmsg.Reading
	caller   *arn.Principal // nil when the text names no parsable caller
	action   string         // service:Action with the service in lower case; "" when unknown
	inferred bool           // the action was inferred from the operation
	service  string         // IAM prefix
	resource string         // an ARN, or ""
	res      arn.ARN        // parsed resource, when it is an ARN
	layer    string
	kind     string // explicit / implicit / ""
	// Known from the policies at hand rather than from the error:
	sourceVPCE string // aws:SourceVpce of the simulated request
	boundary   string // name of the caller's permissions boundary
	// resourceAccount is set when the simulation found the request to be
	// cross-account (S3 ARNs do not carry the account).
	resourceAccount string
}

// Diagnose builds the report for in.
func Diagnose(in Input) *Report {
	r := in.Reading
	if r == nil {
		r = &errmsg.Reading{}
	}
	f := gather(r, in.Catalog)
	if d := r.Decoded; d != nil && f.kind == "" && !d.Allowed {
		// aws-formats.md §1.8: the decoded message says whether the deny was explicit.
		f.kind = errmsg.DenyImplicit
		if d.ExplicitDeny {
			f.kind = errmsg.DenyExplicit
		}
	}
	rep := &Report{Caller: describeCaller(f), Action: describeAction(f, in.Catalog)}
	if in.Scenario != nil {
		simulate(rep, &f, in.Scenario)
	}
	switch {
	case !r.PermissionError && r.Problem != "" && r.Problem != errmsg.ProblemPermission && r.Problem != errmsg.ProblemForbidden:
		credentialProblem(rep, f)
	case r.Problem == errmsg.ProblemForbidden:
		bare403(rep, f)
	case r.Problem == errmsg.ProblemSetting:
		settingProblem(rep, f)
	default:
		permissionProblem(rep, f, in.Catalog)
	}
	if len(in.AllowedElsewhere) > 0 && f.kind != errmsg.DenyExplicit {
		rep.Causes = append([]Cause{{
			Title: "The permission is given to another identity: " + strings.Join(in.AllowedElsewhere, "; ") + ", not to the identity that made the call",
			Detail: "Their identity policies allow " + f.action + onResource(f) + "; the caller's do not. The request is evaluated against the caller's own policies only: " +
				"run the code as that identity, or grant the caller the same permission (the fix below).",
		}}, rep.Causes...)
	}
	if in.Scenario != nil {
		fixEveryBlockingLayer(rep, f)
		verifyFixes(rep, in.Scenario)
	}
	if r.Decoded != nil {
		explainDecoded(rep, r.Decoded)
	}
	return rep
}

func gather(r *errmsg.Reading, cat *catalog.Catalog) facts {
	f := facts{r: r, layer: r.PolicyType, kind: r.DenyKind}
	if p, err := arn.ParsePrincipal(r.Principal); err == nil && r.Principal != "" {
		f.caller = &p
	}
	if r.Action != "" {
		svc, name, ok := strings.Cut(r.Action, ":")
		if ok {
			f.action = strings.ToLower(svc) + ":" + name
			f.service = strings.ToLower(svc)
		}
	}
	if f.action == "" && r.Operation != "" && r.Service != "" {
		f.action, f.inferred = actionForOperation(r.Service, r.Operation, cat)
		f.service = r.Service
	}
	if f.service == "" {
		f.service = strings.ToLower(r.Service)
	}
	if cat != nil && f.action != "" {
		// Some services print actions in lower case ("sqs:sendmessage");
		// policies and commands read better in the catalog's spelling.
		if a, ok := cat.Action(f.action); ok {
			f.action = a.FullName()
		}
	}
	if a, err := arn.Parse(strings.Trim(r.Resource, `"`)); err == nil {
		f.resource = a.String()
		f.res = a
	}
	return f
}

// actionForOperation names the IAM action an API operation needs. For most
// operations the action has the operation's name; S3 is the known exception
// (its list and head operations are authorized by other actions, per the S3
// authorization reference).
func actionForOperation(service, op string, cat *catalog.Catalog) (string, bool) {
	service = strings.ToLower(service)
	if service == "s3" {
		switch op {
		case "ListObjects", "ListObjectsV2", "HeadBucket", "ListObjectVersions":
			if op == "ListObjectVersions" {
				return "s3:ListBucketVersions", true
			}
			return "s3:ListBucket", true
		case "HeadObject", "GetObjectAttributes":
			return "s3:GetObject", true
		case "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "CopyObject":
			return "s3:PutObject", true
		case "DeleteObjects":
			return "s3:DeleteObject", true
		}
	}
	action := service + ":" + op
	if cat != nil {
		if a, ok := cat.Action(action); ok {
			return a.FullName(), true
		}
		return "", false
	}
	return action, true
}

func describeCaller(f facts) *Caller {
	if f.r.Principal == "" {
		return nil
	}
	c := &Caller{ARN: f.r.Principal, Kind: f.r.PrincipalKind()}
	if f.caller == nil {
		if c.Kind == "" {
			c.Kind = "unrecognised"
		}
		return c
	}
	p := f.caller
	c.Account = p.Account
	switch p.Kind {
	case arn.AssumedRole:
		c.RoleARN, c.RoleName, c.Session = p.RoleARN(), p.Name, p.Session
		c.Note = fmt.Sprintf("The call was made by a session of the role %s (session %q). Permissions must be granted to that role: "+
			"policies attached to an IAM user, or to the person who assumed the role, are not evaluated for this request.", p.Name, p.Session)
	case arn.Role:
		c.RoleARN, c.RoleName = p.ARN, p.Name
	case arn.User:
		c.UserName = p.Name
		c.Note = "The call was made with the long-term access keys of IAM user " + p.Name + ". If your code is meant to run as a role (EC2, Lambda, ECS, CI), it did not pick up the role's credentials: check with aws sts get-caller-identity."
	case arn.FederatedUser:
		c.UserName = p.Name
		c.Note = "A federated-user session (GetFederationToken) has only what both the federating IAM user's policies and the session policy passed to GetFederationToken allow."
	case arn.Root:
		c.Note = "The call was made with the account's root user credentials; only SCPs, RCPs, resource-policy denies and KMS key policies can deny it."
	case arn.Anonymous:
		c.Note = "The request was not signed (anonymous). Only a resource policy that grants to everyone allows it; to use your own permissions, the request must be signed."
	}
	return c
}

func describeAction(f facts, cat *catalog.Catalog) *ActionInfo {
	if f.action == "" {
		return nil
	}
	info := &ActionInfo{Name: f.action}
	if cat == nil {
		return info
	}
	a, ok := cat.Action(f.action)
	if !ok {
		info.Suggestions = cat.Suggest(f.action, 3)
		return info
	}
	info.Known, info.Name, info.AccessLevel = true, a.FullName(), a.AccessLevel
	for _, rt := range a.ResourceTypes {
		info.ResourceTypes = append(info.ResourceTypes, rt.Name)
	}
	if f.resource != "" {
		if rt, ok := cat.ResourceTypeOf(a.FullName(), f.resource); ok {
			info.ResourceType = rt.Name
		}
	}
	return info
}

// RequestOf is the request an error describes, as far as it states it (the
// action may be inferred from the operation): what to look up in an account
// snapshot. Empty strings are what the error leaves out.
func RequestOf(r *errmsg.Reading, cat *catalog.Catalog) (principal, action, resource string) {
	f := gather(r, cat)
	return r.Principal, f.action, f.resource
}
