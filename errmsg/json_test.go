package errmsg

import (
	"encoding/json"
	"testing"
)

// DESIGN.md, "Contract: whydenied explain --format json": a field the
// message does not state is null, never "".
func TestMarshalUnstatedIsNull(t *testing.T) {
	data, err := json.Marshal(Reading{})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"errorCode", "operation", "service", "principal", "principalKind", "action", "resource",
		"policyType", "policyTypeText", "denyKind", "policyArn", "reason", "encodedMessage", "problem", "httpStatus",
		"requestId", "hostId", "tool", "message", "decoded"} {
		v, ok := m[k]
		if !ok {
			t.Errorf("field %q missing", k)
		} else if v != nil {
			t.Errorf("field %q = %v, want null", k, v)
		}
	}
	if v, ok := m["permissionError"]; !ok || v != false {
		t.Errorf("permissionError = %v, want false", v)
	}
	if n, ok := m["notes"].([]any); !ok || len(n) != 0 {
		t.Errorf("notes = %v, want []", m["notes"])
	}
}

// The pointer and the value marshal alike, so a *Reading inside another
// struct keeps the contract.
func TestMarshalPointerAndValue(t *testing.T) {
	r := &Reading{ErrorCode: "AccessDenied", HTTPStatus: 403, PermissionError: true, Notes: []string{"generic: x"}}
	a, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(*r)
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Errorf("pointer %s != value %s", a, b)
	}
	var m map[string]any
	_ = json.Unmarshal(a, &m)
	if m["errorCode"] != "AccessDenied" || m["httpStatus"] != float64(403) || m["permissionError"] != true {
		t.Errorf("marshalled %s", a)
	}
}

func TestMarshalDecodedEmptyLists(t *testing.T) {
	data, err := json.Marshal(DecodedMessage{MatchedStatements: []MatchedStatement{{StatementID: "s"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"allowed":false,"explicitDeny":false,"matchedStatements":[{"statementId":"s","effect":null,"principals":[],"principalGroups":[],"actions":[],"resources":[],"conditions":[]}],"failures":[],"principalId":null,"principalName":null,"principal":null,"action":null,"resource":null,"context":{}}`
	if string(data) != want {
		t.Errorf("got  %s\nwant %s", data, want)
	}
}
