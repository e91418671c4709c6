package linkcheck

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// linksTo makes one article holding n distinct links on each server.
func linksTo(n int, servers ...*httptest.Server) []articleLinks {
	var links []Link
	for _, s := range servers {
		for i := range n {
			links = append(links, Link{URL: fmt.Sprintf("%s/page/%d", s.URL, i)})
		}
	}
	return []articleLinks{{ID: "a", Links: links}}
}

func TestRequestsToOneHostAreSpaced(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var arrivals []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		mu.Unlock()
	}))
	defer srv.Close()
	cfg := testConfig()
	cfg.HostInterval = 200 * time.Millisecond
	s := New(cfg, nil)
	results := s.checkAll(context.Background(), linksTo(4, srv))
	if len(results) != 4 {
		t.Fatalf("%d results", len(results))
	}
	slices.SortFunc(arrivals, func(a, b time.Time) int { return a.Compare(b) })
	for i := 1; i < len(arrivals); i++ {
		// A little slack for the scheduler between the reserved moment and the arrival.
		if gap := arrivals[i].Sub(arrivals[i-1]); gap < 180*time.Millisecond {
			t.Errorf("requests %d and %d arrived %s apart", i-1, i, gap)
		}
	}
}

func TestConcurrencyIsBounded(t *testing.T) {
	t.Parallel()
	var inFlight, most atomic.Int32
	handler := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		n := inFlight.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
		inFlight.Add(-1)
	})
	var servers []*httptest.Server
	for range 8 { // eight ports on 127.0.0.1: eight hosts
		srv := httptest.NewServer(handler)
		defer srv.Close()
		servers = append(servers, srv)
	}
	cfg := testConfig()
	cfg.Concurrency = 3
	results := New(cfg, nil).checkAll(context.Background(), linksTo(2, servers...))
	if len(results) != 16 {
		t.Fatalf("%d results", len(results))
	}
	if got := most.Load(); got > 3 || got < 2 {
		t.Errorf("at most %d requests were in flight, want 2 or 3 (the bound)", got)
	}
}
