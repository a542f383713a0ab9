package jsonscan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestObject(t *testing.T) {
	var keys, vals []string
	err := Object([]byte(` {"a": 1, "b\u0041" : [1, {"x": "y"}], "c": "s\"q", "d": null} `), func(k string, v []byte) error {
		keys = append(keys, k)
		vals = append(vals, string(v))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(keys, ",") != "a,bA,c,d" {
		t.Errorf("keys %q", keys)
	}
	want := []string{`1`, `[1, {"x": "y"}]`, `"s\"q"`, `null`}
	for i := range want {
		if vals[i] != want[i] {
			t.Errorf("value %d = %q, want %q", i, vals[i], want[i])
		}
	}
}

func TestArray(t *testing.T) {
	var got []string
	if err := Array([]byte(`[ "a" , {"b":[]} ,3 ]`), func(i int, v []byte) error {
		got = append(got, string(v))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "|") != `"a"|{"b":[]}|3` {
		t.Errorf("got %q", got)
	}
}

// Everything encoding/json rejects, the scanner rejects too.
func TestRejectsWhatEncodingJSONRejects(t *testing.T) {
	bad := []string{``, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[1 2]`, `"\x"`, `"\u12"`, `01`, `1.`, `-`, `tru`, `nul`, `{"a":1} x`, "\"a\x01\"", `{a:1}`, `1e`, `[`, `"abc`}
	for _, s := range bad {
		if json.Valid([]byte(s)) {
			t.Fatalf("test input %q is valid JSON", s)
		}
		if Valid([]byte(s)) == nil {
			t.Errorf("Valid(%q) accepted it", s)
		}
	}
	good := []string{`{}`, `[]`, `""`, `0`, `-1.5e+10`, `true`, `null`, `{"a":[{"b":"\u00e9\n"}]}`, " [ 1 , 2 ] "}
	for _, s := range good {
		if err := Valid([]byte(s)); err != nil {
			t.Errorf("Valid(%q): %v", s, err)
		}
	}
}

func TestStringAndScalar(t *testing.T) {
	if s, ok := String([]byte(`"caf\u00e9 \"x\""`)); !ok || s != `café "x"` {
		t.Errorf("String = %q %v", s, ok)
	}
	for raw, want := range map[string]string{`"x"`: "x", `true`: "true", `10.5`: "10.5", ` false `: "false"} {
		if s, ok := Scalar([]byte(raw)); !ok || s != want {
			t.Errorf("Scalar(%s) = %q %v", raw, s, ok)
		}
	}
	for _, raw := range []string{`null`, `[]`, `{}`, `"a" "b"`} {
		if _, ok := Scalar([]byte(raw)); ok {
			t.Errorf("Scalar(%s) accepted it", raw)
		}
	}
}

func FuzzValid(f *testing.F) {
	f.Add([]byte(`{"a":[1,"b",{"c":null}]}`))
	f.Add([]byte(`"\ud83d\ude00"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ours := Valid(data) == nil
		if ours != json.Valid(data) {
			t.Fatalf("Valid(%q) = %v, encoding/json says %v", data, ours, !ours)
		}
		if Kind(data) == '{' && ours {
			_ = Object(data, func(string, []byte) error { return nil })
		}
		if s, ok := String(data); ok {
			var want string
			if json.Unmarshal(data, &want) != nil || want != s {
				t.Fatalf("String(%q) = %q, want %q", data, s, want)
			}
		}
	})
}

// skipStringBytewise is skipString one byte at a time, as it was written
// before it read eight bytes at once: the two must agree on every input.
func skipStringBytewise(raw []byte, i int) (int, error) {
	start := i
	for i++; i < len(raw); {
		switch c := raw[i]; {
		case c == '"':
			return i + 1, nil
		case c == '\\':
			if i+1 >= len(raw) {
				return 0, &SyntaxError{i, "unterminated escape in string"}
			}
			switch raw[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(raw) || !isHex4(raw[i+2:i+6]) {
					return 0, &SyntaxError{i, `invalid \u escape in string`}
				}
				i += 6
			default:
				return 0, &SyntaxError{i, "invalid escape \\" + string(raw[i+1]) + " in string"}
			}
		case c < 0x20:
			return 0, &SyntaxError{i, "control character in string"}
		default:
			i++
		}
	}
	return 0, &SyntaxError{start, "unterminated string"}
}

// Every byte value at every position of an eight-byte word, and strings cut
// short, give the same end or the same error as the bytewise scan.
func TestSkipStringWordAtATime(t *testing.T) {
	base := []byte(`"abcdefghijklmnopqrstuvwxyz0123456789"`)
	check := func(raw []byte) {
		t.Helper()
		end, err := skipString(raw, 0)
		wantEnd, wantErr := skipStringBytewise(raw, 0)
		if end != wantEnd || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("skipString(%q) = %d, %v; bytewise %d, %v", raw, end, err, wantEnd, wantErr)
		}
	}
	for c := 0; c < 256; c++ {
		for pos := 1; pos < len(base)-1; pos++ {
			raw := append([]byte(nil), base...)
			raw[pos] = byte(c)
			check(raw)
			check(raw[:pos+1])
			check(raw[:pos+2])
		}
	}
}

func FuzzSkipString(f *testing.F) {
	f.Add([]byte(`"abc\"def\u00e9ghijklmnop"`))
	f.Add([]byte("\"\xff\xfe\x1f\""))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 || data[0] != '"' {
			data = append([]byte{'"'}, data...)
		}
		end, err := skipString(data, 0)
		wantEnd, wantErr := skipStringBytewise(data, 0)
		if end != wantEnd || (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("skipString(%q) = %d, %v; bytewise %d, %v", data, end, err, wantEnd, wantErr)
		}
	})
}

// On valid JSON, Extent finds the end the validating walk finds; on
// anything else it stays in bounds.
func FuzzExtent(f *testing.F) {
	f.Add([]byte(`{"a":[1,"b\"]}",{"c":"\\"}],"d":"{["}`))
	f.Add([]byte(`[{"x":"\\\"[]"}] tail`))
	f.Add([]byte(`{"unclosed": "x`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := Extent(data)
		if n > len(data) || n == 0 || n < -1 {
			t.Fatalf("Extent(%q) = %d, out of bounds", data, n)
		}
		if len(data) == 0 || data[0] != '{' && data[0] != '[' {
			if n != -1 {
				t.Fatalf("Extent(%q) = %d for no object or list", data, n)
			}
			return
		}
		if end, err := skipValue(data, 0, 0); err == nil && n != end {
			t.Fatalf("Extent(%q) = %d, the value ends at %d", data, n, end)
		}
	})
}

// A claim that knows some values gives what Object gives: the same members,
// the same values, the same errors.
func TestObjectClaimingAsObject(t *testing.T) {
	known := map[string]bool{`[1,{"a":"]"}]`: true, `{"b":[]}`: true}
	claim := func(key string, rest []byte) int {
		if n := Extent(rest); n > 0 && known[string(rest[:n])] {
			return n
		}
		return -1
	}
	for _, doc := range []string{
		`{"x":[1,{"a":"]"}],"y":{"b":[]},"z":3}`,
		`{"x":[1,{"a":"]"}] "y":1}`,
		`{"x":[1,{"a":"]"}],"y":{"b":[]}`,
		`{"x":[1,{"a":"]"}],"y":{"b":[x]}}`,
		`{"x":{"b":[]}} trailing`,
		`{"x":"s","y":[1,{"a":"]"}]}`,
		`{}`, `[]`,
	} {
		var a, b []string
		errA := Object([]byte(doc), func(k string, v []byte) error { a = append(a, k+"="+string(v)); return nil })
		errB := ObjectClaiming([]byte(doc), claim, func(k string, v []byte) error { b = append(b, k+"="+string(v)); return nil })
		if strings.Join(a, "|") != strings.Join(b, "|") || (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
			t.Errorf("%s: Object %q, %v; ObjectClaiming %q, %v", doc, a, errA, b, errB)
		}
	}
}

// intern only ever returns the text it was given.
func FuzzIntern(f *testing.F) {
	for _, s := range []string{"principal", "action", "resource", "resourceAccount", "context", "identityPolicies", "resourcePolicy",
		"permissionsBoundary", "sessionPolicy", "vpcEndpointPolicy", "scps", "rcps", "name", "source", "why", "description", "expect",
		"document", "true", "false", "aws:CurrentTime", "aws:SourceIp", "aws:userid", "aws:ViaAWSService", "aws:sourceip", "Principal"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := intern([]byte(s)); ok && got != s {
			t.Fatalf("intern(%q) = %q", s, got)
		}
	})
}

// On every object and list inside the scenario corpus (real policies,
// starting at every alignment), Extent finds the end the validating walk
// finds.
func TestExtentOnCorpus(t *testing.T) {
	files, err := filepath.Glob("../../testdata/scenarios/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			for i, c := range line {
				if c != '{' && c != '[' {
					continue
				}
				end, err := skipValue(line, i, 0)
				if err != nil {
					continue // a bracket inside a string
				}
				if n := Extent(line[i:]); i+n != end {
					t.Fatalf("%s: Extent(%.60q...) = %d, the value ends at %d", f, line[i:], n, end-i)
				}
				checked++
			}
		}
	}
	if checked < 5000 {
		t.Fatalf("only %d values checked", checked)
	}
}

// typicalLine is the repository's typical request as a batch line.
func typicalLine(b *testing.B) []byte {
	data, err := os.ReadFile("../../testdata/bench/typical.json")
	if err != nil {
		b.Fatal(err)
	}
	var line bytes.Buffer
	if err := json.Compact(&line, data); err != nil {
		b.Fatal(err)
	}
	return line.Bytes()
}

func BenchmarkExtent(b *testing.B) {
	data := typicalLine(b)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if Extent(data) != len(data) {
			b.Fatal("wrong extent")
		}
	}
}
