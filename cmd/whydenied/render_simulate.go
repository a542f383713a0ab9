package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/scenario"
)

// renderText prints the human view of a simulation: the decision, a table of
// layers, the statements that decided, and one line for every statement that
// did not apply saying why.
func renderText(w io.Writer, sc *scenario.Scenario, res engine.Result) {
	t := res.Trace
	verdict := map[engine.Decision]string{
		engine.Allowed:      "ALLOWED",
		engine.ExplicitDeny: "DENIED (explicit deny)",
		engine.ImplicitDeny: "DENIED (implicit deny: nothing allows it)",
	}[res.Decision]
	if sc.Name != "" {
		fmt.Fprintf(w, "%s\n", sc.Name)
	}
	fmt.Fprintf(w, "%s  %s on %s\n", verdict, t.Action, t.Resource)
	fmt.Fprintf(w, "  caller: %s (%s)", t.Principal, t.PrincipalKind)
	if t.CrossAccount {
		fmt.Fprintf(w, ", cross-account into %s", t.ResourceAccount)
	}
	fmt.Fprintln(w)
	if res.Message != "" {
		fmt.Fprintf(w, "  AWS would say: %s\n", res.Message)
	}

	fmt.Fprintf(w, "\nLayers\n")
	for _, l := range t.Layers {
		mark, state := layerMark(l, res.DeniedBy)
		fmt.Fprintf(w, "  %s %-20s %s\n", mark, l.Layer, state)
	}

	var decisive, others []string
	for _, l := range t.Layers {
		if !l.Applies {
			continue
		}
		for _, p := range l.Policies {
			for _, s := range p.Statements {
				if p.Implied {
					continue
				}
				where := fmt.Sprintf("%s · %s%s · %s", l.Layer, p.Name, levelSuffix(p), stmtName(s))
				if s.Matched {
					line := fmt.Sprintf("  %s %s  %s", effectMark(s), where, s.Effect)
					if s.Principal != "" {
						line += " (principal matched: " + s.Principal + ")"
					}
					decisive = append(decisive, line)
					continue
				}
				others = append(others, fmt.Sprintf("  - %s: %s", where, s.Explanation()))
			}
		}
	}
	if len(decisive) > 0 {
		fmt.Fprintf(w, "\nStatements that applied\n%s\n", strings.Join(decisive, "\n"))
	}
	if len(others) > 0 {
		fmt.Fprintf(w, "\nStatements that did not apply, and why\n%s\n", strings.Join(others, "\n"))
	}
	if len(t.Notes) > 0 {
		fmt.Fprintf(w, "\nNotes\n")
		for _, n := range t.Notes {
			fmt.Fprintf(w, "  * %s\n", n)
		}
	}
	if len(t.DerivedContext) > 0 {
		fmt.Fprintf(w, "\nContext keys filled in from the request: %s\n", strings.Join(t.DerivedContext, ", "))
	}
}

func layerMark(l engine.LayerTrace, deniedBy []engine.Layer) (string, string) {
	blamed := false
	for _, d := range deniedBy {
		if d == l.Layer {
			blamed = true
		}
	}
	switch {
	case !l.Present:
		return "·", "not present"
	case !l.Applies:
		return "·", "does not apply: " + l.Reason
	case l.Outcome == "explicitDeny":
		return "✗", "explicit deny"
	case blamed:
		return "✗", "no statement allows it"
	case l.Outcome == "allow":
		return "✓", "allows"
	}
	return "○", "no allow (not needed for this request)"
}

func effectMark(s engine.StatementTrace) string {
	if s.Effect == "Deny" {
		return "✗"
	}
	return "✓"
}

func stmtName(s engine.StatementTrace) string {
	if s.Sid != "" {
		return fmt.Sprintf("Statement[%d] %q", s.Index, s.Sid)
	}
	return fmt.Sprintf("Statement[%d]", s.Index)
}

func levelSuffix(p engine.PolicyTrace) string {
	if p.Level == nil {
		return ""
	}
	if *p.Level == 0 {
		return " (root level)"
	}
	return fmt.Sprintf(" (level %d)", *p.Level)
}
