package policy

import (
	"strings"

	"github.com/whydenied/whydenied/condition"
)

// arena hands out the slices of one parsed policy from a few shared
// chunks, so that parsing costs a handful of allocations rather than one
// per element. Every slice handed out has its capacity cut to its length,
// so appending to it never writes into a neighbour.
type arena struct {
	strs       []string
	conds      []condition.Condition
	bools      []bool
	prins      []Principal
	statements int // expected number of statements
	chunk      int // size of the next string chunk
}

// init sizes the chunks from cheap counts over the document: every string
// value is one of the quoted tokens, and every statement has one Effect.
// (Counting `Effect"` rather than `"Effect"` is ten times faster: the
// search keys on the rarer first byte.)
func (a *arena) init(src string) {
	a.chunk = strings.Count(src, `"`)/4 + 4
	a.statements = max(1, strings.Count(src, `Effect"`))
}

func (a *arena) strings(items []string) []string {
	n := len(items)
	if n == 0 {
		return nil
	}
	if cap(a.strs)-len(a.strs) < n {
		a.strs = make([]string, 0, max(n, a.chunk))
		a.chunk = a.chunk/2 + 8
	}
	start := len(a.strs)
	a.strs = append(a.strs, items...)
	return a.strs[start:len(a.strs):len(a.strs)]
}

func (a *arena) strings1(s string) []string {
	if cap(a.strs) == len(a.strs) {
		a.strs = make([]string, 0, a.chunk)
		a.chunk = a.chunk/2 + 8
	}
	a.strs = append(a.strs, s)
	n := len(a.strs)
	return a.strs[n-1 : n : n]
}

func (a *arena) conditions(items []condition.Condition) condition.Block {
	n := len(items)
	if n == 0 {
		return nil
	}
	if cap(a.conds)-len(a.conds) < n {
		a.conds = make([]condition.Condition, 0, max(n, 16))
	}
	start := len(a.conds)
	a.conds = append(a.conds, items...)
	return a.conds[start:len(a.conds):len(a.conds)]
}

func (a *arena) flags(items []bool) []bool {
	n := len(items)
	if n == 0 {
		return nil
	}
	if cap(a.bools)-len(a.bools) < n {
		a.bools = make([]bool, 0, max(n, 64))
	}
	start := len(a.bools)
	a.bools = append(a.bools, items...)
	return a.bools[start:len(a.bools):len(a.bools)]
}

func (a *arena) principal() *Principal {
	if len(a.prins) == cap(a.prins) {
		a.prins = make([]Principal, 0, max(4, a.statements))
	}
	a.prins = a.prins[:len(a.prins)+1]
	return &a.prins[len(a.prins)-1]
}
