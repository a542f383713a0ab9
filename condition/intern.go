package condition

// internFolded returns a constant string equal to fk, the folded name of one
// of AWS's global condition keys (reference_policies_condition-keys.md),
// which most request contexts and conditions use: folding those names then
// allocates nothing. The switch compares without converting fk.
func internFolded(fk []byte) (string, bool) {
	switch string(fk) {
	case "aws:currenttime":
		return "aws:currenttime", true
	case "aws:epochtime":
		return "aws:epochtime", true
	case "aws:multifactorauthage":
		return "aws:multifactorauthage", true
	case "aws:multifactorauthpresent":
		return "aws:multifactorauthpresent", true
	case "aws:principalaccount":
		return "aws:principalaccount", true
	case "aws:principalarn":
		return "aws:principalarn", true
	case "aws:principalisawsservice":
		return "aws:principalisawsservice", true
	case "aws:principalorgid":
		return "aws:principalorgid", true
	case "aws:principalorgpaths":
		return "aws:principalorgpaths", true
	case "aws:principalservicename":
		return "aws:principalservicename", true
	case "aws:principaltype":
		return "aws:principaltype", true
	case "aws:requestedregion":
		return "aws:requestedregion", true
	case "aws:resourceaccount":
		return "aws:resourceaccount", true
	case "aws:securetransport":
		return "aws:securetransport", true
	case "aws:sourceaccount":
		return "aws:sourceaccount", true
	case "aws:sourcearn":
		return "aws:sourcearn", true
	case "aws:sourceip":
		return "aws:sourceip", true
	case "aws:sourcevpc":
		return "aws:sourcevpc", true
	case "aws:sourcevpce":
		return "aws:sourcevpce", true
	case "aws:tagkeys":
		return "aws:tagkeys", true
	case "aws:tokenissuetime":
		return "aws:tokenissuetime", true
	case "aws:viaawsservice":
		return "aws:viaawsservice", true
	}
	return "", false
}
