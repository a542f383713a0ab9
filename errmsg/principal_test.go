package errmsg

import "testing"

// ARN forms from reference_identifiers.md ("IAM ARNs", examples) and the
// principal list of DESIGN.md's scenario contract. A session ARN carries
// no role path (aws-formats.md §1.13), so RoleARN cannot give one back.
func TestRoleARNAndPrincipalKind(t *testing.T) {
	cases := []struct {
		principal, kind, role string
	}{
		{"arn:aws:iam::123456789012:root", KindRoot, ""},
		{"arn:aws:iam::123456789012:user/JohnDoe", KindUser, ""},
		{"arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/JaneDoe", KindUser, ""},
		{"arn:aws:iam::123456789012:role/S3Access", KindRole, "arn:aws:iam::123456789012:role/S3Access"},
		{"arn:aws:iam::123456789012:role/application_abc/component_xyz/RDSAccess", KindRole, "arn:aws:iam::123456789012:role/application_abc/component_xyz/RDSAccess"},
		{"arn:aws:sts::123456789012:assumed-role/Accounting-Role/JaneDoe", KindRoleSession, "arn:aws:iam::123456789012:role/Accounting-Role"},
		{"arn:aws-cn:sts::123456789012:assumed-role/Accounting-Role/JaneDoe", KindRoleSession, "arn:aws-cn:iam::123456789012:role/Accounting-Role"},
		{"arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane@example.com", KindRoleSession, "arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123456789abcdef"},
		{"arn:aws:sts::123456789012:federated-user/JohnDoe", KindFederatedUser, ""},
		{"anonymous", KindAnonymous, ""},
		{"lambda.amazonaws.com", KindService, ""},
		{"123456789012", KindAccount, ""},
		{"arn:aws:iam::123456789012:group/Developers", "", ""},
		{"arn:aws:sts::123456789012:assumed-role/OnlyRole", "", ""},
		{"arn:aws:sts::123456789012:user/MaryMajor", "", ""}, // as aws-formats.md §1.6 prints it: not a real form
		{"", "", ""},
		{"not an arn", "", ""},
	}
	for _, c := range cases {
		r := &Reading{Principal: c.principal}
		if got := r.PrincipalKind(); got != c.kind {
			t.Errorf("PrincipalKind(%q) = %q, want %q", c.principal, got, c.kind)
		}
		if got := r.RoleARN(); got != c.role {
			t.Errorf("RoleARN(%q) = %q, want %q", c.principal, got, c.role)
		}
	}
}
