package catalog

import (
	"sort"
	"strings"

	"github.com/whydenied/whydenied/internal/wildcard"
)

// Expand lists every action a policy's Action pattern matches, as IAM
// matches it: the whole "service:action" string against the pattern, '*'
// for any run and '?' for one character, ignoring case. "s3:Get*" gives
// every s3 action whose name starts with Get; "*" gives every action. The
// result uses AWS's spelling and is sorted in byte order; a pattern that
// names nothing gives an empty result.
func (c *Catalog) Expand(pattern string) []string {
	var out []string
	svcPat, actPat, hasColon := strings.Cut(pattern, ":")
	switch {
	case pattern == "*":
		c.eachService(func(s svc) {
			for j := s.firstAction; j < s.firstAction+s.nActs; j++ {
				out = append(out, s.prefix+":"+c.t.actionName(j))
			}
		})
	case !hasColon:
		// Without a colon the pattern can still match whole names ("s3*"),
		// but only through a wildcard; every name has exactly one colon.
		if !wildcard.HasWildcard(pattern) {
			return nil
		}
		c.eachService(func(s svc) {
			for j := s.firstAction; j < s.firstAction+s.nActs; j++ {
				if full := s.prefix + ":" + c.t.actionName(j); wildcard.MatchFold(pattern, full) {
					out = append(out, full)
				}
			}
		})
	default:
		// The pattern's first colon can only stand for the name's only colon
		// (a wildcard before it could reach past it only to meet a second
		// colon, which no name has), so prefix and name match separately.
		each := c.eachService
		if !wildcard.HasWildcard(svcPat) {
			each = func(f func(svc)) {
				if i, ok := c.t.findService(svcPat); ok {
					f(c.t.service(i))
				}
			}
		}
		each(func(s svc) {
			if !wildcard.MatchFold(svcPat, s.prefix) {
				return
			}
			for j := s.firstAction; j < s.firstAction+s.nActs; j++ {
				if name := c.t.actionName(j); wildcard.MatchFold(actPat, name) {
					out = append(out, s.prefix+":"+name)
				}
			}
		})
	}
	sort.Strings(out)
	return out
}

func (c *Catalog) eachService(f func(svc)) {
	for i := uint32(0); i < c.t.h[hNServices]; i++ {
		f(c.t.service(i))
	}
}
