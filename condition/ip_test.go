package condition

import "testing"

// IP address operators: "The value must be in the standard CIDR format (for
// example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you specify an IP
// address without the associated routing prefix, IAM uses the default prefix
// value of /32" (reference_policies_elements_condition_operators.md,
// "IP address condition operators").
func TestIPOperators(t *testing.T) {
	src := func(ip string) req { return req{"aws:SourceIp": vs(ip)} }
	mixed := vs("203.0.113.0/24", "2001:DB8:1234:5678::/64")
	runEvalCases(t, []evalCase{
		// The page's example: 203.0.113.0 to 203.0.113.255.
		{"v4/first", "IpAddress", "aws:SourceIp", vs("203.0.113.0/24"), src("203.0.113.0"), false, true},
		{"v4/last", "IpAddress", "aws:SourceIp", vs("203.0.113.0/24"), src("203.0.113.255"), false, true},
		{"v4/outside", "IpAddress", "aws:SourceIp", vs("203.0.113.0/24"), src("203.0.114.0"), false, false},
		{"v4/outside below", "IpAddress", "aws:SourceIp", vs("203.0.113.0/24"), src("203.0.112.255"), false, false},
		// "the requester uses a VPC endpoint": no aws:SourceIp, condition false.
		{"v4/key absent", "IpAddress", "aws:SourceIp", vs("203.0.113.0/24"), req{}, false, false},
		// Bare address: /32.
		{"v4/bare match", "IpAddress", "aws:SourceIp", vs("203.0.113.7"), src("203.0.113.7"), false, true},
		{"v4/bare neighbour", "IpAddress", "aws:SourceIp", vs("203.0.113.7"), src("203.0.113.8"), false, false},
		{"v4/slash 0", "IpAddress", "aws:SourceIp", vs("0.0.0.0/0"), src("198.51.100.1"), false, true},
		{"v4/host bits set", "IpAddress", "aws:SourceIp", vs("203.0.113.77/24"), src("203.0.113.1"), false, true},
		// The page's mixed IPv4 and IPv6 list.
		{"mixed/v4", "IpAddress", "aws:SourceIp", mixed, src("203.0.113.9"), false, true},
		{"mixed/v6", "IpAddress", "aws:SourceIp", mixed, src("2001:db8:1234:5678:abcd::1"), false, true},
		{"mixed/v6 outside", "IpAddress", "aws:SourceIp", mixed, src("2001:db8:1234:5679::1"), false, false},
		{"v6/bare", "IpAddress", "aws:SourceIp", vs("2001:db8::1"), src("2001:DB8::1"), false, true},
		{"v6/bare neighbour", "IpAddress", "aws:SourceIp", vs("2001:db8::1"), src("2001:db8::2"), false, false},
		{"v6/zero run", "IpAddress", "aws:SourceIp", vs("2001:db8::/32"), src("2001:db8:0:0:0:0:0:1"), false, true},
		{"v4 range v6 request", "IpAddress", "aws:SourceIp", vs("0.0.0.0/0"), src("2001:db8::1"), false, false},
		{"v6 range v4 request", "IpAddress", "aws:SourceIp", vs("::/0"), src("203.0.113.1"), false, false},
		// IPv4-mapped IPv6 is the IPv4 address (documentation silent).
		{"mapped request", "IpAddress", "aws:SourceIp", vs("203.0.113.0/24"), src("::ffff:203.0.113.5"), false, true},
		{"mapped policy", "IpAddress", "aws:SourceIp", vs("::ffff:203.0.113.0/120"), src("203.0.113.5"), false, true},
		{"request zone dropped", "IpAddress", "aws:SourceIp", vs("fe80::/10"), src("fe80::1%eth0"), false, true},
		{"request not an ip", "IpAddress", "aws:SourceIp", vs("0.0.0.0/0"), src("localhost"), false, false},
		{"request is a cidr", "IpAddress", "aws:SourceIp", vs("0.0.0.0/0"), src("10.0.0.0/8"), false, false},
		// NotIpAddress: all addresses except the listed ones (NOR).
		{"not/outside", "NotIpAddress", "aws:SourceIp", vs("203.0.113.0/24"), src("198.51.100.1"), false, true},
		{"not/inside", "NotIpAddress", "aws:SourceIp", vs("203.0.113.0/24"), src("203.0.113.1"), false, false},
		{"not/inside second", "NotIpAddress", "aws:SourceIp", mixed, src("2001:db8:1234:5678::5"), false, false},
		{"not/outside both", "NotIpAddress", "aws:SourceIp", mixed, src("192.0.2.1"), false, true},
		// Negated operator, key absent: true (the Important note).
		{"not/key absent", "NotIpAddress", "aws:SourceIp", vs("203.0.113.0/24"), req{}, false, true},
		{"vpc source ip", "IpAddress", "aws:VpcSourceIp", vs("10.0.0.0/16"), req{"aws:VpcSourceIp": vs("10.0.3.4")}, false, true},
	})
}
