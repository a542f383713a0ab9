package collect

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The AWS CLI prints what botocore parsed from the wire: members named as
// in the service's model, absent members left out, timestamps in ISO 8601,
// blobs in base64. The SDK for Go v2 parses the same wire into structs
// whose field names are the model's member names with the first letter
// upper-cased, nil for absent optional members. So one reflective encoder,
// told the service's naming, turns SDK values into the CLI's JSON; what
// each call keeps (pagination tokens go, as the CLI's auto-pagination drops
// them) is chosen per call in the service files.
//
// Known differences from the CLI, none of which the loader reads:
//   - Member order follows the Go structs (required members first, then
//     alphabetical), not the model's order; map keys are sorted.
//   - Members the SDK holds as plain values (bool, int32 without a pointer)
//     are printed even when the wire left them out; enums, also held as
//     plain values, are left out when empty, as no enum value is empty.
//   - Timestamps are printed in UTC ("2024-05-01T12:00:00+00:00"). The CLI
//     prints those of JSON protocols in the machine's local zone, so its
//     output matches only where TZ is UTC.

// dialect is how one service's model names its members.
type dialect uint8

const (
	// pascal: member names are the Go field names (most services).
	pascal dialect = iota
	// iamDialect: as pascal, and policy documents, which IAM sends
	// URL-encoded, are decoded into JSON objects as botocore's IAM
	// customization does.
	iamDialect
	// ecrDialect: ECR's model names members in camelCase ("repositoryName"),
	// except its Tag shape ("Key", "Value").
	ecrDialect
)

// object is a JSON object whose member order is kept.
type object []member

type member struct {
	name  string
	value any
}

// MarshalJSON writes the members in order, without HTML escaping (the CLI
// prints "<" and "&" as they are).
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshalNoHTML(m.name)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := marshalNoHTML(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshalNoHTML(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// cliIndent renders v as the CLI does: indented by four spaces, non-ASCII
// kept as is, a final newline.
func cliIndent(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// output translates a whole SDK output struct: every member but the SDK's
// own ResultMetadata. For calls without pagination this is the CLI's output.
func (d dialect) output(out any) object {
	v, ok := d.value(reflect.ValueOf(out), "")
	if o, isObj := v.(object); ok && isObj {
		return o
	}
	return object{}
}

// members builds an object from name, value pairs, leaving out absent
// values (nil pointers, slices and maps) as the CLI leaves out members the
// wire did not carry.
func (d dialect) members(pairs ...any) object {
	o := make(object, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		if v, ok := d.value(reflect.ValueOf(pairs[i+1]), name); ok {
			o = append(o, member{name, v})
		}
	}
	return o
}

// items translates each element of a slice; a nil slice yields nil.
func (d dialect) items(slice any) []any {
	v := reflect.ValueOf(slice)
	if v.Kind() != reflect.Slice || v.IsNil() {
		return nil
	}
	out := make([]any, 0, v.Len())
	for i := range v.Len() {
		if e, ok := d.value(v.Index(i), ""); ok {
			out = append(out, e)
		}
	}
	return out
}

var timeType = reflect.TypeFor[time.Time]()

// value translates one Go value; field is the Go field name it came from
// ("" for list elements and top-level values). ok is false for an absent
// value, which the enclosing object leaves out.
func (d dialect) value(v reflect.Value, field string) (any, bool) {
	if !v.IsValid() {
		return nil, false
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, false
		}
		if d == iamDialect && v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.String && isIAMPolicyField(field) {
			return decodeIAMPolicy(v.Elem().String()), true
		}
		return d.value(v.Elem(), field)
	case reflect.Struct:
		if v.Type() == timeType {
			return cliTime(v.Interface().(time.Time)), true
		}
		return d.object(v), true
	case reflect.Slice:
		if v.IsNil() {
			return nil, false
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return base64.StdEncoding.EncodeToString(v.Bytes()), true
		}
		out := make([]any, 0, v.Len())
		for i := range v.Len() {
			e, ok := d.value(v.Index(i), "")
			if !ok {
				e = nil
			}
			out = append(out, e)
		}
		return out, true
	case reflect.Map:
		if v.IsNil() {
			return nil, false
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		o := make(object, 0, len(keys))
		for _, k := range keys {
			e, ok := d.value(v.MapIndex(k), "")
			if !ok {
				e = nil
			}
			o = append(o, member{fmt.Sprint(k), e})
		}
		return o, true
	case reflect.String:
		return v.String(), true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint(), true
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	}
	// Channels, functions and the like are not data the wire carried.
	return nil, false
}

// object translates a struct's exported fields, skipping the SDK's
// ResultMetadata, which the CLI does not print.
func (d dialect) object(v reflect.Value) object {
	t := v.Type()
	o := make(object, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Anonymous || f.Name == "ResultMetadata" {
			continue
		}
		// A string held by value is an enum (the SDK holds every other
		// string by pointer); empty, the wire did not carry it.
		if f.Type.Kind() == reflect.String && v.Field(i).Len() == 0 {
			continue
		}
		if e, ok := d.value(v.Field(i), f.Name); ok {
			o = append(o, member{d.name(t, f.Name), e})
		}
	}
	return o
}

// name is the model's member name for Go field f of struct type t.
func (d dialect) name(t reflect.Type, f string) string {
	if d != ecrDialect || t.Name() == "Tag" {
		return f
	}
	r, size := utf8.DecodeRuneInString(f)
	return string(unicode.ToLower(r)) + f[size:]
}

// isIAMPolicyField names the members of IAM's policyDocumentType shape in
// the outputs the collector reads (PolicyDetail, RoleDetail, Role,
// PolicyVersion).
func isIAMPolicyField(f string) bool {
	return f == "PolicyDocument" || f == "AssumeRolePolicyDocument" || f == "Document"
}

// decodeIAMPolicy undoes IAM's URL-encoding (RFC 3986, so '+' is a plus
// sign: botocore uses unquote, not unquote_plus) and keeps the JSON as the
// policy's author wrote it, key order included. A document that does not
// decode to JSON is kept as the string IAM sent, which the loader also reads.
func decodeIAMPolicy(s string) any {
	dec, err := url.PathUnescape(s)
	if err != nil {
		dec = s
	}
	trimmed := strings.TrimSpace(dec)
	if json.Valid([]byte(trimmed)) && strings.HasPrefix(trimmed, "{") {
		return json.RawMessage(trimmed)
	}
	return dec
}

// cliTime prints a timestamp as Python's datetime.isoformat does for an
// aware UTC datetime: microseconds only when there are any.
func cliTime(t time.Time) string {
	t = t.UTC()
	s := t.Format("2006-01-02T15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	return s + "+00:00"
}

// outputOf is dialect.output as a translation function for get.
func outputOf[T any](d dialect) func(T) object {
	return func(out T) object { return d.output(out) }
}

// without drops the named members from each object of a list.
func without(list []any, names ...string) []any {
	for i, item := range list {
		o, ok := item.(object)
		if !ok {
			continue
		}
		kept := make(object, 0, len(o))
		for _, m := range o {
			if !slices.Contains(names, m.name) {
				kept = append(kept, m)
			}
		}
		list[i] = kept
	}
	return list
}
