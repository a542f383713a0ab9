package engine_test

import (
	"strings"
	"testing"
	"time"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/policy"
)

func mustPolicy(t testing.TB, name, doc string) engine.NamedPolicy {
	t.Helper()
	p, err := policy.Parse([]byte(doc))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return engine.NamedPolicy{Name: name, Policy: p}
}

func mustPrincipal(t testing.TB, s string) arn.Principal {
	t.Helper()
	p, err := arn.ParsePrincipal(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const allowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// The message templates come from troubleshoot_access-denied.md and
// shared/reference/aws-formats.md (the table of enhanced messages).
func TestMessages(t *testing.T) {
	user := mustPrincipal(t, "arn:aws:iam::123456789012:user/John")
	denySCP := mustPolicy(t, "arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"codecommit:*","Resource":"*"}]}`)
	cases := []struct {
		name   string
		req    engine.Request
		ps     engine.Policies
		want   string
		layers []engine.Layer
	}{
		{
			name:   "implicit identity, no resource",
			req:    engine.Request{Principal: user, Action: "codecommit:ListRepositories", Resource: "*"},
			want:   "User: arn:aws:iam::123456789012:user/John is not authorized to perform: codecommit:ListRepositories because no identity-based policy allows the codecommit:ListRepositories action",
			layers: []engine.Layer{engine.LayerIdentity},
		},
		{
			name: "explicit SCP deny names the policy ARN",
			req:  engine.Request{Principal: user, Action: "codecommit:ListRepositories", Resource: "*"},
			ps: engine.Policies{
				Identity: []engine.NamedPolicy{mustPolicy(t, "admin", allowAll)},
				SCPs:     [][]engine.NamedPolicy{{mustPolicy(t, "FullAWSAccess", allowAll), denySCP}},
			},
			want:   "User: arn:aws:iam::123456789012:user/John is not authorized to perform: codecommit:ListRepositories with an explicit deny in a service control policy: " + denySCP.Name,
			layers: []engine.Layer{engine.LayerSCP},
		},
		{
			name: "implicit SCP",
			req:  engine.Request{Principal: user, Action: "codecommit:ListRepositories", Resource: "*"},
			ps: engine.Policies{
				Identity: []engine.NamedPolicy{mustPolicy(t, "admin", allowAll)},
				SCPs:     [][]engine.NamedPolicy{{mustPolicy(t, "FullAWSAccess", allowAll)}, {mustPolicy(t, "ec2-only", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`)}},
			},
			want:   "User: arn:aws:iam::123456789012:user/John is not authorized to perform: codecommit:ListRepositories because no service control policy allows the codecommit:ListRepositories action",
			layers: []engine.Layer{engine.LayerSCP},
		},
		{
			name: "trust policy says the role trust policy",
			req:  engine.Request{Principal: user, Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/admin"},
			ps: engine.Policies{
				Identity: []engine.NamedPolicy{mustPolicy(t, "admin", allowAll)},
				Resource: ptr(mustPolicy(t, "trust", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::123456789012:user/John"},"Action":"sts:AssumeRole"}]}`)),
			},
			want:   "User: arn:aws:iam::123456789012:user/John is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/admin with an explicit deny in the role trust policy",
			layers: []engine.Layer{engine.LayerResource},
		},
		{
			name: "KMS key policy that does not allow",
			req:  engine.Request{Principal: mustPrincipal(t, "arn:aws:sts::123456789012:assumed-role/app/s1"), Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
			ps: engine.Policies{
				Identity: []engine.NamedPolicy{mustPolicy(t, "admin", allowAll)},
				Resource: ptr(mustPolicy(t, "key", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/other"},"Action":"kms:*","Resource":"*"}]}`)),
			},
			want:   "User: arn:aws:sts::123456789012:assumed-role/app/s1 is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab because no resource-based policy allows the kms:Decrypt action",
			layers: []engine.Layer{engine.LayerResource},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := engine.Evaluate(c.req, &c.ps)
			if res.Message != c.want {
				t.Errorf("message\n got: %s\nwant: %s", res.Message, c.want)
			}
			if strings.Join(layerStrings(res.DeniedBy), ",") != strings.Join(layerStrings(c.layers), ",") {
				t.Errorf("deniedBy %v, want %v", res.DeniedBy, c.layers)
			}
		})
	}
}

func TestAllowedHasNoMessage(t *testing.T) {
	res := engine.Evaluate(engine.Request{Principal: mustPrincipal(t, "arn:aws:iam::123456789012:user/John"), Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"},
		&engine.Policies{Identity: []engine.NamedPolicy{mustPolicy(t, "admin", allowAll)}})
	if res.Decision != engine.Allowed || res.Message != "" || len(res.DeniedBy) != 0 {
		t.Errorf("got %s %v %q", res.Decision, res.DeniedBy, res.Message)
	}
}

// reference_policies_condition-keys.md: aws:PrincipalArn, aws:PrincipalAccount,
// aws:PrincipalType, aws:username and aws:ResourceAccount are in every
// request from such a principal; a value the caller gives wins.
func TestDerivedContext(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*",
	  "Condition":{"StringEquals":{"aws:PrincipalType":"User","aws:PrincipalAccount":"123456789012","aws:PrincipalArn":"arn:aws:iam::123456789012:user/John","aws:ResourceAccount":"123456789012"}}}]}`
	ps := &engine.Policies{Identity: []engine.NamedPolicy{mustPolicy(t, "home", doc)}}
	req := engine.Request{Principal: mustPrincipal(t, "arn:aws:iam::123456789012:user/John"), Action: "s3:GetObject", Resource: "arn:aws:s3:::home/John/notes.txt"}
	if res := engine.Evaluate(req, ps); res.Decision != engine.Allowed {
		t.Fatalf("derived keys: got %s, trace %+v", res.Decision, res.Trace.Layers[0])
	}
	ctx := condition.NewContext()
	ctx.Set("aws:PrincipalType", "AssumedRole")
	req.Context = ctx
	if res := engine.Evaluate(req, ps); res.Decision != engine.ImplicitDeny {
		t.Fatalf("a given aws:PrincipalType must win over the derived one; got %s", res.Decision)
	}
	if v, _ := ctx.Get("aws:username"); v != nil {
		t.Fatalf("Evaluate modified the caller's context: aws:username = %v", v)
	}
}

// aws:CurrentTime comes from Request.Now when the context lacks it.
func TestCurrentTime(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}}]}`
	ps := &engine.Policies{Identity: []engine.NamedPolicy{mustPolicy(t, "until-2026", doc)}}
	req := engine.Request{Principal: mustPrincipal(t, "arn:aws:iam::123456789012:user/John"), Action: "s3:ListAllMyBuckets", Resource: "*"}
	req.Now = time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC)
	if res := engine.Evaluate(req, ps); res.Decision != engine.Allowed {
		t.Errorf("before the date: got %s", res.Decision)
	}
	req.Now = time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	if res := engine.Evaluate(req, ps); res.Decision != engine.ImplicitDeny {
		t.Errorf("after the date: got %s", res.Decision)
	}
}

// The trace names the first element of each statement that did not match.
func TestTraceNamesFailedElement(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[
	  {"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},
	  {"Sid":"R","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::other/*"},
	  {"Sid":"C","Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}`
	ps := &engine.Policies{Identity: []engine.NamedPolicy{mustPolicy(t, "p", doc)}}
	ctx := condition.NewContext()
	ctx.Set("aws:SourceIp", "198.51.100.7")
	req := engine.Request{Principal: mustPrincipal(t, "arn:aws:iam::123456789012:user/John"), Action: "s3:PutObject", Resource: "arn:aws:s3:::b/k", Context: ctx}
	res := engine.Evaluate(req, ps)
	sts := res.Trace.Layers[0].Policies[0].Statements
	want := []string{"action", "resource", "condition"}
	for i, w := range want {
		if sts[i].Failed != w || sts[i].Explanation() == "" {
			t.Errorf("statement %d: failed %q (%q), want %q with a detail", i, sts[i].Failed, sts[i].Explanation(), w)
		}
	}
	if sts[2].Condition == nil || sts[2].Condition.Key != "aws:SourceIp" {
		t.Errorf("condition mismatch not recorded: %+v", sts[2].Condition)
	}
}

func ptr[T any](v T) *T { return &v }

func layerStrings(ls []engine.Layer) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(l)
	}
	return out
}

// Snapshots name organization policies "Name (ARN)"; the message still ends
// with the bare policy ARN, as AWS prints it (aws-formats.md).
func TestMessageNamesPolicyARNInParentheses(t *testing.T) {
	user := mustPrincipal(t, "arn:aws:iam::123456789012:user/John")
	deny := mustPolicy(t, "DenyCodeCommit (arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd)",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"codecommit:*","Resource":"*"}]}`)
	res := engine.Evaluate(engine.Request{Principal: user, Action: "codecommit:ListRepositories", Resource: "*"}, &engine.Policies{
		Identity: []engine.NamedPolicy{mustPolicy(t, "admin", allowAll)},
		SCPs:     [][]engine.NamedPolicy{{mustPolicy(t, "FullAWSAccess", allowAll), deny}},
	})
	want := "with an explicit deny in a service control policy: arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd"
	if !strings.HasSuffix(res.Message, want) {
		t.Errorf("message %q does not end with %q", res.Message, want)
	}
}

// The message names the first policy of the blamed layer that has a
// matching Deny and is named by an ARN: not an earlier policy with an ARN
// and no matching Deny, nor one with a matching Deny and no ARN.
func TestMessageNamesFirstDenyingPolicyWithARN(t *testing.T) {
	user := mustPrincipal(t, "arn:aws:iam::123456789012:user/John")
	denyDoc := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`
	otherDeny := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}`
	res := engine.Evaluate(engine.Request{Principal: user, Action: "s3:GetObject", Resource: "*"}, &engine.Policies{
		Identity: []engine.NamedPolicy{
			mustPolicy(t, "arn:aws:iam::123456789012:policy/NoMatch", otherDeny),
			mustPolicy(t, "inline-deny", denyDoc),
			mustPolicy(t, "arn:aws:iam::123456789012:policy/DenyS3", denyDoc),
			mustPolicy(t, "arn:aws:iam::123456789012:policy/DenyS3Again", denyDoc),
		},
	})
	want := "with an explicit deny in an identity-based policy: arn:aws:iam::123456789012:policy/DenyS3"
	if !strings.HasSuffix(res.Message, want) {
		t.Errorf("message %q does not end with %q", res.Message, want)
	}
}

// A key the caller gives is not derived, however the context holds it: in
// its own keys, written in any case, in a context it reads through to
// (Overlay), or from its Defaults.
func TestDerivedContextGivenAnyWay(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"User"}}}]}`
	ps := &engine.Policies{Identity: []engine.NamedPolicy{mustPolicy(t, "users", doc)}}
	req := engine.Request{Principal: mustPrincipal(t, "arn:aws:iam::123456789012:user/John"), Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}
	own := condition.NewContext()
	own.Set("AWS:PRINCIPALTYPE", "AssumedRole")
	for name, ctx := range map[string]*condition.Context{
		"own key, upper case": own,
		"through an overlay":  own.Overlay(),
		"from defaults":       condition.NewContext().WithDefaults(fixedDefaults{"aws:PrincipalType": "AssumedRole"}),
	} {
		req.Context = ctx
		res := engine.Evaluate(req, ps)
		if res.Decision != engine.ImplicitDeny {
			t.Errorf("%s: got %s, want implicitDeny (the given AssumedRole, not the derived User)", name, res.Decision)
		}
		for _, k := range res.Trace.DerivedContext {
			if k == "aws:PrincipalType" {
				t.Errorf("%s: aws:PrincipalType listed as derived", name)
			}
		}
	}
}

// fixedDefaults is a condition.Defaults with fixed single values.
type fixedDefaults map[string]string

func (d fixedDefaults) Lookup(fk string) ([]string, bool) {
	for k, v := range d {
		if strings.ToLower(k) == fk {
			return []string{v}, true
		}
	}
	return nil, false
}

func (d fixedDefaults) Each(fn func(string, []string)) {
	for k, v := range d {
		fn(k, []string{v})
	}
}
