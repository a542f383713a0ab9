package account

import (
	"strings"
	"testing"
)

func TestIdentities(t *testing.T) {
	s, err := Load("../testdata/account/basic")
	if err != nil {
		t.Fatal(err)
	}
	got := s.Identities("111122223333")
	want := "arn:aws:iam::111122223333:user/alice arn:aws:iam::111122223333:user/bob arn:aws:iam::111122223333:role/ci/deploy arn:aws:iam::111122223333:role/ops-admin"
	if strings.Join(got, " ") != want {
		t.Errorf("Identities = %v", got)
	}
	if s.Identities("000000000000") != nil {
		t.Error("an account the snapshot lacks has no identities")
	}
}

// The session-tag caveat is said only when some policy of the request reads
// principal tags: otherwise it changes nothing and is noise.
func TestSessionTagCaveatOnlyWhenTagsAreRead(t *testing.T) {
	s, err := Load("../testdata/account/basic")
	if err != nil {
		t.Fatal(err)
	}
	has := func(action, resource string) bool {
		r, err := s.Resolve(Query{Principal: "arn:aws:sts::111122223333:assumed-role/deploy/ci-1", Action: action, Resource: resource})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range r.Notes {
			if strings.Contains(n, "session tags") {
				return true
			}
		}
		return false
	}
	if !has("sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:jobs") {
		t.Error("the queue policy reads aws:PrincipalTag/team: the caveat should be there")
	}
	if has("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab") {
		t.Error("no policy of this KMS request reads principal tags: no caveat expected")
	}
}
