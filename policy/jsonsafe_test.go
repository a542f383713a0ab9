package policy

import "testing"

// policyStrings lists every string a parsed policy holds.
func policyStrings(p *Policy) []string {
	out := []string{p.Version, p.ID}
	values := func(v Values) { out = append(out, v.List...) }
	principal := func(pr *Principal) {
		if pr != nil {
			values(pr.AWS)
			values(pr.Service)
			values(pr.Federated)
			values(pr.CanonicalUser)
		}
	}
	for i := range p.Statements {
		st := &p.Statements[i]
		out = append(out, st.Sid, string(st.Effect))
		principal(st.Principal)
		principal(st.NotPrincipal)
		values(st.Action)
		values(st.NotAction)
		values(st.Resource)
		values(st.NotResource)
		for _, c := range st.Condition {
			out = append(out, c.Operator, c.Key)
			out = append(out, c.Values...)
		}
	}
	return out
}

// unsafeByte returns the index of the first byte of s that a JSON writer
// must escape (encoding/json's defaults), or -1.
func unsafeByte(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return i
		}
	}
	return -1
}

func TestJSONSafeStrings(t *testing.T) {
	cases := []struct {
		doc  string
		safe bool
	}{
		{`{"Version":"2012-10-17","Statement":[{"Sid":"S1","Effect":"Allow","Action":["s3:Get*"],"Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"x y"}}}]}`, true},
		{"{\n\t\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}\n}", true}, // whitespace between tokens is no string
		{`{"Statement":{"Sid":"a\"b","Effect":"Allow","Action":"s3:*","Resource":"*"}}`, false},
		{`{"Statement":{"Sid":"a\\b","Effect":"Allow","Action":"s3:*","Resource":"*"}}`, false},
		{`{"Statement":{"Sid":"a\u0041","Effect":"Allow","Action":"s3:*","Resource":"*"}}`, false}, // an escape, even of a safe letter
		{`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a&b/*"}}`, false},
		{`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::<b>/*"}}`, false},
		{`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::é/*"}}`, false},
		{"\uFEFF" + `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, false},
	}
	for _, c := range cases {
		p, err := Parse([]byte(c.doc))
		if err != nil {
			t.Fatalf("%s: %v", c.doc, err)
		}
		if got := p.JSONSafeStrings(); got != c.safe {
			t.Errorf("%s: JSONSafeStrings = %v, want %v", c.doc, got, c.safe)
		}
	}
	if (&Policy{}).JSONSafeStrings() {
		t.Error("a Policy not made by Parse claims safe strings")
	}
}

// FuzzJSONSafeStrings: a policy that says its strings are safe holds no
// string with a byte a JSON writer must escape.
func FuzzJSONSafeStrings(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil || !p.JSONSafeStrings() {
			return
		}
		for _, s := range policyStrings(p) {
			if i := unsafeByte(s); i >= 0 {
				t.Fatalf("JSONSafeStrings but %q has byte %q at %d", s, s[i], i)
			}
		}
	})
}
