package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/scenario"
)

func runSimulate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	batch := fs.Bool("batch", false, "read JSON Lines (one scenario per line) and write one JSON result per line")
	expect := fs.String("expect", "", "exit 1 unless the decision is this: allowed, explicitDeny or implicitDeny")
	var acct accountFlags
	acct.register(fs)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: whydenied simulate [--format text|json] [--expect DECISION] FILE|-
       whydenied simulate --batch [FILE|-]
       whydenied simulate --account SNAPSHOT --principal ARN --action A [--action B ...] [--resource ARN]
                          [--context KEY=VALUE ...] [--session-policy FILE] [--source-vpce vpce-...] [--strict]

Decides one request against the policies in a scenario file (see README.md),
as AWS would, and shows which statement decided and why the others did not
apply. A scenario may carry "expect": {"decision": ..., "deniedBy": [...]}:
then a different outcome exits 1, so scenario files can serve as tests.

With --account, the request is resolved against an account snapshot (README.md,
"Account snapshots"): the caller's identity policies, boundary and SCP chain, the
resource's policy and RCP chain, and the context keys the snapshot knows. What the
snapshot lacks is said in the answer; --strict makes it an error.

Exit status: 0 evaluated (and as expected), 1 not as expected, 2 bad input.

`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitBadInput
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "whydenied simulate: --format: expected text or json, got %q\n", *format)
		return exitBadInput
	}
	if *expect != "" && !slices.Contains([]engine.Decision{engine.Allowed, engine.ExplicitDeny, engine.ImplicitDeny}, engine.Decision(*expect)) {
		fmt.Fprintf(stderr, "whydenied simulate: --expect: expected allowed, explicitDeny or implicitDeny, got %q\n", *expect)
		return exitBadInput
	}
	if acct.dir != "" {
		if fs.NArg() > 0 || *batch {
			fmt.Fprintf(stderr, "whydenied simulate: --account takes the request from flags, not from a scenario file or --batch\n")
			return exitBadInput
		}
		return simulateAccount(&acct, *format, engine.Decision(*expect), stdout, stderr)
	}
	if acct.used() {
		fmt.Fprintf(stderr, "whydenied simulate: --principal, --action, --resource, --context, --session-policy, --source-vpce and --strict go with --account SNAPSHOT\n")
		return exitBadInput
	}
	if fs.NArg() > 1 || (fs.NArg() == 0 && !*batch) {
		fs.Usage()
		return exitBadInput
	}
	name := "-"
	if fs.NArg() == 1 {
		name = fs.Arg(0)
	}
	in, closeIn, err := openInput(name, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "whydenied simulate: %v\n", err)
		return exitBadInput
	}
	defer closeIn()
	if *batch {
		return simulateBatch(in, stdout, stderr, engine.Decision(*expect))
	}
	data, err := io.ReadAll(in)
	if err != nil {
		fmt.Fprintf(stderr, "whydenied simulate: reading %s: %v\n", name, err)
		return exitBadInput
	}
	sc, err := scenario.NewLoader().Load(data)
	if err != nil {
		fmt.Fprintf(stderr, "whydenied simulate: %s: %v\n", displayName(name), err)
		return exitBadInput
	}
	res := engine.Evaluate(sc.Request, &sc.Policies)
	if *format == "json" {
		out, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintf(stdout, "%s\n", out)
	} else {
		renderText(stdout, sc, res)
	}
	if msg := unmet(res, sc.Expect, engine.Decision(*expect)); msg != "" {
		fmt.Fprintf(stderr, "whydenied simulate: %s: %s\n", displayName(name), msg)
		return exitMismatch
	}
	return exitOK
}

// appendBatchLine writes one result line: the result contract, led by the
// scenario's name when it has one so that lines can be told apart.
func appendBatchLine(b []byte, name string, res *engine.Result) []byte {
	if name == "" {
		return append(res.AppendJSON(b), '\n')
	}
	b = engine.AppendJSONString(append(b, `{"name":`...), name)
	open := len(b)
	b = res.AppendJSON(b)
	b[open] = ',' // the result's own '{' now continues the object begun above
	return append(b, '\n')
}

// unmet says how a result differs from what was expected, "" when it does not.
func unmet(res engine.Result, sc *scenario.Expectation, flag engine.Decision) string {
	if flag != "" {
		if res.Decision != flag {
			return fmt.Sprintf("expected %s, got %s", flag, res.Decision)
		}
		return ""
	}
	if sc == nil {
		return ""
	}
	if res.Decision != sc.Decision {
		return fmt.Sprintf("expected %s, got %s (deniedBy %v)", sc.Decision, res.Decision, res.DeniedBy)
	}
	if sc.DeniedBy != nil && !slices.Equal(sc.DeniedBy, res.DeniedBy) {
		return fmt.Sprintf("expected deniedBy %v, got %v", sc.DeniedBy, res.DeniedBy)
	}
	return ""
}

func openInput(name string, stdin io.Reader) (io.Reader, func(), error) {
	if name == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

func displayName(name string) string {
	if name == "-" {
		return "<stdin>"
	}
	return name
}
