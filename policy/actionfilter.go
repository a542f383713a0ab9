package policy

import (
	"strings"

	"github.com/whydenied/whydenied/internal/wildcard"
)

// A statement's Action (or NotAction) patterns are summed up at parse time
// in two small bit sets, so that the engine can tell that a request's action
// matches none of them without reading the patterns themselves. Most
// statements a request meets are for other actions, and reading their
// patterns, which lie elsewhere in memory, was the costliest part of
// rejecting them. The summary may say "may match" wrongly, never "cannot
// match" wrongly: a "may match" is always followed by the real comparison.
//
// The sets are Bloom filters of 64 bits with two bits per entry, over the
// lower-cased text:
//   - exact: patterns without wildcards. Such a pattern matches an action
//     only when the two are equal ignoring case
//     (reference_policies_elements_action.md), so their lower-cased texts
//     hash alike.
//   - service: the service prefix ("s3" of "s3:Get*") of patterns whose
//     first wildcard comes after the colon: every action such a pattern
//     matches begins with that prefix and a colon.
//
// Patterns that fit neither (a wildcard in the service part, a bare "*", or
// text that is not ASCII, whose case folding is not byte by byte) make the
// summary answer "may match" for every action.

// ActionKey is a request's action as Statement.MayMatchAction reads it.
type ActionKey struct {
	action, service uint64 // the action's and its service's bits
	ok              bool   // false: the action cannot be summed up; every statement may match
}

// NewActionKey sums up a request's action (service:Action) once, for every
// statement it is checked against.
func NewActionKey(action string) ActionKey {
	colon := strings.IndexByte(action, ':')
	if colon < 0 || !wildcard.IsASCII(action) {
		return ActionKey{}
	}
	return ActionKey{action: bloomBits(action), service: bloomBits(action[:colon]), ok: true}
}

// actionFilter is the summary of one statement's Action or NotAction.
type actionFilter struct {
	exact, service uint64
	any            bool // some pattern can match an action of any service
	ready          bool // computed by the parser; the zero value always says "may match"
}

// MayMatchAction reports whether the request's action may match one of the
// patterns of the statement's Action, or of its NotAction when it has that
// instead. False is certain: no pattern matches. True only means the
// patterns must be compared. A statement not made by Parse (or changed since)
// always answers true.
func (st *Statement) MayMatchAction(k ActionKey) bool {
	f := &st.actions
	if !f.ready || f.any || !k.ok {
		return true
	}
	return f.exact&k.action == k.action || f.service&k.service == k.service
}

// summarizeActions fills in st.actions from whichever of Action and
// NotAction the statement has; with both or neither (an invalid statement,
// already reported) it leaves the filter unset.
func (st *Statement) summarizeActions() {
	patterns, ok := either(st.Action, st.NotAction)
	if !ok {
		return
	}
	f := actionFilter{ready: true}
	for _, p := range patterns {
		if !wildcard.IsASCII(p) {
			f.any = true
			break
		}
		wild := strings.IndexAny(p, "*?")
		if wild < 0 {
			f.exact |= bloomBits(p)
			continue
		}
		colon := strings.IndexByte(p, ':')
		if colon < 0 || colon > wild {
			f.any = true
			break
		}
		f.service |= bloomBits(p[:colon])
	}
	st.actions = f
}

// either returns the values of whichever of an element and its Not form
// the statement has, and false when it has both or neither.
func either(v, not Values) ([]string, bool) {
	switch {
	case v.Set && !not.Set:
		return v.List, true
	case not.Set && !v.Set:
		return not.List, true
	}
	return nil, false
}

// bloomBits returns two bits of a 64-bit set chosen by the FNV-1a hash of s
// lower-cased (ASCII letters only: callers pass ASCII text).
func bloomBits(s string) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h ^= uint64(c)
		h *= prime
	}
	return 1<<(h&63) | 1<<(h>>6&63)
}
