package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/whydenied/whydenied/collect"
)

const collectUsage = `Usage: whydenied collect --out SNAPSHOT [--profile P] [--regions R1,R2|all] [--org] [--verbose]

Reads an AWS account with read-only calls (Get, List and Describe only) and
writes a snapshot directory for 'whydenied explain' and 'simulate': each file
is what the AWS CLI v2 prints for the same command (account/LAYOUT.md). It
reads IAM (users, groups, roles, policies), S3 bucket policies and tags, and,
per region, KMS keys, SQS queues, SNS topics, Lambda functions, Secrets
Manager secrets, ECR repositories and VPC endpoints; with --org, the
organization's tree, SCPs and RCPs.

Credentials come from the standard AWS chain (environment, shared config and
credentials files, SSO, container or instance role), or --profile. The exact
IAM policy it needs is docs/collector-policy.json.

A call AWS refuses (AccessDenied, throttling that outlasts the retries)
leaves a .error file holding the CLI's error text instead of the output: the
answers built on the snapshot name that data as unknown, never assume it.

Exit status: 0 everything was read, 1 the snapshot was written but some data
could not be read (listed on stdout), 2 bad input, no usable credentials, or
the snapshot could not be written.

`

func runCollect(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("collect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "snapshot directory to create (must not exist, or be empty)")
	profile := fs.String("profile", "", "named profile of the shared AWS config files")
	regions := fs.String("regions", "", "comma-separated regions to read, or \"all\" for every enabled region (default: the configured region, else us-east-1)")
	org := fs.Bool("org", false, "also read the organization: tree, SCPs and RCPs (management account or delegated administrator)")
	verbose := fs.Bool("verbose", false, "print a line per file written, to stderr, even when it is not a terminal")
	quiet := fs.Bool("quiet", false, "no progress display")
	concurrency := fs.Int("concurrency", 0, "calls in flight at once (default 8)")
	endpoint := fs.String("endpoint", "", "send every call to this base URL (testing against a local server)")
	fs.Usage = func() {
		fmt.Fprint(stderr, collectUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "whydenied collect: unexpected argument %q: every option is a flag\n\n", fs.Arg(0))
		fs.Usage()
		return exitBadInput
	}
	if *out == "" {
		fmt.Fprintf(stderr, "whydenied collect: --out: expected the snapshot directory to write\n\n")
		fs.Usage()
		return exitBadInput
	}
	if *verbose && *quiet {
		fmt.Fprintf(stderr, "whydenied collect: --verbose and --quiet contradict each other\n")
		return exitBadInput
	}
	opts := collect.Options{
		Out:         *out,
		Profile:     *profile,
		Regions:     splitList(*regions),
		Org:         *org,
		Endpoint:    *endpoint,
		Concurrency: *concurrency,
	}
	switch {
	case *quiet:
	case *verbose:
		opts.Progress, opts.Verbose = stderr, true
	case isTTY(stderr):
		opts.Progress = stderr
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sum, err := collect.Run(ctx, opts)
	if err != nil {
		if !collect.IsSetupError(err) && sum.Account != "" {
			fmt.Fprintf(stderr, "whydenied collect: %v\nthe snapshot in %s is incomplete: %d files were written before it stopped\n", err, *out, sum.Files)
		} else {
			fmt.Fprintf(stderr, "whydenied collect: %v\n", err)
		}
		return exitBadInput
	}
	printSummary(stdout, *out, sum)
	if len(sum.Missing) > 0 {
		return exitMismatch
	}
	return exitOK
}

func printSummary(w io.Writer, dir string, sum collect.Summary) {
	fmt.Fprintf(w, "Collected account %s (as %s) into %s\n", sum.Account, sum.Caller, dir)
	fmt.Fprintf(w, "  regions: %s\n", strings.Join(sum.Regions, ", "))
	fmt.Fprintf(w, "  %d calls, %d files written, %d recorded as having no policy or no tags\n", sum.Calls, sum.Files, sum.Absent)
	if len(sum.Missing) == 0 {
		fmt.Fprintf(w, "  everything was read\n")
		return
	}
	fmt.Fprintf(w, "  %d could not be read; answers that need them will say so:\n", len(sum.Missing))
	for _, m := range sum.Missing {
		fmt.Fprintf(w, "    %s: %s\n", m.File, m.Text)
	}
}

// splitList reads "a,b, c" and drops empty items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
