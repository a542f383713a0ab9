package catalog

import (
	"regexp"
	"sort"
	"strings"
)

// ARNParts supplies what a bare resource name does not carry, for
// ResourceARNFor. Empty fields become "aws" (Partition) or "*".
type ARNParts struct {
	Partition string
	Region    string
	Account   string
	// ResourceType keeps only that resource type of the action ("object"),
	// any case; empty keeps all.
	ResourceType string
}

// ResourceARN is an ARN a policy statement can name for an action.
type ResourceARN struct {
	ResourceType string // "object"
	Required     bool   // as in ResourceRef
	ARN          string // "arn:aws:s3:::b/*"
}

// ResourceARNFor fills the action's ARN formats from a concrete resource, to
// write the Resource element of a fix. The first variable of a format after
// partition, region and account is the resource's name (the bucket, the
// role, the table, the log group); it takes the value given, and every
// variable after it becomes "*", so that the ARN covers what lives under
// that resource: s3:GetObject with "b" gives "arn:aws:s3:::b/*".
//
// resource is either
//   - a bare name ("b"): filled into every resource type of the action (or
//     parts.ResourceType), partition, region and account taken from parts;
//     required types come first, then the simplest formats (see
//     requiredFirst), so the first result is the usual choice;
//   - an ARN ("arn:aws:s3:::b/build/app.zip"): matched against the action's
//     ARN formats, and for each matching type the ARN is rebuilt the same
//     way, keeping the ARN's own partition, region and account
//     ("arn:aws:s3:::b/*"); when several formats match, only the most
//     specific (most literal text) count. An ARN no format of the action matches (an object ARN
//     for s3:ListBucket) gives nothing: see ResourceTypeOf.
//
// An unknown action, or an action without resource types (it only takes
// Resource "*"), gives nil.
func (c *Catalog) ResourceARNFor(action, resource string, parts ARNParts) []ResourceARN {
	a, ok := c.Action(action)
	if !ok || len(resource) > maxARNInput {
		return nil
	}
	var out []ResourceARN
	if strings.HasPrefix(resource, "arn:") {
		for _, m := range matchRefs(a, resource, parts.ResourceType) {
			out = append(out, ResourceARN{m.ref.Name, m.ref.Required, m.format.fill(m.values, true)})
		}
		return out
	}
	vals := map[string]string{
		"Partition": orDefault(parts.Partition, "aws"),
		"Region":    orDefault(parts.Region, "*"),
		"Account":   orDefault(parts.Account, "*"),
	}
	for _, ref := range requiredFirst(a.ResourceTypes) {
		if parts.ResourceType != "" && !strings.EqualFold(parts.ResourceType, ref.Name) {
			continue
		}
		for _, f := range ref.ARNFormats {
			pf := parseFormat(f)
			if name := pf.nameVar(); name != "" && resource != "" {
				vals[name] = resource
			}
			out = append(out, ResourceARN{ref.Name, ref.Required, pf.fill(vals, true)})
			if name := pf.nameVar(); name != "" {
				delete(vals, name)
			}
		}
	}
	return out
}

// ResourceTypeOf tells which of the action's resource types an ARN is, by
// matching it against their ARN formats (the most specific wins; on a tie,
// the first in the reference's order). It is how
// a diagnosis notices an ARN of the wrong kind, such as an object ARN given
// for s3:ListBucket, which acts on the bucket.
func (c *Catalog) ResourceTypeOf(action, arn string) (ResourceRef, bool) {
	a, ok := c.Action(action)
	if !ok || len(arn) > maxARNInput {
		return ResourceRef{}, false
	}
	ms := matchRefs(a, arn, "")
	if len(ms) == 0 {
		return ResourceRef{}, false
	}
	return ms[0].ref, true
}

// maxARNInput bounds the ARNs matched: AWS caps ARNs at 2048 characters.
const maxARNInput = 2048

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// requiredFirst orders resource types for a bare name: required ones first,
// then the simplest ARN format (fewest variables, then shortest), which is
// the service's plain kind of resource: for s3:GetObject the object in a
// bucket comes before the object reached through an access point.
func requiredFirst(refs []ResourceRef) []ResourceRef {
	out := append([]ResourceRef(nil), refs...)
	key := func(r ResourceRef) (vars, length int) {
		for _, f := range r.ARNFormats {
			vars += strings.Count(f, "${")
			length += len(f)
		}
		return vars, length
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Required != out[j].Required {
			return out[i].Required
		}
		vi, li := key(out[i])
		vj, lj := key(out[j])
		if vi != vj {
			return vi < vj
		}
		return li < lj
	})
	return out
}

type refMatch struct {
	ref    ResourceRef
	format format
	values map[string]string
}

func matchRefs(a *Action, arn, onlyType string) []refMatch {
	var ms []refMatch
	for _, ref := range a.ResourceTypes {
		if onlyType != "" && !strings.EqualFold(onlyType, ref.Name) {
			continue
		}
		for _, f := range ref.ARNFormats {
			pf := parseFormat(f)
			if vals, ok := pf.match(arn); ok {
				ms = append(ms, refMatch{ref, pf, vals})
			}
		}
	}
	// Only the most specific formats count: a DynamoDB index ARN
	// ("table/t/index/i") also fits the table format with a table named
	// "t/index/i", but the index format says more of it literally.
	best := 0
	for _, m := range ms {
		best = max(best, m.format.literal)
	}
	out := ms[:0]
	for _, m := range ms {
		if m.format.literal == best {
			out = append(out, m)
		}
	}
	return out
}

// format is an ARN format split into literal text and ${Variable} tokens.
type format struct {
	tokens  []token
	literal int // bytes of literal text: how specific the format is
}

type token struct {
	text  string
	isVar bool
}

// isFixed reports whether a variable is one of the ARN's fixed fields, which
// a fix keeps rather than widens.
func isFixed(name string) bool { return name == "Partition" || name == "Region" || name == "Account" }

func parseFormat(f string) format {
	var p format
	for f != "" {
		i := strings.Index(f, "${")
		j := -1
		if i >= 0 {
			j = strings.IndexByte(f[i:], '}')
		}
		if i < 0 || j < 0 {
			p.tokens = append(p.tokens, token{text: f})
			p.literal += len(f)
			break
		}
		if i > 0 {
			p.tokens = append(p.tokens, token{text: f[:i]})
			p.literal += i
		}
		p.tokens = append(p.tokens, token{text: f[i+2 : i+j], isVar: true})
		f = f[i+j+1:]
	}
	return p
}

// nameVar is the first variable that is not partition, region or account.
func (p format) nameVar() string {
	for _, t := range p.tokens {
		if t.isVar && !isFixed(t.text) {
			return t.text
		}
	}
	return ""
}

// fill writes the format out with vals; a variable without a value, and with
// widen every resource variable after the name, becomes "*".
func (p format) fill(vals map[string]string, widen bool) string {
	var b strings.Builder
	name := p.nameVar()
	seenName := false
	for _, t := range p.tokens {
		switch {
		case !t.isVar:
			b.WriteString(t.text)
		case widen && seenName && !isFixed(t.text):
			b.WriteByte('*')
		default:
			if v, ok := vals[t.text]; ok {
				b.WriteString(v)
			} else {
				b.WriteByte('*')
			}
		}
		if t.isVar && t.text == name {
			seenName = true
		}
	}
	return b.String()
}

// match matches a concrete ARN against the format and returns the variables'
// values. What a variable may span is the judgement that tells kinds apart:
// no variable spans ':'; only a path can span '/', that is a variable whose
// name ends in "Path" or one that ends the format right after a '/' (an S3
// object key, a role name with its path). So "arn:aws:s3:::b/k" is an
// object, never a bucket named "b/k". A literal '*' in a format (some types
// are "…:agreement/*") matches anything.
func (p format) match(arn string) (map[string]string, bool) {
	var re strings.Builder
	re.WriteString("^")
	var names []string
	for i, t := range p.tokens {
		if !t.isVar {
			re.WriteString(strings.ReplaceAll(regexp.QuoteMeta(t.text), `\*`, `.*`))
			continue
		}
		names = append(names, t.text)
		last := i == len(p.tokens)-1
		afterSlash := i > 0 && strings.HasSuffix(p.tokens[i-1].text, "/")
		switch {
		case t.text == "Region" || t.text == "Account":
			re.WriteString(`([^:]*)`)
		case last && afterSlash:
			re.WriteString(`(.+)`)
		case strings.HasSuffix(t.text, "Path"):
			re.WriteString(`([^:]+)`)
		default:
			re.WriteString(`([^:/]+)`)
		}
	}
	re.WriteString("$")
	rx, err := regexp.Compile(re.String())
	if err != nil {
		return nil, false
	}
	sub := rx.FindStringSubmatch(arn)
	if sub == nil {
		return nil, false
	}
	vals := make(map[string]string, len(names))
	for i, n := range names {
		vals[n] = sub[i+1]
	}
	return vals, true
}
