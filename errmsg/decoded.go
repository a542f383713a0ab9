package errmsg

import (
	"bytes"
	"encoding/json"
	"strings"
)

// The shapes below follow the AWS CLI's example of
// `aws sts decode-authorization-message` (aws-formats.md §1.8): every list
// is wrapped as {"items": [...]}, values as {"value": ...}.
type items[T any] struct {
	Items []T `json:"items"`
}

type valueItem struct {
	Value string `json:"value"`
}

type rawStatement struct {
	StatementID     string                 `json:"statementId"`
	Effect          string                 `json:"effect"`
	Principals      items[valueItem]       `json:"principals"`
	PrincipalGroups items[valueItem]       `json:"principalGroups"`
	Actions         items[valueItem]       `json:"actions"`
	Resources       items[valueItem]       `json:"resources"`
	Conditions      items[json.RawMessage] `json:"conditions"`
}

type rawCondition struct {
	Key    string           `json:"key"`
	Values items[valueItem] `json:"values"`
}

type rawDecoded struct {
	Allowed           flexBool               `json:"allowed"`
	ExplicitDeny      flexBool               `json:"explicitDeny"`
	MatchedStatements items[rawStatement]    `json:"matchedStatements"`
	Failures          items[json.RawMessage] `json:"failures"`
	Context           struct {
		Principal struct {
			ID   string `json:"id"`
			Name string `json:"name"`
			ARN  string `json:"arn"`
		} `json:"principal"`
		Action     string              `json:"action"`
		Resource   string              `json:"resource"`
		Conditions items[rawCondition] `json:"conditions"`
	} `json:"context"`
}

// flexBool accepts true/false and, as older examples print them,
// "true"/"false".
type flexBool bool

func (b *flexBool) UnmarshalJSON(data []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(data)), `"`)
	*b = flexBool(strings.EqualFold(s, "true"))
	return nil
}

// maxDecodedAttempts bounds the places tried as the start of a decoded
// message.
const maxDecodedAttempts = 16

// findDecoded finds a decoded authorization message in the text: the
// CLI's {"DecodedMessage": "<json>"}, the decoded JSON itself (as --query
// DecodedMessage --output text prints it), or either escaped once more.
func findDecoded(text string) (*DecodedMessage, bool) {
	if !strings.Contains(text, "allowed") || !strings.Contains(text, "explicitDeny") {
		return nil, false
	}
	if dm, ok := findDecodedIn(text); ok {
		return dm, true
	}
	if hasEscapes(text) {
		return findDecodedIn(unescapeAll(text))
	}
	return nil, false
}

func findDecodedIn(text string) (*DecodedMessage, bool) {
	attempts := 0
	for from := 0; from < len(text) && attempts < maxDecodedAttempts; {
		i := strings.IndexByte(text[from:], '{')
		if i < 0 {
			break
		}
		i += from
		from = i + 1
		attempts++
		var probe map[string]json.RawMessage
		dec := json.NewDecoder(strings.NewReader(text[i:]))
		if dec.Decode(&probe) != nil {
			continue
		}
		if raw, ok := probe["DecodedMessage"]; ok {
			var inner string
			if json.Unmarshal(raw, &inner) == nil {
				if dm, ok := decodeMessage(inner); ok {
					return dm, true
				}
			}
			continue
		}
		if _, ok := probe["allowed"]; ok {
			if dm, ok := decodeMessage(text[i : i+int(dec.InputOffset())]); ok {
				return dm, true
			}
		}
	}
	return nil, false
}

func decodeMessage(s string) (*DecodedMessage, bool) {
	var raw rawDecoded
	if json.Unmarshal([]byte(strings.TrimSpace(s)), &raw) != nil {
		return nil, false
	}
	dm := &DecodedMessage{
		Allowed:       bool(raw.Allowed),
		ExplicitDeny:  bool(raw.ExplicitDeny),
		Failures:      raw.Failures.Items,
		PrincipalID:   raw.Context.Principal.ID,
		PrincipalName: raw.Context.Principal.Name,
		Principal:     raw.Context.Principal.ARN,
		Action:        raw.Context.Action,
		Resource:      raw.Context.Resource,
	}
	for _, st := range raw.MatchedStatements.Items {
		dm.MatchedStatements = append(dm.MatchedStatements, MatchedStatement{
			StatementID:     st.StatementID,
			Effect:          st.Effect,
			Principals:      values(st.Principals),
			PrincipalGroups: values(st.PrincipalGroups),
			Actions:         values(st.Actions),
			Resources:       values(st.Resources),
			Conditions:      st.Conditions.Items,
		})
	}
	for _, c := range raw.Context.Conditions.Items {
		if c.Key == "" {
			continue
		}
		if dm.Context == nil {
			dm.Context = make(map[string][]string)
		}
		dm.Context[c.Key] = append(dm.Context[c.Key], values(c.Values)...)
	}
	return dm, true
}

func values(it items[valueItem]) []string {
	if len(it.Items) == 0 {
		return nil
	}
	out := make([]string, len(it.Items))
	for i, v := range it.Items {
		out[i] = v.Value
	}
	return out
}

// readingFromDecoded states what a decoded message says. It names no
// policy type, so PolicyType stays empty.
func readingFromDecoded(dm *DecodedMessage) *Reading {
	r := &Reading{Decoded: dm, Tool: ToolDecode, Principal: dm.Principal, Resource: dm.Resource}
	r.Action = dm.Action
	if dm.Action != "" && !strings.Contains(dm.Action, ":") {
		// EC2 writes its actions without the prefix (aws-formats.md §1.8);
		// the resource ARN names the service.
		r.Action = ""
		if _, svc, _, _, _, ok := splitARN(dm.Resource); ok && svc != "" {
			r.Action = svc + ":" + dm.Action
			r.note(NoteActionPrefix, "the decoded message gives the action as %q without its service prefix; %q was taken from the resource ARN", dm.Action, svc)
		}
	}
	r.Service = serviceOfAction(r.Action)
	switch {
	case dm.Allowed:
		r.Problem = ProblemOther
		r.note(NoteAllowed, "the decoded message says the request was allowed")
	case dm.ExplicitDeny:
		r.Problem, r.PermissionError, r.DenyKind = ProblemPermission, true, DenyExplicit
	default:
		r.Problem, r.PermissionError, r.DenyKind = ProblemPermission, true, DenyImplicit
	}
	if !dm.Allowed {
		r.note(NoteDecodedLayer, "a decoded message does not name the policy type that denied the request")
	}
	r.addPrincipalNotes()
	return r
}
