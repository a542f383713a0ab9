package scenario

import (
	"fmt"
	"testing"

	"github.com/whydenied/whydenied/internal/jsonscan"
)

// FuzzTextsScalar: remembered or not, a value reads as jsonscan.Scalar
// reads it.
func FuzzTextsScalar(f *testing.F) {
	for _, s := range []string{`"s3:GetObject"`, `"a\"b"`, `"é"`, `"tab\there"`, `12`, `true`, `"x`, `"`, `""`, `"\u0041"`, "\"\x01\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var tx texts
		want, wantOK := jsonscan.Scalar(raw)
		for i := 0; i < 2; i++ { // the second time from memory
			if got, ok := tx.scalar(raw); got != want || ok != wantOK {
				t.Fatalf("pass %d: scalar(%q) = %q, %v; jsonscan.Scalar gives %q, %v", i, raw, got, ok, want, wantOK)
			}
		}
	})
}

// What a Loader remembers is bounded: past maxTexts strings it starts
// again, and still answers right.
func TestTextsBounded(t *testing.T) {
	var tx texts
	for i := 0; i < 3*maxTexts; i++ {
		raw := fmt.Sprintf(`"value-%d"`, i)
		if got, ok := tx.scalar([]byte(raw)); !ok || got != raw[1:len(raw)-1] {
			t.Fatalf("scalar(%s) = %q, %v", raw, got, ok)
		}
		if len(tx) > maxTexts {
			t.Fatalf("after %d strings it remembers %d, more than %d", i+1, len(tx), maxTexts)
		}
	}
}
