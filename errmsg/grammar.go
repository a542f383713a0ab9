package errmsg

import (
	"strings"

	"github.com/whydenied/whydenied/arn"
)

// statement is what an AWS message states about a denial; every field is
// empty when the message does not state it.
type statement struct {
	principal      string
	action         string
	resource       string
	policyType     string // layer name of DESIGN.md
	policyTypeText string // the words AWS used for it
	trust          bool   // the layer is a role trust policy
	transitive     string // "transitively through" this policy type
	transitiveType string
	denyKind       string
	policyARN      string
	reason         string
	clauseAction   string // the action named in "because no ... allows the X action"
	setting        string // a service setting that refused the request
	encoded        string
	truncated      bool // the encoded message was cut short
	specified      bool // "on the specified resource": the resource is not named
	youAre         bool // "You are not authorized to perform this operation"
	open           bool // the text stops where the grammar expects more
}

// policyTypes maps the words AWS puts in its enhanced messages to layer
// names; longer phrases first so that "permissions boundary policy" wins
// over "permissions boundary". Source: troubleshoot_access-denied.md,
// "Access denied error message examples", and aws-formats.md §1.3.
var policyTypes = [...]struct{ words, layer string }{
	{"identity-based policy", LayerIdentity},
	{"identity based policy", LayerIdentity},
	{"resource-based policy", LayerResource},
	{"resource based policy", LayerResource},
	{"permissions boundary policy", LayerPermissionsBoundary},
	{"permissions boundary", LayerPermissionsBoundary},
	{"permission boundary", LayerPermissionsBoundary},
	{"sessions policy", LayerSession},
	{"session policy", LayerSession},
	{"service control policy", LayerSCP},
	{"resource control policy", LayerRCP},
	{"vpc endpoint policy", LayerVPCEndpoint},
	{"role trust policy", LayerResource},
	{"trust policy", LayerResource},
}

func isActionByte(c byte) bool {
	return isWordByte(c) || c == ':' || c == '*' || c == '-' || c == '.' || c == '?'
}

func isTokenByte(c byte) bool {
	return c > ' ' && c != '"' && c != '\'' && c != ',' && c != ';' && c != ')' && c != '(' && c != ']' && c != '['
}

func isBlobByte(c byte) bool {
	return isWordByte(c) || c == '-' || c == '+' || c == '/' || c == '='
}

// parseStatement reads the AWS message in w.s[from:to].
func parseStatement(w *wrapped, from, to int) statement {
	var st statement
	if from < 0 || to <= from {
		return st
	}
	if i, e := w.index(from, to, "encoded authorization failure message:", true, true); i >= 0 {
		st.readBlob(w, e, to)
		to = i
	}
	for at := from; at < to; {
		i, e := w.index(at, to, "not authorized to ", true, true)
		if i < 0 {
			break
		}
		if youAre(w, from, i) {
			st.youAre = true
			at = e
			continue
		}
		st.readNotAuthorized(w, from, i, e, to)
		return st
	}
	st.readOtherForms(w, from, to)
	return st
}

// youAre reports whether "not authorized to" at i follows "You are", the
// generic sentence EC2 and others print before (or instead of) the details.
func youAre(w *wrapped, from, i int) bool {
	j, _ := w.lastIndex(from, i, "you are ", true)
	return j >= 0 && strings.TrimSpace(strings.ReplaceAll(w.s[j+len("you are "):i], "\n", "")) == ""
}

func (st *statement) readBlob(w *wrapped, at, to int) {
	at = w.skipSpace(at, to)
	end := w.tokenEnd(at, to, isBlobByte)
	st.encoded = w.token(at, end)
	rest := strings.TrimSpace(w.s[end:to])
	if strings.HasPrefix(rest, "...") || strings.HasPrefix(rest, "…") {
		st.truncated = true
	}
	if st.encoded == "" {
		st.open = end >= to
	}
}

// readNotAuthorized reads "User: P is not authorized to perform: A on
// resource: R <clause>"; i..e is "not authorized to ".
func (st *statement) readNotAuthorized(w *wrapped, from, i, e, to int) {
	st.principal = principalBefore(w, from, i)
	p := e
	if q, ok := w.match(p, to, "perform", true); ok {
		p = w.skipSpace(q, to)
		if p < to && w.s[p] == ':' {
			p = w.skipSpace(p+1, to)
		}
		if _, ok := w.match(p, to, "this operation", true); ok {
			st.youAre = true
			return
		}
		end := w.tokenEnd(p, to, isActionByte)
		st.action = strings.TrimRight(w.token(p, end), ".")
		if end >= to && (st.action == "" || strings.HasSuffix(st.action, ":")) {
			st.open = true
		}
		if !strings.Contains(st.action, ":") {
			st.action = ""
		}
		p = end
	} else if q, ok := w.match(p, to, "access ", true); ok {
		p = q
		if r, ok := w.match(p, to, "resource", true); ok {
			p = w.skipSpace(r, to)
			if p < to && w.s[p] == ':' {
				p = w.skipSpace(p+1, to)
			}
			end := w.tokenEnd(p, to, isTokenByte)
			st.resource = strings.TrimRight(w.token(p, end), ".")
			p = end
		}
	}
	p = w.skipSpace(p, to)
	if q, ok := w.match(p, to, "on resource", true); ok {
		p = w.skipSpace(q, to)
		if p < to && w.s[p] == ':' {
			p = w.skipSpace(p+1, to)
		}
		p = st.readResource(w, p, to)
	} else if q, ok := w.match(p, to, "on the specified resource", true); ok {
		st.specified = true
		p = q
	}
	st.readClause(w, p, to)
}

// principalBefore finds the caller named before "... not authorized to":
// after "User:" (or "User " as the console writes it), else the last word
// when it looks like a principal.
func principalBefore(w *wrapped, from, i int) string {
	end := i
	for _, verb := range [...]string{"is ", "was ", "are "} {
		if j, _ := w.lastIndex(from, end, verb, true); j >= 0 && strings.TrimSpace(strings.ReplaceAll(w.s[j+len(verb):end], "\n", "")) == "" {
			end = j
			break
		}
	}
	start := -1
	if _, e := w.lastIndex(from, end, "User:", false); e >= 0 {
		start = e
	} else if _, e := w.lastIndex(from, end, "User ", false); e >= 0 {
		start = e
	}
	var p string
	if start >= 0 {
		p = w.token(start, end)
	} else {
		// Without "User:", only the last word can be the caller.
		k := end
		for k > from && (isSpace(w.s[k-1]) || w.s[k-1] == '\n') {
			k--
		}
		j := k
		for j > from && isTokenByte(w.s[j-1]) {
			j--
		}
		p = w.s[j:k]
	}
	p = strings.Trim(p, "\"'[]")
	if !looksLikePrincipal(p) {
		return ""
	}
	return p
}

func looksLikePrincipal(p string) bool {
	switch {
	case p == "":
		return false
	case strings.HasPrefix(p, "arn:"), p == "anonymous":
		return !strings.ContainsAny(p, " \t")
	case strings.HasSuffix(p, ".amazonaws.com"), strings.HasSuffix(p, ".amazonaws.com.cn"):
		return true
	}
	return arn.IsAccountID(p)
}

// iamResourceWords are the words IAM puts before a name instead of an ARN
// ("on resource: role voclabs"), aws-formats.md §1.12.
var iamResourceWords = [...]string{"role ", "policy ", "user ", "group ", "access key ", "instance profile ", "instance-profile ", "mfa device "}

// readResource reads the resource after "on resource:" and returns where
// it ends. S3 quotes it (aws-formats.md §1.6).
func (st *statement) readResource(w *wrapped, p, to int) int {
	if p >= to {
		st.open = true
		return p
	}
	if w.s[p] == '"' {
		q, _ := w.index(p+1, to, `"`, false, false)
		if q < 0 {
			st.resource = w.token(p+1, to)
			st.open = true
			return to
		}
		st.resource = w.token(p+1, q)
		return q + 1
	}
	prefix := ""
	for _, word := range iamResourceWords {
		if q, ok := w.match(p, to, word, true); ok {
			prefix = w.display(p, q) + " "
			p = w.skipSpace(q, to)
			break
		}
	}
	end := w.tokenEnd(p, to, isTokenByte)
	r := w.token(p, end)
	if end >= to || strings.TrimSpace(strings.ReplaceAll(w.s[end:to], "\n", "")) == "." {
		r = strings.TrimRight(r, ".")
	}
	if r != "" {
		st.resource = prefix + r
	}
	return end
}

// readClause reads what follows the resource: the enhanced context naming
// the policy type, or another stated reason.
func (st *statement) readClause(w *wrapped, p, to int) {
	p = w.skipSpace(p, to)
	c := -1
	for _, kw := range [...]string{"with an explicit deny", "due to an explicit deny", "because "} {
		if i, _ := w.index(p, to, kw, true, true); i >= 0 && (c < 0 || i < c) {
			c = i
		}
	}
	if c < 0 {
		return
	}
	// The reason is shown after the clause is read, so that marks found
	// inside its tokens are joined.
	defer func() { st.reason = strings.TrimRight(w.display(c, to), ".") }()
	if q, ok := w.match(c, to, "with an explicit deny", true); ok {
		st.readExplicit(w, q, to)
		return
	}
	if q, ok := w.match(c, to, "due to an explicit deny", true); ok {
		st.readExplicit(w, q, to)
		return
	}
	if q, ok := w.match(c, to, "because no ", true); ok {
		st.readImplicit(w, q, to)
		return
	}
	if _, e := w.index(c, to, "block public access", true, false); e >= 0 {
		st.setting = "S3 Block Public Access"
		for _, s := range [...]string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"} {
			if i, _ := w.index(c, to, s, false, true); i >= 0 {
				st.setting += " (" + s + ")"
				break
			}
		}
	} else if i, _ := w.index(c, to, "(SSE-C)", false, false); i >= 0 {
		st.setting = "S3 blocked SSE-C uploads"
	}
}

func (st *statement) readExplicit(w *wrapped, p, to int) {
	st.denyKind = DenyExplicit
	q, ok := w.match(p, to, " in ", true)
	if !ok {
		// An older message ends with a bare "with an explicit deny".
		return
	}
	p = w.skipSpace(q, to)
	p = skipArticle(w, p, to)
	if p >= to {
		st.open = true
		return
	}
	var text string
	st.policyType, text, st.trust, p = readPolicyType(w, p, to, " transitively", ":", ".")
	st.policyTypeText = text
	if q, ok := w.match(p, to, " transitively through ", true); ok {
		from := p
		p = skipArticle(w, w.skipSpace(q, to), to)
		st.transitiveType, st.transitive, _, p = readPolicyType(w, p, to, ":", ".")
		// AWS's advice for this message is to look for the Deny in the
		// policy named last (troubleshoot_access-denied.md, "Access denied
		// when a VPC request fails due to another policy").
		st.policyType = st.transitiveType
		st.policyTypeText = text + " " + w.display(from, p)
		st.readPolicyARN(w, p, to)
		return
	}
	st.readPolicyARN(w, p, to)
}

func (st *statement) readImplicit(w *wrapped, p, to int) {
	st.denyKind = DenyImplicit
	var text string
	st.policyType, text, st.trust, p = readPolicyType(w, p, to, " allows")
	st.policyTypeText = text
	q, ok := w.match(p, to, " allows the ", true)
	if !ok {
		st.open = w.skipSpace(p, to) >= to || text == ""
		return
	}
	p = w.skipSpace(q, to)
	end := w.tokenEnd(p, to, isActionByte)
	st.clauseAction = w.token(p, end)
	q, ok = w.match(end, to, " action", true)
	if !ok {
		st.open = w.skipSpace(end, to) >= to
		return
	}
	st.readPolicyARN(w, q, to)
}

// readPolicyARN reads the ": arn:..." that newer messages append after the
// policy type (aws-formats.md §1.5).
func (st *statement) readPolicyARN(w *wrapped, p, to int) {
	p = w.skipSpace(p, to)
	if p >= to || w.s[p] != ':' {
		return
	}
	p = w.skipSpace(p+1, to)
	end := w.tokenEnd(p, to, isTokenByte)
	st.policyARN = strings.TrimRight(w.token(p, end), ".")
	if st.policyARN == "" || strings.HasSuffix(st.policyARN, ":") || strings.HasSuffix(st.policyARN, "/") {
		st.open = st.open || end >= to
	}
	if !strings.HasPrefix(st.policyARN, "arn:") {
		st.policyARN = ""
	}
}

func skipArticle(w *wrapped, p, to int) int {
	for _, a := range [...]string{"an ", "a ", "the "} {
		if q, ok := w.match(p, to, a, true); ok {
			return w.skipSpace(q, to)
		}
	}
	return p
}

// readPolicyType reads a policy type at p: a known one, or the words up to
// the first of stops. It returns the layer ("" when unknown), the words as
// written, whether it is a trust policy, and where they end.
func readPolicyType(w *wrapped, p, to int, stops ...string) (layer, text string, trust bool, end int) {
	for _, t := range policyTypes {
		if q, ok := w.match(p, to, t.words, true); ok && (q >= to || !isWordByte(w.s[q])) {
			return t.layer, w.display(p, q), strings.Contains(t.words, "trust"), q
		}
	}
	end = to
	for _, s := range stops {
		if i, _ := w.index(p, to, s, true, false); i >= 0 && i < end {
			end = i
		}
	}
	return "", strings.TrimRight(w.display(p, end), "."), false, end
}

// readOtherForms reads the wordings that do not use "not authorized to"
// (aws-formats.md §1.12).
func (st *statement) readOtherForms(w *wrapped, from, to int) {
	// OpenSearch: "Principal [X] is not allowed to execute [Y] on the resource".
	if _, e := w.index(from, to, "Principal [", false, true); e >= 0 {
		if c, _ := w.index(e, to, "]", false, false); c >= 0 {
			st.principal = w.token(e, c)
			if _, e2 := w.index(c, to, "execute [", true, false); e2 >= 0 {
				if c2, _ := w.index(e2, to, "]", false, false); c2 >= 0 {
					st.action = w.token(e2, c2)
				}
			}
			if !looksLikePrincipal(st.principal) {
				st.principal = ""
			}
			return
		}
	}
	// CloudTrail network activity: "The request was denied due to a VPC
	// endpoint policy" (aws-formats.md §1.11) names the layer, not the kind.
	if _, e := w.index(from, to, "denied due to ", true, true); e >= 0 {
		p := skipArticle(w, w.skipSpace(e, to), to)
		if layer, text, trust, _ := readPolicyType(w, p, to, "."); layer != "" {
			st.policyType, st.policyTypeText, st.trust = layer, text, trust
			st.reason = strings.TrimRight(w.display(from, to), ".")
			return
		}
	}
	// SQS: "Access to the resource https://sqs... is denied."
	if _, e := w.index(from, to, "access to the resource ", true, true); e >= 0 {
		end := w.tokenEnd(e, to, isTokenByte)
		st.resource = w.token(e, end)
		return
	}
	// The S3 console: "... updated your permissions to allow the s3:ListBucket action".
	if _, e := w.index(from, to, "permissions to allow the ", true, true); e >= 0 {
		end := w.tokenEnd(e, to, isActionByte)
		if a := w.token(e, end); strings.Contains(a, ":") {
			st.action = a
		}
		return
	}
	// A message cut after the caller: "User: arn:aws:...".
	if _, e := w.index(from, to, "User:", false, true); e >= 0 {
		end := w.tokenEnd(w.skipSpace(e, to), to, isTokenByte)
		if p := w.token(e, end); looksLikePrincipal(p) || p == "" {
			// "User: X" without "not authorized to" is a sentence cut short.
			st.principal = p
			st.open = true
		}
	}
}
