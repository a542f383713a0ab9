package condition

import (
	"encoding/base64"
	"strings"
)

// decodeBase64 reads BinaryEquals values: "a base-64 encoded representation
// of the binary value" (reference_policies_elements_condition_operators.md,
// Binary). Standard base64 is accepted with or without padding. Request
// values come as text too, so they are read the same way.
func decodeBase64(s string, buf []byte) ([]byte, bool) {
	enc := base64.StdEncoding
	if len(s)%4 != 0 || !strings.HasSuffix(s, "=") {
		enc = base64.RawStdEncoding
		if strings.HasSuffix(s, "=") {
			return nil, false
		}
	}
	n := enc.DecodedLen(len(s))
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	n, err := enc.Decode(buf[:n], []byte(s))
	if err != nil {
		return nil, false
	}
	return buf[:n], true
}

// parseBool reads "true" or "false" in any case. JSON booleans in a policy
// arrive as this text; the documentation does not say whether "True" is
// accepted, and IAM is not known to reject it.
func parseBool(s string) (value, ok bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}
