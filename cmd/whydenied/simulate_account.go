package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/whydenied/whydenied/account"
	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/policy"
	"github.com/whydenied/whydenied/scenario"
)

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// accountFlags are the flags of a request against a snapshot.
type accountFlags struct {
	dir, principal, resource, sessionPolicy, sourceVPCE, federatedBy string
	actions, context                                                 listFlag
	strict                                                           bool
}

func (a *accountFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&a.dir, "account", "", "an account snapshot directory (see README.md)")
	fs.StringVar(&a.principal, "principal", "", "with --account: the caller's ARN (user, role, assumed-role session, federated user, root)")
	fs.Var(&a.actions, "action", "with --account: the action, e.g. s3:GetObject (repeat for several)")
	fs.StringVar(&a.resource, "resource", "", "with --account: the resource ARN (default \"*\")")
	fs.Var(&a.context, "context", "with --account: a condition key, KEY=VALUE (repeat a key for a list of values)")
	fs.StringVar(&a.sessionPolicy, "session-policy", "", "with --account: a file holding the session policy passed when the session was created")
	fs.StringVar(&a.sourceVPCE, "source-vpce", "", "with --account: the VPC endpoint the request went through (vpce-...)")
	fs.StringVar(&a.federatedBy, "federated-by", "", "with --account: for a federated-user caller, the IAM user that called GetFederationToken")
	fs.BoolVar(&a.strict, "strict", false, "with --account: fail when the snapshot lacks data the request needs, instead of assuming")
}

func (a *accountFlags) used() bool {
	return a.principal != "" || len(a.actions) > 0 || a.resource != "" || len(a.context) > 0 ||
		a.sessionPolicy != "" || a.sourceVPCE != "" || a.federatedBy != "" || a.strict
}

// query turns the flags into an account.Query for one action.
func (a *accountFlags) query(action string) (account.Query, error) {
	q := account.Query{Principal: a.principal, Action: action, Resource: a.resource, SourceVPCE: a.sourceVPCE, FederatedBy: a.federatedBy, Strict: a.strict}
	if len(a.context) > 0 {
		ctx := condition.NewContext()
		values := map[string][]string{}
		var order []string
		for _, kv := range a.context {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return q, fmt.Errorf("--context %q: expected KEY=VALUE, e.g. aws:SourceIp=203.0.113.7", kv)
			}
			if _, seen := values[k]; !seen {
				order = append(order, k)
			}
			values[k] = append(values[k], v)
		}
		for _, k := range order {
			ctx.Set(k, values[k]...)
		}
		q.Context = ctx
	}
	if a.sessionPolicy != "" {
		data, err := os.ReadFile(a.sessionPolicy)
		if err != nil {
			return q, fmt.Errorf("--session-policy: %w", err)
		}
		p, err := policy.Parse(data)
		if err == nil {
			err = p.Validate(policy.Session)
		}
		if err != nil {
			return q, fmt.Errorf("--session-policy %s: %w", a.sessionPolicy, err)
		}
		q.SessionPolicy, q.SessionPolicyName = p, "session policy ("+a.sessionPolicy+")"
	}
	return q, nil
}

// accountResult is one decision of simulate --account in JSON: the result
// contract plus what the snapshot could not tell and where policies came from.
type accountResult struct {
	engine.Result
	Unknowns []string         `json:"unknowns"`
	Notes    []string         `json:"snapshotNotes,omitempty"`
	Sources  []account.Source `json:"sources,omitempty"`
}

func (r accountResult) MarshalJSON() ([]byte, error) {
	head := r.Result.AppendJSON(nil)
	tail, err := json.Marshal(struct {
		Unknowns []string         `json:"unknowns"`
		Notes    []string         `json:"snapshotNotes,omitempty"`
		Sources  []account.Source `json:"sources,omitempty"`
	}{r.Unknowns, r.Notes, r.Sources})
	if err != nil {
		return nil, err
	}
	return append(append(head[:len(head)-1], ','), tail[1:]...), nil
}

func simulateAccount(a *accountFlags, format string, expect engine.Decision, stdout, stderr io.Writer) int {
	if a.principal == "" || len(a.actions) == 0 {
		fmt.Fprintf(stderr, "whydenied simulate: --account needs --principal and at least one --action\n")
		return exitBadInput
	}
	snap, err := account.LoadWith(a.dir, account.LoadOptions{Strict: a.strict})
	if err != nil {
		fmt.Fprintf(stderr, "whydenied simulate: %v\n", err)
		return exitBadInput
	}
	for _, p := range snap.Problems() {
		fmt.Fprintf(stderr, "whydenied simulate: warning: %s: %v\n", a.dir, p)
	}
	status := exitOK
	var results []accountResult
	for i, action := range a.actions {
		q, err := a.query(action)
		if err != nil {
			fmt.Fprintf(stderr, "whydenied simulate: %v\n", err)
			return exitBadInput
		}
		rs, err := snap.Resolve(q)
		if err != nil {
			fmt.Fprintf(stderr, "whydenied simulate: %s: %v\n", action, err)
			return exitBadInput
		}
		res := rs.Evaluate()
		if format == "json" {
			results = append(results, accountResult{Result: res, Unknowns: nonNil(rs.Unknowns), Notes: rs.Notes, Sources: rs.Sources})
		} else {
			if i > 0 {
				fmt.Fprintln(stdout, "\n"+strings.Repeat("─", 72))
			}
			renderText(stdout, &scenario.Scenario{Request: rs.Request, Policies: rs.Policies}, res)
			renderSnapshotNotes(stdout, rs)
		}
		if msg := unmet(res, nil, expect); msg != "" {
			fmt.Fprintf(stderr, "whydenied simulate: %s: %s\n", action, msg)
			status = exitMismatch
		}
	}
	if format == "json" {
		var out []byte
		if len(results) == 1 {
			out, _ = json.MarshalIndent(results[0], "", "  ")
		} else {
			out, _ = json.MarshalIndent(results, "", "  ")
		}
		fmt.Fprintf(stdout, "%s\n", out)
	}
	return status
}

func renderSnapshotNotes(w io.Writer, rs *account.Resolved) {
	if len(rs.Sources) > 0 {
		fmt.Fprintf(w, "\nWhere the policies came from\n")
		for _, s := range rs.Sources {
			fmt.Fprintf(w, "  %-20s %s: %s (%s)\n", s.Layer, s.Name, s.Via, s.File)
		}
	}
	if len(rs.Unknowns) > 0 {
		fmt.Fprintf(w, "\nNot in the snapshot (the answer assumes as said)\n")
		for _, u := range rs.Unknowns {
			fmt.Fprintf(w, "  ! %s\n", u)
		}
	}
	for _, n := range rs.Notes {
		fmt.Fprintf(w, "  * %s\n", n)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
