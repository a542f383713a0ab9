package policy

import (
	"net/url"
	"reflect"
	"strconv"
	"testing"

	"github.com/whydenied/whydenied/condition"
)

func mustParse(t *testing.T, doc string) *Policy {
	t.Helper()
	p, err := Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse(%s): %v", doc, err)
	}
	return p
}

func list(s ...string) Values { return Values{List: s, Set: true} }
func single(s string) Values  { return Values{List: []string{s}, Set: true, Single: true} }
func sameValues(a, b Values) bool {
	if a.Set != b.Set || a.Single != b.Single || len(a.List) != len(b.List) {
		return false
	}
	for i := range a.List {
		if a.List[i] != b.List[i] {
			return false
		}
	}
	return true
}

// TestParseDocumentElements covers the top-level grammar
// (reference_policies_grammar.md, "policy = { <version_block?> <id_block?>
// <statement_block> }", and the notes: blocks in any order, Statement an
// object or an array; reference_policies_elements_version.md for Version).
func TestParseDocumentElements(t *testing.T) {
	stmt := `{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`
	tests := []struct {
		name       string
		doc        string
		version    string
		id         string
		statements int
	}{
		{"current version", `{"Version":"2012-10-17","Statement":[` + stmt + `]}`, "2012-10-17", "", 1},
		{"older version", `{"Version":"2008-10-17","Statement":[` + stmt + `]}`, "2008-10-17", "", 1},
		{"no version", `{"Statement":[` + stmt + `]}`, "", "", 1},
		{"id", `{"Version":"2012-10-17","Id":"cd3ad3d9-2776-4ef1-a904-4c229d1642ee","Statement":[` + stmt + `]}`, "2012-10-17", "cd3ad3d9-2776-4ef1-a904-4c229d1642ee", 1},
		{"id with spaces", `{"Id":"Admin Policy","Statement":[` + stmt + `]}`, "", "Admin Policy", 1},
		{"blocks in any order", `{"Statement":[` + stmt + `],"Id":"x","Version":"2012-10-17"}`, "2012-10-17", "x", 1},
		{"statement as one object", `{"Version":"2012-10-17","Statement":` + stmt + `}`, "2012-10-17", "", 1},
		{"several statements", `{"Statement":[` + stmt + `,` + stmt + `,` + stmt + `]}`, "", "", 3},
		{"white space everywhere", " \n\t{ \"Statement\" :\r\n [ " + stmt + " ] } \n", "", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.doc)
			if p.Version != tt.version || p.ID != tt.id || len(p.Statements) != tt.statements {
				t.Fatalf("got Version %q Id %q %d statements, want %q %q %d", p.Version, p.ID, len(p.Statements), tt.version, tt.id, tt.statements)
			}
			for i, st := range p.Statements {
				if st.Index != i {
					t.Errorf("statement %d has Index %d", i, st.Index)
				}
			}
		})
	}
}

// TestParseStatementElements covers each statement element
// (reference_policies_grammar.md <statement>; reference_policies_elements_action.md,
// _notaction.md, _resource.md, _notresource.md; "If the element takes an
// array ... but only one value is included, the brackets are optional").
func TestParseStatementElements(t *testing.T) {
	tests := []struct {
		name  string
		stmt  string
		check func(t *testing.T, st Statement)
	}{
		{"sid and effect", `{"Sid":"ThisStatementProvidesPermissionsForConsoleAccess","Effect":"Deny","Action":"*","Resource":"*"}`, func(t *testing.T, st Statement) {
			if st.Sid != "ThisStatementProvidesPermissionsForConsoleAccess" || st.Effect != Deny {
				t.Errorf("got Sid %q Effect %q", st.Sid, st.Effect)
			}
		}},
		{"action string", `{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"*"}`, func(t *testing.T, st Statement) {
			if !sameValues(st.Action, single("ec2:StartInstances")) || st.NotAction.Set {
				t.Errorf("got Action %+v NotAction %+v", st.Action, st.NotAction)
			}
		}},
		{"action list", `{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}`, func(t *testing.T, st Statement) {
			if !sameValues(st.Action, list("s3:Get*", "s3:List*")) {
				t.Errorf("got Action %+v", st.Action)
			}
		}},
		{"action list of one", `{"Effect":"Allow","Action":["iam:ChangePassword"],"Resource":"*"}`, func(t *testing.T, st Statement) {
			if !sameValues(st.Action, list("iam:ChangePassword")) {
				t.Errorf("got Action %+v", st.Action)
			}
		}},
		{"not action", `{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`, func(t *testing.T, st Statement) {
			if !sameValues(st.NotAction, single("iam:*")) || st.Action.Set {
				t.Errorf("got NotAction %+v Action %+v", st.NotAction, st.Action)
			}
		}},
		{"resource list", `{"Effect":"Allow","Action":"dynamodb:*","Resource":["arn:aws:dynamodb:us-east-2:111122223333:table/books_table","arn:aws:dynamodb:us-east-2:111122223333:table/magazines_table"]}`, func(t *testing.T, st Statement) {
			if !sameValues(st.Resource, list("arn:aws:dynamodb:us-east-2:111122223333:table/books_table", "arn:aws:dynamodb:us-east-2:111122223333:table/magazines_table")) {
				t.Errorf("got Resource %+v", st.Resource)
			}
		}},
		{"not resource", `{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}`, func(t *testing.T, st Statement) {
			if !sameValues(st.NotResource, list("arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*")) || st.Resource.Set {
				t.Errorf("got NotResource %+v", st.NotResource)
			}
		}},
		{"no resource (trust policy shape)", `{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`, func(t *testing.T, st Statement) {
			if st.Resource.Set || st.NotResource.Set {
				t.Errorf("got Resource %+v", st.Resource)
			}
		}},
		{"elements in any order", `{"Resource":"*","Action":"s3:*","Effect":"Allow","Sid":"1"}`, func(t *testing.T, st Statement) {
			if st.Sid != "1" || st.Effect != Allow {
				t.Errorf("got %+v", st)
			}
		}},
		{"no condition", `{"Effect":"Allow","Action":"s3:*","Resource":"*"}`, func(t *testing.T, st Statement) {
			if st.Condition != nil || st.Conditions != nil {
				t.Errorf("got Condition %v Conditions %v", st.Condition, st.Conditions)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, `{"Version":"2012-10-17","Statement":[`+tt.stmt+`]}`)
			tt.check(t, p.Statements[0])
		})
	}
}

// TestParsePrincipal covers <principal_block> (reference_policies_grammar.md)
// and the forms in reference_policies_elements_principal.md.
func TestParsePrincipal(t *testing.T) {
	tests := []struct {
		name      string
		principal string
		want      Principal
	}{
		{"everyone", `"*"`, Principal{Wildcard: true}},
		{"AWS star", `{"AWS":"*"}`, Principal{AWS: single("*")}},
		{"account ARN", `{"AWS":"arn:aws:iam::123456789012:root"}`, Principal{AWS: single("arn:aws:iam::123456789012:root")}},
		{"account list", `{"AWS":["123456789012","555555555555"]}`, Principal{AWS: list("123456789012", "555555555555")}},
		{"canonical user", `{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}`, Principal{CanonicalUser: single("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be")}},
		{"three forms", `{"AWS":["arn:aws:iam::123456789012:root","999999999999"],"CanonicalUser":"79a5"}`, Principal{AWS: list("arn:aws:iam::123456789012:root", "999999999999"), CanonicalUser: single("79a5")}},
		{"services", `{"Service":["ecs.amazonaws.com","elasticloadbalancing.amazonaws.com"]}`, Principal{Service: list("ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com")}},
		{"web identity", `{"Federated":"cognito-identity.amazonaws.com"}`, Principal{Federated: single("cognito-identity.amazonaws.com")}},
		{"saml", `{"Federated":"arn:aws:iam::111122223333:saml-provider/provider-name"}`, Principal{Federated: single("arn:aws:iam::111122223333:saml-provider/provider-name")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, elem := range []string{"Principal", "NotPrincipal"} {
				p := mustParse(t, `{"Statement":{"Effect":"Deny","`+elem+`":`+tt.principal+`,"Action":"s3:*","Resource":"*"}}`)
				got := p.Statements[0].Principal
				other := p.Statements[0].NotPrincipal
				if elem == "NotPrincipal" {
					got, other = other, got
				}
				if got == nil || other != nil {
					t.Fatalf("%s: got %v, other %v", elem, got, other)
				}
				if got.Wildcard != tt.want.Wildcard {
					t.Errorf("%s: Wildcard %v, want %v", elem, got.Wildcard, tt.want.Wildcard)
				}
				for k, key := range principalKeys {
					if !sameValues(*got.field(k), *tt.want.field(k)) {
						t.Errorf("%s: %s = %+v, want %+v", elem, key, *got.field(k), *tt.want.field(k))
					}
				}
			}
		})
	}
}

// TestParseCondition covers <condition_block> (reference_policies_grammar.md:
// values are strings, and "Quotation marks are optional for numeric and
// Boolean values"; reference_policies_elements_condition.md) and the order
// contract of Statement.Condition.
func TestParseCondition(t *testing.T) {
	tests := []struct {
		name    string
		cond    string
		want    condition.Block
		singles []bool
	}{
		{"string", `{"StringLike":{"s3:prefix":["janedoe/*"]}}`,
			condition.Block{{Operator: "StringLike", Key: "s3:prefix", Values: []string{"janedoe/*"}}}, []bool{false}},
		{"plain string", `{"StringEquals":{"aws:username":"johndoe"}}`,
			condition.Block{{Operator: "StringEquals", Key: "aws:username", Values: []string{"johndoe"}}}, []bool{true}},
		{"boolean without quotes", `{"Bool":{"aws:SecureTransport":false}}`,
			condition.Block{{Operator: "Bool", Key: "aws:SecureTransport", Values: []string{"false"}}}, []bool{true}},
		{"number without quotes", `{"NumericLessThanEquals":{"aws:MultiFactorAuthAge":3600}}`,
			condition.Block{{Operator: "NumericLessThanEquals", Key: "aws:MultiFactorAuthAge", Values: []string{"3600"}}}, []bool{true}},
		{"number text kept as written", `{"StringEquals":{"s3:max-keys":[10.50,-1e2,true]}}`,
			condition.Block{{Operator: "StringEquals", Key: "s3:max-keys", Values: []string{"10.50", "-1e2", "true"}}}, []bool{false}},
		{"document order", `{"StringEquals":{"b:k2":"1","a:k1":"2"},"Bool":{"aws:SecureTransport":"true"},"ForAnyValue:StringEquals":{"dynamodb:Attributes":["ID","PostDateTime"]}}`,
			condition.Block{
				{Operator: "StringEquals", Key: "b:k2", Values: []string{"1"}},
				{Operator: "StringEquals", Key: "a:k1", Values: []string{"2"}},
				{Operator: "Bool", Key: "aws:SecureTransport", Values: []string{"true"}},
				{Operator: "ForAnyValue:StringEquals", Key: "dynamodb:Attributes", Values: []string{"ID", "PostDateTime"}},
			}, []bool{true, true, true, false}},
		{"empty condition", `{}`, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":`+tt.cond+`}}`)
			st := p.Statements[0]
			if len(st.Condition) != len(tt.want) {
				t.Fatalf("got %d conditions %+v, want %+v", len(st.Condition), st.Condition, tt.want)
			}
			for i := range tt.want {
				if !reflect.DeepEqual(st.Condition[i], tt.want[i]) {
					t.Errorf("condition %d = %+v, want %+v", i, st.Condition[i], tt.want[i])
				}
			}
			if len(tt.want) > 0 && !reflect.DeepEqual(st.condSingle, tt.singles) {
				t.Errorf("singles = %v, want %v", st.condSingle, tt.singles)
			}
			if st.Conditions == nil {
				t.Errorf("Conditions is nil although the statement has a Condition element")
			}
		})
	}
}

// TestParseInputForms covers the wrappings AWS tools print documents in
// (reference aws-formats.md §4.1: URL-encoded per RFC 3986, decoded with
// PathUnescape so '+' stays a plus; §4.2: Organizations' Content is a plain
// JSON string).
func TestParseInputForms(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a+b/*"}}`
	tests := []struct {
		name  string
		input string
	}{
		{"object", doc},
		{"byte order mark", "\uFEFF" + doc},
		{"JSON string", strconv.Quote(doc)},
		{"JSON string with newlines", `"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::a+b/*\"}\n}"`},
		{"URL-encoded", url.PathEscape(doc)},
		{"URL-encoded upper-case escapes", "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aa+b%2F%2A%22%7D%7D"},
		{"URL-encoded inside a JSON string", strconv.Quote(url.PathEscape(doc))},
		{"URL-encoded with trailing newline", url.PathEscape(doc) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.input)
			st := p.Statements[0]
			if p.Version != "2012-10-17" || st.Effect != Allow || !sameValues(st.Resource, single("arn:aws:s3:::a+b/*")) {
				t.Fatalf("got %+v", p)
			}
		})
	}
}

// TestParseStringEscapes checks that JSON escapes decode as encoding/json
// decodes them (RFC 7159, which reference_policies_grammar.md points to).
func TestParseStringEscapes(t *testing.T) {
	tests := []struct{ raw, want string }{
		{`a\"b`, `a"b`},
		{`a\\b`, `a\b`},
		{`a\/b`, `a/b`},
		{`\b\f\n\r\t`, "\b\f\n\r\t"},
		{`\u00e9t\u00C9`, "étÉ"},
		{`\ud83d\ude00`, "😀"},
		{`\ud83d`, "\uFFFD"},
		{`\ude00x`, "\uFFFDx"},
		{"caf\xc3\xa9", "café"},
		{"bad\xffbyte", "bad\uFFFDbyte"},
	}
	for _, tt := range tests {
		p := mustParse(t, `{"Statement":{"Sid":"`+tt.raw+`","Effect":"Allow","Action":"s3:*","Resource":"*"}}`)
		if got := p.Statements[0].Sid; got != tt.want {
			t.Errorf("Sid %q decoded to %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// TestParseDoesNotAliasInput makes sure a caller may reuse its buffer.
func TestParseDoesNotAliasInput(t *testing.T) {
	buf := []byte(`{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`)
	p, err := Parse(buf)
	if err != nil {
		t.Fatal(err)
	}
	for i := range buf {
		buf[i] = 'x'
	}
	if got := p.Statements[0].Action.List[0]; got != "s3:GetObject" {
		t.Fatalf("Action changed with the input buffer: %q", got)
	}
}

// TestParseListsAreIndependent makes sure appending to one parsed list never
// overwrites another (they share backing arrays).
func TestParseListsAreIndependent(t *testing.T) {
	p := mustParse(t, `{"Statement":[{"Effect":"Allow","Action":["a:b","c:d"],"Resource":"*"},{"Effect":"Allow","Action":"e:f","Resource":["arn:aws:s3:::x"]}]}`)
	a := p.Statements[0].Action.List
	_ = append(a, "overwrite")
	if got := p.Statements[0].Resource.List[0]; got != "*" {
		t.Fatalf("append to Action overwrote Resource: %q", got)
	}
	if got := p.Statements[1].Action.List[0]; got != "e:f" {
		t.Fatalf("append overwrote the next statement: %q", got)
	}
}
