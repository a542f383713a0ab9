package catalog

// globalKeys are AWS's global condition keys and their types. The service
// data lists only the aws: keys a service's actions name (mostly the tag
// keys), so aws:SourceIp and the like would otherwise have no type.
//
// Source: reference_policies_condition-keys.md (AWS global condition context
// keys), one section per key. Its "Works with ... operators" line gives the
// type (string, ARN, Boolean, date, numeric, IP address operators), and its
// "Value type – Multivalued" line makes a string key ArrayOfString, the name
// the service reference uses for multivalued strings. Where a key works with
// both ARN and string operators, ARN is its type; aws:EpochTime works with
// date or numeric operators and is given as Date.
//
// The last block is not in that snapshot of the guide; it lists global keys
// AWS added since, typed as AWS's current page types them.
var globalKeys = [...]ConditionKey{
	{"aws:CalledVia", "ArrayOfString"},
	{"aws:CalledViaFirst", "String"},
	{"aws:CalledViaLast", "String"},
	{"aws:CurrentTime", "Date"},
	{"aws:Ec2InstanceSourcePrivateIPv4", "IPAddress"},
	{"aws:Ec2InstanceSourceVpc", "String"},
	{"aws:EpochTime", "Date"},
	{"aws:FederatedProvider", "String"},
	{"aws:MultiFactorAuthAge", "Numeric"},
	{"aws:MultiFactorAuthPresent", "Bool"},
	{"aws:PrincipalAccount", "String"},
	{"aws:PrincipalArn", "ARN"},
	{"aws:PrincipalIsAWSService", "Bool"},
	{"aws:PrincipalOrgID", "String"},
	{"aws:PrincipalOrgPaths", "ArrayOfString"},
	{"aws:PrincipalServiceName", "String"},
	{"aws:PrincipalServiceNamesList", "ArrayOfString"},
	{"aws:PrincipalType", "String"},
	{"aws:referer", "String"},
	{"aws:RequestedRegion", "String"},
	{"aws:ResourceAccount", "String"},
	{"aws:ResourceOrgID", "String"},
	{"aws:ResourceOrgPaths", "ArrayOfString"},
	{"aws:SecureTransport", "Bool"},
	{"aws:SourceAccount", "String"},
	{"aws:SourceArn", "ARN"},
	{"aws:SourceIdentity", "String"},
	{"aws:SourceIp", "IPAddress"},
	{"aws:SourceVpc", "String"},
	{"aws:SourceVpce", "String"},
	{"aws:TagKeys", "ArrayOfString"},
	{"aws:TokenIssueTime", "Date"},
	{"aws:UserAgent", "String"},
	{"aws:userid", "String"},
	{"aws:username", "String"},
	{"aws:ViaAWSService", "Bool"},
	{"aws:VpcSourceIp", "IPAddress"},

	// Not in the guide snapshot (see above).
	{"aws:AssumedRoot", "Bool"},
	{"aws:SourceOrgID", "String"},
	{"aws:SourceOrgPaths", "ArrayOfString"},
	{"aws:SourceVpcArn", "ARN"},
	{"aws:VpceAccount", "String"},
	{"aws:VpceOrgID", "String"},
	{"aws:VpceOrgPaths", "ArrayOfString"},
}

// globalKeyTemplates are the global keys with a variable part, from the same
// page (aws:PrincipalTag/tag-key, aws:RequestTag/tag-key,
// aws:ResourceTag/tag-key: string operators, single-valued).
var globalKeyTemplates = [...]ConditionKey{
	{"aws:PrincipalTag/${TagKey}", "String"},
	{"aws:RequestTag/${TagKey}", "String"},
	{"aws:ResourceTag/${TagKey}", "String"},
}
