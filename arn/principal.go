package arn

import (
	"fmt"
	"strings"
)

// Kind is what sort of identity made a request.
type Kind int

const (
	// Anonymous is an unsigned request.
	Anonymous Kind = iota
	// Root is the account root user (arn:aws:iam::ACCOUNT:root).
	Root
	// User is an IAM user.
	User
	// Role is an IAM role given by its role ARN; it stands for a session of
	// that role whose session name is not known.
	Role
	// AssumedRole is a role session (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION).
	AssumedRole
	// FederatedUser is a GetFederationToken session (arn:aws:sts::ACCOUNT:federated-user/NAME).
	FederatedUser
	// Service is an AWS service principal such as cloudtrail.amazonaws.com.
	Service
)

func (k Kind) String() string {
	switch k {
	case Root:
		return "root"
	case User:
		return "user"
	case Role:
		return "role"
	case AssumedRole:
		return "assumed-role session"
	case FederatedUser:
		return "federated user"
	case Service:
		return "service principal"
	default:
		return "anonymous"
	}
}

// Principal is the caller of a request, parsed from its ARN.
type Principal struct {
	Kind      Kind
	ARN       string // as given ("anonymous" or the service name for those kinds)
	Partition string
	Account   string
	Path      string // IAM path of a user or role, "/" when none; unknown ("") for sessions
	Name      string // user, role, or federated user name
	Session   string // role session name
	Service   string // service principal name
}

// ParsePrincipal reads a caller: an IAM user, role, assumed-role session,
// federated user or root ARN, a service principal (name.amazonaws.com), or
// "anonymous".
func ParsePrincipal(s string) (Principal, error) {
	if s == "anonymous" || s == "*" {
		return Principal{Kind: Anonymous, ARN: "anonymous"}, nil
	}
	if !strings.HasPrefix(s, "arn:") {
		if strings.HasSuffix(s, ".amazonaws.com") || strings.HasSuffix(s, ".amazonaws.com.cn") {
			return Principal{Kind: Service, ARN: s, Service: s}, nil
		}
		return Principal{}, fmt.Errorf("principal %q: expected an IAM user, role, assumed-role, federated-user or root ARN, a service principal like lambda.amazonaws.com, or \"anonymous\"", s)
	}
	a, err := Parse(s)
	if err != nil {
		return Principal{}, fmt.Errorf("principal: %w", err)
	}
	if !IsAccountID(a.Account) {
		return Principal{}, fmt.Errorf("principal %q: expected a 12-digit account ID in the account part, got %q", s, a.Account)
	}
	p := Principal{ARN: s, Partition: a.Partition, Account: a.Account}
	switch a.Service {
	case "iam":
		if a.Resource == "root" {
			p.Kind = Root
			return p, nil
		}
		typ, rest, _ := strings.Cut(a.Resource, "/")
		if rest == "" || (typ != "user" && typ != "role") {
			break
		}
		p.Path, p.Name = splitPath(rest)
		if typ == "user" {
			p.Kind = User
		} else {
			p.Kind = Role
		}
		return p, nil
	case "sts":
		typ, rest, _ := strings.Cut(a.Resource, "/")
		switch typ {
		case "assumed-role":
			role, session, ok := strings.Cut(rest, "/")
			if ok && role != "" && session != "" && !strings.Contains(session, "/") {
				p.Kind, p.Name, p.Session = AssumedRole, role, session
				return p, nil
			}
		case "federated-user":
			if rest != "" && !strings.Contains(rest, "/") {
				p.Kind, p.Name = FederatedUser, rest
				return p, nil
			}
		}
	}
	return Principal{}, fmt.Errorf("principal %q: expected arn:PARTITION:iam::ACCOUNT:user/NAME, :role/NAME, :root, arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION or :federated-user/NAME", s)
}

func splitPath(rest string) (path, name string) {
	i := strings.LastIndexByte(rest, '/')
	if i < 0 {
		return "/", rest
	}
	return "/" + rest[:i+1], rest[i+1:]
}

// RoleARN is the ARN of the role behind a role or role session. The path of a
// session's role is not in the session ARN, so it is left out; policies that
// name the role with a path still match by account and name (see MatchesRole).
func (p Principal) RoleARN() string {
	switch p.Kind {
	case Role:
		return p.ARN
	case AssumedRole:
		return "arn:" + p.Partition + ":iam::" + p.Account + ":role/" + p.Name
	}
	return ""
}

// AccountARN is arn:PARTITION:iam::ACCOUNT:root, "" when there is no account.
func (p Principal) AccountARN() string {
	if p.Account == "" {
		return ""
	}
	return "arn:" + p.Partition + ":iam::" + p.Account + ":root"
}

// IsSession reports whether the caller holds temporary session credentials,
// which is when session policies can apply.
func (p Principal) IsSession() bool {
	return p.Kind == Role || p.Kind == AssumedRole || p.Kind == FederatedUser
}

// IsServiceLinkedRole reports whether the caller is a service-linked role or
// one of its sessions; SCPs and RCPs do not restrict those. AWS creates them
// under the path /aws-service-role/ with names starting AWSServiceRoleFor; a
// session ARN has no path, so the name decides there.
func (p Principal) IsServiceLinkedRole() bool {
	if p.Kind != Role && p.Kind != AssumedRole {
		return false
	}
	return strings.HasPrefix(p.Path, "/aws-service-role/") || strings.HasPrefix(p.Name, "AWSServiceRoleFor")
}

// PrincipalType is the value of aws:PrincipalType for this caller
// (reference_policies_condition-keys.md#condition-keys-principaltype).
func (p Principal) PrincipalType() string {
	switch p.Kind {
	case Root:
		return "Account"
	case User:
		return "User"
	case FederatedUser:
		return "FederatedUser"
	case Role, AssumedRole:
		return "AssumedRole"
	case Anonymous:
		return "Anonymous"
	}
	return ""
}

// PrincipalARN is the value of aws:PrincipalArn: for a role session it is the
// role's ARN, not the session's (reference_policies_condition-keys.md#condition-keys-principalarn).
func (p Principal) PrincipalARN() string {
	switch p.Kind {
	case AssumedRole:
		return p.RoleARN()
	case Anonymous, Service:
		return ""
	}
	return p.ARN
}
