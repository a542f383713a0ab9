package arn

import "strings"

// PrincipalMatch says how an entry of a policy's Principal element matched the
// caller. The distinction matters within one account: a resource policy that
// names the user or the session itself is not limited by implicit denies in
// identity policies and boundaries, one that names the role or the account is
// (reference_policies_evaluation-logic.md#policy-eval-denyallow).
type PrincipalMatch int

const (
	NoMatch PrincipalMatch = iota
	// MatchEveryone: "*" or {"AWS": "*"}.
	MatchEveryone
	// MatchAccount: the caller's account ID or its :root ARN; this delegates
	// to the account's own IAM policies (reference_policies_elements_principal.md#principal-accounts).
	MatchAccount
	// MatchRole: the role ARN of a role session.
	MatchRole
	// MatchUser: the IAM user's ARN.
	MatchUser
	// MatchSession: the assumed-role session or federated-user ARN itself.
	MatchSession
	// MatchService: the service principal making the call.
	MatchService
	// MatchFederated: the identity provider of a federated caller.
	MatchFederated
	// MatchByPrincipalArn: Principal "*" narrowed by a condition on
	// aws:PrincipalArn, which AWS treats as naming the caller.
	MatchByPrincipalArn
)

func (m PrincipalMatch) String() string {
	switch m {
	case MatchEveryone:
		return "everyone (*)"
	case MatchAccount:
		return "the account"
	case MatchRole:
		return "the role"
	case MatchUser:
		return "the IAM user"
	case MatchSession:
		return "the session"
	case MatchService:
		return "the service"
	case MatchFederated:
		return "the identity provider"
	case MatchByPrincipalArn:
		return "everyone (*), narrowed by aws:PrincipalArn"
	}
	return "no match"
}

// LiftsBoundary reports whether an allow through this match is free of
// implicit denies in permissions boundaries: it names the IAM user or the
// session itself, or uses aws:PrincipalArn with "*"
// (reference_policies_evaluation-logic.md, reference_policies_elements_principal.md#principal-roles).
func (m PrincipalMatch) LiftsBoundary() bool {
	return m == MatchUser || m == MatchSession || m == MatchByPrincipalArn
}

// LiftsSessionPolicy reports whether an allow through this match is free of
// implicit denies in session policies: only naming the session itself, or
// aws:PrincipalArn with "*", does that.
func (m PrincipalMatch) LiftsSessionPolicy() bool {
	return m == MatchSession || m == MatchByPrincipalArn
}

// MatchAWS matches one value of the "AWS" key of a Principal element.
// Wildcards other than a lone "*" are not allowed in principals
// (reference_policies_elements_principal.md), so everything else compares as
// an identity, exactly: "the user name part of the ARN is case sensitive"
// (same page, #principal-users).
func (p Principal) MatchAWS(entry string) PrincipalMatch {
	if entry == "*" {
		return MatchEveryone
	}
	if p.Kind == Anonymous || p.Kind == Service {
		return NoMatch
	}
	if IsAccountID(entry) {
		if entry == p.Account {
			return MatchAccount
		}
		return NoMatch
	}
	e, err := Parse(entry)
	if err != nil || e.Account != p.Account || (p.Partition != "" && e.Partition != p.Partition) {
		return NoMatch
	}
	switch {
	case e.Service == "iam" && e.Resource == "root":
		return MatchAccount
	case e.Service == "iam" && strings.HasPrefix(e.Resource, "user/"):
		if p.Kind == User && entry == p.ARN {
			return MatchUser
		}
	case e.Service == "iam" && strings.HasPrefix(e.Resource, "role/"):
		_, name := splitPath(strings.TrimPrefix(e.Resource, "role/"))
		if (p.Kind == Role || p.Kind == AssumedRole) && name == p.Name {
			if p.Kind == Role && entry != p.ARN {
				return NoMatch // both paths are known and differ
			}
			return MatchRole
		}
	case e.Service == "sts":
		if (p.Kind == AssumedRole || p.Kind == FederatedUser) && entry == p.ARN {
			return MatchSession
		}
	}
	return NoMatch
}

// MatchService matches one value of the "Service" key.
func (p Principal) MatchService(entry string) PrincipalMatch {
	if p.Kind == Service && strings.EqualFold(entry, p.Service) {
		return MatchService
	}
	return NoMatch
}

// MatchFederated matches one value of the "Federated" key: the caller given
// as that provider (a SAML provider ARN or an OIDC provider name).
func (p Principal) MatchFederated(entry string) PrincipalMatch {
	if entry != "" && strings.EqualFold(entry, p.ARN) {
		return MatchFederated
	}
	return NoMatch
}

// Chain lists the identities a NotPrincipal exclusion must name for the
// caller to be left out: the account, then the role or user, then the
// session (reference_policies_elements_notprincipal.md: "you must also specify
// the account ARN of the not-denied principal").
func (p Principal) Chain() []string {
	switch p.Kind {
	case Root:
		return []string{p.ARN}
	case User:
		return []string{p.AccountARN(), p.ARN}
	case Role:
		return []string{p.AccountARN(), p.ARN}
	case AssumedRole:
		return []string{p.AccountARN(), p.RoleARN(), p.ARN}
	case FederatedUser:
		return []string{p.AccountARN(), p.ARN}
	case Service:
		return []string{p.Service}
	}
	return []string{"anonymous"}
}

// IsAccountID reports whether s is a 12-digit AWS account ID.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
