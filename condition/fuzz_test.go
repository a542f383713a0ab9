package condition

import (
	"errors"
	"reflect"
	"testing"

	"github.com/whydenied/whydenied/internal/wildcard"
)

// positiveOf maps each negated operator to the positive one it negates.
var positiveOf = map[string]string{
	"StringNotEquals": "StringEquals", "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
	"StringNotLike": "StringLike", "NumericNotEquals": "NumericEquals", "DateNotEquals": "DateEquals",
	"NotIpAddress": "IpAddress", "ArnNotEquals": "ArnEquals", "ArnNotLike": "ArnLike",
}

// FuzzCompileEval feeds random operators, keys, values and contexts through
// Compile, Eval and Substitute: nothing may panic, errors must be
// *CompileError, failures must be explained, and a negated operator must be
// the exact negation of its positive operator.
func FuzzCompileEval(f *testing.F) {
	f.Add("StringLike", "s3:prefix", "home/${aws:username}/*", "", "aws:username", "bob", "home/bob/x", uint8(2), true)
	f.Add("ForAllValues:StringNotEquals", "aws:TagKeys", "a", "b", "aws:TagKeys", "a", "c", uint8(2), false)
	f.Add("NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "::/0", "aws:sourceip", "203.0.113.9", "", uint8(1), false)
	f.Add("DateLessThanIfExists", "aws:CurrentTime", "2020-01-01T00:00:00Z", "1577836800", "aws:CurrentTime", "2019-12-31", "", uint8(1), false)
	f.Add("ArnNotLike", "aws:SourceArn", "arn:aws:sns:*:1:*", "*", "aws:SourceArn", "arn:aws:sns:us-east-1:1:t", "x", uint8(2), true)
	f.Add("NumericNotEquals", "k", "1.50", "${x}", "k", "1.5", "x", uint8(1), true)
	f.Add("Null", "k", "true", "false", "k", "", "", uint8(0), false)
	f.Add("BinaryEquals", "k", "AAEC", "AAE=", "k", "AAEC", "", uint8(1), false)
	f.Add("Bool", "k", "${b, 'true'}", "", "k", "TRUE", "", uint8(1), true)
	f.Fuzz(func(t *testing.T, op, key, v1, v2, ckey, c1, c2 string, n uint8, vars bool) {
		values := []string{v1}
		if v2 != "" {
			values = append(values, v2)
		}
		ctx := NewContext()
		switch n % 4 {
		case 0:
			ctx.Set(ckey)
		case 1:
			ctx.Set(ckey, c1)
		case 2:
			ctx.Set(ckey, c1, c2)
		}
		ctx.Set("aws:username", c2)
		opts := Options{Variables: vars}

		if p, ok := Substitute(v1, ctx); ok && !wildcard.HasWildcard(v1) && wildcard.HasWildcard(p) {
			t.Errorf("Substitute(%q) = %q introduced a wildcard", v1, p)
		}

		c, err := Compile(Block{{Operator: op, Key: key, Values: values}})
		if err != nil {
			var ce *CompileError
			if !errors.As(err, &ce) || ce.Msg == "" {
				t.Fatalf("Compile error %T %v is not an explained *CompileError", err, err)
			}
			return
		}
		got, m := c.Eval(ctx, opts)
		if got != (m == nil) || (m != nil && m.Reason == "") {
			t.Fatalf("Eval = %v with mismatch %+v", got, m)
		}
		// EvalInto over a Mismatch that held something else agrees.
		reused := &Mismatch{Index: 9, Operator: "x", RequestValues: []string{"r", "s", "t"}, PolicyValues: []string{"p"}, Reason: "old"}
		if gotInto, mi := c.EvalInto(ctx, opts, reused); gotInto != got || (m != nil && !reflect.DeepEqual(*mi, *m)) {
			t.Fatalf("EvalInto = %v, %+v; Eval = %v, %+v", gotInto, mi, got, m)
		}
		_ = c.Keys()

		if pos, ok := positiveOf[op]; ok {
			pc, err := Compile(Block{{Operator: pos, Key: key, Values: values}})
			if err != nil {
				t.Fatalf("%s compiles but %s does not: %v", op, pos, err)
			}
			if pgot, _ := pc.Eval(ctx, opts); pgot == got {
				t.Fatalf("%s and %s both %v on %q", op, pos, got, values)
			}
		}
		// The StringLike fast paths agree with the general matcher.
		for _, p := range values {
			pv := pval{str: p, like: shapeOf(p)}
			if matchString(tLike, &pv, c1) != wildcard.Match(p, c1) {
				t.Fatalf("StringLike %q on %q: fast path disagrees with wildcard.Match", p, c1)
			}
		}
	})
}
