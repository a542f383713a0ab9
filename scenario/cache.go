package scenario

import (
	"hash/maphash"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/whydenied/whydenied/engine"
	"github.com/whydenied/whydenied/policy"
)

// generationBytes bounds the raw bytes (cache keys) one generation of the
// cache remembers. Parsed policies take several times their text, so a
// Cache keeps at most a few tens of megabytes alive however long the batch:
// without a bound a batch of distinct policies grew without end, and every
// garbage collection had to walk all of it.
const generationBytes = 8 << 20

// generation is one age of the policy cache: everything parsed since the
// previous one filled up. Once published in a snapshot it is never
// changed again.
type generation struct {
	policies      map[policy.Kind]map[string]cached
	identityLists map[string][]engine.NamedPolicy
	orgLevels     [2]map[string][][]engine.NamedPolicy // scps, rcps
	// byPrefix finds again the values of scenario members (not the
	// policies inside lists) that are at least prefixLen bytes long, by
	// the hash of their first prefixLen bytes: see (*Cache).member.
	byPrefix map[uint64][]memberEntry
	bytes    int
	entries  int
}

func newGeneration() *generation {
	return &generation{
		policies:      map[policy.Kind]map[string]cached{},
		identityLists: map[string][]engine.NamedPolicy{},
		orgLevels:     [2]map[string][][]engine.NamedPolicy{{}, {}},
		byPrefix:      map[uint64][]memberEntry{},
	}
}

// union returns a new generation holding g's entries and then more's.
func (g *generation) union(more *generation) *generation {
	u := newGeneration()
	for _, from := range [2]*generation{g, more} {
		for k, m := range from.policies {
			um := u.policies[k]
			if um == nil {
				um = make(map[string]cached, len(m))
				u.policies[k] = um
			}
			for raw, e := range m {
				um[raw] = e
			}
		}
		for raw, l := range from.identityLists {
			u.identityLists[raw] = l
		}
		for i := range from.orgLevels {
			for raw, l := range from.orgLevels[i] {
				u.orgLevels[i][raw] = l
			}
		}
		for h, list := range from.byPrefix {
			for _, e := range list {
				u.index(h, e)
			}
		}
		u.bytes += from.bytes
		u.entries += from.entries
	}
	return u
}

// A scenario member's value is found again in the cache either by its
// extent (jsonscan.Extent, which reads every byte of it looking for brackets
// and quotes) and then its whole bytes as a map key, or, when it is long,
// from its first prefixLen bytes alone: the candidates whose first bytes
// hash alike are compared whole with the line, and one that the line begins
// with is the value, because a cached value is a complete JSON value, whose
// last byte closes it. That reads the value once instead of three times;
// finding the extent was a tenth of the cost of a cached line.
//
// prefixLen is long enough to get past what policies share at their start
// ({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":...,
// often behind {"name":...,"document":); at most maxPerPrefix candidates
// share a prefix, and values past that are found the other way.
const (
	prefixLen    = 192
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
	raw    string // the value's bytes, shared with the map that holds it
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

// index adds e under prefix hash h, unless maxPerPrefix values already
// share it.
func (g *generation) index(h uint64, e memberEntry) {
	if list := g.byPrefix[h]; len(list) < maxPerPrefix {
		g.byPrefix[h] = append(list, e)
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

// A Cache remembers the policies Loaders have parsed, keyed by their raw
// bytes and kind, and whole lists by the raw bytes of the member. Loaders on
// several goroutines may share one (NewLoaderSharing): the batch command's
// workers do, so the parsed policies are in memory once rather than once
// per worker, which halved the memory the decisions read and made a batch
// over many distinct policies faster.
//
// Reading takes no lock: the entries are in an immutable snapshot of two
// generations (cur, and old before it) that an atomic pointer publishes.
// What is added goes to a fresh generation under a mutex, and is looked for
// there only while it is not empty; it is merged into a new snapshot when
// it has grown, or has been read from often (see noteFreshUse). An entry
// found only in the old generation is copied forward, so whatever a batch
// keeps using stays, while the rest is dropped when the current generation
// fills up and becomes the old one.
type Cache struct {
	seed  maphash.Seed // for byPrefix
	bound int          // generationBytes, but for tests
	snap  atomic.Pointer[snapshot]

	mu        sync.Mutex
	fresh     *generation // guarded by mu
	freshUses int         // guarded by mu: reads answered from fresh or old since the last merge
	hasFresh  atomic.Bool // fresh holds entries
}

type snapshot struct {
	cur, old *generation
}

// NewCache returns an empty Cache, safe for concurrent use.
func NewCache() *Cache { return newCacheBounded(generationBytes) }

func newCacheBounded(bound int) *Cache {
	c := &Cache{seed: maphash.MakeSeed(), bound: bound, fresh: newGeneration()}
	c.snap.Store(&snapshot{cur: newGeneration(), old: newGeneration()})
	return c
}

// Merging fresh into the snapshot copies the current generation, so it
// waits until fresh has grown by mergeFraction of it (at least mergeMin
// entries), which keeps the copying in proportion to what is added; or
// until mergeUses reads needed fresh or old, so a batch that has stopped
// adding soon reads lock-free again.
const (
	mergeMin      = 64
	mergeFraction = 2 // fresh >= cur/mergeFraction
	mergeUses     = 256
)

// freshUseLocked counts a read answered from fresh or old and merges when
// there were enough.
func (c *Cache) freshUseLocked() {
	if c.freshUses++; c.freshUses >= mergeUses {
		c.mergeLocked()
	}
}

// addedLocked accounts for an entry of n raw bytes put into fresh.
func (c *Cache) addedLocked(n int) {
	c.fresh.bytes += n
	c.fresh.entries++
	c.hasFresh.Store(true)
	if cur := c.snap.Load().cur; c.fresh.entries >= max(mergeMin, cur.entries/mergeFraction) {
		c.mergeLocked()
	}
}

// mergeLocked publishes a snapshot with fresh's entries: added to the
// current generation, or, when that would pass the bound, as the new
// current generation, the current one becoming the old.
func (c *Cache) mergeLocked() {
	c.freshUses = 0
	if c.fresh.entries == 0 {
		return
	}
	s := c.snap.Load()
	next := &snapshot{cur: s.cur.union(c.fresh), old: s.old}
	if s.cur.bytes+c.fresh.bytes > c.bound {
		next = &snapshot{cur: c.fresh, old: s.cur}
	}
	c.snap.Store(next)
	c.fresh = newGeneration()
	c.hasFresh.Store(false)
}

// member finds a cached value that rest begins with and that w accepts.
func (c *Cache) member(rest []byte, w *memberWant) (memberEntry, bool) {
	if len(rest) < prefixLen {
		return memberEntry{}, false
	}
	h := maphash.Bytes(c.seed, rest[:prefixLen])
	s := c.snap.Load()
	if e, ok := findMember(s.cur, h, rest, w); ok {
		return e, true
	}
	if e, ok := findMember(s.old, h, rest, w); ok {
		c.mu.Lock()
		c.putEntryLocked(e)
		c.freshUseLocked()
		c.mu.Unlock()
		return e, true
	}
	if !c.hasFresh.Load() {
		return memberEntry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := findMember(c.fresh, h, rest, w)
	if ok {
		c.freshUseLocked()
	}
	return e, ok
}

func findMember(g *generation, h uint64, rest []byte, w *memberWant) (memberEntry, bool) {
	list := g.byPrefix[h]
	for i := range list {
		e := &list[i]
		if len(e.raw) <= len(rest) && string(rest[:len(e.raw)]) == e.raw && w.accepts(e) {
			return *e, true
		}
	}
	return memberEntry{}, false
}

// putEntryLocked adds a value found in the old generation to fresh.
func (c *Cache) putEntryLocked(e memberEntry) {
	switch e.member {
	case memberPolicy:
		c.putPolicyLocked(e.kind, e.raw, e.policy)
	case memberIdentityList:
		c.putIdentityListLocked(e.raw, e.list)
	case memberOrgLevels:
		c.putOrgLevelsLocked(e.org, e.raw, e.levels)
	}
}

// lookup finds key in the snapshot's generations (copying an entry found
// only in the old one forward) and then in fresh; get reads one generation,
// indexing its map with string(key) itself so that no string is made.
func lookup[V any](c *Cache, key []byte, get func(*generation, []byte) (V, bool), putLocked func(string, V)) (V, bool) {
	s := c.snap.Load()
	if v, ok := get(s.cur, key); ok {
		return v, true
	}
	if v, ok := get(s.old, key); ok {
		c.mu.Lock()
		putLocked(string(key), v)
		c.freshUseLocked()
		c.mu.Unlock()
		return v, true
	}
	var zero V
	if !c.hasFresh.Load() {
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := get(c.fresh, key)
	if ok {
		c.freshUseLocked()
	}
	return v, ok
}

func (c *Cache) policy(kind policy.Kind, raw []byte) (cached, bool) {
	return lookup(c, raw, func(g *generation, k []byte) (cached, bool) {
		e, ok := g.policies[kind][string(k)]
		return e, ok
	}, func(k string, e cached) { c.putPolicyLocked(kind, k, e) })
}

func (c *Cache) identityList(raw []byte) ([]engine.NamedPolicy, bool) {
	return lookup(c, raw, func(g *generation, k []byte) ([]engine.NamedPolicy, bool) {
		l, ok := g.identityLists[string(k)]
		return l, ok
	}, func(k string, l []engine.NamedPolicy) { c.putIdentityListLocked(k, l) })
}

func (c *Cache) orgLevels(i int, raw []byte) ([][]engine.NamedPolicy, bool) {
	return lookup(c, raw, func(g *generation, k []byte) ([][]engine.NamedPolicy, bool) {
		l, ok := g.orgLevels[i][string(k)]
		return l, ok
	}, func(k string, l [][]engine.NamedPolicy) { c.putOrgLevelsLocked(i, k, l) })
}

func (c *Cache) putPolicy(kind policy.Kind, raw []byte, e cached) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putPolicyLocked(kind, string(raw), e)
}

func (c *Cache) putPolicyLocked(kind policy.Kind, key string, e cached) {
	m := c.fresh.policies[kind]
	if m == nil {
		m = map[string]cached{}
		c.fresh.policies[kind] = m
	}
	m[key] = e
	if indexed(kind) {
		c.indexLocked(memberEntry{raw: key, member: memberPolicy, kind: kind, policy: e})
	}
	c.addedLocked(len(key))
}

func (c *Cache) putIdentityList(raw []byte, l []engine.NamedPolicy) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putIdentityListLocked(string(raw), l)
}

func (c *Cache) putIdentityListLocked(key string, l []engine.NamedPolicy) {
	c.fresh.identityLists[key] = l
	c.indexLocked(memberEntry{raw: key, member: memberIdentityList, list: l})
	c.addedLocked(len(key))
}

func (c *Cache) putOrgLevels(i int, raw []byte, l [][]engine.NamedPolicy) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putOrgLevelsLocked(i, string(raw), l)
}

func (c *Cache) putOrgLevelsLocked(i int, key string, l [][]engine.NamedPolicy) {
	c.fresh.orgLevels[i][key] = l
	c.indexLocked(memberEntry{raw: key, member: memberOrgLevels, org: i, levels: l})
	c.addedLocked(len(key))
}

func (c *Cache) indexLocked(e memberEntry) {
	if len(e.raw) >= prefixLen {
		c.fresh.index(maphash.String(c.seed, e.raw[:prefixLen]), e)
	}
}
