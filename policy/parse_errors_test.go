package policy

import (
	"errors"
	"strings"
	"testing"
)

// allErrors lists the *Error values in err (errors.Join keeps their order).
func allErrors(t *testing.T, err error) []*Error {
	t.Helper()
	var out []*Error
	for _, e := range flatten(err) {
		var pe *Error
		if !errors.As(e, &pe) {
			t.Fatalf("error %v (%T) is not a *policy.Error", e, e)
		}
		out = append(out, pe)
	}
	return out
}

type errCase struct {
	name string
	doc  string
	path string // Path of the first error
	msg  string // substring of its Msg
	line int    // 0: not checked
	col  int
}

func runErrCases(t *testing.T, tests []errCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(tt.doc))
			if err == nil {
				t.Fatalf("Parse accepted %s: %+v", tt.doc, p)
			}
			if p != nil {
				t.Errorf("Parse returned a policy with an error")
			}
			e := allErrors(t, err)[0]
			if e.Path != tt.path || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("got %q / %q\nwant path %q, message containing %q", e.Path, e.Msg, tt.path, tt.msg)
			}
			if tt.line != 0 && (e.Line != tt.line || e.Column != tt.col) {
				t.Errorf("got line %d column %d, want %d %d (%v)", e.Line, e.Column, tt.line, tt.col, e)
			}
		})
	}
}

// TestParseDocumentErrors: the top level (reference_policies_grammar.md,
// policy and <version_block>; reference_policies_elements_version.md: only
// two versions; troubleshoot_policies.md: one policy object, one Statement).
func TestParseDocumentErrors(t *testing.T) {
	ok := `{"Effect":"Allow","Action":"s3:*","Resource":"*"}`
	runErrCases(t, []errCase{
		{"empty input", ``, "", "empty document", 0, 0},
		{"only spaces", " \n\t ", "", "empty document", 0, 0},
		{"empty object", `{}`, "", "missing Statement", 1, 1},
		{"no statement", `{"Version":"2012-10-17"}`, "", "missing Statement", 1, 1},
		{"list at top", `[` + ok + `]`, "", "expected a policy document (a JSON object in { }), found a list", 1, 1},
		{"number at top", `42`, "", "found a number", 1, 1},
		{"unsupported version", `{"Version":"2012-10-18","Statement":` + ok + `}`, "Version", `unsupported version "2012-10-18": expected "2012-10-17" (current) or "2008-10-17"`, 1, 12},
		{"empty version", `{"Version":"","Statement":` + ok + `}`, "Version", `unsupported version ""`, 0, 0},
		{"version not a string", `{"Version":2012,"Statement":` + ok + `}`, "Version", `expected the string "2012-10-17", got the number 2012`, 0, 0},
		{"id not a string", `{"Id":["a"],"Statement":` + ok + `}`, "Id", "expected a string, got a list", 0, 0},
		{"unknown element", `{"Version":"2012-10-17","Comment":"x","Statement":` + ok + `}`, "", `unknown element "Comment": the top level of a policy holds only Version, Id and Statement`, 1, 25},
		{"lower-case statement", `{"statement":` + ok + `}`, "", `element names are case-sensitive, did you mean "Statement"?`, 0, 0},
		{"statement element at top", `{"Effect":"Allow","Statement":` + ok + `}`, "", `unknown top-level element "Effect": statement elements go inside "Statement"`, 0, 0},
		{"duplicate statement", "{\n\"Statement\": " + ok + ",\n\"Statement\": " + ok + "\n}", "", `duplicate "Statement" (first given at line 2, column 1): each name may appear only once; put all statements in one Statement list`, 3, 1},
		{"duplicate version", `{"Version":"2012-10-17","Version":"2012-10-17","Statement":` + ok + `}`, "", `duplicate "Version"`, 0, 0},
		{"empty statement list", `{"Statement":[]}`, "Statement", "expected at least one statement, got an empty list", 1, 14},
		{"statement is a string", `{"Statement":"Allow"}`, "Statement", `expected a statement object { ... } or a list of them, got the string "Allow"`, 0, 0},
		{"statement item not an object", `{"Statement":[` + ok + `,"x"]}`, "Statement[1]", `expected a statement object { ... }, got the string "x"`, 0, 0},
		{"two policy objects", "{\"Statement\":" + ok + "}\n{\"Statement\":" + ok + "}", "", "after the end of the policy document: a policy is one JSON object", 2, 1},
		{"trailing garbage", `{"Statement":` + ok + `} x`, "", `unexpected 'x' after the end of the policy document`, 1, 65},
	})
}

// TestParseStatementErrors: <statement> and its blocks
// (reference_policies_grammar.md; _elements_action.md "Statements must
// include either an Action or NotAction element"; troubleshoot_policies.md
// "More than one effect, action, or resource element").
func TestParseStatementErrors(t *testing.T) {
	doc := func(stmt string) string { return `{"Version":"2012-10-17","Statement":[` + stmt + `]}` }
	runErrCases(t, []errCase{
		{"empty statement", doc(`{}`), "Statement[0]", "empty statement", 1, 38},
		{"missing effect", doc(`{"Action":"s3:*","Resource":"*"}`), "Statement[0]", `missing Effect: every statement needs "Effect": "Allow" or "Effect": "Deny"`, 1, 38},
		{"missing action", doc(`{"Effect":"Allow","Resource":"*"}`), "Statement[0]", `missing Action: every statement needs "Action" or "NotAction"`, 0, 0},
		{"lower-case effect", doc(`{"Effect":"allow","Action":"s3:*","Resource":"*"}`), "Statement[0].Effect", `expected "Allow" or "Deny", got "allow" (Effect values are case-sensitive: write "Allow")`, 1, 48},
		{"other effect", doc(`{"Effect":"Permit","Action":"s3:*","Resource":"*"}`), "Statement[0].Effect", `expected "Allow" or "Deny", got "Permit"`, 0, 0},
		{"effect not a string", doc(`{"Effect":true,"Action":"s3:*","Resource":"*"}`), "Statement[0].Effect", `expected "Allow" or "Deny", got true`, 0, 0},
		{"action and not action", doc(`{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}`), "Statement[0]", "a statement may have Action or NotAction, not both", 1, 72},
		{"resource and not resource", doc(`{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}`), "Statement[0]", "a statement may have Resource or NotResource, not both", 0, 0},
		{"principal and not principal", doc(`{"Effect":"Deny","Principal":"*","NotPrincipal":"*","Action":"s3:*","Resource":"*"}`), "Statement[0]", "a statement may have Principal or NotPrincipal, not both", 0, 0},
		{"duplicate effect", doc(`{"Effect":"Deny","Effect":"Allow","Action":"ec2:*","Resource":"*"}`), "Statement[0]", `duplicate "Effect" (first given at line 1, column 39)`, 1, 55},
		{"duplicate resource", doc(`{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::my-bucket","Resource":"arn:aws:s3:::my-bucket/*"}`), "Statement[0]", "put all values in one list", 0, 0},
		{"unknown element", doc(`{"Effect":"Allow","Action":"s3:*","Resource":"*","Principals":"*"}`), "Statement[0]", `unknown element "Principals": a statement holds only Sid, Effect, Principal`, 0, 0},
		{"lower-case element", doc(`{"effect":"Allow","Action":"s3:*","Resource":"*"}`), "Statement[0]", `did you mean "Effect"?`, 0, 0},
		{"version inside statement", doc(`{"Version":"2012-10-17","Effect":"Allow","Action":"s3:*","Resource":"*"}`), "Statement[0]", "it belongs at the top level of the policy, outside Statement", 0, 0},
		{"sid not a string", doc(`{"Sid":1,"Effect":"Allow","Action":"s3:*","Resource":"*"}`), "Statement[0].Sid", "expected a string, got the number 1", 0, 0},
		{"action object", doc(`{"Effect":"Allow","Action":{"s3":"*"},"Resource":"*"}`), "Statement[0].Action", "expected a string or a list of strings, got an object", 0, 0},
		{"action empty list", doc(`{"Effect":"Allow","Action":[],"Resource":"*"}`), "Statement[0].Action", "expected at least one value, got an empty list", 0, 0},
		{"action item number", doc(`{"Effect":"Allow","Action":["s3:GetObject",7],"Resource":"*"}`), "Statement[0].Action[1]", "expected a string, got the number 7", 0, 0},
		{"resource null", doc(`{"Effect":"Allow","Action":"s3:*","Resource":null}`), "Statement[0].Resource", "expected a string or a list of strings, got null", 0, 0},
		{"nested list", doc(`{"Effect":"Allow","Action":[["s3:*"]],"Resource":"*"}`), "Statement[0].Action[0]", "expected a string, got a list", 0, 0},
		{"single statement path", `{"Statement":{"Effect":"Allow","Resource":"*"}}`, "Statement", "missing Action", 1, 14},
	})
}

// TestParsePrincipalErrors: <principal_block> and <principal_map_entry>
// (reference_policies_grammar.md; reference_policies_elements_principal.md:
// "To specify multiple service principals, you do not specify two Service
// elements; you can have only one").
func TestParsePrincipalErrors(t *testing.T) {
	doc := func(pr string) string {
		return `{"Statement":[{"Effect":"Allow","Principal":` + pr + `,"Action":"s3:*","Resource":"*"}]}`
	}
	runErrCases(t, []errCase{
		{"ARN as plain string", doc(`"arn:aws:iam::123412341234:user/MyUser"`), "Statement[0].Principal", `expected "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}, got the string "arn:aws:iam::123412341234:user/MyUser"`, 1, 45},
		{"empty map", doc(`{}`), "Statement[0].Principal", "expected at least one of AWS, Service, Federated or CanonicalUser, got an empty object", 0, 0},
		{"unknown type", doc(`{"User":"x"}`), "Statement[0].Principal", `unknown principal type "User": expected AWS, Service, Federated or CanonicalUser`, 1, 46},
		{"lower-case type", doc(`{"aws":"123456789012"}`), "Statement[0].Principal", `principal types are case-sensitive, did you mean "AWS"?`, 0, 0},
		{"two Service entries", doc(`{"Service":"ecs.amazonaws.com","Service":"elasticloadbalancing.amazonaws.com"}`), "Statement[0].Principal", `duplicate "Service"`, 0, 0},
		{"number", doc(`1`), "Statement[0].Principal", `expected "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}, got the number 1`, 0, 0},
		{"value object", doc(`{"AWS":{"a":"b"}}`), "Statement[0].Principal.AWS", "expected a string or a list of strings, got an object", 0, 0},
		{"empty value list", doc(`{"Service":[]}`), "Statement[0].Principal.Service", "expected at least one value, got an empty list", 0, 0},
	})
}

// TestParseConditionErrors: <condition_block> (reference_policies_grammar.md:
// operator -> key -> value list; values are strings, numbers or booleans)
// and the mapping of condition.Compile errors to paths.
func TestParseConditionErrors(t *testing.T) {
	doc := func(c string) string {
		return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\",\n     \"Condition\": " + c + "}\n  ]\n}"
	}
	runErrCases(t, []errCase{
		{"value is an object", doc(`{"StringEquals": {"aws:SourceIp": {"a": 1}}}`), `Statement[1].Condition.StringEquals."aws:SourceIp"`, "expected a string or a list of strings, got an object", 6, 53},
		{"value is null", doc(`{"StringEquals": {"aws:username": null}}`), `Statement[1].Condition.StringEquals."aws:username"`, "got null", 0, 0},
		{"value list holds null", doc(`{"StringEquals": {"aws:username": ["a", null]}}`), `Statement[1].Condition.StringEquals."aws:username"[1]`, "expected a string, got null", 0, 0},
		{"empty value list", doc(`{"StringEquals": {"aws:username": []}}`), `Statement[1].Condition.StringEquals."aws:username"`, "expected at least one value, got an empty list", 0, 0},
		{"condition is a list", doc(`[{"StringEquals": {"aws:username": "a"}}]`), `Statement[1].Condition`, `expected an object such as {"StringEquals": {"aws:PrincipalTag/team": "blue"}}, got a list`, 6, 19},
		{"operator holds a string", doc(`{"StringEquals": "aws:username"}`), `Statement[1].Condition.StringEquals`, `expected an object of condition keys such as {"aws:SourceIp": "203.0.113.0/24"}, got the string "aws:username"`, 0, 0},
		{"operator holds nothing", doc(`{"StringEquals": {}}`), `Statement[1].Condition.StringEquals`, "expected at least one condition key, got an empty object", 0, 0},
		{"duplicate operator", doc(`{"StringEquals": {"a:b": "1"}, "StringEquals": {"c:d": "2"}}`), `Statement[1].Condition`, `duplicate "StringEquals"`, 6, 50},
		{"duplicate key", doc(`{"StringEquals": {"a:b": "1", "a:b": "2"}}`), `Statement[1].Condition.StringEquals`, `duplicate "a:b"`, 0, 0},
		{"unknown operator", doc(`{"Bool": {"aws:SecureTransport": "true"}, "StringEqualz": {"aws:username": "a"}}`), `Statement[1].Condition.StringEqualz."aws:username"`, "", 6, 78},
		{"bad typed value", doc(`{"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}}`), `Statement[1].Condition.IpAddress."aws:SourceIp"`, "", 6, 34},
		{"qualified operator path", doc(`{"ForAnyValue:StringEqualz": {"aws:TagKeys": "a"}}`), `Statement[1].Condition."ForAnyValue:StringEqualz"."aws:TagKeys"`, "", 0, 0},
	})
}

// TestParseSyntaxErrors: malformed JSON is reported where it is, with the
// path of the element being read.
func TestParseSyntaxErrors(t *testing.T) {
	runErrCases(t, []errCase{
		{"missing comma", "{\"Statement\": {\"Effect\": \"Allow\"\n \"Action\": \"s3:*\"}}", "Statement", "invalid JSON: expected ',' or '}' after an object member, found '\"'", 2, 2},
		{"unterminated string", `{"Statement": {"Effect": "Allow`, "Statement.Effect", "string is not closed", 1, 26},
		{"unquoted value", `{"Statement": {"Effect": Allow}}`, "Statement.Effect", "unexpected 'A' (strings must be in double quotes)", 1, 26},
		{"single quotes", `{'Statement': 1}`, "", "expected a member name in double quotes, found '\\''", 1, 2},
		{"trailing comma", `{"Statement": {"Effect": "Allow", "Action": ["s3:*",]}}`, "Statement.Action[1]", "unexpected ']'", 0, 0},
		{"bad escape", `{"Statement": {"Sid": "a\qb"}}`, "Statement.Sid", `unknown escape \q`, 1, 25},
		{"bad unicode escape", `{"Statement": {"Sid": "a\u12"}}`, "Statement.Sid", `\u must be followed by four hexadecimal digits`, 0, 0},
		{"control character", "{\"Statement\": {\"Sid\": \"a\tb\"}}", "Statement.Sid", "control character", 1, 25},
		{"bad number", `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NumericEquals": {"s3:max-keys": 01}}}}`, `Statement.Condition.NumericEquals`, "expected ',' or '}' after an object member, found '1'", 0, 0},
		{"cut short", `{"Statement": [`, "Statement[0]", "the document ends where a value was expected", 0, 0},
		{"bad URL encoding", `%7B%ZZ`, "", "not valid URL encoding", 0, 0},
		{"string holding a list", `"[1]"`, "", "found a list", 0, 0},
		{"string then garbage", `"{}" x`, "", "after the end of the document string", 0, 0},
		{"string wrapping too deep", `"\"{}\""`, "", "found a string", 0, 0},
	})
}

// TestParseSkippedValueSyntax: the value of an unknown element is skipped,
// but its JSON must still be valid; the syntax error follows the grammar one.
func TestParseSkippedValueSyntax(t *testing.T) {
	tests := []struct{ doc, msg string }{
		{`{"Comment": {"a": [1, 2,]}, "Statement": {}}`, "invalid JSON: unexpected ']'"},
		{`{"Comment": ` + strings.Repeat("[", maxDepth+2) + `}`, "nested too deeply"},
		{`{"Comment": {"a" 1}}`, "expected ':' after a member name"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.doc))
		errs := allErrors(t, err)
		if len(errs) != 2 || !strings.Contains(errs[0].Msg, `unknown element "Comment"`) || errs[1].Path != "Comment" || !strings.Contains(errs[1].Msg, tt.msg) {
			t.Errorf("Parse(%.40s...) = %v; want the unknown element, then %q at Comment", tt.doc, err, tt.msg)
		}
	}
}

// TestParseReportsAllGrammarErrors: a person fixing a pasted policy sees
// every problem at once, in document order.
func TestParseReportsAllGrammarErrors(t *testing.T) {
	_, err := Parse([]byte(`{"Version":"1","Statement":[{"Effect":"allow","Action":"s3:*"},{"Effect":"Deny"}]}`))
	got := allErrors(t, err)
	want := []string{"Version", "Statement[0].Effect", "Statement[1]"}
	if len(got) != len(want) {
		t.Fatalf("got %d errors, want %d: %v", len(got), len(want), err)
	}
	for i := range want {
		if got[i].Path != want[i] {
			t.Errorf("error %d at %q, want %q", i, got[i].Path, want[i])
		}
	}
}

// TestErrorString checks the format promised to callers.
func TestErrorString(t *testing.T) {
	tests := []struct {
		err  Error
		want string
	}{
		{Error{Path: `Statement[2].Condition.StringEquals."aws:SourceIp"`, Msg: "expected a string or a list of strings, got an object", Line: 14, Column: 9},
			`Statement[2].Condition.StringEquals."aws:SourceIp": expected a string or a list of strings, got an object (line 14, column 9)`},
		{Error{Msg: "empty document"}, "empty document"},
		{Error{Path: "Version", Msg: "bad"}, "Version: bad"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

// TestErrorColumnCountsCharacters: columns count characters, as editors do.
func TestErrorColumnCountsCharacters(t *testing.T) {
	_, err := Parse([]byte(`{"Id":"ééé","Statement":{"Effect":"Nope","Action":"a:b","Resource":"*"}}`))
	e := allErrors(t, err)[0]
	if e.Line != 1 || e.Column != 35 {
		t.Fatalf("got line %d column %d, want 1 35 (%v)", e.Line, e.Column, e)
	}
}

// Within places a document's error under the path of the file holding it.
func TestWithin(t *testing.T) {
	_, err := Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"s3:*","Resource":"*"}]}`))
	if err == nil {
		t.Fatal("expected an error")
	}
	path, msg := Within("identityPolicies[0]", err)
	if path != "identityPolicies[0].Statement[0].Effect" || !strings.Contains(msg, "(line 1, column") || !strings.Contains(msg, "of the policy document") {
		t.Errorf("Within = %q, %q", path, msg)
	}
	if path, msg := Within("x", errors.New("plain")); path != "x" || msg != "plain" {
		t.Errorf("a plain error: %q, %q", path, msg)
	}
}
