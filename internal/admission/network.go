package admission

import "net/netip"

// Network is the client network ip belongs to, the unit of the fair share: its /24 for IPv4
// (and IPv4-mapped IPv6), its /64 for IPv6, since one household or host usually holds a whole
// such block. Text that is not an IP address is its own network.
func Network(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	addr = addr.Unmap().WithZone("")
	bits := 64
	if addr.Is4() {
		bits = 24
	}
	prefix, err := addr.Prefix(bits)
	if err != nil {
		return ip
	}
	return prefix.String()
}
