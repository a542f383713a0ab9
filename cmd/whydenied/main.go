// Command whydenied explains AWS AccessDenied errors and simulates AWS's
// authorization logic offline. This file only routes subcommands; each lives
// in a file of its own.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `whydenied: why was I denied, and what is the smallest change that fixes it?

Usage:
  whydenied explain [--format text|markdown|json] [--scenario FILE] [ERROR TEXT | --file FILE | -]
  whydenied simulate [--format text|json] [--expect DECISION] FILE|-
  whydenied simulate --account SNAPSHOT --principal ARN --action ACTION [--resource ARN] ...
  whydenied collect --out SNAPSHOT [--profile P] [--regions r1,r2] [--org]
  whydenied simulate --batch [FILE|-]       JSON Lines in, one JSON result per line out

Run 'whydenied COMMAND --help' for the options of a command.
`

// Exit statuses: evaluated, expectation not met, bad input.
const (
	exitOK       = 0
	exitMismatch = 1
	exitBadInput = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitBadInput
	}
	switch args[0] {
	case "simulate":
		return runSimulate(args[1:], stdin, stdout, stderr)
	case "explain":
		return runExplain(args[1:], stdin, stdout, stderr)
	case "collect":
		return runCollect(args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "whydenied: unknown command %q\n\n%s", args[0], usage)
	return exitBadInput
}
