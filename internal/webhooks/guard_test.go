package webhooks

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
		if !forbiddenIP(netip.MustParseAddr(s), false) {
			t.Errorf("%s is allowed", s)
		}
	}
	for _, s := range []string{"93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "127.0.0.1", "10.0.0.5"} {
		if forbiddenIP(netip.MustParseAddr(s), false) {
			t.Errorf("%s is refused without blockPrivate", s)
		}
	}
	for _, s := range []string{"127.0.0.1", "10.0.0.5", "::1"} {
		if !forbiddenIP(netip.MustParseAddr(s), true) {
			t.Errorf("%s is allowed with blockPrivate", s)
		}
	}
}
