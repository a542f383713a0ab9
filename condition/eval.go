package condition

import "bytes"

// Eval reports whether every condition of the block holds for the request
// context; when one does not, it returns the first that failed, explained.
// A nil ctx is an empty request context.
//
// Conditions are ANDed, and so are the keys of one operator; the values of one
// key are ORed (reference_policies_multi-value-conditions.md). For a negated
// operator (StringNotEquals, NotIpAddress, ArnNotLike, ...) the result is the
// negation of the positive operator: the request value must match none of the
// listed values ("logical NOR").
//
// A key absent from the request makes a positive operator false and a negated
// one true; IfExists makes it true; ForAllValues: is true and ForAnyValue:
// false (reference_policies_elements_condition_operators.md, the Important
// note; reference_policies_multi-value-conditions.md). A key present with an
// empty list of values (a "null data set") is treated the same way, except
// that Mismatch.KeyPresent stays true.
//
// An unqualified operator given several request values behaves like
// ForAnyValue: for a positive operator: it holds when any request value
// matches any policy value, and its negation holds when none does. The
// documentation only says to use a set operator with multivalued keys; this
// is the reading that keeps "negated = not positive" true for every input.
//
// With opts.Variables, ${...} in the values of string, ARN and Bool operators
// is replaced from ctx before comparing. A variable with no value (and no
// default) makes its policy value match nothing, so a positive operator does
// not match on it and a negated one does
// (reference_policies_variables.md, "Policy variables with no value").
//
// Eval does not allocate when the block holds, except to substitute policy
// variables.
func (c *Compiled) Eval(ctx *Context, opts Options) (bool, *Mismatch) {
	return c.EvalInto(ctx, opts, nil)
}

// EvalInto is Eval writing the Mismatch, when the block does not hold, into
// m (when m is not nil) instead of new memory: it replaces all of m, keeps
// the capacity of its value lists for the new values, and returns m. A
// caller deciding many requests reuses its Mismatches this way; what a
// returned Mismatch's lists held before is overwritten.
func (c *Compiled) EvalInto(ctx *Context, opts Options, m *Mismatch) (bool, *Mismatch) {
	if c == nil {
		return true, nil
	}
	for i := range c.conds {
		cd := &c.conds[i]
		if !cd.holds(ctx, opts) {
			m = cd.explain(ctx, opts, m)
			m.Index = i
			return false, m
		}
	}
	return true, nil
}

func (cd *cond) holds(ctx *Context, opts Options) bool {
	vals, _ := ctx.lookup(cd.fk)
	if cd.spec.fam == famNull {
		return cd.nullHolds(len(vals) == 0)
	}
	if len(vals) == 0 {
		return cd.whenMissing()
	}
	pvs := cd.values(ctx, opts)
	neg := cd.spec.negated
	switch cd.qual {
	case qualForAll:
		for _, rv := range vals {
			if i, _ := cd.firstMatch(rv, pvs); (i >= 0) == neg {
				return false
			}
		}
		return true
	case qualForAny:
		for _, rv := range vals {
			if i, _ := cd.firstMatch(rv, pvs); (i >= 0) != neg {
				return true
			}
		}
		return false
	}
	for _, rv := range vals {
		if i, _ := cd.firstMatch(rv, pvs); i >= 0 {
			return !neg
		}
	}
	return neg
}

// nullHolds: Null "true" means the key is absent, "false" that it is present
// (reference_policies_elements_condition_operators.md, Null). A key with an
// empty list of values is null.
func (cd *cond) nullHolds(isNull bool) bool {
	for i := range cd.pvs {
		if cd.pvs[i].bad == "" && cd.pvs[i].b == isNull {
			return true
		}
	}
	return false
}

// whenMissing is the result for a key with no values in the request.
func (cd *cond) whenMissing() bool {
	if cd.ifExists {
		return true
	}
	switch cd.qual {
	case qualForAll:
		return true
	case qualForAny:
		return false
	}
	return cd.spec.negated
}

// firstMatch returns the index of the first policy value that rv matches
// under the operator's positive test, or -1; ok is false when rv is not of
// the operator's type (it then matches nothing).
func (cd *cond) firstMatch(rv string, pvs []pval) (idx int, ok bool) {
	t := cd.spec.test
	switch cd.spec.fam {
	case famString:
		for i := range pvs {
			if p := &pvs[i]; p.bad == "" && matchString(t, p, rv) {
				return i, true
			}
		}
		return -1, true
	case famArn:
		ra, ok := splitARN(rv)
		for i := range pvs {
			p := &pvs[i]
			if p.bad == "" && (p.star || ok && matchARN(&p.x.arn, &ra)) {
				return i, ok
			}
		}
		return -1, ok
	case famNumeric:
		d, ok := parseDecimal(rv)
		if !ok {
			return -1, false
		}
		for i := range pvs {
			if p := &pvs[i]; p.bad == "" && compares(t, cmpDecimal(d, p.x.num)) {
				return i, true
			}
		}
	case famDate:
		d, ok := parseDate(rv)
		if !ok {
			return -1, false
		}
		for i := range pvs {
			if p := &pvs[i]; p.bad == "" && compares(t, cmpInstant(d, p.x.date)) {
				return i, true
			}
		}
	case famBool:
		b, ok := parseBool(rv)
		if !ok {
			return -1, false
		}
		for i := range pvs {
			if p := &pvs[i]; p.bad == "" && p.b == b {
				return i, true
			}
		}
	case famBinary:
		var buf [96]byte
		bs, ok := decodeBase64(rv, buf[:0])
		if !ok {
			return -1, false
		}
		for i := range pvs {
			if p := &pvs[i]; p.bad == "" && bytes.Equal(p.x.bin, bs) {
				return i, true
			}
		}
	case famIP:
		a, ok := parseRequestIP(rv)
		if !ok {
			return -1, false
		}
		for i := range pvs {
			if p := &pvs[i]; p.bad == "" && p.x.ip.Contains(a) {
				return i, true
			}
		}
	}
	return -1, true
}

// compares turns a three-way comparison of request to policy value into the
// operator's answer.
func compares(t test, c int) bool {
	switch t {
	case tLess:
		return c < 0
	case tLessEq:
		return c <= 0
	case tGreater:
		return c > 0
	case tGreaterEq:
		return c >= 0
	}
	return c == 0
}
