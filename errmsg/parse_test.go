package errmsg

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// corpusCase is one message of testdata/errmsg. Its wording comes from the
// page named in source (a section of /work/shared/reference/aws-formats.md,
// a page of the IAM User Guide under reference/iam-user-guide, or the SDK
// or tool whose documented output shape it follows); the expected reading
// was written from that page. Every field of the JSON contract must be
// given, null where the message does not state it. Notes are compared by
// their tags (the text before ": "), in any order.
type corpusCase struct {
	Name       string                     `json:"name"`
	Source     string                     `json:"source"`
	AWSService string                     `json:"awsService"`
	Input      string                     `json:"input"`
	Want       map[string]json.RawMessage `json:"want"`
}

func loadCorpus(t testing.TB) []corpusCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "errmsg", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in testdata/errmsg: %v", err)
	}
	var all []corpusCase
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cases []corpusCase
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&cases); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, c := range cases {
			if c.Name == "" || c.Source == "" || c.Input == "" {
				t.Fatalf("%s: case %q needs a name, a source and an input", f, c.Name)
			}
		}
		all = append(all, cases...)
	}
	return all
}

func TestParseCorpus(t *testing.T) {
	for _, c := range loadCorpus(t) {
		t.Run(c.Name, func(t *testing.T) {
			r, err := Parse(c.Input)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			data, err := json.Marshal(r)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			var got map[string]json.RawMessage
			if err := json.Unmarshal(data, &got); err != nil {
				t.Fatal(err)
			}
			for k := range got {
				if _, ok := c.Want[k]; !ok {
					t.Errorf("the case does not give field %q (got %s)", k, got[k])
				}
			}
			for k, want := range c.Want {
				g, ok := got[k]
				if !ok {
					t.Errorf("field %q is not in the reading", k)
					continue
				}
				if k == "notes" {
					compareNoteTags(t, g, want)
					continue
				}
				if canonical(t, g) != canonical(t, want) {
					t.Errorf("%s = %s, want %s", k, g, want)
				}
			}
		})
	}
}

func canonical(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("bad JSON %s: %v", raw, err)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

func compareNoteTags(t *testing.T, got, want json.RawMessage) {
	t.Helper()
	var notes, tags []string
	if err := json.Unmarshal(got, &notes); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &tags); err != nil {
		t.Fatal(err)
	}
	gotTags := make([]string, 0, len(notes))
	for _, n := range notes {
		tag, _, ok := strings.Cut(n, ": ")
		if !ok {
			t.Errorf("note %q has no tag", n)
		}
		gotTags = append(gotTags, tag)
	}
	sort.Strings(gotTags)
	tags = slices.Clone(tags)
	sort.Strings(tags)
	if !slices.Equal(gotTags, tags) {
		t.Errorf("note tags = %v, want %v\nnotes: %q", gotTags, tags, notes)
	}
}

// TestCorpusCoverage keeps the corpus as broad as it was asked to be: at
// least 90 messages from 15 services and 7 SDKs or tools.
func TestCorpusCoverage(t *testing.T) {
	services := map[string]int{}
	tools := map[string]int{}
	cases := loadCorpus(t)
	for _, c := range cases {
		if c.AWSService != "" {
			services[c.AWSService]++
		}
		var tool string
		if err := json.Unmarshal(c.Want["tool"], &tool); err != nil {
			t.Fatalf("%s: tool: %v", c.Name, err)
		}
		tools[tool]++
	}
	if len(cases) < 90 || len(services) < 15 || len(tools) < 7 {
		t.Errorf("corpus: %d messages, %d services, %d tools; want at least 90, 15 and 7", len(cases), len(services), len(tools))
	}
	t.Logf("%d messages; services %v; tools %v", len(cases), services, tools)
}
