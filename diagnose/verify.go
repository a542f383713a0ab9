package diagnose

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/errmsg"
	"github.com/whydenied/whydenied/policy"
	"github.com/whydenied/whydenied/scenario"
)

// simulate decides the scenario and lets the trace sharpen the diagnosis:
// the layer when the error did not name it, and the statements that came
// close (the action matched but the resource or a condition did not).
func simulate(rep *Report, f *facts, sc *scenario.Scenario) {
	res := engine.Evaluate(sc.Request, &sc.Policies)
	rep.Simulation = &res
	if v, ok := sc.Request.Context.Get("aws:SourceVpce"); ok && len(v) == 1 {
		f.sourceVPCE = v[0]
	}
	if b := sc.Policies.PermissionsBoundary; b != nil {
		f.boundary = b.Name
	}
	if res.Trace.CrossAccount {
		f.resourceAccount = res.Trace.ResourceAccount
		rep.Notes = append(rep.Notes, fmt.Sprintf("Cross-account: the resource is in account %s, the caller in %s. Both the caller's identity policies and the resource's policy must allow the request, and each side can only be changed from its own account.",
			res.Trace.ResourceAccount, sc.Request.Principal.Account))
	}
	if res.Decision == engine.Allowed {
		switch f.layer {
		case "session":
			rep.Notes = append(rep.Notes, "The error blames a session policy, which no snapshot or scenario holds unless you give it: pass the policy the session was created with (--session-policy FILE) to check it.")
		case "vpcEndpoint":
			rep.Notes = append(rep.Notes, "The error blames a VPC endpoint policy: say which endpoint the request went through (--source-vpce vpce-...) to check it.")
		}
		rep.Notes = append(rep.Notes, "The policies given allow this request. The denial must come from something they do not contain: another policy (an SCP, a resource policy, a boundary), a different caller than you think, a condition value that differs in the real request, or a change that has not propagated yet.")
		return
	}
	if f.layer == "" && len(res.DeniedBy) > 0 {
		if m, err := errmsg.Parse(res.Message); err == nil {
			f.layer, f.kind = m.PolicyType, m.DenyKind
		}
	}
	blocking := map[engine.Layer]bool{}
	for _, l := range res.DeniedBy {
		blocking[l] = true
	}
	for _, l := range res.Trace.Layers {
		if !l.Applies || !blocking[l.Layer] {
			// Only the layers that denied matter: a near miss in a layer
			// that allowed anyway explains nothing.
			continue
		}
		for _, p := range l.Policies {
			for _, s := range p.Statements {
				where := fmt.Sprintf("%s policy %s, %s", l.Layer, p.Name, stmtLabel(s))
				switch {
				case s.Matched && s.Effect == policy.Deny:
					detail := "Remove it, narrow its Action/Resource, or add a Condition that excludes this caller."
					if l.Layer == engine.LayerSCP || l.Layer == engine.LayerRCP {
						detail = "Only the organization's administrators can change it: ask for an exception for this caller (a condition on aws:PrincipalArn) or for the action."
					}
					rep.Causes = append(rep.Causes, Cause{Title: "Deny statement " + where + " matches the request", Detail: detail})
				case res.Decision == engine.ImplicitDeny && l.Layer == engine.LayerIdentity && s.Failed == "resource" && bucketARNMistake(rep, f, sc, p.Name, s):
					// named precisely, with its own fix, by bucketARNMistake
				case res.Decision == engine.ImplicitDeny && !s.Matched && s.Effect == policy.Allow && (s.Failed == "resource" || s.Failed == "condition" || s.Failed == "principal"):
					rep.Causes = append(rep.Causes, Cause{Title: "Allow statement " + where + " comes close: " + s.Failed + " does not match", Detail: s.Explanation()})
				}
			}
		}
	}
}

// bucketARNMistake recognises the seeds' "s3:GetObject granted on the bucket
// ARN": an identity statement that allows the object action but lists only
// the bucket's ARN. It adds the cause and the smallest fix, the same
// statement with the objects' ARN added.
func bucketARNMistake(rep *Report, f *facts, sc *scenario.Scenario, policyName string, s engine.StatementTrace) bool {
	if f.res.Service != "s3" || !strings.Contains(f.res.Resource, "/") {
		return false
	}
	bucketARN := "arn:" + f.res.Partition + ":s3:::" + bucketOf(f.res)
	var doc *policy.Policy
	for _, np := range sc.Policies.Identity {
		if np.Name == policyName {
			doc = np.Policy
		}
	}
	if doc == nil || s.Index >= len(doc.Statements) || !slices.Contains(doc.Statements[s.Index].Resource.List, bucketARN) {
		return false
	}
	raw, err := doc.MarshalJSON()
	if err != nil {
		return false
	}
	var whole struct{ Statement json.RawMessage }
	if json.Unmarshal(raw, &whole) != nil {
		return false
	}
	var stmts []map[string]any
	if len(whole.Statement) > 0 && whole.Statement[0] == '{' {
		var one map[string]any
		if json.Unmarshal(whole.Statement, &one) != nil {
			return false
		}
		stmts = []map[string]any{one}
	} else if json.Unmarshal(whole.Statement, &stmts) != nil {
		return false
	}
	if s.Index >= len(stmts) {
		return false
	}
	corrected := stmts[s.Index]
	corrected["Resource"] = append(append([]string{}, doc.Statements[s.Index].Resource.List...), bucketARN+"/*")
	out, err := json.MarshalIndent(corrected, "", "  ")
	if err != nil {
		return false
	}
	stmts[s.Index] = corrected
	whole2, err := json.MarshalIndent(struct {
		Version   string           `json:"Version,omitempty"`
		Statement []map[string]any `json:"Statement"`
	}{doc.Version, stmts}, "", "  ")
	if err != nil {
		return false
	}
	cli := "# the whole policy with the statement corrected is shown above; save it as policy.json, then:\n"
	if strings.HasPrefix(policyName, "arn:") {
		cli += "aws iam create-policy-version --policy-arn " + policyName + " --policy-document file://policy.json --set-as-default"
	} else if p := f.caller; p != nil && strings.HasPrefix(policyName, "inline policy ") {
		name := strings.TrimPrefix(policyName, "inline policy ")
		name, _, _ = strings.Cut(name, " of ")
		switch {
		case strings.Contains(policyName, " of role "):
			cli += "aws iam put-role-policy --role-name " + p.Name + " --policy-name " + name + " --policy-document file://policy.json"
		case strings.Contains(policyName, " of user "):
			cli += "aws iam put-user-policy --user-name " + p.Name + " --policy-name " + name + " --policy-document file://policy.json"
		default:
			cli = ""
		}
	} else {
		cli = ""
	}
	label := stmtLabel(s)
	rep.Causes = append(rep.Causes, Cause{
		Title:  label + " of policy " + policyName + " grants " + f.action + " on the bucket ARN " + bucketARN + ", not on its objects",
		Detail: "Object actions act on arn:...:s3:::BUCKET/KEY; a statement on the bucket ARN allows no object-level action. Add " + bucketARN + "/* (or a narrower prefix) to its Resource.",
	})
	rep.Fixes = append([]Fix{{
		Title:     "Correct the Resource of " + label + ": add " + bucketARN + "/*",
		Layer:     "identity",
		Where:     label + " of " + policyName,
		Statement: string(out),
		Policy:    string(whole2),
		CLI:       cli,
	}}, rep.Fixes...)
	return true
}

func stmtLabel(s engine.StatementTrace) string {
	if s.Sid != "" {
		return fmt.Sprintf("Statement[%d] %q", s.Index, s.Sid)
	}
	return fmt.Sprintf("Statement[%d]", s.Index)
}

// fixEveryBlockingLayer adds a fix for each layer the simulation found
// lacking an allow that the error's own layer did not cover: across
// accounts, for instance, both the identity and the resource policy must
// allow, and the message names only one.
func fixEveryBlockingLayer(rep *Report, f facts) {
	sim := rep.Simulation
	if sim == nil || sim.Decision != engine.ImplicitDeny || f.action == "" {
		return
	}
	have := map[string]bool{}
	for _, fx := range rep.Fixes {
		have[fx.Layer] = true
	}
	for _, l := range sim.DeniedBy {
		layer := string(l)
		if have[layer] {
			continue
		}
		have[layer] = true
		switch l {
		case engine.LayerIdentity:
			rep.Fixes = append(rep.Fixes, identityFix(f))
		case engine.LayerResource:
			if fx, ok := resourceFix(f); ok {
				rep.Fixes = append(rep.Fixes, fx)
			}
		case engine.LayerPermissionsBoundary:
			rep.Fixes = append(rep.Fixes, boundaryFix(f))
		case engine.LayerSession:
			rep.Fixes = append(rep.Fixes, sessionFix(f))
		case engine.LayerVPCEndpoint:
			rep.Fixes = append(rep.Fixes, vpceFix(f))
		case engine.LayerSCP, engine.LayerRCP:
			rep.Fixes = append(rep.Fixes, orgFix(f, layer))
		}
	}
}

// verifyFixes applies each fix that adds a statement to a copy of the
// scenario's policies and decides the request again.
func verifyFixes(rep *Report, sc *scenario.Scenario) {
	if rep.Simulation == nil {
		return
	}
	before := rep.Simulation.Decision
	for i := range rep.Fixes {
		fx := &rep.Fixes[i]
		if fx.Statement == "" {
			continue
		}
		ps, merged, err := withStatement(sc.Policies, sc.Request, fx.Layer, fx.Statement)
		if err != nil {
			fx.Verified = &Verification{Before: before, Note: "could not apply the fix to the policies at hand: " + err.Error()}
			continue
		}
		if merged != nil && fx.Layer != "identity" {
			if raw, err := merged.Policy.MarshalJSON(); err == nil {
				var pretty bytes.Buffer
				if json.Indent(&pretty, raw, "", "  ") == nil {
					fx.Policy = pretty.String()
				}
			}
		}
		after := engine.Evaluate(sc.Request, &ps)
		v := &Verification{Before: before, After: after.Decision, DeniedBy: after.DeniedBy, OK: before != engine.Allowed && after.Decision == engine.Allowed}
		switch {
		case v.OK && fx.exact:
			v.Note = "re-simulated with the fix: allowed; the statement grants only the refused action on the refused resource"
		case v.OK:
			v.Note = "re-simulated with the fix: allowed"
		case before == engine.Allowed:
			v.Note = "not verified: the policies at hand already allow the request, so the refusal comes from something they lack"
		default:
			v.Note = fmt.Sprintf("not enough on its own: still %s by %v", after.Decision, after.DeniedBy)
		}
		fx.Verified = v
	}
	combineFixes(rep, sc)
}

// combineFixes re-decides the request with every statement-adding fix
// applied at once, for when no single fix is enough.
func combineFixes(rep *Report, sc *scenario.Scenario) {
	ps, n := sc.Policies, 0
	for _, fx := range rep.Fixes {
		if fx.Statement == "" || fx.Verified == nil || fx.Verified.OK {
			continue
		}
		var err error
		if ps, _, err = withStatement(ps, sc.Request, fx.Layer, fx.Statement); err != nil {
			return
		}
		n++
	}
	if n < 2 {
		return
	}
	after := engine.Evaluate(sc.Request, &ps)
	if after.Decision == engine.Allowed {
		rep.Notes = append(rep.Notes, fmt.Sprintf("Re-simulated with the %d fixes above together: allowed. Each alone is not enough.", n))
	} else {
		rep.Notes = append(rep.Notes, fmt.Sprintf("Even with the %d fixes above together the request is still %s by %v.", n, after.Decision, after.DeniedBy))
	}
}

// withStatement returns a copy of ps with the statement added to the layer.
// The original policies are shared with the scenario and left untouched.
func withStatement(ps engine.Policies, req engine.Request, layer, stmt string) (engine.Policies, *engine.NamedPolicy, error) {
	var st json.RawMessage = []byte(stmt)
	merge := func(np *engine.NamedPolicy, name string, kind policy.Kind) (*engine.NamedPolicy, error) {
		doc := map[string]any{"Version": "2012-10-17"}
		statements := []json.RawMessage{}
		if np != nil && np.Policy != nil {
			raw, err := np.Policy.MarshalJSON()
			if err != nil {
				return nil, err
			}
			var old struct {
				Version   string
				ID        string `json:"Id"`
				Statement json.RawMessage
			}
			if err := json.Unmarshal(raw, &old); err != nil {
				return nil, err
			}
			if old.Version != "" {
				doc["Version"] = old.Version
			}
			if len(old.Statement) > 0 && old.Statement[0] == '{' {
				statements = append(statements, old.Statement)
			} else if len(old.Statement) > 0 {
				if err := json.Unmarshal(old.Statement, &statements); err != nil {
					return nil, err
				}
			}
			name = np.Name
		}
		doc["Statement"] = append(statements, st)
		raw, err := json.Marshal(doc)
		if err != nil {
			return nil, err
		}
		p, err := policy.Parse(raw)
		if err != nil {
			return nil, err
		}
		if err := p.Validate(kind); err != nil {
			return nil, err
		}
		return &engine.NamedPolicy{Name: name, Policy: p}, nil
	}
	var err error
	var np *engine.NamedPolicy
	switch layer {
	case "identity":
		if np, err = merge(nil, "whydenied fix", policy.Identity); err == nil {
			ps.Identity = append(append([]engine.NamedPolicy{}, ps.Identity...), *np)
		}
	case "resource":
		kind := policy.Resource
		switch engine.ResourcePolicyKind(req.Action, req.Resource) {
		case "trust":
			kind = policy.Trust
		case "key":
			kind = policy.KeyPolicy
		}
		np, err = merge(ps.Resource, "whydenied fix", kind)
		ps.Resource = np
	case "permissionsBoundary":
		np, err = merge(ps.PermissionsBoundary, "whydenied fix", policy.PermissionsBoundary)
		ps.PermissionsBoundary = np
	case "session":
		np, err = merge(ps.Session, "whydenied fix", policy.Session)
		ps.Session = np
	case "vpcEndpoint":
		np, err = merge(ps.VPCEndpoint, "whydenied fix", policy.VPCEndpoint)
		ps.VPCEndpoint = np
	default:
		err = fmt.Errorf("fixes of layer %q are not applied to policies", layer)
	}
	return ps, np, err
}
