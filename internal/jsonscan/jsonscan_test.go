package jsonscan

import (
	"encoding/json"
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
