package catalog

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// The embedded file (data/catalog.bin), written by internal/gen/catalog:
//
//	preamble   ASCII text: "whydenied catalog 1\n", provenance lines, then one NUL byte
//	header     17 little-endian uint32 words, right after the NUL
//	strings    (nStrings+1) uint32 offsets into the string data, then the data
//	services   6 words each, sorted by prefix: prefix, name (string ids),
//	           flags (bit 0: supports RCPs), first action, action count, record offset
//	actions    2 words each, grouped by service, each group sorted by ASCII lower
//	           case: name (string id), record offset
//	keys       2 words each, sorted by ASCII lower case: condition key name, type
//	templates  2 words each, longest first: keys with a variable part
//	records    uvarint streams, offsets relative to the records section:
//	  service: nResourceTypes, {name, arn, nKeys, keys...}, nKeys, {name, type}
//	  action:  accessLevel, nRefs, {resourceType index, required, nKeys, keys...,
//	           nDeps, deps...}, nKeys, keys..., nDeps, deps...
//
// Every name is a string id. The header words are: package, version,
// updatedAt (string ids), nStrings, string-offsets offset, string-data
// offset, nServices, services offset, nActions, actions offset, nKeys, keys
// offset, nTemplates, templates offset, records offset, records length, file
// length; offsets are from the start of the file.
//
// The file is embedded uncompressed. Uncompressed, opening it is a header read
// and every lookup reads only the bytes it needs, so Load takes nanoseconds;
// gzipped it would be 0.35 MB instead of 1.2 MB, but every process would pay
// about 7 ms and 4 MB to inflate it (BenchmarkLoadGzipped).
const (
	formatMagic   = "whydenied catalog"
	formatVersion = 1
	headerWords   = 17
	serviceWords  = 6
)

const (
	hPackage = iota
	hVersion
	hUpdatedAt
	hNStrings
	hStrOffsets
	hStrData
	hNServices
	hServices
	hNActions
	hActions
	hNKeys
	hKeys
	hNTemplates
	hTemplates
	hRecords
	hRecordsLen
	hFileLen
)

// table is a view of the file. Every read is bounds-checked and yields a zero
// value when out of range, so a corrupt file makes lookups fail instead of
// panicking; Decode checks the structure that all lookups rely on.
type table struct {
	data    string
	h       [headerWords]uint32
	records string
}

func openTable(data string) (*table, error) {
	if !strings.HasPrefix(data, formatMagic+" ") {
		return nil, fmt.Errorf("catalog: expected a file starting with %q", formatMagic)
	}
	nl := strings.IndexByte(data, '\n')
	if nl < 0 || data[len(formatMagic)+1:nl] != fmt.Sprint(formatVersion) {
		return nil, fmt.Errorf("catalog: expected format version %d; regenerate with go run ./internal/gen/catalog", formatVersion)
	}
	nul := strings.IndexByte(data, 0)
	if nul < 0 || len(data)-nul-1 < 4*headerWords {
		return nil, fmt.Errorf("catalog: file truncated before its header")
	}
	t := &table{data: data}
	for i := range t.h {
		t.h[i] = le32(data, nul+1+4*i)
	}
	if int(t.h[hFileLen]) != len(data) {
		return nil, fmt.Errorf("catalog: header says %d bytes, file has %d", t.h[hFileLen], len(data))
	}
	// Each table must lie inside the file; from here on index arithmetic on
	// them cannot overflow (all counts are below 2^31 / 4 words).
	sections := []struct {
		what       string
		off, count uint32
		words      uint32
	}{
		{"string offsets", t.h[hStrOffsets], t.h[hNStrings] + 1, 1},
		{"services", t.h[hServices], t.h[hNServices], serviceWords},
		{"actions", t.h[hActions], t.h[hNActions], 2},
		{"condition keys", t.h[hKeys], t.h[hNKeys], 2},
		{"key templates", t.h[hTemplates], t.h[hNTemplates], 2},
	}
	for _, s := range sections {
		if s.count > 1<<26 || uint64(s.off)+4*uint64(s.count)*uint64(s.words) > uint64(len(data)) {
			return nil, fmt.Errorf("catalog: %s table lies outside the file", s.what)
		}
	}
	strEnd := uint64(t.h[hStrData]) + uint64(t.word(t.h[hStrOffsets], t.h[hNStrings]))
	recEnd := uint64(t.h[hRecords]) + uint64(t.h[hRecordsLen])
	if strEnd > uint64(len(data)) || recEnd > uint64(len(data)) {
		return nil, fmt.Errorf("catalog: string data or records lie outside the file")
	}
	t.records = data[t.h[hRecords]:recEnd]
	return t, nil
}

func le32(s string, off int) uint32 {
	if off < 0 || off+4 > len(s) {
		return 0
	}
	return uint32(s[off]) | uint32(s[off+1])<<8 | uint32(s[off+2])<<16 | uint32(s[off+3])<<24
}

// word is the i-th uint32 of the table at off.
func (t *table) word(off, i uint32) uint32 { return le32(t.data, int(off)+4*int(i)) }

// str returns string id; an id outside the table reads as "".
func (t *table) str(id uint32) string {
	if id >= t.h[hNStrings] {
		return ""
	}
	a := t.word(t.h[hStrOffsets], id)
	b := t.word(t.h[hStrOffsets], id+1)
	start, end := uint64(t.h[hStrData])+uint64(a), uint64(t.h[hStrData])+uint64(b)
	if a > b || end > uint64(len(t.data)) {
		return ""
	}
	return t.data[start:end]
}

// svc is the fixed part of one service entry.
type svc struct {
	prefix, name       string
	rcp                bool
	firstAction, nActs uint32
	record             uint32
}

func (t *table) service(i uint32) svc {
	off := t.h[hServices] + 4*serviceWords*i
	first, n := t.word(off, 3), t.word(off, 4)
	if uint64(first)+uint64(n) > uint64(t.h[hNActions]) {
		n = 0
	}
	return svc{
		prefix:      t.str(t.word(off, 0)),
		name:        t.str(t.word(off, 1)),
		rcp:         t.word(off, 2)&1 != 0,
		firstAction: first,
		nActs:       n,
		record:      t.word(off, 5),
	}
}

// actionName and actionRecord read entry i of the actions table.
func (t *table) actionName(i uint32) string   { return t.str(t.word(t.h[hActions], 2*i)) }
func (t *table) actionRecord(i uint32) uint32 { return t.word(t.h[hActions], 2*i+1) }

// findService binary-searches the services table, ignoring ASCII case.
func (t *table) findService(prefix string) (uint32, bool) {
	lo, hi := uint32(0), t.h[hNServices]
	for lo < hi {
		m := lo + (hi-lo)/2
		c := cmpFold(t.str(t.word(t.h[hServices], serviceWords*m)), prefix)
		switch {
		case c == 0:
			return m, true
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0, false
}

// findAction binary-searches one service's slice of the actions table.
func (t *table) findAction(s svc, name string) (uint32, bool) {
	lo, hi := s.firstAction, s.firstAction+s.nActs
	for lo < hi {
		m := lo + (hi-lo)/2
		c := cmpFold(t.actionName(m), name)
		switch {
		case c == 0:
			return m, true
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0, false
}

// findKey binary-searches the catalog-wide exact condition key table.
func (t *table) findKey(name string) (string, bool) {
	lo, hi := uint32(0), t.h[hNKeys]
	for lo < hi {
		m := lo + (hi-lo)/2
		c := cmpFold(t.str(t.word(t.h[hKeys], 2*m)), name)
		switch {
		case c == 0:
			return t.str(t.word(t.h[hKeys], 2*m+1)), true
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return "", false
}

// reader decodes one uvarint record. Reading past the end, or a malformed
// varint, sets bad and yields zeros, so a corrupt record decodes to nothing
// rather than to garbage or a panic.
type reader struct {
	t   *table
	s   string
	bad bool
}

func (t *table) record(off uint32) reader {
	if uint64(off) > uint64(len(t.records)) {
		return reader{t: t, bad: true}
	}
	return reader{t: t, s: t.records[off:]}
}

func (r *reader) uint() uint32 {
	var v uint64
	for i := 0; i < binary.MaxVarintLen32; i++ {
		if i >= len(r.s) {
			break
		}
		c := r.s[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.s = r.s[i+1:]
			if v > 1<<32-1 {
				break
			}
			return uint32(v)
		}
	}
	r.bad = true
	r.s = ""
	return 0
}

func (r *reader) str() string { return r.t.str(r.uint()) }

// count reads a list length, refusing one longer than the bytes left (each
// element takes at least one byte), so a corrupt length cannot make callers
// allocate a huge slice.
func (r *reader) count() int {
	n := r.uint()
	if uint64(n) > uint64(len(r.s)) {
		r.bad = true
		r.s = ""
		return 0
	}
	return int(n)
}

func (r *reader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for i := 0; i < n && !r.bad; i++ {
		out = append(out, r.str())
	}
	return out
}
