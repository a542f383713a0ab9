package scenario

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/policy"
)

// A long batch of distinct policies keeps the cache bounded, while a policy
// used on every line stays cached (the same parsed policy comes back).
func TestCacheBounded(t *testing.T) {
	l := NewLoader()
	hot := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	pad := strings.Repeat("x", 4000)
	var first any
	for i := 0; i < 3*generationBytes/4000; i++ {
		cold := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"S%d","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/%d"}]}`, i, pad, i)
		line := `{"principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject","resource":"arn:aws:s3:::b/k",` +
			`"permissionsBoundary":` + hot + `,"identityPolicies":[` + cold + `]}`
		s, err := l.Load([]byte(line))
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = s.Policies.PermissionsBoundary.Policy
		} else if any(s.Policies.PermissionsBoundary.Policy) != first {
			t.Fatalf("line %d: the policy used on every line was parsed again", i)
		}
		// Each line adds the policy and its list: at most two entries
		// of about 4 KB past the bound before a generation turns over.
		if held := l.cache.cur.bytes + l.cache.old.bytes; held > 2*generationBytes+2*5000 {
			t.Fatalf("line %d: the cache holds %d bytes of keys, more than two generations", i, held)
		}
	}
	if n := len(l.cache.cur.identityLists) + len(l.cache.old.identityLists); n >= 3*generationBytes/4000 {
		t.Errorf("every list is still cached (%d): nothing was dropped", n)
	}
}

// A Loader that has the line's policies cached (so that the walk over the
// line takes them as already checked) loads every line, good or bad, as a
// fresh Loader does: same error, or same policies.
func TestClaimedMembersLoadAsFresh(t *testing.T) {
	pol := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	rp := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`
	base := `"principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"`
	full := `{` + base + `,"identityPolicies":[` + pol + `,{"name":"n","document":` + pol + `}],"resourcePolicy":` + rp +
		`,"permissionsBoundary":` + pol + `,"scps":[[` + pol + `]],"rcps":[[]]}`
	lines := []string{
		full,
		full + ` x`,
		`{` + base + `,"identityPolicies":[` + pol + `,{"name":"n","document":` + pol + `}] "scps":[[` + pol + `]]}`,
		`{` + base + `,"identityPolicies":[` + pol + `,{"name":"n","document":` + pol + `}],"bogus":1}`,
		`{` + base + `,"identityPolicies":[` + pol + `,{"name":"n","document":` + pol + `}],"identityPolicies":[]}`,
		`{` + base + `,"scps":[[` + pol + `]],"context":{"k":[1,}}`,
		`{"action":"sts:AssumeRole","principal":"arn:aws:iam::111122223333:user/Bob","resource":"arn:aws:iam::111122223333:role/r","resourcePolicy":` + rp + `}`,
		`{` + base + `,"permissionsBoundary":` + pol + `,"sessionPolicy":` + pol + `,"vpcEndpointPolicy":` + rp + `}`,
	}
	loadsAsFresh(t, lines)
}

// Long members are also found by their first bytes (see cache.member): the
// same checks with policies past prefixLen bytes, two of which share their
// first prefixLen bytes, a policy used once as a resource policy and once
// as a trust policy, and one used as a boundary and as a session policy.
func TestClaimedLongMembersLoadAsFresh(t *testing.T) {
	long := strings.Repeat("LongSidSharedByBothPolicies", 10)
	polA := `{"Version":"2012-10-17","Statement":[{"Sid":"` + long + `A","Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	polB := `{"Version":"2012-10-17","Statement":[{"Sid":"` + long + `B","Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	rp := `{"Version":"2012-10-17","Statement":[{"Sid":"` + long + `","Effect":"Allow","Principal":"*","Action":["s3:*","sts:AssumeRole"],"Resource":"*"}]}`
	if len(polA) < prefixLen || polA[:prefixLen] != polB[:prefixLen] {
		t.Fatal("the test policies must be long and share their first prefixLen bytes")
	}
	base := `"principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"`
	lines := []string{
		`{` + base + `,"identityPolicies":[` + polA + `],"resourcePolicy":` + rp + `,"permissionsBoundary":` + polA + `,"scps":[[` + polA + `]]}`,
		`{` + base + `,"identityPolicies":[` + polB + `],"resourcePolicy":` + rp + `,"permissionsBoundary":` + polB + `,"scps":[[` + polB + `]]}`,
		`{` + base + `,"identityPolicies":[` + polA + `,` + polB + `],"sessionPolicy":` + polA + `,"rcps":[[` + polA + `]]}`,
		`{` + base + `,"identityPolicies":[` + polA + `] "scps":[[` + polA + `]]}`,
		`{` + base + `,"permissionsBoundary":` + polA + `x}`,
		`{` + base + `,"permissionsBoundary":` + polB + `,"permissionsBoundary":` + polA + `}`,
		`{"action":"sts:AssumeRole","principal":"arn:aws:iam::111122223333:user/Bob","resource":"arn:aws:iam::111122223333:role/r","resourcePolicy":` + rp + `}`,
		`{` + base + `,"vpcEndpointPolicy":` + rp + `,"scps":[[` + polA + `]]}`,
	}
	loadsAsFresh(t, lines)
}

// loadsAsFresh loads every line with a Loader that has seen all of them
// and checks it gets what a fresh Loader gets.
func loadsAsFresh(t *testing.T, lines []string) {
	t.Helper()
	warm := NewLoader()
	for _, line := range lines {
		_, _ = warm.Load([]byte(line))
	}
	for _, line := range lines {
		a, errA := NewLoader().Load([]byte(line))
		b, errB := warm.Load([]byte(line))
		if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
			t.Fatalf("%s:\nfresh %v\nwarm  %v", line, errA, errB)
		}
		if errA != nil {
			continue
		}
		if !samePolicies(a, b) {
			t.Fatalf("%s: the policies differ", line)
		}
	}
}

// samePolicies compares two loads' policies by name and by their documents
// written back as JSON.
// contextText writes a scenario's request context out, keys sorted.
func contextText(s *Scenario) string {
	ctx := s.Request.Context
	if ctx == nil {
		return "<none>"
	}
	out := ""
	for _, k := range ctx.Keys() {
		v, _ := ctx.Get(k)
		out += fmt.Sprintf("%q=%q;", k, v)
	}
	return out
}

func samePolicies(a, b *Scenario) bool {
	doc := func(np *engine.NamedPolicy) string {
		if np == nil {
			return "<none>"
		}
		j, _ := np.Policy.MarshalJSON()
		return np.Name + "=" + string(j)
	}
	list := func(l []engine.NamedPolicy) string {
		s := ""
		for i := range l {
			s += doc(&l[i]) + ";"
		}
		return s
	}
	levels := func(ls [][]engine.NamedPolicy) string {
		s := ""
		for _, l := range ls {
			s += "[" + list(l) + "]"
		}
		return s
	}
	pa, pb := a.Policies, b.Policies
	return list(pa.Identity) == list(pb.Identity) && levels(pa.SCPs) == levels(pb.SCPs) && levels(pa.RCPs) == levels(pb.RCPs) &&
		doc(pa.Resource) == doc(pb.Resource) && doc(pa.PermissionsBoundary) == doc(pb.PermissionsBoundary) &&
		doc(pa.Session) == doc(pb.Session) && doc(pa.VPCEndpoint) == doc(pb.VPCEndpoint)
}

// FuzzWarmLoad: a Loader that has seen a line (and a second one) loads it
// again as a fresh Loader does, whatever the lines hold: the cache and the
// claims made from it never change a result.
func FuzzWarmLoad(f *testing.F) {
	long := strings.Repeat("x", prefixLen)
	pol := `{"Version":"2012-10-17","Statement":[{"Sid":"` + long + `","Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	base := `"principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"`
	f.Add([]byte(`{`+base+`,"identityPolicies":[`+pol+`],"permissionsBoundary":`+pol+`}`), []byte(`{`+base+`,"sessionPolicy":`+pol+`,"scps":[[`+pol+`]]}`))
	f.Add([]byte(`{`+base+`,"resourcePolicy":`+pol+`}`), []byte(`{`+base+`,"resourcePolicy":`+pol+`x}`))
	f.Add([]byte(`{`+base+`,"context":{"aws:SourceIp":"1.2.3.4","k":["a","b"]}}`), []byte(`{`+base+`,"context":{"aws:SourceIp":"1.2.3.4","K":["a"]}}`))
	f.Fuzz(func(t *testing.T, first, second []byte) {
		warm := NewLoader()
		_, _ = warm.Load(first)
		_, _ = warm.Load(second)
		for _, line := range [][]byte{first, second} {
			a, errA := NewLoader().Load(line)
			b, errB := warm.Load(line)
			if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
				t.Fatalf("%s:\nfresh %v\nwarm  %v", line, errA, errB)
			}
			if errA == nil && !samePolicies(a, b) {
				t.Fatalf("%s: the policies differ", line)
			}
			if errA == nil && contextText(a) != contextText(b) {
				t.Fatalf("%s: the contexts differ:\nfresh %s\nwarm  %s", line, contextText(a), contextText(b))
			}
		}
	})
}

// within reports whether s lies in the memory of outer.
func within(s, outer string) bool {
	if len(s) == 0 || len(outer) == 0 {
		return false
	}
	p, o := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(outer)))
	return p >= o && p+uintptr(len(s)) <= o+uintptr(len(outer))
}

// The policies of a list member are parsed from the very string the cache
// keeps as the list's key, so their text is in memory once; a list copied
// forward into a new generation keeps that string.
func TestCachedTextIsSharedWithPolicies(t *testing.T) {
	l := NewLoader()
	identity := `[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]},` +
		`{"name":"second","document":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}}]`
	scps := `[[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}]]`
	line := `{"principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject","resource":"arn:aws:s3:::b/k",` +
		`"identityPolicies":` + identity + `,"scps":` + scps + `}`
	s, err := l.Load([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	listKey := l.cache.cur.identityLists[identity].key
	orgKey := l.cache.cur.orgLevels[0][scps].key
	for i, np := range s.Policies.Identity {
		if a := np.Policy.Statements[0].Action.List[0]; !within(a, listKey) {
			t.Errorf("identityPolicies[%d]: Action %q is a copy, not part of the list's cached text", i, a)
		}
		// The policy's own entry shares the list's text as well.
		for k, e := range l.cache.cur.policies[policyKindOf(t, l, np)] {
			if e.v.policy == np.Policy && !within(k, listKey) {
				t.Errorf("identityPolicies[%d]: its cache key is a copy of the list's text", i)
			}
		}
	}
	if a := s.Policies.SCPs[0][0].Policy.Statements[0].Action.List[0]; !within(a, orgKey) {
		t.Errorf("scps: Action %q is a copy, not part of the cached text", a)
	}
	// Turn the generation over; the next load finds the list in the old
	// one and copies it forward under the same string.
	l.cache.grow(generationBytes + 1)
	if _, err := l.Load([]byte(line)); err != nil {
		t.Fatal(err)
	}
	e, ok := l.cache.cur.identityLists[identity]
	if !ok {
		t.Fatal("the list was not copied forward into the new generation")
	}
	if unsafe.StringData(e.key) != unsafe.StringData(listKey) {
		t.Error("the list was copied forward under a new copy of its text")
	}
}

func policyKindOf(t *testing.T, l *Loader, np engine.NamedPolicy) policy.Kind {
	t.Helper()
	for k, m := range l.cache.cur.policies {
		for _, e := range m {
			if e.v.policy == np.Policy {
				return k
			}
		}
	}
	t.Fatalf("policy %s is not in the cache", np.Name)
	return 0
}

// A slice that is not part of the member's bytes gets its own copy.
func TestMemberPartOfForeignBytes(t *testing.T) {
	m := newMember([]byte(`["abc"]`))
	inside := m.part(m.raw[1:6])
	if inside.src != `"abc"` || !within(inside.src, m.src) {
		t.Errorf("part of the member: got %q, shared %v; want \"abc\" shared", inside.src, within(inside.src, m.src))
	}
	other := []byte(`"abc"`)
	out := m.part(other)
	if out.src != `"abc"` || within(out.src, m.src) {
		t.Errorf("foreign bytes: got %q, shared %v; want a copy of \"abc\"", out.src, within(out.src, m.src))
	}
}

// A request context is decoded once per distinct text: lines that give the
// same bytes share it; other bytes, or a context with an error, do not.
func TestContextCached(t *testing.T) {
	l := NewLoader()
	line := func(ctx string) string {
		return `{"principal":"arn:aws:iam::111122223333:user/Bob","action":"s3:GetObject","context":` + ctx + `}`
	}
	load := func(ctx string) *Scenario {
		t.Helper()
		s, err := l.Load([]byte(line(ctx)))
		if err != nil {
			t.Fatalf("context %s: %v", ctx, err)
		}
		return s
	}
	a := load(`{"aws:SourceIp":"203.0.113.7","aws:TagKeys":["a","b"]}`)
	b := load(`{"aws:SourceIp":"203.0.113.7","aws:TagKeys":["a","b"]}`)
	if a.Request.Context != b.Request.Context {
		t.Error("the same context text was decoded twice")
	}
	c := load(`{"aws:SourceIp":"203.0.113.8"}`)
	if c.Request.Context == a.Request.Context {
		t.Fatal("a different context text got the cached context")
	}
	if v, _ := c.Request.Context.Get("aws:sourceip"); len(v) != 1 || v[0] != "203.0.113.8" {
		t.Errorf("aws:SourceIp = %v, want [203.0.113.8]", v)
	}
	bad := `{"aws:SourceIp":"1","AWS:SOURCEIP":"2"}`
	for i := 0; i < 2; i++ {
		if _, err := l.Load([]byte(line(bad))); err == nil || !strings.Contains(err.Error(), "appears twice") {
			t.Errorf("load %d of a context with a repeated key: error %v, want one about the repeat", i+1, err)
		}
	}
}
