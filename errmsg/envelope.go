package errmsg

import (
	"strconv"
	"strings"
)

// kind is a wording that wraps the AWS message; kinds are tried in this
// order, outer wrappers first, because a CloudFormation event holds a Java
// SDK message and a boto3 traceback holds the AWS CLI's sentence.
type kind int

const (
	kindCFN       kind = iota // Resource handler returned message: "..." (RequestToken: ..., HandlerErrorCode: ...)
	kindCFNAPI                // API: s3:CreateBucket Access Denied
	kindCLI                   // An error occurred (CODE) when calling the OP operation: MSG
	kindGo                    // operation error SVC: OP, https response error StatusCode: N, RequestID: R, api error CODE: MSG
	kindJava                  // MSG (Service: SVC; Status Code: N; Error Code: CODE; Request ID: R)
	kindDotNet                // Amazon.S3.AmazonS3Exception: MSG
	kindDict                  // botocore's e.response: {'Error': {'Code': ..., 'Message': ...}, ...}
	kindLeaf                  // a JSON error object: {"__type"/"name"/"errorCode": ..., "message": ...}
	kindXML                   // <Error><Code>...</Code><Message>...</Message></Error>
	kindRuby                  // Aws::S3::Errors::AccessDenied: MSG
	kindCode                  // CODE: MSG (Go SDK v1, JavaScript, Terraform's older provider)
	kindCDKAssume             // CDK: current credentials could not be used to assume 'ARN'
	kindRaw                   // the AWS message alone
	kindCount
)

// envelope is what the wrapper states around the AWS message.
type envelope struct {
	kind      kind
	code      string
	operation string
	service   string
	status    int
	requestID string
	hostID    string
	handler   string // CloudFormation's HandlerErrorCode
	exception string // the SDK's exception type
	outerOp   string // the call whose credentials failed (Go's nested errors)
	resource  string // the role CDK could not assume
	msgFrom   int
	msgTo     int
	open      bool // the wrapper stops where it expects more
}

// rawPhrases start an AWS message that has no wrapper.
var rawPhrases = [...]string{
	"not authorized to ", "is not allowed to execute", "access to the resource ", "encoded authorization failure message",
	"access denied", "permissions to allow the ", "403 forbidden",
}

// findAnchor returns where the wording of kind k starts, or -1.
func findAnchor(d *document, k kind) int {
	w := &d.w
	n := len(w.s)
	switch k {
	case kindCFN:
		i, _ := w.index(0, n, "Resource handler returned message:", false, false)
		return i
	case kindCFNAPI:
		for from := 0; from < n; {
			i, e := w.index(from, n, "API: ", false, true)
			if i < 0 {
				return -1
			}
			end := w.tokenEnd(e, n, isActionByte)
			if t := w.s[e:end]; strings.Count(t, ":") == 1 && !strings.HasPrefix(t, ":") && !strings.HasSuffix(t, ":") {
				return i
			}
			from = e
		}
	case kindCLI:
		i, _ := w.index(0, n, "An error occurred (", false, false)
		return i
	case kindGo:
		i, _ := w.index(0, n, "operation error ", false, true)
		return i
	case kindJava:
		for from := 0; from < n; {
			i, e := w.index(from, n, "(Service: ", false, false)
			if i < 0 {
				return -1
			}
			if c, _ := w.index(e, min(n, e+200), "Status Code", false, false); c >= 0 {
				return i
			}
			from = e
		}
	case kindDotNet:
		for from := 0; from < n; {
			i, e := w.index(from, n, "Amazon.", false, true)
			if i < 0 {
				break
			}
			end := w.tokenEnd(e, n, func(c byte) bool { return isWordByte(c) || c == '.' })
			if strings.HasSuffix(w.s[e:end], "Exception") && strings.HasPrefix(w.s[end:], ": ") {
				return i
			}
			from = e
		}
		i, _ := w.index(0, n, "Error making request with Error Code ", false, false)
		return i
	case kindDict:
		i, _ := w.index(0, n, "'Error': {", false, false)
		return i
	case kindLeaf:
		if l := d.messageLeaf(); l >= 0 {
			return d.leaves[l].pos
		}
		if l := d.codeLeaf(); l >= 0 {
			return d.leaves[l].pos
		}
	case kindXML:
		i, _ := w.index(0, n, "<Code>", false, false)
		return i
	case kindRuby:
		for from := 0; from < n; {
			i, e := w.index(from, n, "Aws::", false, true)
			if i < 0 {
				return -1
			}
			if _, ee := w.index(e, min(n, e+60), "::Errors::", false, false); ee >= 0 {
				return i
			}
			from = e
		}
	case kindCode:
		return findCodeAnchor(d)
	case kindCDKAssume:
		i, _ := w.index(0, n, "could not be used to assume '", false, false)
		return i
	case kindRaw:
		best := -1
		for _, p := range rawPhrases {
			limit := n
			if best >= 0 {
				limit = best
			}
			if i, _ := w.index(0, limit, p, true, true); i >= 0 && (best < 0 || i < best) {
				best = i
			}
		}
		if best < 0 {
			for _, mp := range messageProblems {
				if i, _ := w.index(0, n, mp.words, true, true); i >= 0 && (best < 0 || i < best) {
					best = i
				}
			}
		}
		if best >= 0 {
			// Start at the caller when the phrase follows "User:".
			li := d.lineOf(best)
			if u, _ := w.lastIndex(d.starts[li], best, "User", false); u >= 0 {
				best = u
			} else if y, _ := w.lastIndex(d.starts[li], best, "You are", false); y >= 0 {
				best = y
			} else if c := w.s[best]; c < 'A' || c > 'Z' {
				// A phrase that starts with a capital starts the message
				// ("Error: Could not ...: Not authorized to perform ...").
				best = skipLabels(w.s, d.starts[li], best)
			}
		}
		return best
	}
	return -1
}

// skipLabels returns where the text of a line starts after the labels
// tools put before a message ("Error: ", "botocore.exceptions.NoCredentialsError: ",
// "Aws::Errors::MissingCredentialsError: "),
// but not past limit.
func skipLabels(s string, start, limit int) int {
	for {
		e := start
		for e < limit {
			if isWordByte(s[e]) || s[e] == '.' || s[e] == '-' {
				e++
			} else if e+2 < limit && s[e] == ':' && s[e+1] == ':' {
				e += 2 // Ruby's Aws::Errors::MissingCredentialsError
			} else {
				break
			}
		}
		if e == start || e+2 > limit || s[e] != ':' || s[e+1] != ' ' {
			return start
		}
		start = e + 2
	}
}

// findCodeAnchor finds "CODE: " where CODE is an authorization code, at the
// start of a line or after ": " or "): " (Terraform's older provider).
func findCodeAnchor(d *document) int {
	js := d.has("$metadata") || d.has("@aws-sdk/") || d.has("@smithy/")
	for li, l := range d.lines {
		t := l.text
		for p := 0; p < len(t); {
			end := p
			for end < len(t) && (isWordByte(t[end]) || t[end] == '.') {
				end++
			}
			if end > p && strings.HasPrefix(t[end:], ": ") {
				code := t[p:end]
				if isKnownCode(code) || (js && (strings.HasSuffix(code, "Exception") || code == "403")) {
					return d.starts[li] + p
				}
			}
			next := strings.Index(t[p:], ": ")
			if next < 0 {
				break
			}
			p += next + 2
		}
	}
	return -1
}

func (d *document) has(s string) bool { return strings.Contains(d.w.s, s) }

// recognise reads the wrapper of kind k from start up to end.
func recognise(d *document, k kind, start, end int) envelope {
	env := envelope{kind: k, msgFrom: -1, msgTo: end}
	w := &d.w
	switch k {
	case kindCFN:
		readCFN(w, &env, start, end)
	case kindCFNAPI:
		e, _ := w.match(start, end, "API: ", false)
		te := w.tokenEnd(e, end, isActionByte)
		svc, op, _ := strings.Cut(w.token(e, te), ":")
		env.service, env.operation = svc, op
		env.msgFrom = te
	case kindCLI:
		readCLI(w, &env, start, end)
	case kindGo:
		readGo(w, &env, start, end)
	case kindJava:
		readJava(d, &env, start, end)
	case kindDotNet:
		readDotNet(w, &env, start, end)
	case kindDict:
		readDict(w, &env, start, end)
	case kindLeaf:
		env.msgFrom = start
		if l := d.messageLeaf(); l < 0 {
			env.msgFrom = -1
		}
		if l := d.codeLeaf(); l >= 0 {
			env.code = typeCode(d.leaves[l].value)
		}
	case kindXML:
		readXML(w, &env, start)
	case kindRuby:
		// The Ruby SDK names error classes after the service and the code.
		_, e := w.index(start, end, "::Errors::", false, false)
		env.service = w.token(start+len("Aws::"), e-len("::Errors::"))
		ce := w.tokenEnd(e, end, isWordByte)
		if code := w.token(e, ce); code != "ServiceError" {
			env.code = code
		}
		if ce < end && w.s[ce] == ':' {
			env.msgFrom = w.skipSpace(ce+1, end)
		}
	case kindCode:
		e := w.tokenEnd(start, end, func(c byte) bool { return isWordByte(c) || c == '.' })
		env.code = w.token(start, e)
		env.msgFrom = w.skipSpace(e+1, end)
	case kindCDKAssume:
		e, _ := w.match(start, end, "could not be used to assume '", false)
		if q, _ := w.index(e, end, "'", false, false); q >= 0 {
			env.resource = w.token(e, q)
		} else {
			env.open = true
		}
		env.msgFrom = d.starts[d.lineOf(start)]
	case kindRaw:
		env.msgFrom = start
	}
	if env.msgFrom > env.msgTo {
		env.msgFrom = env.msgTo
	}
	return env
}

// readCLI reads botocore's "An error occurred (CODE) when calling the OP
// operation: MSG", also with "(reached max retries: N)" after "operation".
func readCLI(w *wrapped, env *envelope, start, end int) {
	p, _ := w.match(start, end, "An error occurred (", false)
	c, _ := w.index(p, end, ")", false, false)
	if c < 0 {
		env.open = true
		return
	}
	env.code = w.token(p, c)
	q, ok := w.match(c, end, ") when calling the ", true)
	if !ok {
		env.open = w.skipSpace(c+1, end) >= end
		env.msgFrom = -1
		return
	}
	o, oe := w.index(q, end, " operation", false, false)
	if o < 0 {
		env.open = true
		return
	}
	env.operation = w.token(q, o)
	p = w.skipSpace(oe, end)
	if p < end && w.s[p] == '(' {
		if r, _ := w.index(p, end, ")", false, false); r >= 0 {
			p = r + 1
		}
	}
	p = w.skipSpace(p, end)
	if p >= end {
		env.open = true
		return
	}
	if w.s[p] == ':' {
		p++
	}
	env.msgFrom = w.skipSpace(p, end)
	env.open = env.msgFrom >= end
}

// readGo reads the Go SDK v2's operation error. When credentials fail the
// error holds another operation error (STS, SSO OIDC); the innermost one
// is the failure, the outer one is the call that needed credentials.
func readGo(w *wrapped, env *envelope, start, end int) {
	p := start
	for {
		e, _ := w.match(p, end, "operation error ", false)
		colon, _ := w.index(e, end, ":", false, false)
		if colon < 0 {
			env.open = true
			return
		}
		svc := w.token(e, colon)
		oe := w.tokenEnd(w.skipSpace(colon+1, end), end, func(c byte) bool { return c != ',' && c != ' ' })
		op := w.token(colon+1, oe)
		if env.service != "" {
			env.outerOp = env.service + " " + env.operation
		}
		env.service, env.operation = svc, op
		p = oe
		next, ne := w.index(p, end, "operation error ", false, true)
		if next < 0 || !goResponded(w, ne, end) {
			break
		}
		p = next
	}
	readGoFields(w, env, p, end)
}

// goResponded reports whether the operation error at p got an answer from
// AWS ("https response error") before any further operation error; IMDS
// time-outs did not, and then the outer call is the one to report.
func goResponded(w *wrapped, p, end int) bool {
	if next, _ := w.index(p, end, "operation error ", false, true); next >= 0 {
		end = next
	}
	r, _ := w.index(p, end, "https response error", false, false)
	return r >= 0
}

func readGoFields(w *wrapped, env *envelope, p, end int) {
	sawResponse := false
	for {
		p = w.skipSpace(p, end)
		if p < end && w.s[p] == ',' {
			p = w.skipSpace(p+1, end)
		}
		if p >= end {
			env.open = true
			return
		}
		if q, ok := w.match(p, end, "https response error ", false); ok {
			p, sawResponse = q, true
			continue
		}
		if q, ok := w.match(p, end, "StatusCode: ", false); ok {
			te := w.tokenEnd(q, end, func(c byte) bool { return c >= '0' && c <= '9' })
			env.status, _ = strconv.Atoi(w.token(q, te))
			p = te
			continue
		}
		if q, ok := w.match(p, end, "RequestID: ", false); ok {
			te := w.tokenEnd(q, end, func(c byte) bool { return c != ',' && c != ' ' })
			env.requestID = w.token(q, te)
			p = te
			continue
		}
		if q, ok := w.match(p, end, "HostID: ", false); ok {
			te := w.tokenEnd(q, end, func(c byte) bool { return c != ',' && c != ' ' })
			env.hostID = w.token(q, te)
			p = te
			continue
		}
		if q, ok := w.match(p, end, "exceeded maximum number of attempts, ", false); ok {
			p = w.tokenEnd(q, end, func(c byte) bool { return c >= '0' && c <= '9' })
			continue
		}
		if q, ok := w.match(p, end, "api error ", false); ok {
			te := w.tokenEnd(q, end, func(c byte) bool { return isWordByte(c) || c == '.' })
			env.code = w.token(q, te)
			if te >= end {
				env.open = true
				return
			}
			if w.s[te] == ':' {
				te++
			}
			env.msgFrom = w.skipSpace(te, end)
			env.open = env.msgFrom >= end
			return
		}
		// A modelled error prints "CODE: MSG" without "api error".
		te := w.tokenEnd(p, end, func(c byte) bool { return isWordByte(c) || c == '.' })
		if sawResponse && te > p && te < end && w.s[te] == ':' {
			env.code = w.token(p, te)
			env.msgFrom = w.skipSpace(te+1, end)
			env.open = env.msgFrom >= end
			return
		}
		// The line may stop inside a field ("https", "RequestID:"): the
		// rest comes on the next line.
		rest := strings.TrimSpace(w.display(p, end))
		for _, f := range [...]string{"https response error ", "StatusCode: ", "RequestID: ", "HostID: ", "api error ", "exceeded maximum number of attempts, "} {
			if strings.HasPrefix(f, rest) || strings.HasPrefix(f, rest+" ") {
				env.open = true
				return
			}
		}
		env.msgFrom = p
		return
	}
}

// readJavaTail reads "(Service: S3, Status Code: 403, Error Code:
// AccessDenied, Request ID: R, Extended Request ID: H)"; the Java SDK v1
// separates the fields with ';'. It returns the end of the tail.
func readJavaTail(w *wrapped, env *envelope, p, end int) int {
	p, _ = w.match(p, end, "(Service:", false)
	key := "Service"
	for p < end {
		p = w.skipSpace(p, end)
		ve := w.tokenEnd(p, end, func(c byte) bool { return c != ',' && c != ';' && c != ')' })
		val := strings.TrimSpace(w.display(p, ve))
		if val == "null" {
			val = ""
		}
		switch key {
		case "Service":
			env.service = val
		case "Status Code":
			env.status, _ = strconv.Atoi(val)
		case "Error Code":
			env.code = val
		case "Request ID":
			env.requestID = val
		case "Extended Request ID", "S3 Extended Request ID":
			env.hostID = val
		}
		if ve >= end {
			env.open = true
			return end
		}
		if w.s[ve] == ')' {
			return ve + 1
		}
		p = w.skipSpace(ve+1, end)
		ke, _ := w.index(p, end, ":", false, false)
		if ke < 0 {
			env.open = true
			return end
		}
		key = w.display(p, ke)
		p = ke + 1
	}
	env.open = true
	return end
}

// readJava reads a Java SDK exception: the message runs from the start of
// the line (after the exception class) to the "(Service: ..." tail.
func readJava(d *document, env *envelope, start, end int) {
	w := &d.w
	readJavaTail(w, env, start, end)
	li := d.lineOf(start)
	for k := 0; k < 3 && li > 0; k++ {
		prev := d.lines[li-1]
		if prev.text == "" || d.lines[li].record || structural(prev.text) {
			break
		}
		li--
	}
	from := d.starts[li]
	if q, ok := w.match(from, start, "Caused by: ", false); ok {
		from = q
	}
	if cls, e := exceptionAt(w, from, start); cls != "" {
		env.exception = cls
		from = e
	}
	env.msgFrom, env.msgTo = from, start
	if env.service == "" {
		env.service = javaPackageService(env.exception)
	}
	if env.code == "" {
		env.code = modelledException(env.exception, env.service)
	}
}

// exceptionAt reads "pkg.Class: " at p; it returns the class and where
// the message begins, or "".
func exceptionAt(w *wrapped, p, end int) (string, int) {
	e := p
	for e < end && (isWordByte(w.s[e]) || w.s[e] == '.' || w.s[e] == '$') {
		e++
	}
	cls := w.s[p:e]
	if !strings.Contains(cls, ".") || !(strings.HasSuffix(cls, "Exception") || strings.HasSuffix(cls, "Error")) {
		return "", p
	}
	if e+1 >= end || w.s[e] != ':' {
		return "", p
	}
	return cls, w.skipSpace(e+1, end)
}

// javaPackageService reads the service from a Java class name:
// software.amazon.awssdk.services.s3.model.S3Exception → "s3".
func javaPackageService(cls string) string {
	_, rest, ok := strings.Cut(cls, ".services.")
	if !ok {
		return ""
	}
	svc, _, _ := strings.Cut(rest, ".")
	return svc
}

// modelledException returns the simple class name of an exception the SDK
// generated from an error code (ExpiredTokenException), or "" for the
// generic per-service and SDK exceptions (S3Exception, AmazonS3Exception,
// AmazonServiceException), which say nothing about the code.
func modelledException(cls, service string) string {
	if cls == "" {
		return ""
	}
	simple := cls[strings.LastIndexByte(cls, '.')+1:]
	name := strings.TrimSuffix(simple, "Exception")
	switch {
	case name == simple, name == "":
		return ""
	case strings.HasPrefix(name, "Amazon"), strings.HasPrefix(name, "AWS"), strings.HasPrefix(name, "Aws"), strings.HasPrefix(name, "Sdk"):
		return ""
	case serviceKey(name) == serviceKey(service), serviceKey(name) == serviceKey(javaPackageService(cls)):
		return ""
	}
	return simple
}

// readDotNet reads "Amazon.S3.AmazonS3Exception: MSG", and the message the
// .NET SDK writes when a response has no body: "Error making request with
// Error Code Forbidden and Http Status Code Forbidden. No further error
// information was returned by the service."
func readDotNet(w *wrapped, env *envelope, start, end int) {
	if _, ok := w.match(start, end, "Amazon.", false); ok {
		cls, e := exceptionAt(w, start, end)
		env.exception = cls
		segs := strings.Split(cls, ".")
		if len(segs) >= 3 && segs[1] != "Runtime" {
			env.service = segs[1]
		}
		if len(segs) >= 4 && segs[len(segs)-2] == "Model" {
			env.code = modelledException(cls, env.service)
		}
		env.msgFrom = e
	} else {
		env.msgFrom = start
	}
	if _, e := w.index(env.msgFrom, end, "Error making request with Error Code ", false, false); e >= 0 {
		ce := w.tokenEnd(e, end, isWordByte)
		env.code = w.token(e, ce)
		if _, se := w.index(ce, end, "Http Status Code ", false, false); se >= 0 {
			te := w.tokenEnd(se, end, isWordByte)
			env.status = httpStatusByName(w.token(se, te))
		}
	}
}

// httpStatusByName turns .NET's HttpStatusCode names into numbers.
func httpStatusByName(s string) int {
	switch s {
	case "Forbidden":
		return 403
	case "BadRequest":
		return 400
	case "Unauthorized":
		return 401
	case "NotFound":
		return 404
	}
	n, _ := strconv.Atoi(s)
	return n
}

// readCFN reads a CloudFormation resource handler's message.
func readCFN(w *wrapped, env *envelope, start, end int) {
	p, _ := w.match(start, end, "Resource handler returned message:", false)
	p = w.skipSpace(p, end)
	tailAt := -1
	for _, t := range [...]string{"(RequestToken:", "(HandlerErrorCode:"} {
		if i, _ := w.index(p, end, t, false, false); i >= 0 && (tailAt < 0 || i < tailAt) {
			tailAt = i
		}
	}
	msgEnd := end
	if tailAt >= 0 {
		msgEnd = tailAt
		readHandlerTail(w, env, tailAt, end)
	} else {
		env.open = true
	}
	if p < msgEnd && (w.s[p] == '"' || w.s[p] == '\'') {
		quote := w.s[p]
		p++
		q := msgEnd - 1
		for q > p && (isSpace(w.s[q]) || w.s[q] == '\n') {
			q--
		}
		if q >= p && w.s[q] == quote {
			msgEnd = q
		}
	}
	env.msgFrom, env.msgTo = p, msgEnd
	if j, _ := w.index(p, msgEnd, "(Service: ", false, false); j >= 0 {
		readJavaTail(w, env, j, msgEnd)
		env.msgTo = j
	}
	if env.code == "" {
		env.code = env.handler
	}
}

// readHandlerTail reads "(RequestToken: T, HandlerErrorCode: C)".
func readHandlerTail(w *wrapped, env *envelope, p, end int) {
	if _, e := w.index(p, end, "HandlerErrorCode:", false, false); e >= 0 {
		e = w.skipSpace(e, end)
		te := w.tokenEnd(e, end, isWordByte)
		env.handler = w.token(e, te)
	}
	if c, _ := w.index(p, end, ")", false, false); c < 0 {
		env.open = true
	}
}

// readDict reads botocore's ClientError.response as Python prints it.
func readDict(w *wrapped, env *envelope, start, end int) {
	n := len(w.s)
	if v, from, _ := quotedValue(w, start, n, "'Code'"); from >= 0 {
		env.code = v
	}
	if _, from, to := quotedValue(w, start, n, "'Message'"); from >= 0 {
		env.msgFrom, env.msgTo = from, to
	}
}

// quotedValue finds key (quotes included) in w.s[from:to] followed by ':'
// and a quoted value; it returns the value and its span, or from -1.
func quotedValue(w *wrapped, from, to int, key string) (string, int, int) {
	_, e := w.index(from, to, key, false, false)
	if e < 0 {
		return "", -1, -1
	}
	e = w.skipSpace(e, to)
	if e >= to || w.s[e] != ':' {
		return "", -1, -1
	}
	e = w.skipSpace(e+1, to)
	if e >= to || (w.s[e] != '\'' && w.s[e] != '"') {
		return "", -1, -1
	}
	q := w.s[e]
	for c := e + 1; c < to; c++ {
		if w.s[c] == '\\' {
			c++
			continue
		}
		if w.s[c] == q {
			return w.token(e+1, c), e + 1, c
		}
	}
	return "", -1, -1
}

// readXML reads the error document S3 and the query APIs return.
func readXML(w *wrapped, env *envelope, start int) {
	n := len(w.s)
	if v, _, _ := tagValue(w, start, n, "Code"); v != "" {
		env.code = v
	}
	if _, from, to := tagValue(w, 0, n, "Message"); from >= 0 {
		env.msgFrom, env.msgTo = from, to
	} else {
		env.msgFrom = -1
	}
	for _, t := range [...]string{"RequestId", "RequestID"} {
		if v, _, _ := tagValue(w, 0, n, t); v != "" {
			env.requestID = v
			break
		}
	}
	env.hostID, _, _ = tagValue(w, 0, n, "HostId")
}

func tagValue(w *wrapped, from, to int, tag string) (string, int, int) {
	_, e := w.index(from, to, "<"+tag+">", false, false)
	if e < 0 {
		return "", -1, -1
	}
	c, _ := w.index(e, to, "</"+tag+">", false, false)
	if c < 0 {
		return "", -1, -1
	}
	return w.token(e, c), e, c
}
