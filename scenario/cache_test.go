package scenario

import (
	"fmt"
	"strings"
	"testing"
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
