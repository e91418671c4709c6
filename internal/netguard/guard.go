// Package netguard decides which addresses the server may connect to on behalf of content
// (webhook receivers, the links of articles), so neither can be used to reach the server's
// own network or a cloud metadata service. It is applied when connecting (DialControl), after
// name resolution, and so also catches host names that resolve to a forbidden address.
package netguard

import (
	"errors"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// alwaysForbidden are ranges that hold cloud metadata services or translate to them, beyond
// what the net/netip predicates cover: carrier-grade NAT (Alibaba's 100.100.100.200), the
// IETF protocol block, "this network", AWS's IPv6 metadata address and NAT64, which embeds
// any IPv4 address (169.254.169.254 among them).
var alwaysForbidden = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("fd00:ec2::254/128"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
}

// specialPurpose are the IANA IPv4 and IPv6 special-purpose address registries (RFC 6890
// and its updates): loopback, private, shared, documentation, benchmarking, reserved,
// broadcast, discard, ULA, site-local, 6to4, Teredo and translation ranges. None is a public
// server; with blocking on, none may be reached.
var specialPurpose = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("192.31.196.0/24"),
	netip.MustParsePrefix("192.52.193.0/24"),
	netip.MustParsePrefix("192.88.99.0/24"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("192.175.48.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("255.255.255.255/32"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("100::/64"),
	netip.MustParsePrefix("2001::/23"),
	netip.MustParsePrefix("2001:db8::/32"),
	netip.MustParsePrefix("2002::/16"),
	netip.MustParsePrefix("3fff::/20"),
	netip.MustParsePrefix("5f00::/16"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fec0::/10"),
}

// ipv4Compatible is the deprecated IPv4-compatible IPv6 block (::a.b.c.d), which some stacks
// still route to the embedded IPv4 address.
var ipv4Compatible = netip.MustParsePrefix("::/96")

// Forbidden reports whether the server may never connect to ip: link-local, multicast and
// cloud-metadata addresses always, every special-purpose range too when blockPrivate is set. IPv4-mapped and
// IPv4-compatible IPv6 forms are judged by the IPv4 address they carry.
func Forbidden(ip netip.Addr, blockPrivate bool) bool {
	ip = ip.Unmap()
	if ip.Is6() && ipv4Compatible.Contains(ip) && !ip.IsUnspecified() {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	if ip.IsUnspecified() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsMulticast() {
		return true
	}
	for _, p := range alwaysForbidden {
		if p.Contains(ip) {
			return true
		}
	}
	if !blockPrivate {
		return false
	}
	if ip.IsLoopback() || ip.IsPrivate() {
		return true
	}
	for _, p := range specialPurpose {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// DialControl is a net.Dialer Control function that applies Forbidden to the address
// actually connected to, so a host name resolving to a forbidden address is refused too;
// the dial then fails with an error wrapping ErrForbidden.
func DialControl(blockPrivate bool) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return err
		}
		if Forbidden(ip, blockPrivate) {
			return ErrForbidden
		}
		return nil
	}
}

// ErrForbidden is the error of a dial DialControl refused.
var ErrForbidden = errors.New("target address is not allowed")

// Transport is an HTTP transport whose every connection passes DialControl, with timeout
// for the dial and the TLS handshake and no proxy (the guard must see the server itself,
// not a proxy).
func Transport(timeout time.Duration, blockPrivate bool, maxIdlePerHost int) *http.Transport {
	dialer := &net.Dialer{Timeout: timeout, Control: DialControl(blockPrivate)}
	return &http.Transport{
		Proxy:               nil,
		DialContext:         dialer.DialContext,
		TLSHandshakeTimeout: timeout,
		MaxIdleConnsPerHost: maxIdlePerHost,
		IdleConnTimeout:     90 * time.Second,
	}
}
