package account

import (
	"strconv"

	"github.com/whydenied/whydenied/internal/jsonscan"
)

// node is one JSON value of a CLI output with its path from the file's root,
// so that every complaint says where it is. Members the readers do not name
// are ignored: AWS adds fields to its outputs over time.
type node struct {
	file string
	path string
	raw  []byte
}

func (n node) child(key string) string {
	if n.path == "" {
		return key
	}
	return n.path + "." + key
}

func (n node) fail(format string, args ...any) *Problem {
	return problemf(n.file, n.path, format, args...)
}

// kind is jsonscan's type letter of the value; 0 for an absent member.
func (n node) kind() byte { return jsonscan.Kind(n.raw) }

func (n node) present() bool { return n.raw != nil && n.kind() != 'n' }

// members calls fn for each member of an object; a value that is not an
// object is a Problem.
func (n node) members(fn func(key string, v node) error) error {
	if n.kind() != '{' {
		return n.fail("expected an object, got %s", jsonscan.Describe(n.raw))
	}
	err := jsonscan.Object(n.raw, func(k string, v []byte) error {
		return fn(k, node{file: n.file, path: n.child(k), raw: v})
	})
	return n.wrap(err)
}

// fields picks the named members of an object; absent ones have no value
// but keep their path, so that "missing" is reported where it belongs.
func (n node) fields(names ...string) ([]node, error) {
	out := make([]node, len(names))
	for i, name := range names {
		out[i] = node{file: n.file, path: n.child(name)}
	}
	err := n.members(func(k string, v node) error {
		for i, name := range names {
			if k == name {
				out[i] = v
			}
		}
		return nil
	})
	return out, err
}

// items calls fn for each element of a list.
func (n node) items(fn func(i int, v node) error) error {
	if n.kind() != '[' {
		return n.fail("expected a list, got %s", jsonscan.Describe(n.raw))
	}
	err := jsonscan.Array(n.raw, func(i int, v []byte) error {
		return fn(i, node{file: n.file, path: n.path + "[" + strconv.Itoa(i) + "]", raw: v})
	})
	return n.wrap(err)
}

// wrap turns a syntax error of jsonscan into a Problem at this node.
func (n node) wrap(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*Problem); ok {
		return err
	}
	return n.fail("%v", err)
}

// str reads a string member that must be there.
func (n node) str(what string) (string, error) {
	if !n.present() {
		return "", n.fail("missing; expected %s", what)
	}
	s, ok := jsonscan.String(n.raw)
	if !ok {
		return "", n.fail("expected %s (a string), got %s", what, jsonscan.Describe(n.raw))
	}
	return s, nil
}

// optStr reads a string member that may be absent or null.
func (n node) optStr(what string) (string, error) {
	if !n.present() {
		return "", nil
	}
	return n.str(what)
}

// optBool reads true or false; absent is false.
func (n node) optBool(what string) (bool, error) {
	switch n.kind() {
	case 0, 'n':
		return false, nil
	case 't', 'f':
		s, _ := jsonscan.Scalar(n.raw)
		return s == "true", nil
	}
	return false, n.fail("expected %s (true or false), got %s", what, jsonscan.Describe(n.raw))
}

// strList reads a list of strings; absent is an empty list.
func (n node) strList(what string) ([]string, error) {
	if !n.present() {
		return nil, nil
	}
	var out []string
	err := n.items(func(_ int, v node) error {
		s, err := v.str(what)
		out = append(out, s)
		return err
	})
	return out, err
}

// tagList reads AWS's usual [{"Key": k, "Value": v}] tag list; keyName and
// valueName differ by service (KMS says TagKey and TagValue).
func (n node) tagList(keyName, valueName string) ([]tag, error) {
	if !n.present() {
		return nil, nil
	}
	var out []tag
	err := n.items(func(_ int, v node) error {
		f, err := v.fields(keyName, valueName)
		if err != nil {
			return err
		}
		k, err := f[0].str("a tag key")
		if err != nil {
			return err
		}
		val, err := f[1].optStr("a tag value")
		out = append(out, tag{k, val})
		return err
	})
	return out, err
}

// tagMap reads the {"key": "value"} tag object of SQS and Lambda.
func (n node) tagMap() ([]tag, error) {
	if !n.present() {
		return nil, nil
	}
	var out []tag
	err := n.members(func(k string, v node) error {
		val, err := v.str("a tag value")
		out = append(out, tag{k, val})
		return err
	})
	return out, err
}

type tag struct{ key, value string }
