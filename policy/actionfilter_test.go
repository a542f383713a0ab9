package policy

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/whydenied/whydenied/internal/wildcard"
)

// statementWith parses a one-statement policy whose Action (or NotAction)
// is patterns.
func statementWith(t testing.TB, element string, patterns []string) *Statement {
	t.Helper()
	list, err := json.Marshal(patterns)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","` + element + `":` + string(list) + `,"Resource":"*"}]}`))
	if err != nil {
		t.Fatalf("%s %v: %v", element, patterns, err)
	}
	return &p.Statements[0]
}

// Action names are not case-sensitive, and '*' and '?' are the only
// wildcards (reference_policies_elements_action.md): the filter must say
// "may match" for every action a pattern matches. Where it says "cannot
// match", the pattern would not have matched either.
func TestMayMatchAction(t *testing.T) {
	cases := []struct {
		patterns []string
		action   string
		may      bool
	}{
		{[]string{"s3:GetObject"}, "s3:GetObject", true},
		{[]string{"s3:GetObject"}, "S3:getobject", true}, // case-insensitive
		{[]string{"s3:GetObject"}, "s3:PutObject", false},
		{[]string{"s3:GetObject", "sqs:SendMessage"}, "SQS:SendMessage", true},
		{[]string{"s3:Get*"}, "s3:GetObjectTagging", true},
		{[]string{"s3:Get*"}, "S3:PutObject", true}, // same service: the patterns decide
		{[]string{"s3:Get*"}, "sqs:SendMessage", false},
		{[]string{"S3:*"}, "s3:ListBucket", true},
		{[]string{"s3:?etObject"}, "s3:GetObject", true},
		{[]string{"*"}, "kms:Decrypt", true},
		{[]string{"s*:Get*"}, "sqs:GetQueueUrl", true}, // wildcard in the service part
		{[]string{"?3:GetObject"}, "s3:GetObject", true},
		{[]string{"iam:PassRole", "*"}, "ec2:RunInstances", true},
		// The Kelvin sign folds to 'k' under Unicode case folding.
		{[]string{"kms:Decrypt"}, "\u212Ams:Decrypt", true},
		{[]string{"\u212Ams:Decrypt"}, "kms:Decrypt", true},
	}
	for _, c := range cases {
		for _, element := range []string{"Action", "NotAction"} {
			st := statementWith(t, element, c.patterns)
			if got := st.MayMatchAction(NewActionKey(c.action)); got != c.may {
				t.Errorf("%s %q, action %q: MayMatchAction = %v, want %v", element, c.patterns, c.action, got, c.may)
			}
		}
	}
}

// A statement that did not come from Parse has no summary and must never be
// rejected by it.
func TestMayMatchActionUnsummarized(t *testing.T) {
	st := Statement{Effect: Allow, Action: Values{List: []string{"s3:GetObject"}, Set: true}}
	if !st.MayMatchAction(NewActionKey("sqs:SendMessage")) {
		t.Fatal("a statement built by hand was rejected by its (absent) action summary")
	}
}

// checkActionFilter fails t when the summary of patterns rejects action
// although one of the patterns matches it.
func checkActionFilter(t *testing.T, patterns []string, action string) {
	t.Helper()
	for _, element := range []string{"Action", "NotAction"} {
		p, err := Parse(mustJSON(t, element, patterns))
		if err != nil {
			return
		}
		st := &p.Statements[0]
		if st.MayMatchAction(NewActionKey(action)) {
			continue
		}
		for _, pat := range st.Action.List {
			if wildcard.MatchFold(pat, action) {
				t.Fatalf("%s %q: action %q matches %q but the summary rejected it", element, patterns, action, pat)
			}
		}
		for _, pat := range st.NotAction.List {
			if wildcard.MatchFold(pat, action) {
				t.Fatalf("%s %q: action %q matches %q but the summary rejected it", element, patterns, action, pat)
			}
		}
	}
}

func mustJSON(t *testing.T, element string, patterns []string) []byte {
	list, err := json.Marshal(patterns)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(`{"Statement":{"Effect":"Allow","` + element + `":` + string(list) + `}}`)
}

// TestMayMatchActionRandom compares the summary with the matcher on many
// random patterns and actions over a small alphabet, where collisions,
// wildcards in every position and case differences are frequent.
func TestMayMatchActionRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aAbB:*?s3\u212A"
	word := func(n int) string {
		var b strings.Builder
		runes := []rune(alphabet)
		for range rng.IntN(n) + 1 {
			b.WriteRune(runes[rng.IntN(len(runes))])
		}
		return b.String()
	}
	rejected := 0
	for range 20000 {
		patterns := make([]string, rng.IntN(3)+1)
		for i := range patterns {
			patterns[i] = word(6)
		}
		action := strings.NewReplacer("*", "a", "?", "b").Replace(word(4) + ":" + word(4))
		checkActionFilter(t, patterns, action)
		p, err := Parse(mustJSON(t, "Action", patterns))
		if err == nil && !p.Statements[0].MayMatchAction(NewActionKey(action)) {
			rejected++
		}
	}
	// The test is only worth something if the summary rejects often.
	if rejected < 1000 {
		t.Fatalf("the summary rejected only %d of 20000 random requests", rejected)
	}
}

// FuzzMayMatchAction: the summary never rejects an action that one of the
// statement's patterns matches.
func FuzzMayMatchAction(f *testing.F) {
	f.Add("s3:Get*", "sqs:*", "s3:GetObject")
	f.Add("S3:getobject", "", "s3:GetObject")
	f.Add("*", "kms:?ecrypt", "kms:Decrypt")
	f.Add("\u212Ams:Decrypt", "", "kms:decrypt")
	f.Fuzz(func(t *testing.T, p1, p2, action string) {
		patterns := []string{p1}
		if p2 != "" {
			patterns = append(patterns, p2)
		}
		checkActionFilter(t, patterns, action)
	})
}
