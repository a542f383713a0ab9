package errmsg

import "encoding/json"

// readingJSON is the contract of `whydenied explain --format json`
// (DESIGN.md): a field the message does not state is null, never "".
type readingJSON struct {
	ErrorCode       *string         `json:"errorCode"`
	Operation       *string         `json:"operation"`
	Service         *string         `json:"service"`
	Principal       *string         `json:"principal"`
	PrincipalKind   *string         `json:"principalKind"`
	Action          *string         `json:"action"`
	Resource        *string         `json:"resource"`
	PolicyType      *string         `json:"policyType"`
	PolicyTypeText  *string         `json:"policyTypeText"`
	DenyKind        *string         `json:"denyKind"`
	PolicyARN       *string         `json:"policyArn"`
	Reason          *string         `json:"reason"`
	EncodedMessage  *string         `json:"encodedMessage"`
	PermissionError bool            `json:"permissionError"`
	Problem         *string         `json:"problem"`
	HTTPStatus      *int            `json:"httpStatus"`
	RequestID       *string         `json:"requestId"`
	HostID          *string         `json:"hostId"`
	Tool            *string         `json:"tool"`
	Message         *string         `json:"message"`
	Decoded         *DecodedMessage `json:"decoded"`
	Notes           []string        `json:"notes"`
}

func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// MarshalJSON writes the reading with the field names of DESIGN.md's
// explain contract; unstated fields are null and notes an empty list.
func (r Reading) MarshalJSON() ([]byte, error) {
	out := readingJSON{
		ErrorCode:       str(r.ErrorCode),
		Operation:       str(r.Operation),
		Service:         str(r.Service),
		Principal:       str(r.Principal),
		PrincipalKind:   str(r.PrincipalKind()),
		Action:          str(r.Action),
		Resource:        str(r.Resource),
		PolicyType:      str(r.PolicyType),
		PolicyTypeText:  str(r.PolicyTypeText),
		DenyKind:        str(r.DenyKind),
		PolicyARN:       str(r.PolicyARN),
		Reason:          str(r.Reason),
		EncodedMessage:  str(r.EncodedMessage),
		PermissionError: r.PermissionError,
		Problem:         str(r.Problem),
		RequestID:       str(r.RequestID),
		HostID:          str(r.HostID),
		Tool:            str(r.Tool),
		Message:         str(r.Message),
		Decoded:         r.Decoded,
		Notes:           r.Notes,
	}
	if r.HTTPStatus != 0 {
		s := r.HTTPStatus
		out.HTTPStatus = &s
	}
	if out.Notes == nil {
		out.Notes = []string{}
	}
	return json.Marshal(out)
}

type statementJSON struct {
	StatementID     *string           `json:"statementId"`
	Effect          *string           `json:"effect"`
	Principals      []string          `json:"principals"`
	PrincipalGroups []string          `json:"principalGroups"`
	Actions         []string          `json:"actions"`
	Resources       []string          `json:"resources"`
	Conditions      []json.RawMessage `json:"conditions"`
}

type decodedJSON struct {
	Allowed           bool                `json:"allowed"`
	ExplicitDeny      bool                `json:"explicitDeny"`
	MatchedStatements []statementJSON     `json:"matchedStatements"`
	Failures          []json.RawMessage   `json:"failures"`
	PrincipalID       *string             `json:"principalId"`
	PrincipalName     *string             `json:"principalName"`
	Principal         *string             `json:"principal"`
	Action            *string             `json:"action"`
	Resource          *string             `json:"resource"`
	Context           map[string][]string `json:"context"`
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// MarshalJSON writes the decoded message with flat lists (no "items"
// wrappers); unstated strings are null, lists and the context are empty.
func (m DecodedMessage) MarshalJSON() ([]byte, error) {
	out := decodedJSON{
		Allowed:           m.Allowed,
		ExplicitDeny:      m.ExplicitDeny,
		MatchedStatements: []statementJSON{},
		Failures:          nonNil(m.Failures),
		PrincipalID:       str(m.PrincipalID),
		PrincipalName:     str(m.PrincipalName),
		Principal:         str(m.Principal),
		Action:            str(m.Action),
		Resource:          str(m.Resource),
		Context:           m.Context,
	}
	if out.Context == nil {
		out.Context = map[string][]string{}
	}
	for _, s := range m.MatchedStatements {
		out.MatchedStatements = append(out.MatchedStatements, statementJSON{
			StatementID:     str(s.StatementID),
			Effect:          str(s.Effect),
			Principals:      nonNil(s.Principals),
			PrincipalGroups: nonNil(s.PrincipalGroups),
			Actions:         nonNil(s.Actions),
			Resources:       nonNil(s.Resources),
			Conditions:      nonNil(s.Conditions),
		})
	}
	return json.Marshal(out)
}
