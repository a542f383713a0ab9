package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/whydenied/whydenied/diagnose"
	"github.com/whydenied/whydenied/errmsg"
)

// style colours headings and verdicts on a terminal, and is plain otherwise.
type style struct{ on bool }

func (s style) wrap(code, text string) string {
	if !s.on {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}
func (s style) bold(t string) string { return s.wrap("1", t) }
func (s style) red(t string) string  { return s.wrap("1;31", t) }
func (s style) dim(t string) string  { return s.wrap("2", t) }

func renderExplainText(w io.Writer, r *errmsg.Reading, rep *diagnose.Report, color bool) {
	st := style{on: color}
	fmt.Fprintf(w, "%s\n", st.red(rep.Summary))
	fmt.Fprintf(w, "\n%s\n", st.bold("What the error says"))
	field := func(name, v string) {
		if v == "" {
			v = st.dim("(not stated)")
		}
		fmt.Fprintf(w, "  %-12s %s\n", name, v)
	}
	field("error", r.ErrorCode)
	field("operation", r.Operation)
	field("caller", r.Principal)
	field("action", r.Action)
	field("resource", r.Resource)
	layer := r.PolicyType
	if layer == "" {
		layer = r.PolicyTypeText
	}
	if layer != "" && r.DenyKind != "" {
		layer += " (" + r.DenyKind + " deny)"
	}
	field("refused by", layer)
	if c := rep.Caller; c != nil && c.Note != "" {
		fmt.Fprintf(w, "\n%s\n  %s\n", st.bold("Who made the call"), c.Note)
	}
	if a := rep.Action; a != nil && len(a.Suggestions) > 0 {
		fmt.Fprintf(w, "\n%s\n  %s is not a known action; did you mean %s?\n", st.bold("The action"), a.Name, strings.Join(a.Suggestions, ", "))
	}
	if len(rep.Causes) > 0 {
		fmt.Fprintf(w, "\n%s\n", st.bold("Likely causes, most likely first"))
		for i, c := range rep.Causes {
			fmt.Fprintf(w, "  %d. %s\n", i+1, c.Title)
			if c.Detail != "" {
				fmt.Fprintf(w, "     %s\n", c.Detail)
			}
		}
	}
	if len(rep.Fixes) > 0 {
		fmt.Fprintf(w, "\n%s\n", st.bold("The fix"))
		for i, f := range rep.Fixes {
			fmt.Fprintf(w, "  %d. %s\n     where: %s\n", i+1, f.Title, f.Where)
			if f.Statement != "" {
				fmt.Fprintf(w, "%s\n", indent(f.Statement, "       "))
			}
			if f.Policy != "" {
				fmt.Fprintf(w, "     %s\n%s\n", st.dim("The whole policy with the statement merged in:"), indent(f.Policy, "       "))
			}
			if f.Verified != nil {
				mark := "✗"
				if f.Verified.OK {
					mark = "✓"
				}
				fmt.Fprintf(w, "     %s %s\n", mark, f.Verified.Note)
			}
			if f.CLI != "" {
				fmt.Fprintf(w, "     %s\n%s\n", st.dim("AWS CLI:"), indent(f.CLI, "       "))
			}
			if f.Terraform != "" {
				fmt.Fprintf(w, "     %s\n%s\n", st.dim("Terraform:"), indent(f.Terraform, "       "))
			}
		}
	}
	if len(rep.Checks) > 0 {
		fmt.Fprintf(w, "\n%s\n", st.bold("Checks"))
		for _, c := range rep.Checks {
			fmt.Fprintf(w, "  # %s\n  %s\n", c.Purpose, c.Command)
		}
	}
	if notes := append(append([]string{}, rep.Notes...), r.Notes...); len(notes) > 0 {
		fmt.Fprintf(w, "\n%s\n", st.bold("Notes"))
		for _, n := range notes {
			fmt.Fprintf(w, "  * %s\n", n)
		}
	}
}

func renderExplainMarkdown(w io.Writer, r *errmsg.Reading, rep *diagnose.Report) {
	fmt.Fprintf(w, "## %s\n\n", rep.Summary)
	fmt.Fprintf(w, "| | |\n|---|---|\n")
	row := func(k, v string) {
		if v == "" {
			v = "_not stated_"
		} else {
			v = "`" + v + "`"
		}
		fmt.Fprintf(w, "| %s | %s |\n", k, v)
	}
	row("error", r.ErrorCode)
	row("operation", r.Operation)
	row("caller", r.Principal)
	row("action", r.Action)
	row("resource", r.Resource)
	row("refused by", strings.TrimSpace(r.PolicyType+" "+r.DenyKind))
	if c := rep.Caller; c != nil && c.Note != "" {
		fmt.Fprintf(w, "\n> %s\n", c.Note)
	}
	if len(rep.Causes) > 0 {
		fmt.Fprintf(w, "\n### Likely causes\n\n")
		for i, c := range rep.Causes {
			fmt.Fprintf(w, "%d. **%s**", i+1, c.Title)
			if c.Detail != "" {
				fmt.Fprintf(w, " %s", c.Detail)
			}
			fmt.Fprintln(w)
		}
	}
	for _, f := range rep.Fixes {
		fmt.Fprintf(w, "\n### Fix: %s\n\nWhere: %s\n", f.Title, f.Where)
		if f.Statement != "" {
			fmt.Fprintf(w, "\n```json\n%s\n```\n", f.Statement)
		}
		if f.Policy != "" {
			fmt.Fprintf(w, "\nThe whole policy with the statement merged in:\n\n```json\n%s\n```\n", f.Policy)
		}
		if f.Verified != nil {
			fmt.Fprintf(w, "\nVerified by simulation: %s\n", f.Verified.Note)
		}
		if f.CLI != "" {
			fmt.Fprintf(w, "\n```sh\n%s\n```\n", f.CLI)
		}
		if f.Terraform != "" {
			fmt.Fprintf(w, "\n```hcl\n%s\n```\n", f.Terraform)
		}
	}
	if len(rep.Checks) > 0 {
		fmt.Fprintf(w, "\n### Checks\n\n```sh\n")
		for _, c := range rep.Checks {
			fmt.Fprintf(w, "# %s\n%s\n", c.Purpose, c.Command)
		}
		fmt.Fprintf(w, "```\n")
	}
	if len(rep.Notes)+len(r.Notes) > 0 {
		fmt.Fprintf(w, "\n### Notes\n\n")
		for _, n := range append(append([]string{}, rep.Notes...), r.Notes...) {
			fmt.Fprintf(w, "- %s\n", n)
		}
	}
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
