// Package scenario reads the scenario file of `whydenied simulate` (the
// contract in DESIGN.md) into an engine request and its policies.
package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/policy"
)

// Scenario is one decoded request with everything needed to decide it.
type Scenario struct {
	Name     string
	Source   string
	Why      string
	Expect   *Expectation
	Request  engine.Request
	Policies engine.Policies
}

// Expectation is the optional "expect" field: what the scenario's author
// says the decision must be, so scenario files double as tests.
type Expectation struct {
	Decision engine.Decision `json:"decision"`
	DeniedBy []engine.Layer  `json:"deniedBy"`
}

// Error names the place in a scenario that is wrong: Path is a JSON path
// such as identityPolicies[1].Statement[0].Effect.
type Error struct {
	Path string
	Msg  string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Loader decodes scenarios. It remembers the policies it has parsed, keyed by
// their bytes, because batch files repeat the same policies on many lines and
// parsing dominates the cost of a simulation. Parsed policies are never
// modified, so sharing them is safe. A Loader is not safe for concurrent use.
type Loader struct {
	cache map[string]*policy.Policy
}

// NewLoader returns a Loader with an empty policy cache.
func NewLoader() *Loader { return &Loader{cache: map[string]*policy.Policy{}} }

var topLevel = map[string]bool{
	"principal": true, "action": true, "resource": true, "resourceAccount": true, "context": true,
	"identityPolicies": true, "resourcePolicy": true, "permissionsBoundary": true, "sessionPolicy": true,
	"vpcEndpointPolicy": true, "scps": true, "rcps": true,
	"name": true, "source": true, "why": true, "description": true, "expect": true,
}

// Load decodes one scenario object.
func (l *Loader) Load(data []byte) (*Scenario, error) {
	var fields map[string]json.RawMessage
	if err := strictUnmarshal(data, &fields); err != nil {
		return nil, &Error{Msg: "expected a JSON object with principal, action, resource and policies: " + jsonErr(err)}
	}
	if fields == nil {
		return nil, &Error{Msg: "expected a JSON object with principal, action, resource and policies, got null"}
	}
	for k := range fields {
		if !topLevel[k] {
			return nil, &Error{Path: k, Msg: "unknown field; expected one of " + knownFields()}
		}
	}
	s := &Scenario{}
	var err error
	str := func(key string, required bool) (string, error) {
		raw, ok := fields[key]
		if !ok {
			if required {
				return "", &Error{Path: key, Msg: "missing; expected a string"}
			}
			return "", nil
		}
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", &Error{Path: key, Msg: "expected a string, got " + describe(raw)}
		}
		return v, nil
	}
	var principal string
	if principal, err = str("principal", true); err != nil {
		return nil, err
	}
	if s.Request.Principal, err = arn.ParsePrincipal(principal); err != nil {
		return nil, &Error{Path: "principal", Msg: err.Error()}
	}
	if s.Request.Action, err = str("action", true); err != nil {
		return nil, err
	}
	if svc, act, ok := strings.Cut(s.Request.Action, ":"); !ok || svc == "" || act == "" {
		return nil, &Error{Path: "action", Msg: fmt.Sprintf("expected service:Action such as s3:GetObject, got %q", s.Request.Action)}
	}
	if s.Request.Resource, err = str("resource", false); err != nil {
		return nil, err
	}
	if s.Request.Resource == "" {
		s.Request.Resource = "*"
	}
	if s.Request.ResourceAccount, err = str("resourceAccount", false); err != nil {
		return nil, err
	}
	if a := s.Request.ResourceAccount; a != "" && (len(a) != 12 || strings.Trim(a, "0123456789") != "") {
		return nil, &Error{Path: "resourceAccount", Msg: fmt.Sprintf("expected a 12-digit account ID, got %q", a)}
	}
	for _, k := range []string{"name", "source", "why"} {
		v, err := str(k, false)
		if err != nil {
			return nil, err
		}
		switch k {
		case "name":
			s.Name = v
		case "source":
			s.Source = v
		case "why":
			s.Why = v
		}
	}
	if raw, ok := fields["context"]; ok {
		if s.Request.Context, err = decodeContext(raw); err != nil {
			return nil, err
		}
	}
	if raw, ok := fields["expect"]; ok {
		if s.Expect, err = decodeExpect(raw); err != nil {
			return nil, err
		}
	}
	if err := l.loadPolicies(fields, s); err != nil {
		return nil, err
	}
	return s, nil
}

func (l *Loader) loadPolicies(fields map[string]json.RawMessage, s *Scenario) error {
	resKind := policy.Resource
	switch {
	case strings.HasPrefix(strings.ToLower(s.Request.Action), "sts:"):
		resKind = policy.Trust
	case strings.HasPrefix(strings.ToLower(s.Request.Action), "kms:"):
		resKind = policy.KeyPolicy
	}
	if raw, ok := fields["identityPolicies"]; ok {
		list, err := l.policyList(raw, "identityPolicies", policy.Identity)
		if err != nil {
			return err
		}
		s.Policies.Identity = list
	}
	single := []struct {
		key  string
		kind policy.Kind
		dst  **engine.NamedPolicy
	}{
		{"resourcePolicy", resKind, &s.Policies.Resource},
		{"permissionsBoundary", policy.PermissionsBoundary, &s.Policies.PermissionsBoundary},
		{"sessionPolicy", policy.Session, &s.Policies.Session},
		{"vpcEndpointPolicy", policy.VPCEndpoint, &s.Policies.VPCEndpoint},
	}
	for _, sp := range single {
		raw, ok := fields[sp.key]
		if !ok || isNull(raw) {
			continue
		}
		np, err := l.namedPolicy(raw, sp.key, sp.kind)
		if err != nil {
			return err
		}
		*sp.dst = &np
	}
	for _, org := range []struct {
		key  string
		kind policy.Kind
		dst  *[][]engine.NamedPolicy
	}{{"scps", policy.SCP, &s.Policies.SCPs}, {"rcps", policy.RCP, &s.Policies.RCPs}} {
		raw, ok := fields[org.key]
		if !ok || isNull(raw) {
			continue
		}
		var levels []json.RawMessage
		if err := json.Unmarshal(raw, &levels); err != nil {
			return &Error{Path: org.key, Msg: "expected a list of organization levels (root first, account last), each a list of policies; got " + describe(raw)}
		}
		out := make([][]engine.NamedPolicy, 0, len(levels))
		for i, lvl := range levels {
			list, err := l.policyList(lvl, fmt.Sprintf("%s[%d]", org.key, i), org.kind)
			if err != nil {
				return err
			}
			out = append(out, list)
		}
		*org.dst = out
	}
	return nil
}

func (l *Loader) policyList(raw json.RawMessage, path string, kind policy.Kind) ([]engine.NamedPolicy, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, &Error{Path: path, Msg: "expected a list of policies, got " + describe(raw)}
	}
	out := make([]engine.NamedPolicy, 0, len(items))
	for i, it := range items {
		np, err := l.namedPolicy(it, fmt.Sprintf("%s[%d]", path, i), kind)
		if err != nil {
			return nil, err
		}
		out = append(out, np)
	}
	return out, nil
}

// namedPolicy reads a policy given as a document, a JSON string holding one,
// or {"name": "...", "document": ...}.
func (l *Loader) namedPolicy(raw json.RawMessage, path string, kind policy.Kind) (engine.NamedPolicy, error) {
	np := engine.NamedPolicy{Name: path}
	doc := raw
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '{' {
		var wrapper map[string]json.RawMessage
		if err := json.Unmarshal(raw, &wrapper); err == nil {
			if d, ok := wrapper["document"]; ok {
				for k := range wrapper {
					if k != "name" && k != "document" {
						return np, &Error{Path: path + "." + k, Msg: `unknown field; a named policy is {"name": "...", "document": {...}}`}
					}
				}
				if n, ok := wrapper["name"]; ok {
					if err := json.Unmarshal(n, &np.Name); err != nil {
						return np, &Error{Path: path + ".name", Msg: "expected a string, got " + describe(n)}
					}
				}
				doc = d
				path += ".document"
			}
		}
	}
	p, err := l.parse(doc, kind)
	if err != nil {
		return np, prefixed(path, err)
	}
	np.Policy = p
	return np, nil
}

func (l *Loader) parse(doc []byte, kind policy.Kind) (*policy.Policy, error) {
	key := strconv.Itoa(int(kind)) + "\x00" + string(doc)
	if p, ok := l.cache[key]; ok {
		return p, nil
	}
	p, err := policy.Parse(doc)
	if err != nil {
		return nil, err
	}
	if err := p.Validate(kind); err != nil {
		return nil, err
	}
	if l.cache != nil {
		l.cache[key] = p
	}
	return p, nil
}

func prefixed(path string, err error) error {
	var pe *policy.Error
	if errors.As(err, &pe) {
		p := path
		if pe.Path != "" {
			p += "." + pe.Path
		}
		msg := pe.Msg
		if pe.Line > 0 {
			msg += fmt.Sprintf(" (line %d, column %d of the policy document)", pe.Line, pe.Column)
		}
		return &Error{Path: p, Msg: msg}
	}
	return &Error{Path: path, Msg: err.Error()}
}

// decodeContext reads {"key": "value" | ["v1", "v2"] | true | 10}. Values are
// kept as text; the condition operator that reads a key gives it its type.
func decodeContext(raw json.RawMessage) (*condition.Context, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, &Error{Path: "context", Msg: "expected an object of condition keys to a string or a list of strings, got " + describe(raw)}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ctx := condition.NewContext()
	for _, k := range keys {
		v := m[k]
		path := "context." + strconv.Quote(k)
		if k == "" {
			return nil, &Error{Path: path, Msg: "expected a condition key name such as aws:SourceIp, got an empty string"}
		}
		if s, ok := scalar(v); ok {
			ctx.Set(k, s)
			continue
		}
		var list []json.RawMessage
		if err := json.Unmarshal(v, &list); err != nil {
			return nil, &Error{Path: path, Msg: "expected a string or a list of strings, got " + describe(v)}
		}
		vals := make([]string, 0, len(list))
		for i, item := range list {
			s, ok := scalar(item)
			if !ok {
				return nil, &Error{Path: fmt.Sprintf("%s[%d]", path, i), Msg: "expected a string, got " + describe(item)}
			}
			vals = append(vals, s)
		}
		ctx.Set(k, vals...)
	}
	return ctx, nil
}

// scalar accepts strings, booleans and numbers, as condition values in
// policies do, so "aws:SecureTransport": true works as users write it.
func scalar(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	t := string(bytes.TrimSpace(raw))
	if t == "true" || t == "false" {
		return t, true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil && t != "null" {
		return n.String(), true
	}
	return "", false
}

func decodeExpect(raw json.RawMessage) (*Expectation, error) {
	var e Expectation
	if err := strictUnmarshal(raw, &e); err != nil {
		return nil, &Error{Path: "expect", Msg: `expected {"decision": "allowed"|"explicitDeny"|"implicitDeny", "deniedBy": [layers]}: ` + jsonErr(err)}
	}
	switch e.Decision {
	case engine.Allowed, engine.ExplicitDeny, engine.ImplicitDeny:
	default:
		return nil, &Error{Path: "expect.decision", Msg: fmt.Sprintf("expected allowed, explicitDeny or implicitDeny, got %q", e.Decision)}
	}
	for i, l := range e.DeniedBy {
		if !engine.KnownLayer(l) {
			return nil, &Error{Path: fmt.Sprintf("expect.deniedBy[%d]", i), Msg: fmt.Sprintf("expected a layer name (%s), got %q", engine.LayerNames(), l)}
		}
	}
	return &e, nil
}

func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

func jsonErr(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v (at byte %d)", se, se.Offset)
	}
	return err.Error()
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

func describe(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return "nothing"
	}
	switch t[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func knownFields() string {
	keys := make([]string, 0, len(topLevel))
	for k := range topLevel {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}
