package errmsg

import "strings"

// structuralStarts begin lines that belong to stack traces, objects and
// tool output around a message, never to the message itself.
var structuralStarts = [...]string{
	"at ", "File \"", "Traceback (most recent", "During handling of", "The above exception",
	"raise ", "^", "~", "--->", "---", "Caused by:", "{", "}", "[", "]", "'$", "$", "#",
	"Error:", "Unhandled exception", "Exception in thread", "status code:", "An error occurred (",
	"botocore.", "boto3.", "operation error ", "Resource handler returned message", "Amazon.",
	"software.amazon.", "com.amazonaws.", "__type:", "Code:", "RequestId:", "HostId:",
	"❌", "✨", "Stack ", "...", "from /",
}

// structural reports whether a line is part of the structure around a
// message: a stack frame, an object, a tool's own line.
func structural(t string) bool {
	for _, s := range structuralStarts {
		if strings.HasPrefix(t, s) {
			return true
		}
	}
	// Terraform's "with aws_iam_role.deploy," and "on main.tf line 3, in ...".
	if strings.HasPrefix(t, "with ") && strings.HasSuffix(t, ",") && !strings.Contains(t[5:], " ") {
		return true
	}
	if strings.HasPrefix(t, "on ") && strings.Contains(t, " line ") {
		if f, _, _ := strings.Cut(t[3:], " "); strings.Contains(f, ".") {
			return true
		}
	}
	// Code a traceback quotes: "s3.put_object(Bucket=...)".
	if i := strings.IndexByte(t, '('); i > 0 && strings.HasSuffix(t, ")") && !strings.Contains(t[:i], " ") {
		return true
	}
	return false
}

// continuationStarts begin the second half of an AWS message that a
// wrapper broke over lines.
var continuationStarts = [...]string{
	"is not authorized", "not authorized", "on resource", "on the specified", "because", "with an explicit",
	"due to an explicit", "transitively", "encoded authorization", "allows the", "action", "policy",
	"(service:", "(requesttoken", "api error", "https response error", "statuscode:", "requestid:",
	"hostid:", "identity-based", "resource-based", "permissions boundary", "service control",
	"resource control", "session", "vpc endpoint", "role trust", "arn:", "user:", "operation:", "perform",
	". encoded authorization", ": arn:",
}

func continuation(t string) bool {
	for _, s := range continuationStarts {
		if len(t) >= len(s) && strings.EqualFold(t[:len(s)], s) {
			return true
		}
	}
	return false
}

// complete reports whether a message reads as finished: its context
// clause was read to the end, or it ends a sentence, or it is one of the
// terse messages that say nothing more.
func complete(w *wrapped, env envelope, st statement) bool {
	if env.open || st.open || env.msgFrom < 0 {
		return false
	}
	if st.reason != "" && st.encoded == "" {
		return true
	}
	if st.encoded != "" {
		return false
	}
	m := w.display(env.msgFrom, env.msgTo)
	switch strings.ToLower(m) {
	case "access denied", "forbidden", "unknownerror":
		return true
	}
	return strings.HasSuffix(m, ".")
}

// maxMessageLines bounds how many lines one message may take; AWS
// messages wrapped at any real terminal width fit well within it, and the
// bound keeps reading linear in the size of the text.
const maxMessageLines = 40

// reading is the wrapper and the statement read from one anchor.
type reading struct {
	env envelope
	st  statement
	end int // where the text read ends
}

// readAt reads the wording of kind k at start, taking in the lines below
// as long as the message goes on: while the wrapper or the grammar expects
// more, or the next line reads as the rest of a sentence, or the line was
// cut at the width of the terminal.
func readAt(d *document, k kind, start int) reading {
	li := d.lineOf(start)
	first := li
	for {
		end := d.lineEnd(li)
		d.w.tight = d.w.tight[:0]
		env := recognise(d, k, start, end)
		var st statement
		if env.msgFrom >= 0 {
			st = parseStatement(&d.w, env.msgFrom, env.msgTo)
		}
		if li+1 >= len(d.lines) || li-first >= maxMessageLines {
			return reading{env: env, st: st, end: end}
		}
		next := d.lines[li+1]
		if next.text == "" || next.record || structural(next.text) {
			return reading{env: env, st: st, end: end}
		}
		// A line as long as the longest one may have been cut at the
		// terminal's width, unless the message it ends is complete.
		cut := len(d.lines[li].text) == d.maxLen && d.maxLen >= 40 && !complete(&d.w, env, st)
		if !(env.open || st.open || continuation(next.text) || cut) {
			return reading{env: env, st: st, end: end}
		}
		li++
	}
}
