package condition

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/whydenied/whydenied/internal/wildcard"
)

// Compiled is a Condition block checked and pre-parsed for evaluation. It is
// immutable and safe for concurrent use.
type Compiled struct {
	src   Block
	conds []cond
	keys  []string
}

// cond is one compiled condition.
type cond struct {
	operator
	op   string // as written
	key  string // as written
	fk   string // folded for Context lookup
	pvs  []pval // values read literally (also used when Variables is off)
	tmpl []*template
	// tmpl is nil when no value has a variable this operator substitutes;
	// otherwise tmpl[i] is the template of value i, or nil.
}

// pval is one policy value parsed for its operator's family. String values,
// the commonest, need nothing beyond it; the other families keep their
// parsed form in x, so that a compiled policy stays small (it is cached and
// read for every request).
type pval struct {
	text string // for display: as written, or after substitution
	str  string // string: plain text (equals) or wildcard pattern (like)
	// bad says why this value can never match (an unresolved variable, or a
	// ${...} value that is not of the operator's type); empty when usable.
	bad  string
	like likeShape
	star bool // arn: the value is "*", which matches anything
	b    bool
	x    *pext // arn, numeric, date, binary and IP values
}

// pext is the parsed form of a value of a family other than string, Bool
// and Null.
type pext struct {
	arn  arnParts
	num  decimal
	date instant
	ip   netip.Prefix
	bin  []byte
}

// Compile checks a block and pre-parses its values so that Eval does no
// parsing of policy values. It reports the first problem as a *CompileError:
// an unknown operator, a qualifier the operator cannot take, an empty key, no
// values, or a value that cannot be of the operator's type. A value holding
// a ${...} policy variable is not rejected, because it is resolved (or found
// to be literal text) only at Eval.
func Compile(b Block) (*Compiled, error) {
	// One allocation each for the copied block, its values, the compiled
	// conditions and their parsed values, rather than a few per condition:
	// every statement with a Condition is compiled when its policy is parsed.
	total := 0
	for _, in := range b {
		total += len(in.Values)
	}
	c := &Compiled{src: cloneBlock(b, total), conds: make([]cond, 0, len(b))}
	if len(b) > 0 {
		c.keys = make([]string, 0, len(b))
	}
	pvs := make([]pval, total)
	addKey := func(k string) {
		for _, have := range c.keys {
			if strings.EqualFold(have, k) {
				return
			}
		}
		c.keys = append(c.keys, k)
	}
	for i, in := range c.src {
		cd, msg := compileOne(in, pvs[:len(in.Values):len(in.Values)])
		if msg != "" {
			return nil, &CompileError{Index: i, Operator: in.Operator, Key: in.Key, Msg: msg}
		}
		pvs = pvs[len(in.Values):]
		addKey(cd.key)
		for _, t := range cd.tmpl {
			if t != nil {
				for _, k := range t.varKeys(nil) {
					addKey(k)
				}
			}
		}
		c.conds = append(c.conds, cd)
	}
	return c, nil
}

// cloneBlock copies b, whose conditions hold total values in all.
func cloneBlock(b Block, total int) Block {
	out := make(Block, len(b))
	vals := make([]string, total)
	for i, c := range b {
		n := copy(vals, c.Values)
		out[i] = Condition{Operator: c.Operator, Key: c.Key, Values: vals[:n:n]}
		if c.Values == nil {
			out[i].Values = nil
		}
		vals = vals[n:]
	}
	return out
}

// compileOne compiles in, parsing its values into pvs (len(in.Values) long).
func compileOne(in Condition, pvs []pval) (cond, string) {
	op, msg := parseOperator(in.Operator)
	if msg != "" {
		return cond{}, msg
	}
	if in.Key == "" {
		return cond{}, "expected a condition key, got an empty string"
	}
	if len(in.Values) == 0 {
		return cond{}, "expected at least one value"
	}
	cd := cond{operator: op, op: in.Operator, key: in.Key, fk: foldKey(in.Key), pvs: pvs}
	for i, v := range in.Values {
		t, hasVars := parseTemplate(v)
		pv, err := parseValue(op.spec, v)
		if err != "" {
			if !hasVars {
				return cond{}, err
			}
			// Taken literally (Variables off, or an operator that does
			// not substitute) the value is not of the type: it matches
			// nothing, and the reason says so.
			if substitutes(op.spec.fam) {
				pv.bad = err + " (policy variables are substituted only in policies with Version 2012-10-17)"
			} else {
				pv.bad = err + " (policy variables cannot be used with " + famName(op.spec.fam) + " operators)"
			}
		}
		cd.pvs[i] = pv
		if hasVars && substitutes(op.spec.fam) {
			if cd.tmpl == nil {
				cd.tmpl = make([]*template, len(in.Values))
			}
			tp := new(template)
			*tp = t
			cd.tmpl[i] = tp
		}
	}
	return cd, ""
}

// substitutes reports whether an operator family resolves policy variables.
// reference_policies_variables.md ("Condition element") allows them with the
// string and ARN operators and not with Numeric, Date, Boolean, Binary, IP
// address or Null; reference_policies_elements_condition_operators.md says
// the opposite for Boolean ("You can use a policy variable with the Boolean
// condition operator"). The operator page is the one about Bool itself, so
// Bool substitutes too. Elsewhere ${...} is literal text.
func substitutes(f family) bool { return f == famString || f == famArn || f == famBool }

func famName(f family) string {
	switch f {
	case famNumeric:
		return "Numeric"
	case famDate:
		return "Date"
	case famBool:
		return "Bool"
	case famBinary:
		return "Binary"
	case famIP:
		return "IP address"
	case famArn:
		return "ARN"
	case famNull:
		return "Null"
	}
	return "String"
}

// parseValue parses one policy value, taken literally, for spec's family.
func parseValue(spec *opSpec, v string) (pval, string) {
	pv := pval{text: v}
	switch spec.fam {
	case famArn, famNumeric, famDate, famBinary, famIP:
		pv.x = new(pext)
	}
	switch spec.fam {
	case famString:
		pv.str = v
		if spec.test == tLike {
			pv.like = shapeOf(v)
		}
	case famArn:
		pv.str = v
		pv.star = v == "*"
		var ok bool
		if pv.x.arn, ok = splitARN(v); !ok && !pv.star {
			pv.bad = "policy value " + quote(v) + " is not an ARN (arn:partition:service:region:account:resource) or \"*\""
		}
	case famNumeric:
		var ok bool
		if pv.x.num, ok = parseDecimal(v); !ok {
			return pv, "expected an integer or decimal number, got " + quote(v)
		}
	case famDate:
		var ok bool
		if pv.x.date, ok = parseDate(v); !ok {
			return pv, "expected an ISO 8601 date such as 2020-01-01T00:00:00Z, or epoch seconds, got " + quote(v)
		}
	case famBool, famNull:
		var ok bool
		if pv.b, ok = parseBool(v); !ok {
			return pv, "expected \"true\" or \"false\", got " + quote(v)
		}
	case famBinary:
		var ok bool
		if pv.x.bin, ok = decodeBase64(v, nil); !ok {
			return pv, "expected base64-encoded bytes, got " + quote(v)
		}
	case famIP:
		var ok bool
		if pv.x.ip, ok = parseCIDR(v); !ok {
			return pv, "expected an IPv4 or IPv6 CIDR or address, got " + quote(v)
		}
	}
	return pv, ""
}

// resolve returns the policy values with variables substituted from ctx.
// Values without variables are shared with the compiled ones.
func (cd *cond) resolve(ctx *Context) []pval {
	out := make([]pval, len(cd.pvs))
	for i := range cd.pvs {
		t := cd.tmpl[i]
		if t == nil {
			out[i] = cd.pvs[i]
			continue
		}
		pattern := cd.spec.test == tLike || cd.spec.test == tArn
		s, ok, missing := t.expand(ctx, pattern)
		if !ok {
			out[i] = pval{text: t.src, bad: missing + " has no value in the request, so this policy value matches nothing"}
			continue
		}
		pv, err := parseValue(cd.spec, s)
		pv.text = wildcard.Plain(s)
		if err != "" {
			pv.bad = quote(t.src) + " resolves to " + quote(pv.text) + ": " + err
		}
		out[i] = pv
	}
	return out
}

// values returns the policy values to compare under opts.
func (cd *cond) values(ctx *Context, opts Options) []pval {
	if opts.Variables && cd.tmpl != nil {
		return cd.resolve(ctx)
	}
	return cd.pvs
}

// Keys returns the context keys the block reads, as written: the condition
// keys and the keys of the policy variables in its values, each once
// (compared case-insensitively), in order of first appearance.
func (c *Compiled) Keys() []string {
	if c == nil {
		return nil
	}
	return slices.Clone(c.keys)
}

// Block returns the source block. It must not be modified.
func (c *Compiled) Block() Block {
	if c == nil {
		return nil
	}
	return c.src
}
