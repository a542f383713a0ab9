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
// keys from the services that list them (keys such as saml:aud or
// accounts.google.com:sub are sts's). Where services disagree on a key's
// type, the service its prefix names decides (the generator resolves that).
// Exact names are found before templates, so a template never shadows a
// key listed by name. An unknown key reports false.
func (c *Catalog) ConditionKeyType(key string) (string, bool) {
	if key == "" || len(key) > maxSuggestInput {
		return "", false
	}
	if hasPrefixFold(key, "aws:") {
		for _, g := range globalKeys {
			if len(g.Name) == len(key) && cmpFold(g.Name, key) == 0 {
				return g.Type, true
			}
		}
		for _, g := range globalKeyTemplates {
			if matchKey(g.Name, key) {
				return g.Type, true
			}
		}
	}
	if typ, ok := c.t.findKey(key); ok {
		return typ, true
	}
	for i := uint32(0); i < c.t.h[hNTemplates]; i++ {
		name := c.t.str(c.t.word(c.t.h[hTemplates], 2*i))
		// Nearly every template starts with its service's literal prefix,
		// so the first byte rules most of them out cheaply.
		if name != "" && name[0] != '$' && name[0] != '<' && lower(name[0]) != lower(key[0]) {
			continue
		}
		if matchKey(name, key) {
			return c.t.str(c.t.word(c.t.h[hTemplates], 2*i+1)), true
		}
	}
	return "", false
}

// matchKey reports whether key is the condition key name template names,
// ignoring case. In a template each ${Var} or <var> stands for one or more
// characters; everything else, a '$' or '<' that opens no variable
// included, must match literally. It walks the template in place: it runs
// for every key lookup and allocates nothing.
func matchKey(template, key string) bool {
	lit, rest, more := nextLiteral(template)
	if !more {
		return cmpFold(template, key) == 0
	}
	if !hasPrefixFold(key, lit) {
		return false
	}
	key = key[len(lit):]
	for {
		lit, rest, more = nextLiteral(rest)
		if !more {
			// The last literal ends the key, after at least one character
			// of variable.
			return len(key) > len(lit) && hasSuffixFold(key, lit)
		}
		// A middle literal goes at its leftmost place after at least one
		// character of variable, which leaves the most room for the rest.
		if len(key) < 1 {
			return false
		}
		i := indexFold(key[1:], lit)
		if i < 0 {
			return false
		}
		key = key[1+i+len(lit):]
	}
}

// nextLiteral splits t at its first variable: the literal text before it,
// the text after it, and whether there was a variable at all.
func nextLiteral(t string) (lit, rest string, isVar bool) {
	for i := 0; i < len(t); i++ {
		var closer byte
		switch {
		case t[i] == '$' && i+1 < len(t) && t[i+1] == '{':
			closer = '}'
		case t[i] == '<':
			closer = '>'
		default:
			continue
		}
		if end := strings.IndexByte(t[i+1:], closer); end >= 0 {
			return t[:i], t[i+1+end+1:], true
		}
	}
	return t, "", false
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
