package errmsg

import "testing"

// Prefixes loggers and CI systems put before a line.
func TestStripPrefix(t *testing.T) {
	cases := []struct {
		in, rest string
		record   bool
	}{
		{"2024-05-01T10:00:00.123Z ERROR An error occurred", "An error occurred", true},
		{"2024-05-01 10:00:00,123 - ERROR - msg", "msg", true},
		{"[2024-05-01 10:00:00] [ERROR] msg", "msg", true},
		{"May  1 10:00:00 msg", "msg", true},
		{"10:01:02 AM | msg", "msg", true},
		{"2024-05-01T10:00:00.000Z\t5f0b3c1e-2d4a-4b6c-8e9f-0a1b2c3d4e5f\tERROR\tInvoke Error", "Invoke Error", true},
		{"ERROR:botocore.hooks:msg", "msg", true},
		{"level=error msg", "msg", true},
		{"##[error]msg", "msg", true},
		{"[Container] 2024/05/01 10:00:01.456789 msg", "msg", true},
		{"│ Error: creating", "Error: creating", false},
		{"worker-1  | msg", "msg", false},
		{"> msg", "msg", false},
		{"User: arn:aws:iam::123456789012:user/x", "User: arn:aws:iam::123456789012:user/x", false},
		{"arn:aws:s3:::b", "arn:aws:s3:::b", false},
		{"12345 is a number", "12345 is a number", false},
	}
	for _, c := range cases {
		rest, record := stripPrefix(c.in)
		if rest != c.rest || record != c.record {
			t.Errorf("stripPrefix(%q) = %q, %v; want %q, %v", c.in, rest, record, c.rest, c.record)
		}
	}
}

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{
		"\x1b[1;31mError\x1b[0m":               "Error",
		"\x1b]8;;http://x\x07link\x1b]8;;\x07": "link",
		"a\r\nb\rc":                            "a\nb\nc",
		"zero\u200bwidth\ufeff":                "zerowidth",
		"no\u00a0break":                        "no break",
		"[0m[31mred[0m":                        "red",
		"[ERROR] kept":                         "[ERROR] kept",
		"plain":                                "plain",
	} {
		if got := normalise(in); got != want {
			t.Errorf("normalise(%q) = %q, want %q", in, got, want)
		}
	}
	if got := unescapeAll(`\"a\\\"b\\\"\"\n\u00e9`); got != "\"a\"b\"\"\né" {
		t.Errorf("unescapeAll = %q", got)
	}
}
