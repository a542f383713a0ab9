package errmsg

import (
	"strconv"
	"strings"
)

// messageLeaf returns the index of the JSON leaf holding the error
// message, or -1.
func (d *document) messageLeaf() int {
	for _, key := range [...]string{"errorMessage", "Message", "message", "ErrorMessage"} {
		for i, l := range d.leaves {
			if l.key == key && l.pos >= 0 && l.value != "" {
				return i
			}
		}
	}
	return -1
}

// codeLeaf returns the index of the JSON leaf holding the error code, or
// -1. "name", "code" and "errorType" are common words in logs, so they
// count only when they hold an error code.
func (d *document) codeLeaf() int {
	for _, key := range [...]string{"errorCode", "Code", "name", "errorType", "__type", "ErrorCode", "code"} {
		for i, l := range d.leaves {
			if l.key != key || l.pos < 0 || l.value == "" {
				continue
			}
			switch key {
			case "errorType", "name", "code":
				if !isKnownCode(l.value) && !strings.HasSuffix(l.value, "Exception") {
					continue
				}
			}
			return i
		}
	}
	return -1
}

// typeCode takes the code out of a JSON protocol's __type
// ("com.amazon.coral.service#AccessDeniedException").
func typeCode(s string) string {
	if i := strings.LastIndexByte(s, '#'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// leafValue returns the first leaf named key whose parent is one of
// parents ("" matches any parent).
func (d *document) leafValue(key string, parents ...string) string {
	for _, l := range d.leaves {
		if l.key != key || l.value == "" {
			continue
		}
		if len(parents) == 0 {
			return l.value
		}
		for _, p := range parents {
			if l.parent == p {
				return l.value
			}
		}
	}
	return ""
}

// supplement fills what the wrapper did not state from the rest of the
// text: JavaScript's $metadata, botocore's ResponseMetadata, the Go SDK
// v1's "status code: 403, request id: R", CloudTrail's record fields.
func (d *document) supplement(env *envelope) {
	w := &d.w
	if env.status == 0 {
		for _, k := range [...]string{"httpStatusCode", "HTTPStatusCode"} {
			if v := d.leafValue(k); v != "" {
				env.status, _ = strconv.Atoi(v)
				break
			}
			if v := inspectValue(w, k, false); v != "" {
				env.status, _ = strconv.Atoi(v)
				break
			}
		}
	}
	if env.status == 0 {
		if _, e := w.index(0, len(w.s), "status code: ", false, true); e >= 0 {
			te := w.tokenEnd(e, len(w.s), func(c byte) bool { return c >= '0' && c <= '9' })
			env.status, _ = strconv.Atoi(w.s[e:te])
		}
	}
	if env.requestID == "" {
		env.requestID = d.leafValue("requestId", "$metadata", "ResponseMetadata")
	}
	if env.requestID == "" {
		env.requestID = d.leafValue("RequestId", "", "ResponseMetadata", "Error")
	}
	if env.requestID == "" {
		env.requestID = d.leafValue("requestID")
	}
	for _, k := range [...]string{"requestId", "RequestId"} {
		if env.requestID == "" {
			env.requestID = inspectValue(w, k, true)
		}
	}
	if env.requestID == "" {
		if _, e := w.index(0, len(w.s), "request id: ", false, true); e >= 0 {
			te := w.tokenEnd(e, len(w.s), func(c byte) bool { return c != ',' && c != ' ' && c != ')' })
			env.requestID = w.token(e, te)
		}
	}
	if env.hostID == "" {
		env.hostID = d.leafValue("extendedRequestId")
	}
	if env.hostID == "" {
		env.hostID = d.leafValue("HostId")
	}
	for _, k := range [...]string{"extendedRequestId", "HostId"} {
		if env.hostID == "" {
			env.hostID = inspectValue(w, k, true)
		}
	}
	if env.code == "" {
		if l := d.codeLeaf(); l >= 0 {
			env.code = typeCode(d.leaves[l].value)
		}
	}
	for _, k := range [...]string{"Code", "__type"} {
		if env.code == "" {
			env.code = typeCode(inspectValue(w, k, true))
		}
	}
	if env.operation == "" {
		env.operation = d.leafValue("eventName")
	}
	if env.service == "" {
		env.service = d.leafValue("eventSource")
	}
}

// inspectValue finds `key: 'value'` as JavaScript's util.inspect and
// Python's repr print objects (the key may be quoted). quoted requires the
// value to be in quotes; otherwise a bare number is taken too.
func inspectValue(w *wrapped, key string, quoted bool) string {
	s := w.s
	for from := 0; from < len(s); {
		i := strings.Index(s[from:], key)
		if i < 0 {
			return ""
		}
		i += from
		from = i + len(key)
		if i > 0 && (isWordByte(s[i-1]) || s[i-1] == '.' || s[i-1] == '$') {
			continue
		}
		e := i + len(key)
		if e < len(s) && (s[e] == '\'' || s[e] == '"') {
			e++
		}
		if !strings.HasPrefix(s[e:], ": ") {
			continue
		}
		e += 2
		for e < len(s) && s[e] == ' ' {
			e++
		}
		if e >= len(s) {
			return ""
		}
		if q := s[e]; q == '\'' || q == '"' {
			end := strings.IndexByte(s[e+1:], q)
			if end < 0 {
				continue
			}
			return s[e+1 : e+1+end]
		}
		if quoted {
			continue
		}
		end := e
		for end < len(s) && s[end] >= '0' && s[end] <= '9' {
			end++
		}
		if end > e {
			return s[e:end]
		}
	}
	return ""
}
