package leads

import (
	"net/netip"
	"sync"
	"time"
)

// Limiter is an in-memory sliding-window limiter keyed by client IP. The IPs live only in
// memory (never in the database) and are forgotten once their window has passed.
type Limiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu    sync.Mutex
	hits  map[string][]time.Time
	calls int
}

// NewLimiter allows limit events per window for each key; limit 0 allows everything.
func NewLimiter(limit int, window time.Duration) *Limiter {
	return &Limiter{limit: limit, window: window, now: time.Now, hits: map[string][]time.Time{}}
}

// Allow records one event for key and reports whether it is within the limit.
func (l *Limiter) Allow(key string) bool {
	if l == nil || l.limit <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	cutoff := now.Add(-l.window)
	l.calls++
	if l.calls%1000 == 0 {
		l.sweep(cutoff)
	}
	recent := l.hits[key][:0]
	for _, t := range l.hits[key] {
		if t.After(cutoff) {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.limit {
		l.hits[key] = recent
		return false
	}
	l.hits[key] = append(recent, now)
	return true
}

// Wait is how long until key may send again: until its oldest event in the window leaves
// it, or 0 when it is within the limit now.
func (l *Limiter) Wait(key string) time.Duration {
	if l == nil || l.limit <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	cutoff := l.now().Add(-l.window)
	var recent []time.Time
	for _, t := range l.hits[key] {
		if t.After(cutoff) {
			recent = append(recent, t)
		}
	}
	if len(recent) < l.limit {
		return 0
	}
	return recent[len(recent)-l.limit].Sub(cutoff)
}

// sweep drops keys whose every event is older than cutoff, so memory stays bounded.
func (l *Limiter) sweep(cutoff time.Time) {
	for key, times := range l.hits {
		if len(times) == 0 || !times[len(times)-1].After(cutoff) {
			delete(l.hits, key)
		}
	}
}

// limiterKey groups IPv6 callers by their /64 network, which one household or phone can
// rotate addresses within; an IPv4 address stands alone.
func limiterKey(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil || !addr.Unmap().Is6() {
		return ip
	}
	prefix, err := addr.Prefix(64)
	if err != nil {
		return ip
	}
	return prefix.String()
}

// NetworkKey is the key a limiter of public submissions counts ip under: its /64 network
// for IPv6, the address itself for IPv4 (as the lead limiter does).
func NetworkKey(ip string) string { return limiterKey(ip) }

// SetClock makes the limiter read the time from now, the one clock of its owner.
func (l *Limiter) SetClock(now func() time.Time) { l.now = now }
