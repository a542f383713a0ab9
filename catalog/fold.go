package catalog

// cmpFold compares a and b as if both were in ASCII lower case. The catalog's
// tables are sorted in this order by the generator; IAM names are ASCII, and
// a non-ASCII byte simply compares as itself, so no input can break the
// search, it can only fail to match.
func cmpFold(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		x, y := lower(a[i]), lower(b[i])
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

// CompareFold is cmpFold for the generator (internal/gen/catalog), which must
// sort the tables in exactly the order the catalog searches them.
func CompareFold(a, b string) int { return cmpFold(a, b) }

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s begins with prefix, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && cmpFold(s[:len(prefix)], prefix) == 0
}

// hasSuffixFold reports whether s ends with suffix, ignoring ASCII case.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && cmpFold(s[len(s)-len(suffix):], suffix) == 0
}
