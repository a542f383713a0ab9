package condition

import (
	"net/netip"
	"strings"
)

// parseCIDR reads an IpAddress policy value: "the standard CIDR format (for
// example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you specify an IP
// address without the associated routing prefix, IAM uses the default prefix
// value of /32" (reference_policies_elements_condition_operators.md, IP
// address); a bare IPv6 address likewise stands for itself (/128). Host bits
// set under the mask are ignored, and IPv4-mapped IPv6 forms are read as IPv4
// so that 203.0.113.0/24 and ::ffff:203.0.113.0/120 mean the same range.
func parseCIDR(s string) (netip.Prefix, bool) {
	if strings.IndexByte(s, '/') >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		a, bits := p.Addr(), p.Bits()
		if a.Is4In6() && bits >= 96 {
			a, bits = a.Unmap(), bits-96
		}
		return netip.PrefixFrom(a, bits).Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}

// parseRequestIP reads an address from the request context. A zone is
// dropped (it has no meaning for a source address) and IPv4-mapped IPv6 is
// read as IPv4. It does not allocate for addresses without a zone.
func parseRequestIP(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.WithZone("").Unmap(), true
}
