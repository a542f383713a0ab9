package policy

import "strings"

// PlainResource reports whether entry i of the statement's Resource (or of
// its NotResource, when it has that instead) has no wildcard and no policy
// variable, so that it matches exactly the resource ARNs equal to it
// (reference_policies_elements_resource.md: ARNs are matched
// case-sensitively, and only '*' and '?' are wildcards). The engine then
// compares it with the request's resource instead of matching it part by
// part. False is always safe: the entry is then matched the long way; it is
// what a Statement not made by Parse, and entries past the 64th, answer.
func (st *Statement) PlainResource(i int) bool {
	return i < 64 && st.plainResources&(1<<i) != 0
}

// summarizeResources fills in st.plainResources from whichever of Resource
// and NotResource the statement has.
func (st *Statement) summarizeResources() {
	patterns, ok := either(st.Resource, st.NotResource)
	if !ok {
		return
	}
	var plain uint64
	for i, p := range patterns {
		if i == 64 {
			break
		}
		if plainPattern(p) {
			plain |= 1 << i
		}
	}
	st.plainResources = plain
}

// plainPattern reports whether p has no '*', no '?', no "${" and no byte
// 0xEE, which starts the private-use runes that stand for a literal '*' or
// '?' in a substituted pattern (see internal/wildcard): those are never
// plain either.
func plainPattern(p string) bool {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '*', '?', 0xEE:
			return false
		}
	}
	return !strings.Contains(p, "${")
}
