package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"testing"
)

func fuzzSeeds() []string {
	return []string{
		typicalPolicy,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
		`{"Statement":[{"Sid":"","Effect":"Deny","NotPrincipal":{"AWS":["1","2"],"Service":"s"},"NotAction":"a:b","NotResource":["r"],"Condition":{}}]}`,
		`{"Id":"x","Statement":[{"Effect":"Allow","Principal":"*","Action":["*"],"Condition":{"Bool":{"k":true},"NumericLessThan":{"n":[1,2.5e3]}}}]}`,
		strconv.Quote(`{"Statement":{"Effect":"Allow","Action":"a:b","Resource":"*"}}`),
		url.PathEscape(`{"Statement":{"Effect":"Allow","Action":"a:b","Resource":"*"}}`),
		`{"Statement":{"Sid":"\u00e9\ud83d\ude00\n","Effect":"Allow","Action":"a:b","Resource":"*"}}`,
		`{"Statement":[{"Effect":"allow"},{"Effect":"Deny","Effect":"Allow"}],"Statement":1} {`,
		`{"Comment":[1,{"a":[true,false,null,-0.5e+7]}],"Statement":[]}`,
		"",
		`"`,
		`%7B`,
	}
}

// FuzzParse: Parse never panics, reports only *Error values, accepts only
// valid JSON objects, and whatever it accepts marshals to valid JSON that
// re-parses and marshals to the same bytes.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil {
			for _, e := range flatten(err) {
				var pe *Error
				if !errors.As(e, &pe) {
					t.Fatalf("error %v (%T) is not a *policy.Error", e, e)
				}
			}
			return
		}
		body := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\uFEFF")), " \t\r\n")
		if len(body) > 0 && body[0] == '{' && !json.Valid(bytes.TrimPrefix(data, []byte("\uFEFF"))) {
			t.Fatalf("Parse accepted JSON that encoding/json rejects: %q", data)
		}
		b1, err := p.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON of a parsed policy: %v", err)
		}
		if !json.Valid(b1) {
			t.Fatalf("MarshalJSON wrote invalid JSON: %s", b1)
		}
		p2, err := Parse(b1)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", b1, err)
		}
		b2, err := p2.MarshalJSON()
		if err != nil || !bytes.Equal(b1, b2) {
			t.Fatalf("not stable:\n%s\n%s (%v)", b1, b2, err)
		}
		for k := Identity; k <= VPCEndpoint; k++ {
			for _, e := range flatten(p.Validate(k)) {
				var pe *Error
				if e != nil && !errors.As(e, &pe) {
					t.Fatalf("Validate(%v): %v (%T) is not a *policy.Error", k, e, e)
				}
			}
		}
	})
}

// FuzzReadString: the scanner decodes strings exactly as encoding/json does,
// and rejects exactly the strings it rejects.
func FuzzReadString(f *testing.F) {
	for _, s := range []string{`abc`, `a\"b`, `\u00e9`, `\ud83d\ude00`, `\ud83d`, `\uDe00\u`, "\xff", "a\tb", `\q`, `\`, `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lit := `"` + s + `"`
		var want string
		werr := json.Unmarshal([]byte(lit), &want)
		sc := scanner{src: lit}
		got, gerr := sc.readString()
		whole := gerr == nil && sc.pos == len(lit)
		if (werr == nil) != whole {
			t.Fatalf("%q: encoding/json error %v, scanner error %v (read %d of %d)", lit, werr, gerr, sc.pos, len(lit))
		}
		if werr == nil && got != want {
			t.Fatalf("%q: scanner %q, encoding/json %q", lit, got, want)
		}
	})
}

// TestSeedsRoundTrip runs the fuzz property over the seeds in normal test
// runs, and checks the seeds that must parse do.
func TestSeedsRoundTrip(t *testing.T) {
	parsed := 0
	for _, s := range fuzzSeeds() {
		if p, err := Parse([]byte(s)); err == nil {
			parsed++
			b, _ := p.MarshalJSON()
			if q, err := Parse(b); err != nil || marshal(t, q) != string(b) {
				t.Errorf("seed %q does not round-trip", s)
			}
		}
	}
	if parsed < 6 {
		t.Fatalf("only %d seeds parse", parsed)
	}
}
