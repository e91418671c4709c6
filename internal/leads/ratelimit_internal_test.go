package leads

import "testing"

func TestLimiterKeyGroupsIPv6Networks(t *testing.T) {
	t.Parallel()
	if limiterKey("2001:db8:1:2::a") != limiterKey("2001:db8:1:2:ffff::b") {
		t.Fatal("two addresses of one /64 get different keys")
	}
	if limiterKey("2001:db8:1:2::a") == limiterKey("2001:db8:1:3::a") {
		t.Fatal("two /64 networks share a key")
	}
	if limiterKey("203.0.113.7") == limiterKey("203.0.113.8") {
		t.Fatal("IPv4 addresses share a key")
	}
	if limiterKey("::ffff:203.0.113.7") == limiterKey("::ffff:203.0.113.8") {
		t.Fatal("IPv4-mapped addresses share a key")
	}
}
