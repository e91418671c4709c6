package publishing

import (
	"sync"
	"time"
)

// PreviewsPerWindow is how many markdown previews one signed-in account may ask for per
// PreviewWindow. The panel previews as an editor types (debounced), well under one a second;
// a render can cost up to a few hundred milliseconds on hostile input, so a script looping on
// the endpoint must not be able to keep the server's cores busy.
const (
	PreviewsPerWindow = 60
	PreviewWindow     = time.Minute
)

// previewLimiter is a sliding-window limit per auth record. The keys are staff and
// superuser ids, a small bounded set, and each keeps at most PreviewsPerWindow times.
type previewLimiter struct {
	limit  int
	window time.Duration

	mu   sync.Mutex
	hits map[string][]time.Time
}

func newPreviewLimiter(limit int, window time.Duration) *previewLimiter {
	return &previewLimiter{limit: limit, window: window, hits: map[string][]time.Time{}}
}

// allow records one preview for key at now, or, when key is over the limit, records
// nothing and reports how long until its oldest preview leaves the window.
func (l *previewLimiter) allow(key string, now time.Time) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cutoff := now.Add(-l.window)
	recent := l.hits[key]
	drop := 0
	for drop < len(recent) && !recent[drop].After(cutoff) {
		drop++
	}
	recent = recent[drop:]
	if len(recent) >= l.limit {
		l.hits[key] = recent
		return false, recent[0].Sub(cutoff)
	}
	l.hits[key] = append(recent, now)
	return true, 0
}
