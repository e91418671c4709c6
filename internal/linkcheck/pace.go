package linkcheck

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// hostPacer spaces the requests to each host at least interval apart. A request reserves
// the next free moment of its host and waits for it, so waits never overlap.
type hostPacer struct {
	interval time.Duration

	mu   sync.Mutex
	next map[string]time.Time
}

func newHostPacer(interval time.Duration) *hostPacer {
	return &hostPacer{interval: interval, next: map[string]time.Time{}}
}

// wait blocks until a request to host may start, or ctx ends.
func (p *hostPacer) wait(ctx context.Context, host string) error {
	p.mu.Lock()
	now := time.Now()
	if len(p.next) > 10000 {
		for h, at := range p.next {
			if at.Before(now) {
				delete(p.next, h)
			}
		}
	}
	at := p.next[host]
	if at.Before(now) {
		at = now
	}
	p.next[host] = at.Add(p.interval)
	p.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

// pacedTransport is the checker's round tripper: every request, redirect hops included,
// waits for its host's turn, names the checker in User-Agent and gets its own timeout,
// counted from when it is sent (the wait for a turn is not a slow server).
type pacedTransport struct {
	base    http.RoundTripper
	pacer   *hostPacer
	timeout time.Duration
}

func (t *pacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.pacer.wait(req.Context(), strings.ToLower(req.URL.Host)); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	req = req.Clone(ctx)
	req.Header.Set("User-Agent", UserAgent)
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose releases a request's timeout when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
