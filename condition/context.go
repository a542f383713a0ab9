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
	// small holds the keys while they fit in its capacity, found by
	// comparing folded names one by one; past that they move to m, keyed
	// by foldKey(name). A request context has a handful of keys, and a
	// map for them cost more to build than looking through them costs.
	small []entry
	m     map[string]*entry
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
	fk     string // foldKey(name)
	name   string // as first written
	values []string
	one    [1]string // holds a single value, so that Set allocates once
}

// smallDefault is the room a context without a size hint starts with, and
// smallMax the most keys a context looks through one by one.
const (
	smallDefault = 4
	smallMax     = 16
)

// NewContext returns an empty context.
func NewContext() *Context { return &Context{} }

// NewContextSize returns an empty context with room for about n keys, so
// that setting them allocates once rather than once per key.
func NewContextSize(n int) *Context {
	if n > smallMax {
		return &Context{m: make(map[string]*entry, n)}
	}
	return &Context{small: make([]entry, 0, max(n, 1))}
}

// find returns the entry of a folded key name, or nil.
func (c *Context) find(fk string) *entry {
	if c.m != nil {
		return c.m[fk]
	}
	for i := range c.small {
		if c.small[i].fk == fk {
			return &c.small[i]
		}
	}
	return nil
}

// findBytes is find for a folded name in a buffer, without allocating.
func (c *Context) findBytes(fk []byte) *entry {
	if c.m != nil {
		return c.m[string(fk)]
	}
	for i := range c.small {
		if c.small[i].fk == string(fk) {
			return &c.small[i]
		}
	}
	return nil
}

// insert adds an entry for a key not yet present. Entries in small never
// move (small is not grown: when full, every entry goes to the map), so
// a value slice pointing into its entry stays where it is.
func (c *Context) insert(fk, name string) *entry {
	if c.m == nil {
		if c.small == nil {
			c.small = make([]entry, 0, smallDefault)
		}
		if len(c.small) < cap(c.small) {
			c.small = append(c.small, entry{fk: fk, name: name})
			return &c.small[len(c.small)-1]
		}
		c.m = make(map[string]*entry, 2*len(c.small)+1)
		for i := range c.small {
			c.m[c.small[i].fk] = &c.small[i]
		}
	}
	e := &entry{fk: fk, name: name}
	c.m[fk] = e
	return e
}

// each calls fn with every entry c holds itself (not its base's).
func (c *Context) each(fn func(e *entry)) {
	if c.m != nil {
		for _, e := range c.m {
			fn(e)
		}
		return
	}
	for i := range c.small {
		fn(&c.small[i])
	}
}

// count is how many keys c holds itself.
func (c *Context) count() int {
	if c.m != nil {
		return len(c.m)
	}
	return len(c.small)
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
	var buf [maxFoldBuf]byte
	fb, how := foldASCII(&buf, key)
	var e *entry
	switch how {
	case foldSame:
		e = c.find(key)
	case foldInBuf:
		e = c.findBytes(fb)
	default:
		e = c.find(foldKey(key))
	}
	if e != nil {
		if !replace {
			return false
		}
		e.values = cloneValues(values)
		return true
	}
	var fk string
	switch how {
	case foldSame:
		fk = key
	case foldInBuf:
		fk = foldedString(fb)
	default:
		fk = foldKey(key)
	}
	e = c.insert(fk, key)
	if len(values) == 1 {
		e.one[0] = values[0]
		e.values = e.one[:]
	} else {
		e.values = cloneValues(values)
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
	if c == nil || c.count() == 0 {
		return nil
	}
	es := make([]*entry, 0, c.count())
	c.each(func(e *entry) { es = append(es, e) })
	sort.Slice(es, func(i, j int) bool { return es[i].fk < es[j].fk })
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.name
	}
	return out
}

// Overlay returns a new context that reads through to c for every key it
// does not set itself, and never writes to c. The engine adds the keys AWS
// derives from the request this way without copying the caller's context.
// c must not change while the overlay is in use.
func (c *Context) Overlay() *Context {
	return &Context{base: c}
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
		ctx.each(func(e *entry) {
			if n.find(e.fk) == nil {
				n.insert(e.fk, e.name).values = append([]string{}, e.values...)
			}
		})
	}
	for ctx := c; ctx != nil; ctx = ctx.base {
		if ctx.defaults != nil {
			ctx.defaults.Each(func(name string, values []string) {
				if fk := foldKey(name); n.find(fk) == nil {
					n.insert(fk, name).values = append([]string{}, values...)
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
		if e := ctx.find(fk); e != nil {
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
		if e := ctx.findBytes(fk); e != nil {
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
