package account

import (
	"fmt"
	"strings"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/engine"
)

// Resolve turns q into an engine request and the policies that apply to it.
// It fails on a malformed query; with q.Strict it also fails, returning the
// Resolved as well, when the snapshot lacks data the request needs
// (*UnknownError).
func (s *Snapshot) Resolve(q Query) (*Resolved, error) {
	p, err := arn.ParsePrincipal(q.Principal)
	if err != nil {
		return nil, err
	}
	if svc, act, ok := strings.Cut(q.Action, ":"); !ok || svc == "" || act == "" {
		return nil, fmt.Errorf("action %q: expected service:Action such as s3:GetObject", q.Action)
	}
	if q.SourceVPCE != "" && !strings.HasPrefix(q.SourceVPCE, "vpce-") {
		return nil, fmt.Errorf("source VPC endpoint %q: expected an endpoint id such as vpce-1a2b3c4d", q.SourceVPCE)
	}
	res := q.Resource
	if res == "" {
		res = "*"
	}
	r := &resolver{s: s, q: q, p: p, out: &Resolved{}}
	r.out.Request = engine.Request{Principal: p, Action: q.Action, Resource: res}
	r.identity()
	r.resource()
	r.session()
	r.organization()
	r.endpoint()
	if r.sessionTagsCaveat && policiesRead(&r.out.Policies, "aws:principaltag/") {
		r.note("session tags passed when the role was assumed are not in the snapshot; they override the role's tags of the same key (give them as aws:PrincipalTag/KEY context values)")
	}
	r.out.Request.Context = r.context()
	if q.Strict && len(r.out.Unknowns) > 0 {
		return r.out, &UnknownError{Unknowns: r.out.Unknowns}
	}
	return r.out, nil
}

// resolver carries one Resolve.
type resolver struct {
	s   *Snapshot
	q   Query
	p   arn.Principal
	out *Resolved
	// keys are the condition keys the snapshot supplies, in order.
	keys []ctxKey
	// resAcct is the account owning the resource as far as the snapshot
	// knows; awsKey marks an AWS managed KMS key.
	resAcct string
	awsKey  bool
	// seen dedupes managed policies reached by several routes.
	seen map[string]bool
	// sessionTagsCaveat: the caller is a role whose session may carry
	// session tags the snapshot cannot hold; worth saying only when some
	// policy reads principal tags.
	sessionTagsCaveat bool
}

// policiesRead reports whether any policy of ps has a condition that reads a
// key starting with prefix (lower case), as a key or as a policy variable.
func policiesRead(ps *engine.Policies, prefix string) bool {
	reads := func(np *engine.NamedPolicy) bool {
		if np == nil || np.Policy == nil {
			return false
		}
		for i := range np.Policy.Statements {
			st := &np.Policy.Statements[i]
			if st.Conditions != nil {
				for _, k := range st.Conditions.Keys() {
					if strings.HasPrefix(strings.ToLower(k), prefix) {
						return true
					}
				}
			}
			for _, v := range [...][]string{st.Resource.List, st.NotResource.List} {
				for _, r := range v {
					if strings.Contains(strings.ToLower(r), "${"+prefix) {
						return true
					}
				}
			}
		}
		return false
	}
	for i := range ps.Identity {
		if reads(&ps.Identity[i]) {
			return true
		}
	}
	for _, np := range [...]*engine.NamedPolicy{ps.Resource, ps.PermissionsBoundary, ps.Session, ps.VPCEndpoint} {
		if reads(np) {
			return true
		}
	}
	for _, levels := range [...][][]engine.NamedPolicy{ps.SCPs, ps.RCPs} {
		for _, lvl := range levels {
			for i := range lvl {
				if reads(&lvl[i]) {
					return true
				}
			}
		}
	}
	return false
}

type ctxKey struct {
	name   string
	values []string
}

func (r *resolver) unknown(format string, args ...any) {
	r.out.Unknowns = append(r.out.Unknowns, fmt.Sprintf(format, args...))
}

func (r *resolver) note(format string, args ...any) {
	r.out.Notes = append(r.out.Notes, fmt.Sprintf(format, args...))
}

func (r *resolver) setKey(name string, values ...string) {
	r.keys = append(r.keys, ctxKey{name, values})
}

func (r *resolver) source(layer engine.Layer, level int, name, file, path, via string) {
	r.out.Sources = append(r.out.Sources, Source{Layer: layer, Level: level, Name: name, File: file, Path: path, Via: via})
}

// context is the caller's context with the snapshot's keys added where the
// caller did not set them: the caller's values win.
func (r *resolver) context() *condition.Context {
	if len(r.keys) == 0 {
		return r.q.Context
	}
	var ctx *condition.Context
	if r.q.Context != nil {
		ctx = r.q.Context.Clone()
	} else {
		ctx = condition.NewContext()
	}
	for _, k := range r.keys {
		if !ctx.Has(k.name) {
			ctx.Set(k.name, k.values...)
		}
	}
	return ctx
}

func (r *resolver) tagKeys(prefix string, tags []tag) {
	for _, t := range tags {
		r.setKey(prefix+t.key, t.value)
	}
}
