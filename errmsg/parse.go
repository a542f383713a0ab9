package errmsg

import (
	"errors"
	"strconv"
	"strings"
)

// ErrNoAWSError is returned when the text holds nothing recognisable as
// an AWS error.
var ErrNoAWSError = errors.New("errmsg: no AWS error found in the text: expected an AWS error such as " +
	"\"An error occurred (AccessDenied) when calling the PutObject operation: ...\", " +
	"\"User: arn:aws:... is not authorized to perform: ...\", an SDK exception or Terraform/CloudFormation error, " +
	"or the output of `aws sts decode-authorization-message`")

// maxInput bounds the text read; a paste longer than this is cut.
const maxInput = 1 << 20

// Parse reads pasted text: AWS CLI output, SDK exceptions and tracebacks,
// Terraform/CDK/CloudFormation output, JSON-escaped strings, ANSI colour
// codes, log prefixes, text wrapped over several lines, or the output of
// `aws sts decode-authorization-message` (the JSON with DecodedMessage, or
// the decoded JSON itself). It returns an error only when the text holds
// nothing it recognises as an AWS error (the error says so plainly).
func Parse(text string) (*Reading, error) {
	cut := false
	if len(text) > maxInput {
		text, cut = text[:maxInput], true
	}
	text = normalise(text)
	if dm, ok := findDecoded(text); ok {
		r := readingFromDecoded(dm)
		if cut {
			r.note(NoteInputTruncated, "only the first %d bytes of the text were read", maxInput)
		}
		return r, nil
	}
	d := newDocument(text)
	for k := kind(0); k < kindCount; k++ {
		start := findAnchor(d, k)
		if start < 0 {
			continue
		}
		rd := readAt(d, k, start)
		r := build(text, d, rd)
		if r == nil {
			continue
		}
		if cut {
			r.note(NoteInputTruncated, "only the first %d bytes of the text were read", maxInput)
		}
		if n := countErrors(d, rd.end); n > 0 {
			r.note(NoteSeveral, "the text holds %d more AWS error(s) after this one; this reading is of the first", n)
		}
		return r, nil
	}
	return nil, ErrNoAWSError
}

// build turns what was read into a Reading, or returns nil when the
// wording was found but is not an AWS error after all.
func build(text string, d *document, rd reading) *Reading {
	env, st := rd.env, rd.st
	d.supplement(&env)
	r := &Reading{
		Operation:      env.operation,
		Principal:      st.principal,
		Action:         st.action,
		Resource:       st.resource,
		PolicyType:     st.policyType,
		PolicyTypeText: st.policyTypeText,
		DenyKind:       st.denyKind,
		PolicyARN:      st.policyARN,
		Reason:         st.reason,
		EncodedMessage: st.encoded,
		HTTPStatus:     env.status,
		RequestID:      env.requestID,
		HostID:         env.hostID,
	}
	if r.Resource == "" {
		r.Resource = env.resource
	}
	code := strings.TrimSpace(env.code)
	if n, err := strconv.Atoi(code); err == nil {
		// botocore and JavaScript put the HTTP status where a response
		// without a body has no code.
		if r.HTTPStatus == 0 {
			r.HTTPStatus = n
		}
		code = ""
	}
	r.ErrorCode = code
	if env.msgFrom >= 0 {
		r.Message = strings.TrimSpace(d.w.display(env.msgFrom, env.msgTo))
		r.Message = strings.TrimSuffix(strings.TrimPrefix(r.Message, "\""), "\"")
	}
	r.Service = normaliseService(env.service)
	if r.Service == "" {
		r.Service = serviceOfAction(r.Action)
	}
	r.Problem = problemOf(r, st)
	if r.Problem == "" && env.kind == kindCDKAssume {
		r.Problem = ProblemPermission
	}
	if r.Problem == "" {
		return nil
	}
	switch r.Problem {
	case ProblemPermission, ProblemForbidden, ProblemSetting:
		r.PermissionError = true
	}
	r.Tool = detectTool(text, d, env.kind)
	r.addNotes(st, env)
	return r
}

// problemOf decides what the text reports; "" means it is no AWS error.
func problemOf(r *Reading, st statement) string {
	byCode := problemForCode(r.ErrorCode)
	byMessage := problemForMessage(r.Message)
	p := byCode
	switch {
	case byCode == ProblemPermission && (byMessage == ProblemRequestExpired || byMessage == ProblemSignature):
		// S3 answers an expired pre-signed URL and unsigned headers with AccessDenied.
		p = byMessage
	case byCode == ProblemSignature && byMessage == ProblemClockSkew:
		p = byMessage
	case byCode == "":
		p = byMessage
	}
	if st.setting != "" && (p == ProblemPermission || p == "") {
		return ProblemSetting
	}
	if bareForbidden(r) {
		return ProblemForbidden
	}
	if p != "" {
		return p
	}
	stated := st.principal != "" || st.action != "" || st.resource != "" || st.encoded != "" || st.youAre || st.denyKind != ""
	m := strings.TrimRight(strings.ToLower(r.Message), ". ")
	switch {
	case stated, m == "access denied", m == "accessdenied":
		return ProblemPermission
	case r.ErrorCode != "":
		return ProblemOther
	}
	return ""
}

// bareForbidden reports a 403 that states neither code nor message.
func bareForbidden(r *Reading) bool {
	if r.ErrorCode != "" && r.ErrorCode != "Forbidden" {
		return false
	}
	m := strings.ToLower(strings.TrimRight(r.Message, ". "))
	switch {
	case strings.Contains(m, "no further error information was returned by the service"):
		return true
	case m == "", m == "forbidden", m == "unknownerror", m == "403 forbidden", m == "unknown":
		return r.HTTPStatus == 403 || r.ErrorCode == "Forbidden" || m == "403 forbidden" || m == "forbidden"
	}
	return false
}

// countErrors counts the AWS errors that start after end.
func countErrors(d *document, end int) int {
	n := 0
	w := &d.w
	for _, kw := range [...]string{"An error occurred (", "operation error "} {
		for from := end; from < len(w.s); {
			i, e := w.index(from, len(w.s), kw, false, true)
			if i < 0 {
				break
			}
			from = e
			if kw == "operation error " {
				// Only errors AWS answered count; a nested Go error belongs
				// to the one before it.
				if !goResponded(w, e, len(w.s)) {
					continue
				}
				li := d.lineOf(i)
				if next, _ := w.index(e, d.lineEnd(li), kw, false, true); next >= 0 {
					from = d.lineEnd(li)
				}
			}
			n++
		}
	}
	return n
}
