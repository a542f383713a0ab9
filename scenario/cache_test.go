package scenario

import (
	"fmt"
	"strings"
	"testing"

	"github.com/whydenied/whydenied/engine"
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
