package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/whydenied/whydenied/account"
	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/catalog"
	"github.com/whydenied/whydenied/diagnose"
	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/errmsg"
	"github.com/whydenied/whydenied/policy"
	"github.com/whydenied/whydenied/scenario"
)

const explainUsage = `Usage: whydenied explain [--format text|markdown|json] [--scenario FILE | --account SNAPSHOT] [--file FILE | ERROR TEXT...]

Paste an AWS authorization error (from the AWS CLI, an SDK, Terraform, CloudFormation,
a log line, or the output of aws sts decode-authorization-message) and learn who made
the call, what was refused, which policy layer refused it, what to check, and the
smallest fix. The error is read from the arguments, --file, or standard input.

With --scenario, the policies of that scenario file are simulated: the statement that
decided is named and every fix is re-checked. Without an error text, the scenario's own
decision is explained. With --account, the request the error describes is looked up
in an account snapshot (README.md) and simulated the same way, with the real policy names.

Example:
  whydenied explain "An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::111122223333:assumed-role/deploy/ci-run-42 is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::artifacts-bucket/build/app.zip because no identity-based policy allows the s3:PutObject action"

`

func runExplain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, markdown or json")
	file := fs.String("file", "", "read the error text from this file")
	scenarioFile := fs.String("scenario", "", "a scenario file whose policies are simulated to pin down the cause and verify the fixes")
	snapshotDir := fs.String("account", "", "an account snapshot: the request the error describes is resolved and simulated against it")
	strict := fs.Bool("strict", false, "with --account: fail when the snapshot lacks data the request needs")
	var req accountFlags
	fs.Var(&req.context, "context", "with --account: a condition key of the request, KEY=VALUE (repeat a key for a list)")
	fs.StringVar(&req.sessionPolicy, "session-policy", "", "with --account: a file holding the session policy the caller's session was created with")
	fs.StringVar(&req.sourceVPCE, "source-vpce", "", "with --account: the VPC endpoint the request went through (vpce-...)")
	fs.StringVar(&req.federatedBy, "federated-by", "", "with --account: for a federated-user caller, the IAM user that called GetFederationToken")
	fs.Usage = func() { fmt.Fprint(stderr, explainUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return exitBadInput
	}
	if *format != "text" && *format != "markdown" && *format != "json" {
		fmt.Fprintf(stderr, "whydenied explain: --format: expected text, markdown or json, got %q\n", *format)
		return exitBadInput
	}
	var sc *scenario.Scenario
	if *scenarioFile != "" {
		data, err := os.ReadFile(*scenarioFile)
		if err != nil {
			fmt.Fprintf(stderr, "whydenied explain: %v\n", err)
			return exitBadInput
		}
		if sc, err = scenario.NewLoader().Load(data); err != nil {
			fmt.Fprintf(stderr, "whydenied explain: %s: %v\n", *scenarioFile, err)
			return exitBadInput
		}
	}
	text, err := explainInput(fs.Args(), *file, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "whydenied explain: %v\n", err)
		return exitBadInput
	}
	if strings.TrimSpace(text) == "" && sc != nil {
		res := engine.Evaluate(sc.Request, &sc.Policies)
		if res.Decision == engine.Allowed {
			fmt.Fprintf(stdout, "The scenario's request is allowed: there is nothing to explain.\n")
			return exitOK
		}
		text = res.Message
	}
	if strings.TrimSpace(text) == "" {
		fmt.Fprint(stderr, explainUsage)
		return exitBadInput
	}
	reading, err := errmsg.Parse(text)
	if err != nil {
		fmt.Fprintf(stderr, "whydenied explain: %v\n", err)
		return exitBadInput
	}
	cat, err := catalog.Load()
	if err != nil {
		// The diagnosis works without the catalog, only less precisely.
		fmt.Fprintf(stderr, "whydenied explain: the action catalog could not be read (%v); actions are not validated\n", err)
		cat = nil
	}
	var resolved *account.Resolved
	var elsewhere []string
	if *snapshotDir != "" {
		if sc != nil {
			fmt.Fprintf(stderr, "whydenied explain: give --scenario or --account, not both\n")
			return exitBadInput
		}
		req.dir, req.strict = *snapshotDir, *strict
		snap, q, rs, err := resolveError(&req, reading, cat, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "whydenied explain: %v\n", err)
			return exitBadInput
		}
		resolved = rs
		elsewhere = allowedElsewhere(snap, q, resolved)
		sc = &scenario.Scenario{Request: resolved.Request, Policies: resolved.Policies}
	}
	rep := diagnose.Diagnose(diagnose.Input{Reading: reading, Catalog: cat, Scenario: sc, AllowedElsewhere: elsewhere})
	if resolved != nil {
		rep.Notes = append(rep.Notes, resolved.Unknowns...)
		rep.Notes = append(rep.Notes, resolved.Notes...)
	}
	switch *format {
	case "json":
		out, err := explainJSON(reading, rep)
		if err != nil {
			fmt.Fprintf(stderr, "whydenied explain: %v\n", err)
			return exitBadInput
		}
		stdout.Write(out)
	case "markdown":
		renderExplainMarkdown(stdout, reading, rep)
	default:
		renderExplainText(stdout, reading, rep, isTTY(stdout))
	}
	return exitOK
}

// resolveError finds the policies of the request an error describes in an
// account snapshot.
func resolveError(req *accountFlags, r *errmsg.Reading, cat *catalog.Catalog, stderr io.Writer) (*account.Snapshot, account.Query, *account.Resolved, error) {
	principal, action, resource := diagnose.RequestOf(r, cat)
	if principal == "" || action == "" {
		return nil, account.Query{}, nil, fmt.Errorf("--account: the error does not state the caller and the action, so there is no request to look up in the snapshot; use simulate --account with --principal and --action")
	}
	req.principal, req.resource = principal, resource
	q, err := req.query(action)
	if err != nil {
		return nil, q, nil, err
	}
	snap, err := account.LoadWith(req.dir, account.LoadOptions{Strict: req.strict})
	if err != nil {
		return nil, q, nil, err
	}
	for _, p := range snap.Problems() {
		fmt.Fprintf(stderr, "whydenied explain: warning: %s: %v\n", req.dir, p)
	}
	rs, err := snap.Resolve(q)
	return snap, q, rs, err
}

// maxIdentitiesTried bounds the search for identities that hold the refused
// permission, so a huge account does not make explain slow.
const maxIdentitiesTried = 5000

// allowedElsewhere finds the users and roles of the caller's account whose
// identity policies allow the refused request: the seeds' most common
// mistake is a permission attached to a user while the code runs as a role.
func allowedElsewhere(snap *account.Snapshot, q account.Query, rs *account.Resolved) []string {
	if !identityBlocked(rs.Evaluate()) {
		return nil
	}
	caller := rs.Request.Principal
	// Other identities are tried as plain callers: the session policy and
	// federation of the refused caller are its own.
	q.Strict, q.SessionPolicy, q.FederatedBy = false, nil, ""
	var found []string
	for i, id := range snap.Identities(caller.Account) {
		if i == maxIdentitiesTried || len(found) == 5 {
			break
		}
		if p, err := arn.ParsePrincipal(id); err != nil || p.ARN == caller.ARN || (p.Kind == arn.Role && p.Name == caller.Name && caller.RoleARN() != "") {
			continue // the caller itself, or the role it is a session of
		}
		q.Principal = id
		other, err := snap.Resolve(q)
		if err != nil {
			continue
		}
		if where := specificAllow(other); where != "" {
			found = append(found, id+" ("+where+")")
		}
	}
	return found
}

// specificAllow names the identity-policy statement that allows a resolved
// request, when one names the service's actions specifically: an identity
// allowed only through "*", "service:*" or NotAction (an administrator) is
// not where someone meant to put this permission.
func specificAllow(rs *account.Resolved) string {
	res := rs.Evaluate()
	for _, l := range res.Trace.Layers {
		if l.Layer != engine.LayerIdentity || l.Outcome != "allow" {
			continue
		}
		for pi, pt := range l.Policies {
			if pi >= len(rs.Policies.Identity) || rs.Policies.Identity[pi].Policy == nil {
				continue
			}
			doc := rs.Policies.Identity[pi].Policy
			for _, st := range pt.Statements {
				if !st.Matched || st.Effect != policy.Allow || st.Index >= len(doc.Statements) {
					continue
				}
				for _, a := range doc.Statements[st.Index].Action.List {
					if a != "*" && !strings.HasSuffix(a, ":*") {
						return "policy " + pt.Name + ", " + stmtName(st)
					}
				}
			}
		}
	}
	return ""
}

func identityBlocked(res engine.Result) bool {
	return res.Decision == engine.ImplicitDeny && slices.Contains(res.DeniedBy, engine.LayerIdentity)
}

// explainInput takes the error from the arguments, a file, or standard input
// when it is not a terminal (so a bare `whydenied explain` prints the usage).
func explainInput(args []string, file string, stdin io.Reader) (string, error) {
	switch {
	case len(args) > 0 && file != "":
		return "", fmt.Errorf("give the error either as arguments or with --file, not both")
	case len(args) > 0:
		return strings.Join(args, " "), nil
	case file != "":
		data, err := os.ReadFile(file)
		return string(data), err
	}
	if f, ok := stdin.(*os.File); ok && isTTY(f) {
		return "", nil
	}
	data, err := io.ReadAll(stdin)
	return string(data), err
}

// explainJSON is the contract of DESIGN.md: the reading's fields (null where
// the error does not state them), then "diagnosis" and "fixes".
func explainJSON(r *errmsg.Reading, rep *diagnose.Report) ([]byte, error) {
	head, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	diag := *rep
	fixes := diag.Fixes
	if fixes == nil {
		fixes = []diagnose.Fix{}
	}
	diag.Fixes = nil
	tail, err := json.Marshal(struct {
		Diagnosis diagnoseOnly   `json:"diagnosis"`
		Fixes     []diagnose.Fix `json:"fixes"`
	}{diagnoseOnly(diag), fixes})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Write(head[:len(head)-1])
	buf.WriteByte(',')
	buf.Write(tail[1:])
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, buf.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	pretty.WriteByte('\n')
	return pretty.Bytes(), nil
}

// diagnoseOnly is a Report without its fixes, which the contract lists at
// the top level.
type diagnoseOnly struct {
	Summary    string               `json:"summary"`
	Caller     *diagnose.Caller     `json:"caller"`
	Action     *diagnose.ActionInfo `json:"actionInfo"`
	Causes     []diagnose.Cause     `json:"causes"`
	Checks     []diagnose.Check     `json:"checks"`
	Fixes      []diagnose.Fix       `json:"-"`
	Notes      []string             `json:"notes,omitempty"`
	Simulation *engine.Result       `json:"simulation,omitempty"`
}

func isTTY(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
