package jsonscan

// intern returns a constant string equal to b for the names that fill most
// scenario lines: the scenario's own members, a named policy's, and AWS's
// global condition keys (reference_policies_condition-keys.md) with the
// values of boolean ones. Decoding them then allocates nothing. The switch
// compares without converting b.
func intern(b []byte) (string, bool) {
	switch string(b) {
	case "principal":
		return "principal", true
	case "action":
		return "action", true
	case "resource":
		return "resource", true
	case "resourceAccount":
		return "resourceAccount", true
	case "context":
		return "context", true
	case "identityPolicies":
		return "identityPolicies", true
	case "resourcePolicy":
		return "resourcePolicy", true
	case "permissionsBoundary":
		return "permissionsBoundary", true
	case "sessionPolicy":
		return "sessionPolicy", true
	case "vpcEndpointPolicy":
		return "vpcEndpointPolicy", true
	case "scps":
		return "scps", true
	case "rcps":
		return "rcps", true
	case "name":
		return "name", true
	case "source":
		return "source", true
	case "why":
		return "why", true
	case "description":
		return "description", true
	case "expect":
		return "expect", true
	case "document":
		return "document", true
	case "true":
		return "true", true
	case "false":
		return "false", true
	case "aws:CurrentTime":
		return "aws:CurrentTime", true
	case "aws:EpochTime":
		return "aws:EpochTime", true
	case "aws:MultiFactorAuthAge":
		return "aws:MultiFactorAuthAge", true
	case "aws:MultiFactorAuthPresent":
		return "aws:MultiFactorAuthPresent", true
	case "aws:PrincipalAccount":
		return "aws:PrincipalAccount", true
	case "aws:PrincipalArn":
		return "aws:PrincipalArn", true
	case "aws:PrincipalIsAWSService":
		return "aws:PrincipalIsAWSService", true
	case "aws:PrincipalOrgID":
		return "aws:PrincipalOrgID", true
	case "aws:PrincipalOrgPaths":
		return "aws:PrincipalOrgPaths", true
	case "aws:PrincipalServiceName":
		return "aws:PrincipalServiceName", true
	case "aws:PrincipalType":
		return "aws:PrincipalType", true
	case "aws:RequestedRegion":
		return "aws:RequestedRegion", true
	case "aws:ResourceAccount":
		return "aws:ResourceAccount", true
	case "aws:SecureTransport":
		return "aws:SecureTransport", true
	case "aws:SourceAccount":
		return "aws:SourceAccount", true
	case "aws:SourceArn":
		return "aws:SourceArn", true
	case "aws:SourceIp":
		return "aws:SourceIp", true
	case "aws:SourceVpc":
		return "aws:SourceVpc", true
	case "aws:SourceVpce":
		return "aws:SourceVpce", true
	case "aws:TagKeys":
		return "aws:TagKeys", true
	case "aws:TokenIssueTime":
		return "aws:TokenIssueTime", true
	case "aws:userid":
		return "aws:userid", true
	case "aws:username":
		return "aws:username", true
	case "aws:ViaAWSService":
		return "aws:ViaAWSService", true
	}
	return "", false
}
