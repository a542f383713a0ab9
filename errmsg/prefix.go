package errmsg

import "strings"

// stripPrefix removes what loggers, CI systems and terminals put before the
// text on a line: boxes drawn by Terraform, quote marks, container names,
// timestamps, request IDs and log levels. record reports whether a
// timestamp or a level was removed, which means a new log record starts.
func stripPrefix(s string) (rest string, record bool) {
	for round := 0; round < 8; round++ {
		t := strings.TrimLeft(s, " \t")
		n := prefixLen(t)
		if n.size == 0 {
			return t, record
		}
		record = record || n.record
		s = t[n.size:]
	}
	return strings.TrimLeft(s, " \t"), record
}

type prefixMatch struct {
	size   int
	record bool
}

func prefixLen(s string) prefixMatch {
	switch {
	case s == "":
		return prefixMatch{}
	case strings.HasPrefix(s, "│"), strings.HasPrefix(s, "╷"), strings.HasPrefix(s, "╵"), strings.HasPrefix(s, "┃"):
		return prefixMatch{size: len("│")}
	case strings.HasPrefix(s, "> "):
		return prefixMatch{size: 2}
	case strings.HasPrefix(s, "##[error]"), strings.HasPrefix(s, "##[warning]"):
		return prefixMatch{size: strings.IndexByte(s, ']') + 1, record: true}
	case strings.HasPrefix(s, "[Container]"):
		return prefixMatch{size: len("[Container]"), record: true}
	}
	if n := timestampLen(s); n > 0 {
		return prefixMatch{size: n + separatorLen(s[n:]), record: true}
	}
	if s[0] == '[' {
		// A bracketed timestamp or level: "[2024-05-01 10:00:00]", "[ERROR]".
		if end := strings.IndexByte(s, ']'); end > 1 && end < 40 {
			inner := strings.TrimSpace(s[1:end])
			if timestampLen(inner) == len(inner) || levelLen(inner) == len(inner) {
				return prefixMatch{size: end + 1 + separatorLen(s[end+1:]), record: true}
			}
		}
	}
	if n := levelLen(s); n > 0 {
		return prefixMatch{size: n, record: true}
	}
	if n := uuidLen(s); n > 0 && n < len(s) && (s[n] == '\t' || s[n] == ' ') {
		return prefixMatch{size: n + 1}
	}
	if strings.HasPrefix(s, "stderr F ") || strings.HasPrefix(s, "stdout F ") {
		return prefixMatch{size: len("stderr F ")}
	}
	if n := containerPrefixLen(s); n > 0 {
		return prefixMatch{size: n}
	}
	return prefixMatch{}
}

// separatorLen measures what separates a timestamp from the text.
func separatorLen(s string) int {
	i := 0
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '|':
			i++
		case '-', ':':
			if i+1 < len(s) && s[i+1] == ' ' {
				i += 2
				continue
			}
			return i
		default:
			return i
		}
	}
	return i
}

func digitsAt(s string, i, n int) bool {
	if i+n > len(s) {
		return false
	}
	for _, c := range []byte(s[i : i+n]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// timestampLen measures an ISO 8601 or slashed date-time, a syslog date,
// or a time of day, at the start of s.
func timestampLen(s string) int {
	i := 0
	switch {
	case digitsAt(s, 0, 4) && len(s) > 10 && (s[4] == '-' || s[4] == '/') && digitsAt(s, 5, 2) && s[7] == s[4] && digitsAt(s, 8, 2):
		i = 10
		if i < len(s) && (s[i] == 'T' || s[i] == ' ') && digitsAt(s, i+1, 2) {
			i++
		} else {
			return i
		}
	case len(s) > 15 && isMonth(s[:3]) && s[3] == ' ':
		j := 4
		for j < len(s) && s[j] == ' ' {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k == j || k >= len(s) || s[k] != ' ' {
			return 0
		}
		i = k + 1
	}
	if !digitsAt(s, i, 2) || i+5 > len(s) || s[i+2] != ':' || !digitsAt(s, i+3, 2) {
		if i > 0 {
			return i
		}
		return 0
	}
	i += 5
	if i+3 <= len(s) && s[i] == ':' && digitsAt(s, i+1, 2) {
		i += 3
	}
	if i < len(s) && (s[i] == '.' || s[i] == ',') && digitsAt(s, i+1, 1) {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	switch {
	case i < len(s) && s[i] == 'Z':
		i++
	case i+5 <= len(s) && (s[i] == '+' || s[i] == '-') && digitsAt(s, i+1, 2):
		i += 3
		if i < len(s) && s[i] == ':' {
			i++
		}
		if digitsAt(s, i, 2) {
			i += 2
		}
	case strings.HasPrefix(s[i:], " AM") || strings.HasPrefix(s[i:], " PM"):
		i += 3
	case strings.HasPrefix(s[i:], " UTC"):
		i += 4
	}
	if i < len(s) && isWordByte(s[i]) {
		return 0
	}
	return i
}

func isMonth(s string) bool {
	switch s {
	case "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec":
		return true
	}
	return false
}

// levels are log levels as loggers print them.
var levels = [...]string{"ERROR", "ERR", "WARNING", "WARN", "INFO", "DEBUG", "FATAL", "CRITICAL", "TRACE", "error", "warning", "warn", "info", "debug", "fatal", "critical"}

// levelLen measures a log level followed by a separator ("ERROR ",
// "ERROR:root:", "level=error "), or a level alone inside brackets.
func levelLen(s string) int {
	if strings.HasPrefix(s, "level=") {
		i := len("level=")
		for i < len(s) && s[i] != ' ' && s[i] != '\t' {
			i++
		}
		return i + separatorLen(s[i:])
	}
	for _, l := range levels {
		if !strings.HasPrefix(s, l) {
			continue
		}
		i := len(l)
		if i == len(s) {
			return i
		}
		switch s[i] {
		case ' ', '\t':
			return i + separatorLen(s[i:])
		case ':':
			// Python's logging: "ERROR:root:" or "ERROR:botocore.hooks:".
			j := i + 1
			for j < len(s) && (isWordByte(s[j]) || s[j] == '.') {
				j++
			}
			if j > i+1 && j < len(s) && s[j] == ':' {
				return j + 1 + separatorLen(s[j+1:])
			}
			return i + 1 + separatorLen(s[i+1:])
		}
		return 0
	}
	return 0
}

// uuidLen measures a request ID such as Lambda writes after its timestamp.
func uuidLen(s string) int {
	if len(s) < 36 {
		return 0
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return 0
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return 0
			}
		}
	}
	return 36
}

// containerPrefixLen measures docker compose's "service-1  | ".
func containerPrefixLen(s string) int {
	i := 0
	for i < len(s) && (isWordByte(s[i]) || s[i] == '-' || s[i] == '.') {
		i++
	}
	if i == 0 || i > 40 {
		return 0
	}
	j := i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j == i || j+1 >= len(s) || s[j] != '|' || s[j+1] != ' ' {
		return 0
	}
	return j + 2
}
