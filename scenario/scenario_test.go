package scenario

import (
	"reflect"
	"strings"
	"testing"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/engine"
)

const okPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`

func TestLoadFull(t *testing.T) {
	data := `{"name":"n","source":"s","why":"w","principal":"arn:aws:sts::111122223333:assumed-role/deploy/ci",
	 "action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourceAccount":"444455556666",
	 "context":{"aws:SourceIp":"203.0.113.7","aws:TagKeys":["a","b"],"aws:SecureTransport":true,"s3:max-keys":10},
	 "identityPolicies":[` + okPolicy + `,{"name":"named","document":` + okPolicy + `},` + quote(okPolicy) + `],
	 "resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]},
	 "permissionsBoundary":` + okPolicy + `,"sessionPolicy":` + okPolicy + `,
	 "scps":[[` + okPolicy + `],[` + okPolicy + `,` + okPolicy + `]],"rcps":[[]],
	 "expect":{"decision":"allowed","deniedBy":[]}}`
	s, err := NewLoader().Load([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if s.Request.Principal.Kind != arn.AssumedRole || s.Request.ResourceAccount != "444455556666" {
		t.Errorf("request %+v", s.Request)
	}
	if len(s.Policies.Identity) != 3 || s.Policies.Identity[1].Name != "named" || s.Policies.Identity[0].Name != "identityPolicies[0]" {
		t.Errorf("identity policies %+v", s.Policies.Identity)
	}
	if len(s.Policies.SCPs) != 2 || len(s.Policies.SCPs[1]) != 2 || len(s.Policies.RCPs) != 1 {
		t.Errorf("org levels: %d SCP levels, %d RCP levels", len(s.Policies.SCPs), len(s.Policies.RCPs))
	}
	if v, _ := s.Request.Context.Get("aws:tagkeys"); len(v) != 2 {
		t.Errorf("aws:TagKeys = %v", v)
	}
	if v, _ := s.Request.Context.Get("aws:SecureTransport"); len(v) != 1 || v[0] != "true" {
		t.Errorf("a JSON boolean context value should read as \"true\", got %v", v)
	}
	if s.Expect == nil || s.Expect.Decision != engine.Allowed {
		t.Errorf("expect = %+v", s.Expect)
	}
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// Bad input names the JSON path and what was expected.
func TestLoadErrors(t *testing.T) {
	base := `"principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject"`
	cases := []struct{ data, path, says string }{
		{`[]`, "", "expected a JSON object"},
		{`{` + base + `,"bogus":1}`, "bogus", "unknown field"},
		{`{"action":"s3:GetObject"}`, "principal", "missing"},
		{`{"principal":"bob","action":"s3:GetObject"}`, "principal", "expected"},
		{`{"principal":"arn:aws:iam::111122223333:user/Bob","action":"GetObject"}`, "action", "service:Action"},
		{`{` + base + `,"resourceAccount":"12"}`, "resourceAccount", "12-digit"},
		{`{` + base + `,"context":{"aws:SourceIp":{"a":1}}}`, `context."aws:SourceIp"`, "string or a list"},
		{`{` + base + `,"context":{"k":[1,{}]}}`, `context."k"[1]`, "expected a string"},
		{`{` + base + `,"identityPolicies":{}}`, "identityPolicies", "list of policies"},
		{`{` + base + `,"identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"s3:*","Resource":"*"}]}]}`, "identityPolicies[0].Statement[0].Effect", "Allow"},
		{`{` + base + `,"identityPolicies":[{"name":"x","document":{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Principal":"*"}}}]}`, "identityPolicies[0].document", "Principal"},
		{`{` + base + `,"identityPolicies":[{"name":"x","document":{},"extra":1}]}`, "identityPolicies[0].extra", "unknown field"},
		{`{` + base + `,"identityPolicies":[{"extra":1,"name":"x","document":{}}]}`, "identityPolicies[0].extra", "unknown field"},
		{`{` + base + `,"identityPolicies":[{"name":1,"document":` + okPolicy + `}]}`, "identityPolicies[0].name", "expected a string"},
		{`{` + base + `,"identityPolicies":[{"name":"x","docu\u006dent":{}}]}`, "identityPolicies[0].document", "Statement"},
		{`{` + base + `,"scps":[[` + okPolicy + `],{}]}`, "scps[1]", "list of policies"},
		{`{` + base + `,"scps":{}}`, "scps", "organization levels"},
		{`{` + base + `,"expect":{"decision":"deny"}}`, "expect.decision", "allowed, explicitDeny or implicitDeny"},
		{`{` + base + `,"expect":{"decision":"allowed","deniedBy":["bucket"]}}`, "expect.deniedBy[0]", "layer name"},
		{`{` + base + `,"action":"s3:PutObject"}`, "action", "twice"},
		{`{` + base, "", "expected"},
		// AWS refuses to save such a policy, so a scenario holding one is bad
		// input rather than something to evaluate.
		{`{` + base + `,"resource":"arn:aws:s3:::b/k","resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}}`, "resourcePolicy.Statement[0].Principal.AWS", "partial wildcard"},
	}
	for _, c := range cases {
		_, err := NewLoader().Load([]byte(c.data))
		if err == nil {
			t.Errorf("%s: accepted", c.data)
			continue
		}
		se, ok := err.(*Error)
		if !ok {
			t.Errorf("%s: error type %T: %v", c.data, err, err)
			continue
		}
		if !strings.HasPrefix(se.Path, c.path) || !strings.Contains(se.Error(), c.says) {
			t.Errorf("%s:\n got %q\nwant path %q and %q", c.data, se.Error(), c.path, c.says)
		}
	}
}

// The cache must not leak one line's default policy names into another.
func TestCacheKeepsPositionalNames(t *testing.T) {
	l := NewLoader()
	base := `{"principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject","identityPolicies":[`
	a, err := l.Load([]byte(base + okPolicy + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Load([]byte(base + `{"name":"x","document":{}},` + okPolicy + `]}`)); err == nil {
		t.Fatal("an empty document must not load")
	}
	b, err := l.Load([]byte(base + `{"name":"first","document":` + okPolicy + `},` + okPolicy + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	if a.Policies.Identity[0].Name != "identityPolicies[0]" || b.Policies.Identity[1].Name != "identityPolicies[1]" || b.Policies.Identity[0].Name != "first" {
		t.Errorf("names: %q / %q %q", a.Policies.Identity[0].Name, b.Policies.Identity[0].Name, b.Policies.Identity[1].Name)
	}
	if a.Policies.Identity[0].Policy != b.Policies.Identity[1].Policy {
		t.Error("the same document should be parsed once")
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"principal":"anonymous","action":"s3:GetObject","resourcePolicy":{"Version":"2012-10-17","Statement":[]}}`))
	f.Add([]byte(`{"principal":"arn:aws:iam::111122223333:root","action":"kms:Decrypt","context":{"a":["b"]},"scps":[[]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := NewLoader().Load(data)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if s.Request.Action == "" || s.Request.Resource == "" {
			t.Fatalf("loaded a scenario without action or resource: %+v", s.Request)
		}
	})
}

// LoadInto leaves nothing of the scenario loaded before: loading a bare
// line over a full one gives what a fresh Load gives.
func TestLoadIntoReplacesEverything(t *testing.T) {
	full := `{"name":"n","source":"s","why":"w","principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject",
	  "resource":"arn:aws:s3:::b/k","resourceAccount":"111122223333","context":{"aws:SourceIp":"203.0.113.7"},
	  "identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}],
	  "resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]},
	  "permissionsBoundary":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]},
	  "sessionPolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]},
	  "vpcEndpointPolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]},
	  "scps":[[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}]],
	  "rcps":[[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}]],
	  "expect":{"decision":"allowed"}}`
	bare := `{"principal":"anonymous","action":"s3:GetObject"}`
	l := NewLoader()
	var s Scenario
	if err := l.LoadInto(&s, []byte(full)); err != nil {
		t.Fatal(err)
	}
	if s.Policies.Resource == nil || s.Expect == nil || s.Request.Context == nil {
		t.Fatalf("the full line did not load whole: %+v", s)
	}
	if err := l.LoadInto(&s, []byte(bare)); err != nil {
		t.Fatal(err)
	}
	fresh, err := NewLoader().Load([]byte(bare))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, *fresh) {
		t.Errorf("loaded over a full scenario:\n%+v\nwant, as loaded fresh:\n%+v", s, *fresh)
	}
}
