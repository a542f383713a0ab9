package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
)

// The layout written here is specified in catalog/format.go, which reads it;
// the two must change together (formatVersion guards the pairing, and this
// package's test decodes what it encodes through the catalog package).
const (
	formatMagic   = "whydenied catalog"
	formatVersion = 1
	headerWords   = 17
)

// strtab numbers strings by how often they are used, most used first, so the
// common ones (access levels, types, aws:ResourceTag/${TagKey}) cost one
// varint byte wherever they appear.
type strtab struct {
	count map[string]int
	id    map[string]uint32
	order []string
}

func (t *strtab) use(s string) {
	if t.count == nil {
		t.count = make(map[string]int)
	}
	t.count[s]++
}

func (t *strtab) freeze() {
	for s := range t.count {
		t.order = append(t.order, s)
	}
	sort.Slice(t.order, func(i, j int) bool {
		a, b := t.order[i], t.order[j]
		if t.count[a] != t.count[b] {
			return t.count[a] > t.count[b]
		}
		return a < b
	})
	t.id = make(map[string]uint32, len(t.order))
	for i, s := range t.order {
		t.id[s] = uint32(i)
	}
}

func (t *strtab) get(s string) uint32 {
	id, ok := t.id[s]
	if !ok {
		panic("strtab: string not registered: " + s) // a bug in encode, never input-driven
	}
	return id
}

// keyEntry is one condition key in the catalog-wide index.
type keyEntry struct{ name, typ string }

// isTemplate reports whether a condition key name has a variable part, such as
// aws:ResourceTag/${TagKey} or s3:ExistingObjectTag/<key>.
func isTemplate(name string) bool {
	return strings.Contains(name, "${") || strings.Contains(name, "<")
}

// globalKeys builds the catalog-wide exact-key index and the template list.
// A key listed by several services with different types (in this data only
// identitystore:UserId) takes the type given by the service whose prefix the
// key carries, else the first service in prefix order; lookups ask the key's
// own service first anyway.
func globalKeys(src *source) (exact, templates []keyEntry) {
	byFold := map[string]keyEntry{}
	owner := map[string]bool{}
	for _, svc := range src.Services {
		for _, ck := range svc.ConditionKeys {
			f := strings.ToLower(ck.Name)
			own := strings.HasPrefix(f, svc.Prefix+":")
			if _, ok := byFold[f]; !ok || (own && !owner[f]) {
				byFold[f] = keyEntry{ck.Name, ck.Type}
				owner[f] = own
			}
		}
	}
	for _, e := range byFold {
		if isTemplate(e.name) {
			templates = append(templates, e)
		} else {
			exact = append(exact, e)
		}
	}
	sort.Slice(exact, func(i, j int) bool { return foldLess(exact[i].name, exact[j].name) })
	// Longer templates first, so that the most specific one matches first.
	sort.Slice(templates, func(i, j int) bool {
		a, b := templates[i].name, templates[j].name
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return foldLess(a, b)
	})
	return exact, templates
}

func encode(src *source) ([]byte, error) {
	exact, templates := globalKeys(src)

	var st strtab
	st.use(src.Package)
	st.use(src.Version)
	st.use(src.UpdatedAt)
	for _, svc := range src.Services {
		st.use(svc.Prefix)
		st.use(svc.Name)
		for _, rt := range svc.ResourceTypes {
			st.use(rt.Name)
			st.use(rt.ARN)
			useAll(&st, rt.ConditionKeys)
		}
		for _, ck := range svc.ConditionKeys {
			st.use(ck.Name)
			st.use(ck.Type)
		}
		for _, a := range svc.Actions {
			st.use(a.Name)
			st.use(a.AccessLevel)
			for _, r := range a.Refs {
				useAll(&st, r.ConditionKeys)
				useAll(&st, r.DependentActions)
			}
			useAll(&st, a.ConditionKeys)
			useAll(&st, a.DependentActions)
		}
	}
	st.freeze()

	var records bytes.Buffer
	var svcTable, actTable, keyTable, tmplTable []uint32
	nActions := 0
	for _, svc := range src.Services {
		var flags uint32
		if svc.RCP {
			flags |= 1
		}
		svcTable = append(svcTable, st.get(svc.Prefix), st.get(svc.Name), flags,
			uint32(nActions), uint32(len(svc.Actions)), uint32(records.Len()))
		putUvarint(&records, uint64(len(svc.ResourceTypes)))
		for _, rt := range svc.ResourceTypes {
			putUvarint(&records, uint64(st.get(rt.Name)))
			putUvarint(&records, uint64(st.get(rt.ARN)))
			putList(&records, &st, rt.ConditionKeys)
		}
		putUvarint(&records, uint64(len(svc.ConditionKeys)))
		for _, ck := range svc.ConditionKeys {
			putUvarint(&records, uint64(st.get(ck.Name)))
			putUvarint(&records, uint64(st.get(ck.Type)))
		}
		for _, a := range svc.Actions {
			actTable = append(actTable, st.get(a.Name), uint32(records.Len()))
			putUvarint(&records, uint64(st.get(a.AccessLevel)))
			putUvarint(&records, uint64(len(a.Refs)))
			for _, r := range a.Refs {
				putUvarint(&records, uint64(r.Type))
				req := uint64(0)
				if r.Required {
					req = 1
				}
				putUvarint(&records, req)
				putList(&records, &st, r.ConditionKeys)
				putList(&records, &st, r.DependentActions)
			}
			putList(&records, &st, a.ConditionKeys)
			putList(&records, &st, a.DependentActions)
			nActions++
		}
	}
	for _, k := range exact {
		keyTable = append(keyTable, st.get(k.name), st.get(k.typ))
	}
	for _, k := range templates {
		tmplTable = append(tmplTable, st.get(k.name), st.get(k.typ))
	}

	var strData bytes.Buffer
	strOffsets := make([]uint32, 0, len(st.order)+1)
	for _, s := range st.order {
		strOffsets = append(strOffsets, uint32(strData.Len()))
		strData.WriteString(s)
	}
	strOffsets = append(strOffsets, uint32(strData.Len()))

	var out bytes.Buffer
	out.WriteString(preamble(src))
	out.WriteByte(0)
	base := out.Len()
	pos := base + 4*headerWords
	place := func(n int) uint32 { p := pos; pos += n; return uint32(p) }
	strOffsetsOff := place(4 * len(strOffsets))
	strDataOff := place(strData.Len())
	svcOff := place(4 * len(svcTable))
	actOff := place(4 * len(actTable))
	keyOff := place(4 * len(keyTable))
	tmplOff := place(4 * len(tmplTable))
	recOff := place(records.Len())
	if pos > 1<<31 {
		return nil, fmt.Errorf("catalog would be %d bytes; the format addresses at most 2 GiB", pos)
	}
	header := []uint32{
		st.get(src.Package), st.get(src.Version), st.get(src.UpdatedAt),
		uint32(len(st.order)), strOffsetsOff, strDataOff,
		uint32(len(src.Services)), svcOff,
		uint32(nActions), actOff,
		uint32(len(exact)), keyOff,
		uint32(len(templates)), tmplOff,
		recOff, uint32(records.Len()),
		uint32(pos),
	}
	if len(header) != headerWords {
		panic("encode: header size mismatch")
	}
	putWords(&out, header)
	putWords(&out, strOffsets)
	out.Write(strData.Bytes())
	putWords(&out, svcTable)
	putWords(&out, actTable)
	putWords(&out, keyTable)
	putWords(&out, tmplTable)
	out.Write(records.Bytes())
	if out.Len() != pos {
		panic("encode: layout size mismatch")
	}
	return out.Bytes(), nil
}

// preamble is the human-readable head of the file: `head -3 catalog.bin`
// tells where the data came from without any tool.
func preamble(src *source) string {
	return fmt.Sprintf("%s %d\n"+
		"Code generated by go run ./internal/gen/catalog; DO NOT EDIT.\n"+
		"Source: npm package %s %s (data updated %s), licence %s; see SOURCE.\n"+
		"Refresh: tools/iam-data/refresh.sh\n",
		formatMagic, formatVersion, src.Package, src.Version, src.UpdatedAt, src.License)
}

func useAll(st *strtab, ss []string) {
	for _, s := range ss {
		st.use(s)
	}
}

func putList(b *bytes.Buffer, st *strtab, ss []string) {
	putUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		putUvarint(b, uint64(st.get(s)))
	}
}

func putUvarint(b *bytes.Buffer, v uint64) {
	var tmp [binary.MaxVarintLen64]byte
	b.Write(tmp[:binary.PutUvarint(tmp[:], v)])
}

func putWords(b *bytes.Buffer, ws []uint32) {
	var tmp [4]byte
	for _, w := range ws {
		binary.LittleEndian.PutUint32(tmp[:], w)
		b.Write(tmp[:])
	}
}
