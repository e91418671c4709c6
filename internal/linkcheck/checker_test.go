package linkcheck

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testConfig reaches the test servers on 127.0.0.1 and keeps the waits short.
func testConfig() Config {
	return Config{AllowPrivate: true, Timeout: 2 * time.Second, HostInterval: time.Millisecond}
}

func check(t *testing.T, cfg Config, url string) Result {
	t.Helper()
	return newChecker(cfg.withDefaults()).check(context.Background(), Link{URL: url})
}

func TestCheckerStatuses(t *testing.T) {
	t.Parallel()
	var agents sync.Map
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agents.Store(r.Header.Get("User-Agent"), true)
		switch r.URL.Path {
		case "/ok":
			w.WriteHeader(http.StatusOK)
		case "/gone":
			http.NotFound(w, r)
		case "/error":
			w.WriteHeader(http.StatusBadGateway)
		default:
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		}
	}))
	defer srv.Close()
	cfg := testConfig()
	for path, want := range map[string]Result{
		"/ok":    {Status: 200, OK: true},
		"/moved": {Status: 200, OK: true},
		"/gone":  {Status: 404, Error: "The server answered 404 Not Found."},
		"/error": {Status: 502, Error: "The server answered 502 Bad Gateway."},
	} {
		if got := check(t, cfg, srv.URL+path); got != want {
			t.Errorf("%s: %+v, want %+v", path, got, want)
		}
	}
	if _, ok := agents.Load(UserAgent); !ok {
		t.Error("requests did not name recoverycms in User-Agent")
	}
}

func TestCheckerFollowsAtMostFiveRedirects(t *testing.T) {
	t.Parallel()
	// /hop/N redirects to /hop/N-1; /hop/0 answers 200.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/hop/%d", &n)
		if n == 0 {
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
	}))
	defer srv.Close()
	if got := check(t, testConfig(), srv.URL+"/hop/5"); !got.OK {
		t.Errorf("five redirects: %+v", got)
	}
	got := check(t, testConfig(), srv.URL+"/hop/6")
	if got.OK || got.Status != http.StatusFound || got.Error != "The link redirects more than 5 times." {
		t.Errorf("six redirects: %+v", got)
	}
}

func TestCheckerFallsBackToGETWhenHEADIsRefused(t *testing.T) {
	t.Parallel()
	var methods []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		methods = append(methods, r.Method)
		mu.Unlock()
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		w.Write([]byte(strings.Repeat("x", 1<<20)))
	}))
	defer srv.Close()
	if got := check(t, testConfig(), srv.URL); !got.OK || got.Status != 200 {
		t.Errorf("got %+v", got)
	}
	if strings.Join(methods, ",") != "HEAD,GET" {
		t.Errorf("methods %v, want HEAD then GET", methods)
	}
}

func TestCheckerTimesOut(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	cfg := testConfig()
	cfg.Timeout = 100 * time.Millisecond
	got := check(t, cfg, srv.URL)
	if got.OK || got.Status != 0 || got.Error != "No answer within 100ms." {
		t.Errorf("got %+v", got)
	}
}

func TestCheckerRefusesPrivateAddressesWhenBlocking(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	cfg := testConfig()
	cfg.AllowPrivate = false
	got := check(t, cfg, srv.URL)
	if got.OK || got.Status != 0 || !strings.Contains(got.Error, "private or special-purpose address") {
		t.Errorf("got %+v", got)
	}
	// A public host redirecting to a private address is refused at the hop, too.
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	}))
	defer redirect.Close()
	cfg.AllowPrivate = true
	if got := check(t, cfg, redirect.URL); got.OK || !strings.Contains(got.Error, "private or special-purpose address") {
		t.Errorf("redirect to metadata: %+v", got)
	}
	if hits.Load() != 0 {
		t.Errorf("the private server was reached %d times", hits.Load())
	}
}
