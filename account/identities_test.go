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
