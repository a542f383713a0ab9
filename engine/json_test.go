package engine

import (
	"encoding/json"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/whydenied/whydenied/arn"
	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/policy"
)

// plainResult has Result's fields and tags but not its MarshalJSON, so
// encoding/json encodes it by reflection: the reference for AppendJSON.
type plainResult Result

func sampleResult(s string) Result {
	lvl := 2
	return Result{
		Decision: ImplicitDeny, DeniedBy: []Layer{LayerIdentity, LayerSCP}, Message: s,
		Trace: Trace{
			Principal: "arn:aws:iam::111122223333:user/" + s, PrincipalKind: "user", Action: "s3:GetObject", Resource: s,
			ResourceAccount: "111122223333", CrossAccount: true, ResourcePolicy: "key", DerivedContext: []string{"aws:username", s},
			Notes: []string{s},
			Layers: []LayerTrace{
				{Layer: LayerIdentity, Present: true, Applies: true, Outcome: "noAllow", Policies: []PolicyTrace{{
					Name: s, Statements: []StatementTrace{
						{Index: 0, Sid: s, Effect: "Allow", Failed: "condition", Detail: s, Condition: &condition.Mismatch{Index: 1, Operator: "StringEquals", Key: s, PolicyValues: []string{s}, Reason: s}},
						{Index: 1, Effect: "Deny", Matched: true, Principal: "the account"},
					}}}},
				{Layer: LayerSCP, Present: true, Outcome: "notApplicable", Reason: s, Policies: []PolicyTrace{{Name: "x", Level: &lvl, Implied: true}}},
				{Layer: LayerRCP},
			},
		},
	}
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote\back`, "<b>&amp;</b>", "tab\tnl\ncr\r\x01\x1f", "é ü 漢字 😀", "bad\xffutf8", "line\u2028sep\u2029", "\x7f"} {
		r := sampleResult(s)
		got := r.AppendJSON(nil)
		want, err := json.Marshal(plainResult(r))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("for %q:\n got %s\nwant %s", s, got, want)
		}
	}
	var empty Result
	if got, want := empty.AppendJSON(nil), mustMarshal(t, plainResult(empty)); string(got) != string(want) {
		t.Errorf("zero result:\n got %s\nwant %s", got, want)
	}
}

// The writer copies the trace's fixed vocabulary (decisions, layer names,
// outcomes, failed elements, principal kinds, derived keys) without looking
// at it; any other value in those fields, as a caller may set, is escaped.
// Small and large indexes, effects and a layer that is absent or not quite
// are covered too.
func TestAppendJSONVocabulary(t *testing.T) {
	odd := []string{"", "plain", `q"uote\back`, "<b>&amp;</b>", "tab\tnl\n\x01", "é 漢字", "bad\xffutf8", "line\u2028sep"}
	known := []string{"allowed", "explicitDeny", "implicitDeny", "identity", "vpcEndpoint", "not present", "Allow", "Deny",
		"allow", "noAllow", "notApplicable", "condition", "notPrincipal", "assumed-role session", "anonymous",
		"aws:PrincipalArn", "aws:EpochTime"}
	for _, s := range append(odd, known...) {
		r := sampleResult("x")
		r.Decision, r.DeniedBy = Decision(s), []Layer{Layer(s), LayerSCP}
		r.Trace.PrincipalKind = s
		r.Trace.DerivedContext = []string{s, "aws:username"}
		l := &r.Trace.Layers[0]
		l.Layer, l.Reason, l.Outcome = Layer(s), s, s
		sts := l.Policies[0].Statements
		sts[0].Failed, sts[0].Effect, sts[0].Index, sts[0].Condition.Index = s, policy.Effect(s), 12, -3
		sts[1].Effect = policy.Effect(s)
		// An absent layer is written as one literal when it is just that.
		r.Trace.Layers[2] = LayerTrace{Layer: Layer(s), Reason: "not present", Outcome: s}
		r.Trace.Layers = append(r.Trace.Layers, LayerTrace{Layer: LayerRCP, Reason: "not present", Outcome: "notApplicable", Policies: []PolicyTrace{{Name: s}}})
		got := r.AppendJSON(nil)
		if want := mustMarshal(t, plainResult(r)); string(got) != string(want) {
			t.Errorf("for %q:\n got %s\nwant %s", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("a<b>\"c\"\\\u2028\xff")
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); string(got) != string(want) {
			t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Traces made by Evaluate write their Detail sentences lazily; the JSON must
// be what encoding/json writes once every Detail is filled in.
func TestAppendJSONLazyDetails(t *testing.T) {
	r := sampleResult("x")
	st := &r.Trace.Layers[0].Policies[0].Statements[1]
	for _, w := range []why{
		{subject: "s3:PutObject", text: " is not in Action ", list: []string{"s3:Get*", "s3:List<all>"}},
		{subject: "arn:aws:s3:::b/k", text: " does not match Resource ", list: []string{"arn:aws:s3:::b"}, note: " (x)"},
		{note: " only a note"},
		// Escaped piece by piece: quotes, HTML characters, control bytes,
		// U+2028, invalid and cut UTF-8 in the subject, the values and the note.
		{subject: "ec2:Run<\"x\">\xff", text: " is not in Action ", list: []string{"a\u2028b", "é\\\"", "\x01", "\xe2\x80"}},
		{subject: "arn:aws:s3:::b&c/\t", text: " does not match Resource ", list: []string{"漢字\xe2"}, note: " (a&b\"c\xff: a policy variable has no value in this request)"},
		{subject: "an anonymous caller", text: " is not named in Principal ", principal: &policy.Principal{
			AWS: policy.Values{Set: true, List: []string{"arn<1>", "\xe2\x80"}}, Service: policy.Values{Set: true, List: []string{"s&.amazonaws.com"}},
			CanonicalUser: policy.Values{Set: true, List: []string{"\u2029"}}}},
		{subject: "arn:aws:iam::111122223333:user/u", text: " is excluded by NotPrincipal ", principal: &policy.Principal{Wildcard: true}},
		{subject: "arn:aws:iam::111122223333:user/u", text: " is excluded by NotPrincipal ", principal: &policy.Principal{Federated: policy.Values{Set: true, List: []string{"cognito-identity.amazonaws.com"}}}},
	} {
		st.Detail, st.why = "", w
		got := r.AppendJSON(nil)
		filled := r
		st.Detail = st.Explanation()
		want := mustMarshal(t, plainResult(filled))
		st.Detail = ""
		if string(got) != string(want) {
			t.Errorf("\n got %s\nwant %s", got, want)
		}
	}
}

// Every byte value at every position of strings of every length up to 20
// (read byte by byte, as two overlapping halves, as words and an
// overlapping last word) and of a longer one is written as encoding/json
// writes it.
func TestAppendStringEveryByteEveryPosition(t *testing.T) {
	base := "arn:aws:s3:::artifacts-bucket/build/app.zip"
	for n := 1; n <= len(base); n++ {
		if n > 20 && n < len(base) {
			continue
		}
		for c := 0; c < 256; c++ {
			for pos := 0; pos < n && pos < 20; pos++ {
				s := []byte(base[:n])
				s[pos] = byte(c)
				want, _ := json.Marshal(string(s))
				if got := appendString(nil, string(s)); string(got) != string(want) {
					t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
				}
				if needsEscape(s) != (string(want) != `"`+string(s)+`"`) {
					t.Fatalf("needsEscape(%q) = %v", s, needsEscape(s))
				}
			}
		}
	}
}

// fillDetails writes every lazily kept Detail sentence into the trace, so
// that encoding/json (which knows nothing of them) writes what AppendJSON
// should.
func fillDetails(r *Result) {
	for i := range r.Trace.Layers {
		for j := range r.Trace.Layers[i].Policies {
			sts := r.Trace.Layers[i].Policies[j].Statements
			for k := range sts {
				sts[k].Detail = sts[k].Explanation()
			}
		}
	}
}

// The writer copies without looking the request's strings it found safe and
// the strings of policies whose text is safe (policy.JSONSafeStrings); with
// quotes, backslashes, HTML characters and non-ASCII text in the request or
// in the policies, the output must still be what encoding/json writes.
func TestAppendJSONFromEvaluate(t *testing.T) {
	mustParse := func(doc string) *policy.Policy {
		p, err := policy.Parse([]byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		return p
	}
	safe := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"S1","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":["arn:aws:s3:::other/*","arn:aws:s3:::${aws:PrincipalTag/none}/*"]},` +
		`{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"},` +
		`{"Effect":"Allow","NotAction":"s3:*","Resource":"*"},` +
		`{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::b*/*"}]}`
	unsafe := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"S\"<1>","Effect":"Allow","Action":["s3:Get*","s3:Put\u00e9"],"Resource":["arn:aws:s3:::a&b/*","arn:aws:s3:::\\x/*"]},` +
		`{"Sid":"Caf\u00e9","Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"},` +
		`{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::<b>*/*"}]}`
	resourcePolicy := func(doc string) *NamedPolicy {
		return &NamedPolicy{Name: "bucket <policy>", Policy: mustParse(doc)}
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Sid":"R","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:root","arn:aws:iam::111122223333:user/x&y"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	trustSafe := `{"Version":"2012-10-17","Statement":[{"Sid":"R","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:root"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	for _, principal := range []string{"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/a&b", "anonymous"} {
		for _, resource := range []string{"arn:aws:s3:::b/k", "arn:aws:s3:::b/\"k\"<é>"} {
			for _, docs := range [][2]string{{safe, trustSafe}, {unsafe, trust}, {safe, trust}, {unsafe, trustSafe}} {
				p, err := arn.ParsePrincipal(principal)
				if err != nil {
					t.Fatal(err)
				}
				req := Request{Principal: p, Action: "s3:GetObject", Resource: resource}
				ps := &Policies{
					Identity: []NamedPolicy{{Name: "id", Policy: mustParse(docs[0])}, {Name: "id2", Policy: mustParse(safe)}},
					Resource: resourcePolicy(docs[1]),
				}
				res := Evaluate(req, ps)
				got := res.AppendJSON(nil)
				fillDetails(&res)
				want := mustMarshal(t, plainResult(res))
				if string(got) != string(want) {
					t.Fatalf("%s on %s:\n got %s\nwant %s", principal, resource, got, want)
				}
			}
		}
	}
}

// A trace changed after Evaluate still writes valid JSON: the writer trusts
// only what the caller cannot change (the unexported detail), not a Sid.
func TestAppendJSONAfterChange(t *testing.T) {
	p, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"S1","Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	caller, _ := arn.ParsePrincipal("arn:aws:iam::111122223333:user/alice")
	res := Evaluate(Request{Principal: caller, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, &Policies{Identity: []NamedPolicy{{Name: "id", Policy: p}}})
	res.Trace.Layers[0].Policies[0].Statements[0].Sid = `S"<1>`
	got := res.AppendJSON(nil)
	fillDetails(&res)
	if want := mustMarshal(t, plainResult(res)); string(got) != string(want) {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
}

// The message is copied without being read when what it quotes (caller,
// action, resource, denying policy's ARN) is known to need no escaping and
// it is still the text Evaluate built; otherwise it is escaped.
func TestAppendJSONMessage(t *testing.T) {
	deny, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, principal := range []string{"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/a&b", "anonymous"} {
		for _, action := range []string{"s3:GetObject", "s3:Get<Object>"} {
			for _, resource := range []string{"*", "arn:aws:s3:::b/k", "arn:aws:s3:::b/\"k\"é"} {
				for _, name := range []string{"id", "arn:aws:iam::111122223333:policy/deny", "arn:aws:iam::111122223333:policy/a&b\u2028"} {
					p, err := arn.ParsePrincipal(principal)
					if err != nil {
						t.Fatal(err)
					}
					req := Request{Principal: p, Action: action, Resource: resource}
					ps := &Policies{Identity: []NamedPolicy{{Name: name, Policy: deny}}}
					for change := 0; change < 4; change++ {
						res := Evaluate(req, ps)
						if res.Message == "" {
							t.Fatalf("%s %s %s: no message", principal, action, resource)
						}
						switch change {
						case 1:
							res.Message += ` "changed" <after> Evaluate`
						case 2:
							res.Trace.Action = `s3:"Changed"`
						case 3:
							res.Trace.Principal, res.Trace.Resource = "x&y", "<r>"
						}
						got := res.AppendJSON(nil)
						fillDetails(&res)
						if want := mustMarshal(t, plainResult(res)); string(got) != string(want) {
							t.Fatalf("%s %s %s %s change %d:\n got %s\nwant %s", principal, action, resource, name, change, got, want)
						}
					}
				}
			}
		}
	}
}

// notAsIs is zero exactly for words of bytes asIs marks, and its lowest mark
// is at the first byte it does not: checked for every byte value at every
// position among as-is bytes, and on random words of mostly as-is bytes
// with anything above the first that is not.
func TestNotAsIs(t *testing.T) {
	check := func(w [8]byte) {
		x := uint64(0)
		for i := 7; i >= 0; i-- {
			x = x<<8 | uint64(w[i])
		}
		first := 8
		for i, c := range w {
			if !asIs[c] {
				first = i
				break
			}
		}
		m := notAsIs(x)
		if got := bits.TrailingZeros64(m) / 8; (m == 0) != (first == 8) || (m != 0 && got != first) {
			t.Fatalf("notAsIs(% x) = %#x: first byte not as is %d, want %d", w, m, got, first)
		}
	}
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			w := [8]byte{'a', 'r', 'n', ':', 'a', 'w', 's', '/'}
			w[pos] = byte(c)
			check(w)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 1_000_000; n++ {
		var w [8]byte
		for i := range w {
			if rng.IntN(8) == 0 {
				w[i] = byte(rng.IntN(256))
			} else {
				w[i] = byte(0x20 + rng.IntN(0x60))
			}
		}
		check(w)
	}
}

// appendContextKey copies the derived keys' names unescaped, which is right
// only while every one of them needs no escaping.
func TestDerivedKeysNeedNoEscaping(t *testing.T) {
	for _, k := range derivedKeys {
		if needsEscape(k[0]) {
			t.Errorf("derived key %q needs escaping", k[0])
		}
	}
}
