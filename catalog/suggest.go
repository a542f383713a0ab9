package catalog

import (
	"sort"
	"strings"
)

// maxSuggestInput bounds the work one Suggest call can cause: no action name
// is near this long (the longest is under 100 bytes), so a longer input has
// no close match anyway.
const maxSuggestInput = 256

// Suggest returns up to n real action names closest to name, closest first:
// for the typo "s3:GetObjects" it gives "s3:GetObject" first. Closeness is the
// edit distance (insertions, deletions, substitutions and swaps of adjacent
// letters, ignoring case) of the service prefix plus that of the action
// name, so a typo in either part is found. A name without a colon is
// compared with action names of every service ("GetObject"). Only names
// within a few edits (a quarter of the input's length, at least 2) are
// offered; an exact match, in any case, comes first in AWS's spelling.
func (c *Catalog) Suggest(name string, n int) []string {
	name = strings.TrimSpace(name)
	if n <= 0 || name == "" || len(name) > maxSuggestInput {
		return nil
	}
	limit := max(2, len(name)/4)
	svcPart, actPart, hasColon := strings.Cut(name, ":")
	if !hasColon {
		actPart = name
	}

	type hit struct {
		name string
		dist int
	}
	var hits []hit
	var d distancer
	c.eachService(func(s svc) {
		svcDist := 0
		if hasColon {
			svcDist = d.distance(svcPart, s.prefix, limit)
			if svcDist > limit {
				return
			}
		}
		budget := limit - svcDist
		for j := s.firstAction; j < s.firstAction+s.nActs; j++ {
			act := c.t.actionName(j)
			if abs(len(act)-len(actPart)) > budget {
				continue
			}
			if ad := d.distance(actPart, act, budget); ad <= budget {
				hits = append(hits, hit{s.prefix + ":" + act, svcDist + ad})
			}
		}
	})
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].dist != hits[j].dist {
			return hits[i].dist < hits[j].dist
		}
		return hits[i].name < hits[j].name
	})
	out := make([]string, 0, min(n, len(hits)))
	for _, h := range hits[:min(n, len(hits))] {
		out = append(out, h.name)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// distancer computes the optimal string alignment distance (Levenshtein plus
// transposition of adjacent characters), ignoring ASCII case. It keeps its
// rows between calls so that scanning thousands of names allocates once.
type distancer struct {
	prev2, prev, cur []int
}

// distance returns the distance of a and b, or limit+1 as soon as it is
// certain to exceed limit.
func (d *distancer) distance(a, b string, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	n := len(b) + 1
	if cap(d.cur) < n {
		d.prev2, d.prev, d.cur = make([]int, n), make([]int, n), make([]int, n)
	}
	prev2, prev, cur := d.prev2[:n], d.prev[:n], d.cur[:n]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j < n; j++ {
			cost := 1
			if lower(a[i-1]) == lower(b[j-1]) {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && lower(a[i-1]) == lower(b[j-2]) && lower(a[i-2]) == lower(b[j-1]) {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[n-1], limit+1)
}
