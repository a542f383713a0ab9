package policy

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/whydenied/whydenied/condition"
)

func marshal(t *testing.T, p *Policy) string {
	t.Helper()
	b, err := p.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	if !json.Valid(b) {
		t.Fatalf("MarshalJSON wrote invalid JSON: %s", b)
	}
	return string(b)
}

// TestMarshalCanonical: the output keeps what the author chose where AWS
// accepts both forms (Statement object or list; string or list, per
// reference_policies_grammar.md "the brackets are optional"; "*" versus
// {"AWS": "*"}, reference_policies_elements_principal.md), writes elements
// in one fixed order, and keeps conditions in document order.
func TestMarshalCanonical(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"single statement object",
			`{"Statement": {"Resource": "*", "Action": "s3:GetObject", "Effect": "Allow"}, "Version": "2012-10-17"}`,
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`},
		{"list of one statement",
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["*"]}]}`,
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["*"]}]}`},
		{"id and sid, even empty",
			`{"Id":"","Statement":[{"Sid":"","Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:s3:::b"}]}`,
			`{"Id":"","Statement":[{"Sid":"","Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:s3:::b"}]}`},
		{"principal forms",
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},{"Effect":"Deny","NotPrincipal":{"Service":["a.amazonaws.com"],"AWS":"*"},"Action":"s3:*","Resource":"*"}]}`,
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},{"Effect":"Deny","NotPrincipal":{"AWS":"*","Service":["a.amazonaws.com"]},"Action":"s3:*","Resource":"*"}]}`},
		{"condition order and value forms",
			`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":["home/*"],"aws:username":"bob"},"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":10}}}}`,
			`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"s3:prefix":["home/*"],"aws:username":"bob"},"Bool":{"aws:SecureTransport":"true"},"NumericLessThan":{"s3:max-keys":"10"}}}}`},
		{"empty condition",
			`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{}}}`,
			`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{}}}`},
		{"escapes",
			`{"Statement":{"Sid":"a\"b\\c\u0001\n\u2028é\ud83d\ude00","Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
			`{"Statement":{"Sid":"a\"b\\c\u0001\n\u2028é😀","Effect":"Allow","Action":"s3:*","Resource":"*"}}`},
		{"from a JSON string",
			`"{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"`,
			`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := marshal(t, mustParse(t, tt.in))
			if got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
			if again := marshal(t, mustParse(t, got)); again != got {
				t.Fatalf("not stable:\n%s\n%s", got, again)
			}
		})
	}
}

// TestMarshalBuiltInCode: policies assembled by other packages (e.g. a
// suggested fix) marshal sensibly without the parser's hidden fields.
func TestMarshalBuiltInCode(t *testing.T) {
	p := &Policy{Version: Version2012, Statements: []Statement{{
		Effect:   Allow,
		Action:   Values{List: []string{"s3:GetObject"}, Set: true, Single: true},
		Resource: Values{List: []string{"arn:aws:s3:::b/*"}, Set: true},
		Condition: condition.Block{
			{Operator: "StringEquals", Key: "aws:PrincipalTag/team", Values: []string{"blue"}},
			{Operator: "Bool", Key: "aws:SecureTransport", Values: []string{"true"}},
			{Operator: "StringEquals", Key: "aws:ResourceTag/team", Values: []string{"blue", "red"}},
		},
	}}}
	want := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*"],"Condition":{"StringEquals":{"aws:PrincipalTag/team":["blue"],"aws:ResourceTag/team":["blue","red"]},"Bool":{"aws:SecureTransport":["true"]}}}]}`
	if got := marshal(t, p); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if err := mustParse(t, want).Validate(Identity); err != nil {
		t.Fatalf("marshalled policy does not validate: %v", err)
	}
}

// TestMarshalRejectsWhatJSONCannotHold: states only code can build.
func TestMarshalRejectsWhatJSONCannotHold(t *testing.T) {
	tests := []struct {
		name string
		st   Statement
		path string
	}{
		{"wildcard with types", Statement{Effect: Allow, Principal: &Principal{Wildcard: true, AWS: Values{List: []string{"1"}, Set: true}}}, "Statement[0].Principal"},
		{"same key twice", Statement{Effect: Allow, Condition: condition.Block{
			{Operator: "StringEquals", Key: "k", Values: []string{"a"}},
			{Operator: "StringEquals", Key: "k", Values: []string{"b"}},
		}}, "Statement[0].Condition.StringEquals.k"},
	}
	for _, tt := range tests {
		_, err := (&Policy{Statements: []Statement{tt.st}}).MarshalJSON()
		var pe *Error
		if err == nil || !errorsAs(err, &pe) || pe.Path != tt.path {
			t.Errorf("%s: got %v, want an error at %s", tt.name, err, tt.path)
		}
	}
}

// TestMarshalThroughEncodingJSON: a *Policy inside another value is written
// by encoding/json through MarshalJSON.
func TestMarshalThroughEncodingJSON(t *testing.T) {
	p := mustParse(t, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a<b>&c"}}`)
	b, err := json.Marshal(struct{ Policy *Policy }{p})
	if err != nil {
		t.Fatal(err)
	}
	var back struct{ Policy json.RawMessage }
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	q, err := Parse(back.Policy)
	if err != nil {
		t.Fatal(err)
	}
	if got := q.Statements[0].Resource.List[0]; got != "arn:aws:s3:::a<b>&c" {
		t.Fatalf("got %q", got)
	}
	var nilPolicy *Policy
	if b, _ := json.Marshal(struct{ P *Policy }{nilPolicy}); !strings.Contains(string(b), `"P":null`) {
		t.Fatalf("nil policy: %s", b)
	}
}

func errorsAs(err error, target **Error) bool { return errors.As(err, target) }
