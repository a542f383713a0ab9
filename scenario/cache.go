package scenario

import (
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
	policies      map[policy.Kind]map[string]cached
	identityLists map[string][]engine.NamedPolicy
	orgLevels     [2]map[string][][]engine.NamedPolicy // scps, rcps
	bytes         int
}

func newGeneration() *generation {
	return &generation{
		policies:      map[policy.Kind]map[string]cached{},
		identityLists: map[string][]engine.NamedPolicy{},
		orgLevels:     [2]map[string][][]engine.NamedPolicy{{}, {}},
	}
}

// cache keeps two generations: entries are added to the current one, and
// an entry found only in the previous one is copied forward, so whatever a
// batch keeps using stays while the rest is dropped when the current
// generation fills up and becomes the previous one.
type cache struct {
	cur, old *generation
}

func newCache() cache { return cache{cur: newGeneration(), old: newGeneration()} }

func (c *cache) grow(n int) {
	c.cur.bytes += n
	if c.cur.bytes > generationBytes {
		c.old, c.cur = c.cur, newGeneration()
	}
}

func (c *cache) policy(kind policy.Kind, raw []byte) (cached, bool) {
	if e, ok := c.cur.policies[kind][string(raw)]; ok {
		return e, true
	}
	e, ok := c.old.policies[kind][string(raw)]
	if ok {
		c.putPolicy(kind, raw, e)
	}
	return e, ok
}

func (c *cache) putPolicy(kind policy.Kind, raw []byte, e cached) {
	m := c.cur.policies[kind]
	if m == nil {
		m = map[string]cached{}
		c.cur.policies[kind] = m
	}
	m[string(raw)] = e
	c.grow(len(raw))
}

func (c *cache) identityList(raw []byte) ([]engine.NamedPolicy, bool) {
	if l, ok := c.cur.identityLists[string(raw)]; ok {
		return l, true
	}
	l, ok := c.old.identityLists[string(raw)]
	if ok {
		c.putIdentityList(raw, l)
	}
	return l, ok
}

func (c *cache) putIdentityList(raw []byte, l []engine.NamedPolicy) {
	c.cur.identityLists[string(raw)] = l
	c.grow(len(raw))
}

func (c *cache) orgLevels(i int, raw []byte) ([][]engine.NamedPolicy, bool) {
	if l, ok := c.cur.orgLevels[i][string(raw)]; ok {
		return l, true
	}
	l, ok := c.old.orgLevels[i][string(raw)]
	if ok {
		c.putOrgLevels(i, raw, l)
	}
	return l, ok
}

func (c *cache) putOrgLevels(i int, raw []byte, l [][]engine.NamedPolicy) {
	c.cur.orgLevels[i][string(raw)] = l
	c.grow(len(raw))
}
