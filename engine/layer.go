package engine

import (
	"github.com/whydenied/whydenied/arn"
)

// layerResult sums up one layer's statements for the decision logic.
type layerResult struct {
	trace LayerTrace
	deny  bool
	allow bool
	// Strongest principal match among the matching Allow statements of a
	// resource-style layer (see arn.PrincipalMatch).
	allowBy arn.PrincipalMatch
	// allowedBy lists, for allows that were not via the account only,
	// whether any came through; kept separate because an account-only allow
	// delegates and so behaves differently from every other allow.
	allowNonAccount bool
}

// evalPolicies runs every statement of the policies of one layer (or one
// organization level) and folds them into a layerResult.
func evalPolicies(layer Layer, pols []NamedPolicy, r *request, resourceStyle bool, level *int) layerResult {
	res := layerResult{trace: LayerTrace{Layer: layer, Present: true, Applies: true}}
	res.trace.Policies = make([]PolicyTrace, 0, len(pols))
	// One backing array for the statements of all the layer's policies.
	n := 0
	for _, np := range pols {
		if np.Policy != nil {
			n += len(np.Policy.Statements)
		}
	}
	arena := make([]StatementTrace, 0, n)
	for _, np := range pols {
		pt := PolicyTrace{Name: np.Name, Level: level}
		if np.Policy != nil {
			vars := np.Policy.Version == "2012-10-17"
			pt.Statements = arena[len(arena):len(arena):cap(arena)]
			for i := range np.Policy.Statements {
				st := &np.Policy.Statements[i]
				m := evalStatement(st, vars, r, resourceStyle)
				pt.Statements = append(pt.Statements, m.trace)
				arena = arena[:len(arena)+1]
				if !m.trace.Matched {
					continue
				}
				if st.Effect == "Deny" {
					res.deny = true
					continue
				}
				res.allow = true
				if rank(m.principal) > rank(res.allowBy) {
					res.allowBy = m.principal
				}
				if m.principal != arn.MatchAccount {
					res.allowNonAccount = true
				}
			}
		}
		res.trace.Policies = append(res.trace.Policies, pt)
	}
	res.trace.Outcome = outcome(res.deny, res.allow)
	return res
}

func outcome(deny, allow bool) string {
	switch {
	case deny:
		return "explicitDeny"
	case allow:
		return "allow"
	}
	return "noAllow"
}

func absent(layer Layer) layerResult {
	return layerResult{trace: LayerTrace{Layer: layer, Outcome: "notApplicable", Reason: "not present"}}
}

func notApplicable(layer Layer, present bool, why string) layerResult {
	return layerResult{trace: LayerTrace{Layer: layer, Present: present, Outcome: "notApplicable", Reason: why}}
}

// evalLevels evaluates an organization policy type level by level: a level
// allows when any of its policies allows. implied adds AWS's default
// full-access policy at every level (RCPFullAWSAccess).
func evalLevels(layer Layer, levels [][]NamedPolicy, r *request, resourceStyle, implied bool) (res layerResult, levelsWithoutAllow []int) {
	res = layerResult{trace: LayerTrace{Layer: layer, Present: true, Applies: true}}
	for i, lvl := range levels {
		level := i
		lr := evalPolicies(layer, lvl, r, resourceStyle, &level)
		res.trace.Policies = append(res.trace.Policies, lr.trace.Policies...)
		if implied {
			res.trace.Policies = append(res.trace.Policies, PolicyTrace{
				Name: "RCPFullAWSAccess", Level: &level, Implied: true,
				Statements: []StatementTrace{{Effect: "Allow", Matched: true, Detail: "AWS's default RCP, attached at every level"}},
			})
			lr.allow = true
		}
		res.deny = res.deny || lr.deny
		if !lr.allow {
			levelsWithoutAllow = append(levelsWithoutAllow, i)
		}
	}
	res.allow = len(levelsWithoutAllow) == 0
	res.trace.Outcome = outcome(res.deny, res.allow)
	return res, levelsWithoutAllow
}
