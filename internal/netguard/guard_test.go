package netguard

import (
	"net/netip"
	"testing"
)

func TestForbiddenIPCoversMetadataRanges(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"169.254.169.254", "100.100.100.200", "fd00:ec2::254", "64:ff9b::a9fe:a9fe",
		"::ffff:169.254.169.254", "0.0.0.0", "192.0.0.170",
	} {
		if !Forbidden(netip.MustParseAddr(s), false) {
			t.Errorf("%s is allowed", s)
		}
	}
	for _, s := range []string{"93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "127.0.0.1", "10.0.0.5", "198.18.0.1"} {
		if Forbidden(netip.MustParseAddr(s), false) {
			t.Errorf("%s is refused without blockPrivate", s)
		}
	}
	for _, s := range []string{"127.0.0.1", "10.0.0.5", "::1", "198.18.0.1", "198.19.255.255", "240.0.0.1",
		"255.255.255.255", "::7f00:1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::10.0.0.1", "192.0.2.10",
		"198.51.100.7", "203.0.113.9", "172.31.0.1", "192.168.1.1", "fd12::1", "fec0::1", "2001:db8::1",
		"2002:7f00:1::", "2001::1", "100::1", "192.88.99.1", "3fff::1"} {
		if !Forbidden(netip.MustParseAddr(s), true) {
			t.Errorf("%s is allowed with blockPrivate", s)
		}
	}
}

func TestPublicAddressesStayAllowedWhenBlocking(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"93.184.215.14", "8.8.8.8", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "2a00:1450:4009:81d::200e", "::ffff:8.8.8.8"} {
		if Forbidden(netip.MustParseAddr(s), true) {
			t.Errorf("%s is refused", s)
		}
	}
}
