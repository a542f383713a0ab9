package condition

import (
	"slices"
	"sort"
	"strings"
)

// Context holds the request context: condition keys and their values.
//
// Keys compare case-insensitively, because condition key names are not
// case-sensitive (reference_policies_elements_condition.md). Values are kept
// exactly; whether they compare case-sensitively depends on the operator.
// A single-valued key holds one value; a multivalued key (aws:TagKeys, ...)
// holds any number, and a key set with no values is present but empty,
// which is how a "null data set" such as a request with no tags is written
// (reference_policies_multi-value-conditions.md).
//
// The zero value is an empty context ready to use, and a nil *Context reads
// as empty (but cannot be Set).
type Context struct {
	m map[string]*entry // keyed by foldKey(name)
	// slab holds entries not yet used, so that Set allocates them a few
	// at a time (see NewContextSize).
	slab []entry
	// base holds keys this context inherits without copying them (see
	// Overlay); keys in m hide those of base.
	base *Context
	// defaults answers for keys that neither m nor any base holds (see
	// WithDefaults).
	defaults Defaults
}

// Defaults supplies values for the keys a context does not hold itself: the
// engine's keys derived from the request, computed once and looked up
// without building a map.
type Defaults interface {
	// Lookup finds a key given in lower case.
	Lookup(foldedKey string) ([]string, bool)
	// Each calls fn for every key it holds, with its name as written.
	Each(fn func(name string, values []string))
}

type entry struct {
	name   string // as first written
	values []string
	one    [1]string // holds a single value, so that Set allocates once
}

// NewContext returns an empty context.
func NewContext() *Context { return &Context{m: make(map[string]*entry)} }

// NewContextSize returns an empty context with room for about n keys, so
// that setting them allocates once rather than once per key.
func NewContextSize(n int) *Context {
	return &Context{m: make(map[string]*entry, n), slab: make([]entry, 0, n)}
}

// newEntry returns a fresh entry, from the slab while it lasts.
func (c *Context) newEntry(name string) *entry {
	if len(c.slab) < cap(c.slab) {
		c.slab = c.slab[:len(c.slab)+1]
		e := &c.slab[len(c.slab)-1]
		e.name = name
		return e
	}
	return &entry{name: name}
}

// foldKey is the map key for a condition key name: strings.ToLower(k),
// without allocating for names already folded or well known.
func foldKey(k string) string {
	var buf [maxFoldBuf]byte
	switch fb, how := foldASCII(&buf, k); how {
	case foldSame:
		return k
	case foldInBuf:
		return foldedString(fb)
	}
	return strings.ToLower(k)
}

// foldedString is string(fb) for a folded key name.
func foldedString(fb []byte) string {
	if s, ok := internFolded(fb); ok {
		return s
	}
	return string(fb)
}

// maxFoldBuf is the longest key folded on the stack; longer ones (and
// non-ASCII ones) go through strings.ToLower.
const maxFoldBuf = 128

// keyFold is how a key name folds, worked out without allocating: most
// condition keys are mixed-case ASCII (aws:SourceIp), which strings.ToLower
// would copy. A map indexed with string(buf) does not allocate either.
type keyFold int

const (
	foldSame  keyFold = iota // already folded: the name is its own map key
	foldInBuf                // ASCII with capitals: the folded name is in the buffer
	foldSlow                 // anything else: use foldKey
)

func foldASCII(buf *[maxFoldBuf]byte, k string) ([]byte, keyFold) {
	i := 0
	for i < len(k) && k[i] < utf8RuneSelf && !('A' <= k[i] && k[i] <= 'Z') {
		i++
	}
	if i == len(k) {
		return nil, foldSame
	}
	if len(k) > maxFoldBuf {
		return nil, foldSlow
	}
	copy(buf[:], k[:i])
	for ; i < len(k); i++ {
		c := k[i]
		if c >= utf8RuneSelf {
			return nil, foldSlow
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(k)], foldInBuf
}

const utf8RuneSelf = 0x80

// Set replaces the values of key. Set(key) with no values makes the key
// present with an empty list of values.
func (c *Context) Set(key string, values ...string) {
	c.set(key, values, true)
}

// Add is Set for a key the context does not hold yet: it reports false, and
// changes nothing, when the key is already there (in any case). It folds
// the key once where Has then Set would fold it twice.
func (c *Context) Add(key string, values ...string) bool {
	return c.set(key, values, false)
}

// set sets key's values, or when the key is present and replace is false,
// leaves it and reports false.
func (c *Context) set(key string, values []string, replace bool) bool {
	if c.m == nil {
		c.m = make(map[string]*entry)
	}
	var buf [maxFoldBuf]byte
	fb, how := foldASCII(&buf, key)
	var e *entry
	switch how {
	case foldSame:
		e = c.m[key]
	case foldInBuf:
		e = c.m[string(fb)]
	default:
		e = c.m[foldKey(key)]
	}
	if e != nil {
		if !replace {
			return false
		}
		e.values = cloneValues(values)
		return true
	}
	e = c.newEntry(key)
	if len(values) == 1 {
		e.one[0] = values[0]
		e.values = e.one[:]
	} else {
		e.values = cloneValues(values)
	}
	switch how {
	case foldSame:
		c.m[key] = e
	case foldInBuf:
		c.m[foldedString(fb)] = e
	default:
		c.m[foldKey(key)] = e
	}
	return true
}

func cloneValues(values []string) []string {
	vs := slices.Clone(values)
	if vs == nil {
		vs = []string{}
	}
	return vs
}

// Get returns a copy of the values of key and whether the key is present.
func (c *Context) Get(key string) ([]string, bool) {
	vs, ok := c.lookup(foldKey(key))
	if !ok {
		return nil, false
	}
	return append([]string{}, vs...), true
}

// HasFolded is Has for a key name already in lower case (as
// strings.ToLower writes it), which it does not fold again.
func (c *Context) HasFolded(foldedKey string) bool {
	_, ok := c.lookup(foldedKey)
	return ok
}

// Has reports whether key is present, even with no values.
func (c *Context) Has(key string) bool {
	var buf [maxFoldBuf]byte
	fb, how := foldASCII(&buf, key)
	var ok bool
	switch how {
	case foldSame:
		_, ok = c.lookup(key)
	case foldInBuf:
		_, ok = c.lookupBytes(fb)
	default:
		_, ok = c.lookup(foldKey(key))
	}
	return ok
}

// Keys returns the keys as first written, sorted case-insensitively.
func (c *Context) Keys() []string {
	if c != nil && (c.base != nil || c.defaults != nil) {
		return c.Clone().Keys()
	}
	if c == nil || len(c.m) == 0 {
		return nil
	}
	fks := make([]string, 0, len(c.m))
	for fk := range c.m {
		fks = append(fks, fk)
	}
	sort.Strings(fks)
	out := make([]string, len(fks))
	for i, fk := range fks {
		out[i] = c.m[fk].name
	}
	return out
}

// Overlay returns a new context that reads through to c for every key it
// does not set itself, and never writes to c. The engine adds the keys AWS
// derives from the request this way without copying the caller's context.
// c must not change while the overlay is in use.
func (c *Context) Overlay() *Context {
	return &Context{m: make(map[string]*entry, 12), base: c}
}

// WithDefaults returns a new context that reads c first and d for any key c
// does not hold; values given in c always win. c must not change while the
// new context is in use.
func (c *Context) WithDefaults(d Defaults) *Context {
	return c.WithDefaultsIn(new(Context), d)
}

// WithDefaultsIn is WithDefaults with the new context written to dst, so a
// caller deciding many requests can keep it in memory it reuses; dst's
// previous contents are dropped.
func (c *Context) WithDefaultsIn(dst *Context, d Defaults) *Context {
	*dst = Context{base: c, defaults: d}
	return dst
}

// Clone returns an independent copy of c.
func (c *Context) Clone() *Context {
	n := NewContext()
	if c == nil {
		return n
	}
	for ctx := c; ctx != nil; ctx = ctx.base {
		for fk, e := range ctx.m {
			if _, hidden := n.m[fk]; !hidden {
				n.m[fk] = &entry{name: e.name, values: append([]string{}, e.values...)}
			}
		}
	}
	for ctx := c; ctx != nil; ctx = ctx.base {
		if ctx.defaults != nil {
			ctx.defaults.Each(func(name string, values []string) {
				if fk := foldKey(name); n.m[fk] == nil {
					n.m[fk] = &entry{name: name, values: append([]string{}, values...)}
				}
			})
		}
	}
	return n
}

// lookup finds a key already folded with foldKey. It does not allocate, so
// Eval can use it on the hot path with keys folded at Compile time.
func (c *Context) lookup(fk string) ([]string, bool) {
	for ctx := c; ctx != nil; ctx = ctx.base {
		if e, ok := ctx.m[fk]; ok {
			return e.values, true
		}
	}
	for ctx := c; ctx != nil; ctx = ctx.base {
		if ctx.defaults != nil {
			if vs, ok := ctx.defaults.Lookup(fk); ok {
				return vs, true
			}
		}
	}
	return nil, false
}

// lookupBytes is lookup for a folded key held in a buffer; the map index
// with string(fk) does not allocate.
func (c *Context) lookupBytes(fk []byte) ([]string, bool) {
	for ctx := c; ctx != nil; ctx = ctx.base {
		if e, ok := ctx.m[string(fk)]; ok {
			return e.values, true
		}
	}
	for ctx := c; ctx != nil; ctx = ctx.base {
		if ctx.defaults != nil {
			// Only contexts with defaults get here: the engine's, which
			// looks up keys already folded.
			if vs, ok := ctx.defaults.Lookup(string(fk)); ok {
				return vs, true
			}
		}
	}
	return nil, false
}

// single returns the one value of a single-valued key. A variable can only
// stand for a single-valued key (reference_policies_variables.md: "You can't
// use a multivalued condition key as a variable"), so an absent key, an empty
// list and several values all count as "no value".
func (c *Context) single(fk string) (string, bool) {
	vs, ok := c.lookup(fk)
	if !ok || len(vs) != 1 {
		return "", false
	}
	return vs[0], true
}
