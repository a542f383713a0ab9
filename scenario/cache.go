package scenario

import (
	"hash/maphash"
	"slices"

	"github.com/whydenied/whydenied/condition"
	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/policy"
)

// generationBytes bounds the raw bytes (cache keys) one generation of the
// cache remembers. Parsed policies take several times their text, so a
// Loader keeps at most a few tens of megabytes alive however long the batch:
// without a bound a batch of distinct policies grew without end, and every
// garbage collection had to walk all of it.
const generationBytes = 4 << 20

// generation is one age of the policy cache: everything parsed since the
// previous one filled up.
type generation struct {
	policies      map[policy.Kind]map[string]keyed[cached]
	identityLists map[string]keyed[[]engine.NamedPolicy]
	orgLevels     [2]map[string]keyed[[][]engine.NamedPolicy] // scps, rcps
	contexts      map[string]keyed[*condition.Context]
	// byPrefix finds again the values of scenario members (not the
	// policies inside lists) that are at least prefixLen bytes long, by
	// the hash of their first prefixLen bytes: see (*cache).member.
	byPrefix map[uint64][]memberEntry
	bytes    int
}

func newGeneration() *generation {
	return &generation{
		policies:      map[policy.Kind]map[string]keyed[cached]{},
		identityLists: map[string]keyed[[]engine.NamedPolicy]{},
		orgLevels:     [2]map[string]keyed[[][]engine.NamedPolicy]{{}, {}},
		contexts:      map[string]keyed[*condition.Context]{},
		byPrefix:      map[uint64][]memberEntry{},
	}
}

// A scenario member's value is found again in the cache either by its
// extent (jsonscan.Extent, which reads every byte of it looking for brackets
// and quotes) and then its whole bytes as a map key, or, when it is long,
// from its first bytes alone: the candidates whose first prefixLen bytes
// hash alike are compared whole with the line, and one that the line begins
// with is the value, because a cached value is a complete JSON value, whose
// last byte closes it. That reads the value once instead of three times;
// finding the extent was a tenth of the cost of a cached line.
//
// prefixLen is long enough to get past what policies share at their start
// ({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":...,
// often behind {"name":...,"document":). At most maxPerPrefix candidates
// share a prefix; a value that finds that full is indexed by twice as many
// of its first bytes, and so on up to maxPrefixLen: lists of organization
// levels that all begin with the same FullAWSAccess policies are told apart
// that way (on generated batches, three in five scps members went the slow
// way when a full prefix was the end of the index). Each candidate also
// keeps the hash of its first twice prefix bytes, so that most of the
// others sharing its prefix are passed over without reading their text.
const (
	prefixLen    = 192
	maxPrefixLen = prefixLen << 5
	maxPerPrefix = 8
)

// memberKind says which scenario member a cached value was the value of.
type memberKind uint8

const (
	memberPolicy       memberKind = iota // a single policy (resourcePolicy, permissionsBoundary, ...)
	memberIdentityList                   // identityPolicies
	memberOrgLevels                      // scps or rcps (org: 0 or 1)
)

type memberEntry struct {
	raw string // the value's bytes, shared with the map that holds it
	// next is the hash of raw's first 2n bytes, where n is the prefix
	// length it is indexed by; 0 when raw is shorter than that.
	next   uint64
	member memberKind
	kind   policy.Kind // memberPolicy: the kind it was checked as
	org    int         // memberOrgLevels: 0 scps, 1 rcps
	policy cached
	list   []engine.NamedPolicy
	levels [][]engine.NamedPolicy
}

// indexed reports whether values of this policy kind are indexed by prefix:
// the kinds of single scenario members, not those of the policies in lists.
func indexed(kind policy.Kind) bool {
	switch kind {
	case policy.Identity, policy.SCP, policy.RCP:
		return false
	}
	return true
}

func (c *cache) index(e memberEntry) {
	for n := prefixLen; n <= len(e.raw) && n <= maxPrefixLen; n *= 2 {
		h := maphash.String(c.seed, e.raw[:n])
		if list := c.cur.byPrefix[h]; len(list) < maxPerPrefix {
			e.next = 0
			if 2*n <= len(e.raw) {
				e.next = maphash.String(c.seed, e.raw[:2*n])
			}
			c.cur.byPrefix[h] = append(list, e)
			return
		}
	}
}

// memberWant says which cached values may stand for a member's value.
type memberWant struct {
	member memberKind
	org    int           // memberOrgLevels
	kinds  []policy.Kind // memberPolicy: any of these
}

func (w *memberWant) accepts(e *memberEntry) bool {
	switch w.member {
	case memberPolicy:
		return e.member == memberPolicy && slices.Contains(w.kinds, e.kind)
	case memberOrgLevels:
		return e.member == memberOrgLevels && e.org == w.org
	}
	return e.member == w.member
}

// member finds a cached value that rest begins with and that w accepts,
// looking in the current generation, then in the previous one (and then
// copies it forward).
func (c *cache) member(rest []byte, w *memberWant) (*memberEntry, bool) {
	for n := prefixLen; n <= len(rest) && n <= maxPrefixLen; n *= 2 {
		h := maphash.Bytes(c.seed, rest[:n])
		// next is the hash of rest's first 2n bytes, computed when a
		// candidate needs it.
		var next uint64
		full := false
		for _, g := range [2]*generation{c.cur, c.old} {
			list := g.byPrefix[h]
			full = full || len(list) == maxPerPrefix
			for i := range list {
				e := &list[i]
				if len(e.raw) > len(rest) {
					continue
				}
				// With one candidate, comparing it is the cheaper check.
				if e.next != 0 && len(list) > 1 {
					if next == 0 {
						next = maphash.Bytes(c.seed, rest[:2*n])
					}
					if e.next != next {
						continue
					}
				}
				if string(rest[:len(e.raw)]) == e.raw && w.accepts(e) {
					if g == c.old {
						c.putEntry(*e)
					}
					return e, true
				}
			}
		}
		if !full {
			break
		}
	}
	return nil, false
}

// putEntry adds a value found in the previous generation to the current one.
func (c *cache) putEntry(e memberEntry) {
	switch e.member {
	case memberPolicy:
		c.putPolicy(e.kind, e.raw, e.policy)
	case memberIdentityList:
		c.putIdentityList(e.raw, e.list)
	case memberOrgLevels:
		c.putOrgLevels(e.org, e.raw, e.levels)
	}
}

// cache keeps two generations: entries are added to the current one, and
// an entry found only in the previous one is copied forward, so whatever a
// batch keeps using stays while the rest is dropped when the current
// generation fills up and becomes the previous one.
type cache struct {
	cur, old *generation
	seed     maphash.Seed // for byPrefix
}

func newCache() cache {
	return cache{cur: newGeneration(), old: newGeneration(), seed: maphash.MakeSeed()}
}

func (c *cache) grow(n int) {
	c.cur.bytes += n
	if c.cur.bytes > generationBytes {
		c.old, c.cur = c.cur, newGeneration()
	}
}

func (c *cache) policy(kind policy.Kind, raw []byte) (cached, bool) {
	return find(c.cur.policies[kind], c.old.policies[kind], raw, func(key string, e cached) { c.putPolicy(kind, key, e) })
}

// putPolicy remembers e under key, a string the caller made from the
// value's bytes once and e's policy may share (see member).
func (c *cache) putPolicy(kind policy.Kind, key string, e cached) {
	m := c.cur.policies[kind]
	if m == nil {
		m = map[string]keyed[cached]{}
		c.cur.policies[kind] = m
	}
	m[key] = keyed[cached]{key, e}
	if indexed(kind) {
		c.index(memberEntry{raw: key, member: memberPolicy, kind: kind, policy: e})
	}
	c.grow(len(key))
}

func (c *cache) identityList(raw []byte) ([]engine.NamedPolicy, bool) {
	return find(c.cur.identityLists, c.old.identityLists, raw, c.putIdentityList)
}

func (c *cache) putIdentityList(key string, l []engine.NamedPolicy) {
	c.cur.identityLists[key] = keyed[[]engine.NamedPolicy]{key, l}
	c.index(memberEntry{raw: key, member: memberIdentityList, list: l})
	c.grow(len(key))
}

func (c *cache) orgLevels(i int, raw []byte) ([][]engine.NamedPolicy, bool) {
	return find(c.cur.orgLevels[i], c.old.orgLevels[i], raw, func(key string, l [][]engine.NamedPolicy) { c.putOrgLevels(i, key, l) })
}

func (c *cache) putOrgLevels(i int, key string, l [][]engine.NamedPolicy) {
	c.cur.orgLevels[i][key] = keyed[[][]engine.NamedPolicy]{key, l}
	c.index(memberEntry{raw: key, member: memberOrgLevels, org: i, levels: l})
	c.grow(len(key))
}

// context finds a request context decoded before from the same bytes. A
// context is read, never changed, by the engine (it puts the keys it
// derives in a view in front of it), so lines may share one: decoding took
// a twentieth of a cached line, and batches repeat their contexts as they
// repeat their policies.
func (c *cache) context(raw []byte) (*condition.Context, bool) {
	return find(c.cur.contexts, c.old.contexts, raw, c.putContext)
}

func (c *cache) putContext(key string, ctx *condition.Context) {
	c.cur.contexts[key] = keyed[*condition.Context]{key, ctx}
	c.grow(len(key))
}

// keyed is a cached value with the string its map holds it under: a value
// found in the previous generation is copied forward under that same
// string, and so keeps sharing its text with its policies (see member)
// instead of getting a copy of its own.
type keyed[V any] struct {
	key string
	v   V
}

// find looks raw up in a map of the current generation, then in its twin
// of the previous one, and puts a value found there into the current
// generation under the same key.
func find[V any](cur, old map[string]keyed[V], raw []byte, put func(key string, v V)) (V, bool) {
	if e, ok := cur[string(raw)]; ok {
		return e.v, true
	}
	e, ok := old[string(raw)]
	if ok {
		put(e.key, e.v)
	}
	return e.v, ok
}
