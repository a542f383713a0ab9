package condition

import (
	"strings"

	"github.com/whydenied/whydenied/internal/wildcard"
)

// arnParts are the six colon-delimited components of an ARN:
// arn:partition:service:region:account:resource. The resource keeps any
// further colons.
type arnParts [6]string

// splitARN splits s at its first five colons. It fails when s has fewer.
func splitARN(s string) (arnParts, bool) {
	var p arnParts
	for i := range 5 {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			return p, false
		}
		p[i], s = s[:j], s[j+1:]
	}
	p[5] = s
	return p, true
}

// matchARN matches each component of value against the same component of the
// pattern, with * and ? as wildcards inside a component, case-sensitively
// (reference_policies_elements_condition_operators.md, ARN: "Each of the six
// colon-delimited components of the ARN is checked separately"). So a * in
// the region never swallows the account that follows it, unlike StringLike.
func matchARN(pattern, value *arnParts) bool {
	for i := range pattern {
		if !wildcard.Match(pattern[i], value[i]) {
			return false
		}
	}
	return true
}
