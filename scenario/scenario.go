// Package scenario reads the scenario file of `whydenied simulate` (the
// contract in DESIGN.md) into an engine request and its policies.
package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/internal/jsonscan"
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

	// singles holds the single policies Policies points to (resource,
	// boundary, session, VPC endpoint), to allocate them with the Scenario.
	singles [4]engine.NamedPolicy
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
// their raw bytes and kind, because batch files repeat the same policies on
// many lines and parsing dominates the cost of a simulation. Parsed policies
// are never modified, so sharing them is safe. Whole lists are remembered
// too, by the raw bytes of the scenario member, so a repeated list is neither
// walked nor re-parsed; the default names of unnamed policies depend only on
// the member, so they are stable. Request contexts are remembered the same
// way. What a Loader remembers is bounded (see cache). A Loader is not safe
// for concurrent use.
type Loader struct {
	cache cache
	// claimMisses counts policy members in a row that claim did not find
	// in the cache; claimRest, the loads left before claim is tried again.
	claimMisses, claimRest int
	texts                  texts
}

// When claim has missed this many members in a row, it rests for this many
// loads: measured on batches where every policy is new, trying cost 6% more
// time per line.
const (
	claimMissesBeforeRest = 32
	claimRestLoads        = 64
)

type cached struct {
	name   string // from {"name": ..., "document": ...}; "" when unnamed
	policy *policy.Policy
}

// NewLoader returns a Loader with an empty policy cache.
// Scenarios from one Loader share the parsed policies, the slices that hold
// them and request contexts: callers must not modify a Scenario's Policies
// or its Request.Context.
func NewLoader() *Loader {
	return &Loader{cache: newCache()}
}

// fields are the raw members of a scenario object.
type fields struct {
	principal, action, resource, resourceAccount, context         []byte
	identity, resourcePolicy, boundary, session, vpce, scps, rcps []byte
	name, source, why, description, expect                        []byte
}

func (f *fields) slot(key string) *[]byte {
	switch key {
	case "principal":
		return &f.principal
	case "action":
		return &f.action
	case "resource":
		return &f.resource
	case "resourceAccount":
		return &f.resourceAccount
	case "context":
		return &f.context
	case "identityPolicies":
		return &f.identity
	case "resourcePolicy":
		return &f.resourcePolicy
	case "permissionsBoundary":
		return &f.boundary
	case "sessionPolicy":
		return &f.session
	case "vpcEndpointPolicy":
		return &f.vpce
	case "scps":
		return &f.scps
	case "rcps":
		return &f.rcps
	case "name":
		return &f.name
	case "source":
		return &f.source
	case "why":
		return &f.why
	case "description":
		return &f.description
	case "expect":
		return &f.expect
	}
	return nil
}

const knownFields = "principal, action, resource, resourceAccount, context, identityPolicies, resourcePolicy, " +
	"permissionsBoundary, sessionPolicy, vpcEndpointPolicy, scps, rcps, name, source, why, description, expect"

// Load decodes one scenario object.
func (l *Loader) Load(data []byte) (*Scenario, error) {
	s := &Scenario{}
	if err := l.LoadInto(s, data); err != nil {
		return nil, err
	}
	return s, nil
}

// LoadInto is Load into s, whose previous contents it replaces (on an
// error, s holds nothing useful). A caller deciding lines one after another
// can keep one Scenario for all of them: a Scenario is some 600 bytes, the
// largest allocation of a cached line in a batch.
func (l *Loader) LoadInto(s *Scenario, data []byte) error {
	var f fields
	var cl claimed
	claim := func(key string, rest []byte) int { return l.claim(&cl, key, rest) }
	if l.claimRest > 0 {
		l.claimRest--
		claim = nil
	}
	err := jsonscan.ObjectClaiming(data, claim, func(key string, value []byte) error {
		dst := f.slot(key)
		if dst == nil {
			return &Error{Path: key, Msg: "unknown field; expected one of " + knownFields}
		}
		if *dst != nil {
			return &Error{Path: key, Msg: "appears twice; expected it once"}
		}
		*dst = value
		return nil
	})
	if err != nil {
		var se *Error
		if errors.As(err, &se) {
			return se
		}
		return &Error{Msg: "expected a JSON object with principal, action, resource and policies: " + err.Error()}
	}
	*s = Scenario{}
	str := func(raw []byte, key string, required bool) (string, error) {
		if raw == nil || jsonscan.Kind(raw) == 'n' {
			if required {
				return "", &Error{Path: key, Msg: "missing; expected a string"}
			}
			return "", nil
		}
		if jsonscan.Kind(raw) != '"' {
			return "", &Error{Path: key, Msg: "expected a string, got " + jsonscan.Describe(raw)}
		}
		v, ok := l.texts.scalar(raw)
		if !ok {
			return "", &Error{Path: key, Msg: "expected a string, got " + jsonscan.Describe(raw)}
		}
		return v, nil
	}
	principal, err := str(f.principal, "principal", true)
	if err != nil {
		return err
	}
	if s.Request.Principal, err = arn.ParsePrincipal(principal); err != nil {
		return &Error{Path: "principal", Msg: err.Error()}
	}
	if s.Request.Action, err = str(f.action, "action", true); err != nil {
		return err
	}
	if svc, act, ok := strings.Cut(s.Request.Action, ":"); !ok || svc == "" || act == "" {
		return &Error{Path: "action", Msg: fmt.Sprintf("expected service:Action such as s3:GetObject, got %q", s.Request.Action)}
	}
	if s.Request.Resource, err = str(f.resource, "resource", false); err != nil {
		return err
	}
	if s.Request.Resource == "" {
		s.Request.Resource = "*"
	}
	if s.Request.ResourceAccount, err = str(f.resourceAccount, "resourceAccount", false); err != nil {
		return err
	}
	if a := s.Request.ResourceAccount; a != "" && !arn.IsAccountID(a) {
		return &Error{Path: "resourceAccount", Msg: fmt.Sprintf("expected a 12-digit account ID, got %q", a)}
	}
	if s.Name, err = str(f.name, "name", false); err != nil {
		return err
	}
	if s.Source, err = str(f.source, "source", false); err != nil {
		return err
	}
	if s.Why, err = str(f.why, "why", false); err != nil {
		return err
	}
	if _, err = str(f.description, "description", false); err != nil {
		return err
	}
	if f.context != nil && jsonscan.Kind(f.context) != 'n' {
		ctx, ok := l.cache.context(f.context)
		if !ok {
			if ctx, err = decodeContext(f.context, &l.texts); err != nil {
				return err
			}
			l.cache.putContext(string(f.context), ctx)
		}
		s.Request.Context = ctx
	}
	if f.expect != nil {
		if s.Expect, err = decodeExpect(f.expect); err != nil {
			return err
		}
	}
	if err := l.loadPolicies(&f, s, &cl); err != nil {
		return err
	}
	return nil
}

func (l *Loader) loadPolicies(f *fields, s *Scenario, cl *claimed) error {
	resKind := policy.Resource
	switch engine.ResourcePolicyKind(s.Request.Action, s.Request.Resource) {
	case "trust":
		resKind = policy.Trust
	case "key":
		resKind = policy.KeyPolicy
	}
	if f.identity != nil && jsonscan.Kind(f.identity) != 'n' {
		list, ok := cl.identityList, same(f.identity, cl.identity)
		if !ok {
			list, ok = l.cache.identityList(f.identity)
		}
		if !ok {
			m := newMember(f.identity)
			var err error
			if list, err = l.policyList(m, "identityPolicies", policy.Identity); err != nil {
				return err
			}
			l.cache.putIdentityList(m.src, list)
		}
		s.Policies.Identity = list
	}
	single := []struct {
		raw  []byte
		key  string
		kind policy.Kind
		dst  **engine.NamedPolicy
	}{
		{f.resourcePolicy, "resourcePolicy", resKind, &s.Policies.Resource},
		{f.boundary, "permissionsBoundary", policy.PermissionsBoundary, &s.Policies.PermissionsBoundary},
		{f.session, "sessionPolicy", policy.Session, &s.Policies.Session},
		{f.vpce, "vpcEndpointPolicy", policy.VPCEndpoint, &s.Policies.VPCEndpoint},
	}
	for i, sp := range single {
		if sp.raw == nil || jsonscan.Kind(sp.raw) == 'n' {
			continue
		}
		if c := &cl.single[i]; same(sp.raw, c.raw) && c.kind == sp.kind {
			s.singles[i] = engine.NamedPolicy{Name: nameOr(c.c.name, sp.key), Policy: c.c.policy}
			*sp.dst = &s.singles[i]
			continue
		}
		np, err := l.namedPolicy(member{raw: sp.raw}, sp.key, sp.kind)
		if err != nil {
			return err
		}
		s.singles[i] = np
		*sp.dst = &s.singles[i]
	}
	for i, org := range []struct {
		raw  []byte
		key  string
		kind policy.Kind
		dst  *[][]engine.NamedPolicy
	}{{f.scps, "scps", policy.SCP, &s.Policies.SCPs}, {f.rcps, "rcps", policy.RCP, &s.Policies.RCPs}} {
		if org.raw == nil || jsonscan.Kind(org.raw) == 'n' {
			continue
		}
		if same(org.raw, cl.org[i]) {
			*org.dst = cl.orgLevels[i]
			continue
		}
		if levels, ok := l.cache.orgLevels(i, org.raw); ok {
			*org.dst = levels
			continue
		}
		if jsonscan.Kind(org.raw) != '[' {
			return &Error{Path: org.key, Msg: "expected a list of organization levels (root first, account last), each a list of policies; got " + jsonscan.Describe(org.raw)}
		}
		levels := [][]engine.NamedPolicy{}
		m := newMember(org.raw)
		err := jsonscan.Array(org.raw, func(i int, lvl []byte) error {
			list, err := l.policyList(m.part(lvl), org.key+"["+strconv.Itoa(i)+"]", org.kind)
			levels = append(levels, list)
			return err
		})
		if err != nil {
			return asError(org.key, err)
		}
		l.cache.putOrgLevels(i, m.src, levels)
		*org.dst = levels
	}
	return nil
}

// claimed holds what one Load recognised in its cache while walking the
// scenario, so that loadPolicies does not look it up again.
type claimed struct {
	identity     []byte
	identityList []engine.NamedPolicy
	org          [2][]byte // scps, rcps
	orgLevels    [2][][]engine.NamedPolicy
	// single are resourcePolicy, permissionsBoundary, sessionPolicy and
	// vpcEndpointPolicy, in that order.
	single [4]struct {
		raw  []byte
		kind policy.Kind
		c    cached
	}
}

// claim tells jsonscan.ObjectClaiming that a policy member's value is one
// this Loader has cached, which is valid JSON, so the walk over the scenario
// need not check it again byte by byte; it returns the value's length, or
// -1. A value is found by its extent (jsonscan.Extent, which trusts the
// JSON) and then compared whole with the cached bytes, so nothing is
// claimed that was not checked before.
func (l *Loader) claim(cl *claimed, key string, rest []byte) int {
	var kinds []policy.Kind
	slot := 0
	switch key {
	case "identityPolicies", "scps", "rcps":
	case "resourcePolicy":
		kinds = []policy.Kind{policy.Resource, policy.Trust, policy.KeyPolicy}
	case "permissionsBoundary":
		kinds, slot = []policy.Kind{policy.PermissionsBoundary}, 1
	case "sessionPolicy":
		kinds, slot = []policy.Kind{policy.Session}, 2
	case "vpcEndpointPolicy":
		kinds, slot = []policy.Kind{policy.VPCEndpoint}, 3
	default:
		return -1
	}
	org := 0
	if key == "rcps" {
		org = 1
	}
	want := memberWant{member: memberPolicy, org: org, kinds: kinds}
	switch key {
	case "identityPolicies":
		want.member = memberIdentityList
	case "scps", "rcps":
		want.member = memberOrgLevels
	}
	if e, ok := l.cache.member(rest, &want); ok {
		n := len(e.raw)
		raw := rest[:n]
		switch e.member {
		case memberIdentityList:
			cl.identity, cl.identityList = raw, e.list
		case memberOrgLevels:
			cl.org[org], cl.orgLevels[org] = raw, e.levels
		default:
			s := &cl.single[slot]
			s.raw, s.kind, s.c = raw, e.kind, e.policy
		}
		l.claimMisses = 0
		return n
	}
	n := jsonscan.Extent(rest)
	if n <= 0 {
		return -1
	}
	if l.claimMisses++; l.claimMisses >= claimMissesBeforeRest {
		// A run of new policies: trying costs more than it saves, so
		// rest for a while, then try again.
		l.claimMisses, l.claimRest = 0, claimRestLoads
	}
	raw := rest[:n]
	switch key {
	case "identityPolicies":
		if list, ok := l.cache.identityList(raw); ok {
			cl.identity, cl.identityList = raw, list
			l.claimMisses = 0
			return n
		}
	case "scps", "rcps":
		if levels, ok := l.cache.orgLevels(org, raw); ok {
			cl.org[org], cl.orgLevels[org] = raw, levels
			l.claimMisses = 0
			return n
		}
	default:
		for _, k := range kinds {
			if c, ok := l.cache.policy(k, raw); ok {
				s := &cl.single[slot]
				s.raw, s.kind, s.c = raw, k, c
				l.claimMisses = 0
				return n
			}
		}
	}
	return -1
}

// same reports whether a and b are the same bytes in memory (not merely
// equal): a member's value and what claim recognised of it.
func same(a, b []byte) bool {
	return len(a) > 0 && len(a) == len(b) && &a[0] == &b[0]
}

// member is a scenario member's value, or a part of one: its bytes in the
// line and, once it is to be parsed, the same bytes as a string. The cache
// keeps that string as its key and the parsed policies' strings are parts of
// it (policy.ParseString), so a policy's text is in memory once, and
// comparing a line with a cached value brings into the processor's cache the
// very text the evaluation reads next. (Before, a policy in a list had
// three copies: the list's key, its own key and the parser's.)
type member struct {
	raw []byte
	src string // "" until needed; then string(raw), or a part of the enclosing member's
}

func newMember(raw []byte) member { return member{raw: raw, src: string(raw)} }

// part returns the member for sub, a slice of m.raw (as jsonscan hands out
// array items and object members), sharing m's string; sub from anywhere
// else gets a copy.
func (m member) part(sub []byte) member {
	off := cap(m.raw) - cap(sub)
	if m.src != "" && len(sub) > 0 && off >= 0 && off+len(sub) <= len(m.raw) && &m.raw[off] == &sub[0] {
		return member{raw: sub, src: m.src[off : off+len(sub)]}
	}
	return newMember(sub)
}

func (l *Loader) policyList(m member, path string, kind policy.Kind) ([]engine.NamedPolicy, error) {
	raw := m.raw
	if jsonscan.Kind(raw) != '[' {
		return nil, &Error{Path: path, Msg: "expected a list of policies, got " + jsonscan.Describe(raw)}
	}
	out := []engine.NamedPolicy{}
	err := jsonscan.Array(raw, func(i int, item []byte) error {
		np, err := l.namedPolicy(m.part(item), path+"["+strconv.Itoa(i)+"]", kind)
		out = append(out, np)
		return err
	})
	if err != nil {
		return nil, asError(path, err)
	}
	return out, nil
}

// namedPolicy reads a policy given as a document, a JSON string holding one,
// or {"name": "...", "document": ...}.
func (l *Loader) namedPolicy(m member, path string, kind policy.Kind) (engine.NamedPolicy, error) {
	raw := m.raw
	if c, ok := l.cache.policy(kind, raw); ok {
		return engine.NamedPolicy{Name: nameOr(c.name, path), Policy: c.policy}, nil
	}
	if m.src == "" {
		m = newMember(raw)
	}
	var c cached
	doc, docPath := raw, path
	if jsonscan.Kind(raw) == '{' && mayBeWrapper(raw) {
		// {"name": ..., "document": ...} is told from a policy document by
		// its "document" member; one walk finds that and reads the rest.
		var nameRaw, docRaw []byte
		var wrapper bool
		var unknown string
		err := jsonscan.Object(raw, func(key string, value []byte) error {
			switch key {
			case "name":
				nameRaw = value
			case "document":
				docRaw, wrapper = value, true
			default:
				if unknown == "" {
					unknown = key
				}
			}
			return nil
		})
		if wrapper {
			// The walk stops at a syntax error, so an unknown member it
			// saw comes before it.
			if unknown != "" {
				return engine.NamedPolicy{}, &Error{Path: path + "." + unknown, Msg: `unknown field; a named policy is {"name": "...", "document": {...}}`}
			}
			if err != nil {
				return engine.NamedPolicy{}, asError(path, err)
			}
			if nameRaw != nil {
				var ok bool
				if c.name, ok = jsonscan.String(nameRaw); !ok {
					return engine.NamedPolicy{}, &Error{Path: path + ".name", Msg: "expected a string, got " + jsonscan.Describe(nameRaw)}
				}
			}
			doc, docPath = docRaw, path+".document"
		}
	}
	p, err := policy.ParseString(m.part(doc).src)
	if err == nil {
		err = p.Validate(kind)
	}
	if err != nil {
		return engine.NamedPolicy{}, prefixed(docPath, err)
	}
	c.policy = p
	l.cache.putPolicy(kind, m.src, c)
	return engine.NamedPolicy{Name: nameOr(c.name, path), Policy: p}, nil
}

// mayBeWrapper is false when raw cannot be {"name": ..., "document": ...}:
// it holds no "document" member name, written plainly or with escapes. Most
// policies are documents, and this saves walking them one more time.
func mayBeWrapper(raw []byte) bool {
	return bytes.Contains(raw, []byte(`"document"`)) || bytes.IndexByte(raw, '\\') >= 0
}

func nameOr(name, path string) string {
	if name != "" {
		return name
	}
	return path
}

func asError(path string, err error) error {
	var se *Error
	if errors.As(err, &se) {
		return se
	}
	return &Error{Path: path, Msg: err.Error()}
}

func prefixed(path string, err error) error {
	p, msg := policy.Within(path, err)
	return &Error{Path: p, Msg: msg}
}

// decodeContext reads {"key": "value" | ["v1", "v2"] | true | 10}. Values are
// kept as text; the condition operator that reads a key gives it its type.
func decodeContext(raw []byte, t *texts) (*condition.Context, error) {
	if jsonscan.Kind(raw) != '{' {
		return nil, &Error{Path: "context", Msg: "expected an object of condition keys to a string or a list of strings, got " + jsonscan.Describe(raw)}
	}
	// Room for the keys without counting them: a key and its value take
	// some 24 bytes or more.
	ctx := condition.NewContextSize(len(raw)/24 + 1)
	err := jsonscan.Object(raw, func(k string, v []byte) error {
		// Only errors need the path: written then, not for every key.
		path := func() string { return "context." + strconv.Quote(k) }
		if k == "" {
			return &Error{Path: path(), Msg: "expected a condition key name such as aws:SourceIp, got an empty string"}
		}
		duplicate := func() error {
			return &Error{Path: path(), Msg: "appears twice (condition keys are not case-sensitive); expected it once"}
		}
		if s, ok := t.scalar(v); ok {
			if !ctx.Add(k, s) {
				return duplicate()
			}
			return nil
		}
		if ctx.Has(k) {
			return duplicate()
		}
		if jsonscan.Kind(v) != '[' {
			return &Error{Path: path(), Msg: "expected a string or a list of strings, got " + jsonscan.Describe(v)}
		}
		vals := []string{}
		err := jsonscan.Array(v, func(i int, item []byte) error {
			s, ok := t.scalar(item)
			if !ok {
				return &Error{Path: fmt.Sprintf("%s[%d]", path(), i), Msg: "expected a string, got " + jsonscan.Describe(item)}
			}
			vals = append(vals, s)
			return nil
		})
		if err != nil {
			return asError(path(), err)
		}
		ctx.Set(k, vals...)
		return nil
	})
	if err != nil {
		return nil, asError("context", err)
	}
	return ctx, nil
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
