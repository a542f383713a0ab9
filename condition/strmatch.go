package condition

import (
	"strings"
	"unicode/utf8"

	"github.com/whydenied/whydenied/internal/wildcard"
)

// matchString is the positive test of the string operators: exact and
// case-sensitive, exact ignoring case, or with * and ? wildcards
// (reference_policies_elements_condition_operators.md, String).
func matchString(t test, p *pval, rv string) bool {
	switch t {
	case tEqualsFold:
		return strings.EqualFold(p.str, rv)
	case tLike:
		switch p.like {
		case likeExact:
			return p.str == rv
		case likePrefix:
			return strings.HasPrefix(rv, p.str[:len(p.str)-1])
		}
		return wildcard.Match(p.str, rv)
	}
	return p.str == rv
}

// likeShape lets the commonest StringLike patterns skip the general matcher.
type likeShape uint8

const (
	likeGeneral likeShape = iota
	likeExact             // no wildcard at all
	likePrefix            // "text*" with no other wildcard
)

func shapeOf(p string) likeShape {
	switch i := strings.IndexAny(p, "*?\uE000\uE001"); {
	case i < 0:
		return likeExact
	case i == len(p)-1 && p[i] == '*' && utf8.ValidString(p) && !strings.ContainsRune(p, utf8.RuneError):
		// The matcher compares runes, reading invalid bytes as U+FFFD;
		// a byte prefix test agrees with it only on clean UTF-8.
		return likePrefix
	}
	return likeGeneral
}
