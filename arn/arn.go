// Package arn parses Amazon Resource Names, matches them against the patterns
// of a policy's Resource element, and identifies the principal behind an ARN.
package arn

import (
	"fmt"
	"strings"

	"github.com/whydenied/whydenied/internal/wildcard"
)

// ARN is arn:partition:service:region:account:resource. Resource keeps any
// further colons (arn:aws:logs:...:log-group:name:*).
type ARN struct {
	Partition, Service, Region, Account, Resource string
}

// Parse splits s into its six parts. It checks the shape, not that the
// service or resource type exists.
func Parse(s string) (ARN, error) {
	if !strings.HasPrefix(s, "arn:") {
		return ARN{}, fmt.Errorf("%q is not an ARN: expected it to start with \"arn:\"", s)
	}
	// Cut at the first five colons by hand: strings.SplitN allocates, and
	// the engine parses the resource of every request.
	var parts [6]string
	rest := s
	for i := range 5 {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return ARN{}, fmt.Errorf("%q is not an ARN: expected arn:partition:service:region:account:resource (6 parts separated by ':'), got %d", s, i+1)
		}
		parts[i], rest = rest[:j], rest[j+1:]
	}
	parts[5] = rest
	a := ARN{Partition: parts[1], Service: parts[2], Region: parts[3], Account: parts[4], Resource: parts[5]}
	if a.Partition == "" || a.Service == "" {
		return ARN{}, fmt.Errorf("%q is not an ARN: the partition and service parts must not be empty", s)
	}
	return a, nil
}

func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// Match reports whether the resource value matches a Resource-element pattern
// (already variable-substituted, in internal/wildcard's encoding).
//
// reference_policies_elements_resource.md: ARNs are matched part by part, so
// a wildcard in the region part never swallows the account part; the resource
// part is matched whole, colons included, and is case-sensitive. A pattern of
// fewer than six parts is not a valid ARN: the documentation is silent on how
// AWS matches it, and we match it as one string, which is what a wildcard
// like "arn:aws:s3:::*"-shaped shorthand users write most often intends.
func Match(pattern, value string) bool {
	if pattern == "*" {
		return true
	}
	if !strings.HasPrefix(pattern, "arn:") || !strings.HasPrefix(value, "arn:") {
		return wildcard.Match(pattern, value)
	}
	// Most patterns have no wildcard, or one only in the resource part.
	// Parts without a wildcard match only themselves, so such a prefix can
	// be compared whole: it ends at the fifth colon, which the value must
	// then have at the same place.
	wild, fifth := -1, -1
	for i, colons := 0, 0; i < len(pattern); i++ {
		switch pattern[i] {
		case '*', '?', 0xEE: // 0xEE starts wildcard.LiteralStar and LiteralQuestion
			if wild < 0 {
				wild = i
			}
		case ':':
			if colons++; colons == 5 && fifth < 0 {
				fifth = i + 1
			}
		}
		if wild >= 0 {
			// Either the fifth colon came first, or the wildcard is in
			// the first five parts and the parts are matched one by one.
			break
		}
	}
	if wild < 0 {
		return pattern == value
	}
	if fifth > 0 && wild >= fifth {
		return strings.HasPrefix(value, pattern[:fifth]) && wildcard.Match(pattern[fifth:], value[fifth:])
	}
	pi, vi := 0, 0
	for part := 0; part < 5; part++ {
		pj := strings.IndexByte(pattern[pi:], ':')
		vj := strings.IndexByte(value[vi:], ':')
		if pj < 0 || vj < 0 {
			return pj < 0 && wildcard.Match(pattern, value)
		}
		if !wildcard.Match(pattern[pi:pi+pj], value[vi:vi+vj]) {
			return false
		}
		pi += pj + 1
		vi += vj + 1
	}
	return wildcard.Match(pattern[pi:], value[vi:])
}
