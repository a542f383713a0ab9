package condition

import (
	"strconv"
	"strings"
	"unicode"
)

// explain builds the Mismatch for a condition that did not hold, in m when
// it is not nil (see EvalInto). It runs only on failure, so it may allocate
// and re-derive what holds computed; a new Mismatch is allocated with its
// short value lists, and the reason sentence in one piece.
func (cd *cond) explain(ctx *Context, opts Options, m *Mismatch) *Mismatch {
	vals, present := ctx.lookup(cd.fk)
	pvs := cd.pvs
	if cd.spec.fam != famNull {
		pvs = cd.values(ctx, opts)
	}
	nv := 0
	if present {
		nv = len(vals)
	}
	// rv and pv are where the lists go, each with a capacity of its own so
	// that appending to one never writes into the other: m's lists when
	// reusing it, else one array allocated with the Mismatch.
	var rv, pv []string
	if m != nil {
		rv, pv = m.RequestValues[:0], m.PolicyValues[:0]
	} else {
		a := &mismatchAlloc{}
		m = &a.m
		all := a.store[:]
		if n := nv + len(pvs); n > len(all) {
			all = make([]string, n)
		}
		rv, pv = all[:0:nv], all[nv:nv:nv+len(pvs)]
	}
	*m = Mismatch{Operator: cd.op, Key: cd.key, KeyPresent: present}
	if present {
		if rv == nil {
			rv = make([]string, 0, nv)
		}
		m.RequestValues = append(rv, vals...)
	}
	if pv == nil {
		pv = make([]string, 0, len(pvs))
	}
	for i := range pvs {
		pv = append(pv, pvs[i].text)
	}
	m.PolicyValues = pv
	m.Reason = cd.reason(vals, present, pvs)
	return m
}

// mismatchAlloc is a Mismatch with room for its value lists.
type mismatchAlloc struct {
	m     Mismatch
	store [4]string
}

func (cd *cond) reason(vals []string, present bool, pvs []pval) string {
	key := cd.key
	if bad := allBad(pvs); bad != "" {
		return bad
	}
	if cd.spec.fam == famNull {
		return cd.nullReason(vals, present)
	}
	if len(vals) == 0 {
		where := " is not in the request"
		if present {
			where = " has no values in the request"
		}
		if cd.qual == qualForAny {
			return key + where + ", and ForAnyValue needs at least one value to match"
		}
		return key + where + ", so " + cd.op + " cannot match"
	}
	var b strings.Builder
	b.Grow(len(key) + 64)
	spec, neg := cd.spec, cd.spec.negated
	switch {
	case cd.qual == qualForAll && !neg:
		for _, rv := range vals {
			if i, ok := cd.firstMatch(rv, pvs); i < 0 {
				if !ok {
					return key + " value " + quote(rv) + " is not " + typeDesc(spec.fam) + ", and ForAllValues needs every request value to match"
				}
				b.WriteString(key)
				b.WriteString(" value ")
				cd.writeShow(&b, rv)
				b.WriteString(" ")
				b.WriteString(spec.neg)
				b.WriteString(" ")
				cd.writeList(&b, pvs)
				b.WriteString(", and ForAllValues needs every request value to match")
				return b.String()
			}
		}
	case cd.qual == qualForAny && neg:
		b.WriteString("every request value of ")
		b.WriteString(key)
		b.WriteString(" (")
		cd.writeShowAll(&b, vals)
		b.WriteString(") ")
		b.WriteString(spec.pos)
		b.WriteString(" a listed value, so ")
		b.WriteString(cd.op)
		b.WriteString(" has none left to match")
		return b.String()
	case cd.qual == qualForAny:
		return cd.noneMatched(&b, key, vals, spec.pos, pvs)
	case neg: // unqualified or ForAllValues: some request value matched
		for _, rv := range vals {
			if i, _ := cd.firstMatch(rv, pvs); i >= 0 {
				b.WriteString(key)
				b.WriteString(" ")
				cd.writeShow(&b, rv)
				b.WriteString(" ")
				b.WriteString(spec.pos)
				b.WriteString(" ")
				cd.writeShow(&b, pvs[i].text)
				b.WriteString(", which ")
				b.WriteString(cd.op)
				b.WriteString(" excludes")
				return b.String()
			}
		}
	case len(vals) == 1:
		if _, ok := cd.firstMatch(vals[0], pvs); !ok {
			return key + " value " + quote(vals[0]) + " is not " + typeDesc(spec.fam)
		}
		b.WriteString(key)
		b.WriteString(" ")
		cd.writeShow(&b, vals[0])
		b.WriteString(" ")
		b.WriteString(spec.neg)
		b.WriteString(" ")
		cd.writeList(&b, pvs)
		return b.String()
	default:
		return cd.noneMatched(&b, key, vals, spec.pos, pvs)
	}
	return cd.op + " on " + key + " did not hold"
}

// noneMatched writes "no request value of KEY (VALUES) POS LIST", the reason
// shared by ForAnyValue and by plain operators with several request values.
func (cd *cond) noneMatched(b *strings.Builder, key string, vals []string, pos string, pvs []pval) string {
	b.WriteString("no request value of ")
	b.WriteString(key)
	b.WriteString(" (")
	cd.writeShowAll(b, vals)
	b.WriteString(") ")
	b.WriteString(pos)
	b.WriteString(" ")
	cd.writeList(b, pvs)
	return b.String()
}

func (cd *cond) nullReason(vals []string, present bool) string {
	switch {
	case len(vals) > 0:
		return cd.key + " is present in the request, but Null \"true\" requires it to be absent"
	case present:
		return cd.key + " has no values in the request, but Null \"false\" requires a value"
	}
	return cd.key + " is not in the request, but Null \"false\" requires it to be present"
}

// allBad returns the reason of the first unusable policy value when no policy
// value is usable.
func allBad(pvs []pval) string {
	for i := range pvs {
		if pvs[i].bad == "" {
			return ""
		}
	}
	if len(pvs) == 0 {
		return "the condition has no values"
	}
	return pvs[0].bad
}

// writeList shows the usable policy values: one value, or "any of a, b".
func (cd *cond) writeList(b *strings.Builder, pvs []pval) {
	usable := 0
	for i := range pvs {
		if pvs[i].bad == "" {
			usable++
		}
	}
	if usable != 1 {
		b.WriteString("any of ")
	}
	first := true
	for i := range pvs {
		if pvs[i].bad != "" {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		cd.writeShow(b, pvs[i].text)
	}
}

func (cd *cond) writeShowAll(b *strings.Builder, vals []string) {
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		cd.writeShow(b, v)
	}
}

// writeShow formats a value for a reason: quoted for text, bare for
// numbers, dates, addresses and booleans unless they would be unreadable
// bare.
func (cd *cond) writeShow(b *strings.Builder, v string) {
	switch cd.spec.fam {
	case famNumeric, famDate, famIP, famBool:
		if v != "" && bare(v) {
			b.WriteString(v)
			return
		}
	}
	writeQuoted(b, v)
}

// bare reports whether v shows as is: no rune that needsQuote.
func bare(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= utf8RuneSelf {
			return strings.IndexFunc(v, needsQuote) < 0
		}
		if c <= ' ' || c == ',' || c == '"' || c == 0x7f {
			return false
		}
	}
	return true
}

// writeQuoted writes strconv.Quote(s): printable ASCII other than the
// quote and the backslash is written as is, anything else by strconv.
func writeQuoted(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			b.WriteString(strconv.Quote(s))
			return
		}
	}
	b.WriteByte('"')
	b.WriteString(s)
	b.WriteByte('"')
}

func needsQuote(r rune) bool { return r == ' ' || r == ',' || r == '"' || !unicode.IsPrint(r) }

func typeDesc(f family) string {
	switch f {
	case famNumeric:
		return "a number"
	case famDate:
		return "a date (ISO 8601 or epoch seconds)"
	case famBool:
		return "\"true\" or \"false\""
	case famBinary:
		return "base64"
	case famIP:
		return "an IP address"
	case famArn:
		return "an ARN"
	}
	return "a string"
}

func quote(s string) string {
	var b strings.Builder
	writeQuoted(&b, s)
	return b.String()
}
