package account

import "testing"

func TestLoadBasic(t *testing.T) {
	s := loadBasic(t)
	for _, p := range s.Problems() {
		t.Errorf("unexpected problem: %v", p)
	}
	if got := s.Accounts(); len(got) != 2 || got[0] != "111122223333" || got[1] != "444455556666" {
		t.Errorf("Accounts() = %v", got)
	}
}
