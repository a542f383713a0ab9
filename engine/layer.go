package engine

import (
	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/policy"
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

// traceArena hands out the trace slices of one evaluation from a few
// allocations sized up front, instead of one per layer, level and policy.
// Each slice handed out has its capacity cut to its length, so appending
// to one never writes into its neighbour.
type traceArena struct {
	stmts  []StatementTrace
	pols   []PolicyTrace
	levels []int
	layers [len(layerOrder)]LayerTrace // the trace's Layers
	// derived is the evaluation's derived context keys; here only to save
	// an allocation.
	derived derived
	// deniedBy backs the Result's DeniedBy.
	deniedBy [len(layerOrder)]Layer
	// clock is kept from one evaluation to the next (see clock).
	clock clock
	// mismatches back the trace's condition mismatches; kept from one
	// evaluation to the next with their value lists (see spareMismatch).
	mismatches []condition.Mismatch
	// reused is set for an Evaluator's arena, which lives on.
	reused bool
	// touched keeps the result of touch.
	touched int
}

// reuse readies a (nil for none yet) for another evaluation of ps. It keeps
// a's slices whatever their size: the slices grow while an evaluation runs
// (see statements) and the next one reuses the grown memory, so counting the
// statements of ps up front, which read every policy once more, is only done
// for a new arena.
func (a *traceArena) reuse(ps *Policies) *traceArena {
	if a == nil {
		a = newTraceArena(ps)
		a.reused = true
		return a
	}
	*a = traceArena{stmts: a.stmts[:0], pols: a.pols[:0], levels: a.levels[:0], clock: a.clock, mismatches: a.mismatches[:0], reused: true}
	return a
}

func arenaSizes(ps *Policies) (nst, npol, nlvl int) {
	count := func(pols []NamedPolicy) {
		npol += len(pols)
		for _, np := range pols {
			if np.Policy != nil {
				nst += len(np.Policy.Statements)
			}
		}
	}
	count(ps.Identity)
	for _, p := range [...]*NamedPolicy{ps.Resource, ps.PermissionsBoundary, ps.Session, ps.VPCEndpoint} {
		if p != nil {
			count([]NamedPolicy{*p})
		}
	}
	for _, lvl := range ps.SCPs {
		count(lvl)
	}
	for _, lvl := range ps.RCPs {
		count(lvl)
	}
	// RCPFullAWSAccess, implied at every RCP level.
	npol += len(ps.RCPs)
	nst += len(ps.RCPs)
	return nst, npol, len(ps.SCPs) + len(ps.RCPs)
}

func newTraceArena(ps *Policies) *traceArena {
	nst, npol, nlvl := arenaSizes(ps)
	return &traceArena{
		stmts:  make([]StatementTrace, 0, nst),
		pols:   make([]PolicyTrace, 0, npol),
		levels: make([]int, 0, nlvl),
	}
}

// statements returns n zeroed StatementTraces, contiguous. When a has too
// few left it moves on to a larger block: what it handed out before stays
// where it is, and the next evaluation starts in the larger block.
func (a *traceArena) statements(n int) []StatementTrace {
	if cap(a.stmts)-len(a.stmts) < n {
		a.stmts = make([]StatementTrace, 0, max(n, 2*cap(a.stmts), 8))
	}
	k := len(a.stmts)
	a.stmts = a.stmts[:k+n]
	s := a.stmts[k : k+n : k+n]
	clear(s) // left from the previous evaluation
	return s
}

// policy returns a zeroed PolicyTrace; see statements.
func (a *traceArena) policy() *PolicyTrace {
	if len(a.pols) == cap(a.pols) {
		a.pols = make([]PolicyTrace, 0, max(2*cap(a.pols), 8))
	}
	a.pols = a.pols[:len(a.pols)+1]
	p := &a.pols[len(a.pols)-1]
	*p = PolicyTrace{}
	return p
}

// spareMismatch returns the Mismatch the next condition that fails is to be
// written into (condition.Compiled.EvalInto); keepMismatch hands it out. A
// Mismatch handed out stays where it is: when the slice grows, the next
// evaluation starts in the larger one.
func (a *traceArena) spareMismatch() *condition.Mismatch {
	if !a.reused {
		// An arena for one evaluation (the package's Evaluate): a
		// Mismatch allocated with its lists by the condition package
		// costs one allocation, growing a slice of them several.
		return nil
	}
	if len(a.mismatches) == cap(a.mismatches) {
		a.mismatches = append(a.mismatches, condition.Mismatch{})[:len(a.mismatches)]
	}
	return &a.mismatches[:len(a.mismatches)+1][len(a.mismatches)]
}

func (a *traceArena) keepMismatch() {
	if a.reused {
		a.mismatches = a.mismatches[:len(a.mismatches)+1]
	}
}

func (a *traceArena) level(i int) *int {
	if len(a.levels) == cap(a.levels) {
		a.levels = make([]int, 0, max(2*cap(a.levels), 4))
	}
	a.levels = append(a.levels, i)
	return &a.levels[len(a.levels)-1]
}

// evalPolicies runs every statement of the policies of one layer (or one
// organization level) and folds them into res, whose trace gets the
// policies appended.
func evalPolicies(res *layerResult, pols []NamedPolicy, r *request, resourceStyle bool, level *int, a *traceArena) {
	for _, np := range pols {
		var stmts []StatementTrace
		if np.Policy != nil {
			vars := np.Policy.Version == policy.Version2012
			stmts = a.statements(len(np.Policy.Statements))
			for i := range np.Policy.Statements {
				st := &np.Policy.Statements[i]
				t := &stmts[i]
				principal := evalStatement(t, st, vars, r, resourceStyle, a)
				if !t.Matched {
					continue
				}
				if st.Effect == "Deny" {
					res.deny = true
					continue
				}
				res.allow = true
				if rank(principal) > rank(res.allowBy) {
					res.allowBy = principal
				}
				if principal != arn.MatchAccount {
					res.allowNonAccount = true
				}
			}
		}
		pt := a.policy()
		pt.Name, pt.Level, pt.Statements = np.Name, level, stmts
		pt.jsonSafe = np.Policy != nil && np.Policy.JSONSafeStrings()
		res.trace.Policies = appendPolicy(res.trace.Policies, a)
	}
}

// appendPolicy adds the policy just taken from a to a layer's list. A
// layer's policies are taken from a one after another, so the list is a
// window on the arena that grows by one.
func appendPolicy(list []PolicyTrace, a *traceArena) []PolicyTrace {
	n := len(a.pols)
	if len(list) == 0 {
		return a.pols[n-1 : n : n]
	}
	if n >= 2 && &list[len(list)-1] == &a.pols[n-2] {
		return a.pols[n-len(list)-1 : n : n]
	}
	// Not contiguous (after an arena miscount): copy, as append would.
	return append(list[:len(list):len(list)], a.pols[n-1])
}

func newLayer(layer Layer) layerResult {
	return layerResult{trace: LayerTrace{Layer: layer, Present: true, Applies: true}}
}

// evalLayer evaluates the policies of one layer.
func evalLayer(layer Layer, pols []NamedPolicy, r *request, resourceStyle bool, a *traceArena) layerResult {
	res := newLayer(layer)
	res.trace.Policies = []PolicyTrace{}
	evalPolicies(&res, pols, r, resourceStyle, nil, a)
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
func evalLevels(layer Layer, levels [][]NamedPolicy, r *request, resourceStyle, implied bool, a *traceArena) (res layerResult, levelsWithoutAllow []int) {
	res = newLayer(layer)
	for i, lvl := range levels {
		level := a.level(i)
		lr := layerResult{}
		evalPolicies(&lr, lvl, r, resourceStyle, level, a)
		res.trace.Policies = appendPolicies(res.trace.Policies, lr.trace.Policies, a)
		if implied {
			st := a.statements(1)
			st[0] = StatementTrace{Effect: "Allow", Matched: true, Detail: "AWS's default RCP, attached at every level"}
			pt := a.policy()
			pt.Name, pt.Level, pt.Implied, pt.Statements = "RCPFullAWSAccess", level, true, st
			res.trace.Policies = appendPolicy(res.trace.Policies, a)
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

// appendPolicies joins the policies of one level to those of the levels
// before it; both are windows on the arena, and normally adjacent.
func appendPolicies(list, more []PolicyTrace, a *traceArena) []PolicyTrace {
	if len(more) == 0 {
		return list
	}
	if len(list) == 0 {
		return more
	}
	n := len(a.pols)
	if n > len(more) && &list[len(list)-1] == &a.pols[n-len(more)-1] && &more[len(more)-1] == &a.pols[n-1] {
		return a.pols[n-len(more)-len(list) : n : n]
	}
	return append(list[:len(list):len(list)], more...)
}
