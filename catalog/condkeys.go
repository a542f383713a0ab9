package catalog

import "strings"

// ConditionKeyType returns the type of a condition key's values (String,
// ARN, Bool, Date, IPAddress, Numeric, ArrayOfString, ArrayOfARN,
// ArrayOfBool), ignoring the case of the name. A key with a variable part is
// matched by its template: "aws:ResourceTag/team" has the type of
// aws:ResourceTag/${TagKey}, "s3:ExistingObjectTag/env" that of
// s3:ExistingObjectTag/<key>.
//
// Global keys (aws:) come from AWS's list of global condition keys; other
// keys from the service their prefix names, else from whichever service
// lists them (keys such as saml:aud or accounts.google.com:sub belong to
// sts). An unknown key reports false.
func (c *Catalog) ConditionKeyType(key string) (string, bool) {
	if key == "" || len(key) > maxSuggestInput {
		return "", false
	}
	if hasPrefixFold(key, "aws:") {
		for _, g := range globalKeys {
			if matchKey(g.Name, key) {
				return g.Type, true
			}
		}
	}
	if prefix, _, ok := strings.Cut(key, ":"); ok {
		if i, ok := c.t.findService(prefix); ok {
			if typ, ok := c.serviceKeyType(c.t.service(i), key); ok {
				return typ, true
			}
		}
	}
	if typ, ok := c.t.findKey(key); ok {
		return typ, true
	}
	for i := uint32(0); i < c.t.h[hNTemplates]; i++ {
		if matchKey(c.t.str(c.t.word(c.t.h[hTemplates], 2*i)), key) {
			return c.t.str(c.t.word(c.t.h[hTemplates], 2*i+1)), true
		}
	}
	return "", false
}

// serviceKeyType scans one service's keys: exact names first, then
// templates, so aws:RequestTag/${TagKey} never shadows a same-named exact key.
func (c *Catalog) serviceKeyType(s svc, key string) (string, bool) {
	r := c.t.record(s.record)
	for n := r.count(); n > 0 && !r.bad; n-- { // resource types: skip
		r.uint()
		r.uint()
		for k := r.count(); k > 0 && !r.bad; k-- {
			r.uint()
		}
	}
	tmplType, tmplFound := "", false
	for n := r.count(); n > 0 && !r.bad; n-- {
		name, typ := r.str(), r.str()
		if cmpFold(name, key) == 0 {
			return typ, true
		}
		if !tmplFound && matchKey(name, key) {
			tmplType, tmplFound = typ, true
		}
	}
	return tmplType, tmplFound
}

// matchKey reports whether key is the condition key name template names,
// ignoring case. In a template each ${Var} or <var> stands for one or more
// characters; everything else must match literally.
func matchKey(template, key string) bool {
	if !strings.ContainsAny(template, "$<") {
		return cmpFold(template, key) == 0
	}
	lits := splitTemplate(template)
	if len(lits) == 1 {
		return cmpFold(template, key) == 0
	}
	first, last := lits[0], lits[len(lits)-1]
	if !hasPrefixFold(key, first) || !hasSuffixFold(key, last) || len(key) < len(first)+len(last)+len(lits)-1 {
		return false
	}
	// Leftmost placement of each middle literal, each after at least one
	// character of variable, leaves the most room for the rest.
	rest := key[len(first) : len(key)-len(last)]
	for _, lit := range lits[1 : len(lits)-1] {
		if len(rest) < 1 {
			return false
		}
		i := indexFold(rest[1:], lit)
		if i < 0 {
			return false
		}
		rest = rest[1+i+len(lit):]
	}
	return len(rest) >= 1
}

// splitTemplate returns the literal parts of a key template around its
// variables; a name without variables is its own single part. A '$' or '<'
// that opens no variable is literal text.
func splitTemplate(t string) []string {
	lits := []string{""}
	for len(t) > 0 {
		i := strings.IndexAny(t, "$<")
		if i < 0 {
			lits[len(lits)-1] += t
			break
		}
		closer := byte('>')
		if t[i] == '$' {
			closer = '}'
		}
		end := strings.IndexByte(t[i:], closer)
		if end < 0 || (t[i] == '$' && !strings.HasPrefix(t[i:], "${")) {
			lits[len(lits)-1] += t[:i+1]
			t = t[i+1:]
			continue
		}
		lits[len(lits)-1] += t[:i]
		lits = append(lits, "")
		t = t[i+end+1:]
	}
	return lits
}

// indexFold is strings.Index ignoring ASCII case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if cmpFold(s[i:i+len(sub)], sub) == 0 {
			return i
		}
	}
	return -1
}
