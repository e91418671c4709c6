package hooks_test

import (
	"context"
	stdsql "database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/admission"
)

// admissionApp is a test app whose content API misses go through gate, with its real router.
func admissionApp(t *testing.T, gate *admission.Gate) (core.App, http.Handler) {
	t.Helper()
	app := hookstest.NewWithOptions(t, hooks.Options{Admission: gate})
	return app, hookstest.Router(t, app)
}

// occupy holds one of gate's workers, charged to network, until the test ends or release is
// called.
func occupy(t *testing.T, gate *admission.Gate, network string) (release func()) {
	t.Helper()
	running, stop := make(chan struct{}), make(chan struct{})
	go gate.Do(context.Background(), network, "test blocker "+network, func() (any, error) {
		close(running)
		<-stop
		return nil, nil
	})
	<-running
	var once sync.Once
	release = func() { once.Do(func() { close(stop) }) }
	t.Cleanup(release)
	return release
}

// sendFrom makes one request from remote (host:port) with header pairs through mux.
func sendFrom(mux http.Handler, method, path, remote, body string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = remote
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec
}

func TestFullPoolAnswers503WithRetryAfter(t *testing.T) {
	gate := admission.New(admission.Options{Workers: 1, Queue: -1})
	app, mux := admissionApp(t, gate)
	// A cached page before the pool fills: hits never wait for it.
	if rec := sendFrom(mux, "GET", "/api/cms/articles", "192.0.2.1:1000", ""); rec.Code != 200 {
		t.Fatalf("warm-up: %d %s", rec.Code, rec.Body)
	}
	release := occupy(t, gate, "203.0.113.0/24")

	rec := sendFrom(mux, "GET", "/api/cms/search?q=relapse", "192.0.2.1:1000", "")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "1" {
		t.Fatalf("miss with a full pool: %d Retry-After %q %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	data, _ := body["data"].(map[string]any)
	if body["status"] != float64(503) || !strings.HasSuffix(body["message"].(string), ".") || data == nil || len(data) != 0 {
		t.Fatalf("503 body: %s", rec.Body)
	}
	if rec := sendFrom(mux, "GET", "/api/cms/articles", "192.0.2.1:1000", ""); rec.Code != 200 {
		t.Fatalf("cache hit with a full pool: %d", rec.Code)
	}
	// A staff member signed in is not held by the pool.
	token := hookstest.Token(t, app, hookstest.EditorEmail)
	if rec := sendFrom(mux, "GET", "/api/cms/search?q=relapse", "192.0.2.1:1000", "", "Authorization", token); rec.Code != 200 {
		t.Fatalf("signed-in miss with a full pool: %d %s", rec.Code, rec.Body)
	}

	release()
	for gate.Stats().Running != 0 {
		runtime.Gosched()
	}
	if rec := sendFrom(mux, "GET", "/api/cms/search?q=relapse+craving", "192.0.2.1:1000", ""); rec.Code != 200 {
		t.Fatalf("miss after the pool frees: %d %s", rec.Code, rec.Body)
	}
}

func TestOneNetworkCannotTakeThePool(t *testing.T) {
	gate := admission.New(admission.Options{Workers: 2, Queue: -1, NetworkWorkers: 1})
	app, mux := admissionApp(t, gate)
	// 192.0.2.0/24 holds its share (one worker of two).
	occupy(t, gate, admission.Network("192.0.2.1"))

	if rec := sendFrom(mux, "GET", "/api/cms/search?q=relapse", "192.0.2.77:1000", ""); rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("same /24 over its share: %d, want 503", rec.Code)
	}
	if rec := sendFrom(mux, "GET", "/api/cms/search?q=relapse", "198.51.100.7:1000", ""); rec.Code != 200 {
		t.Fatalf("another network: %d %s", rec.Code, rec.Body)
	}
	if rec := sendFrom(mux, "GET", "/api/cms/articles?page=2", "[2001:db8:1:2::5]:1000", ""); rec.Code != 200 {
		t.Fatalf("an IPv6 network: %d %s", rec.Code, rec.Body)
	}

	// Behind a trusted proxy the client is the forwarded address, not the proxy's.
	app.Settings().TrustedProxy.Headers = []string{"X-Forwarded-For"}
	if rec := sendFrom(mux, "GET", "/api/cms/search?q=craving", "192.0.2.1:1000", "", "X-Forwarded-For", "203.0.113.9"); rec.Code != 200 {
		t.Fatalf("forwarded client of another network: %d %s", rec.Code, rec.Body)
	}
	if rec := sendFrom(mux, "GET", "/api/cms/search?q=sleep", "198.51.100.7:1000", "", "X-Forwarded-For", "192.0.2.50"); rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("forwarded client of the busy network: %d, want 503", rec.Code)
	}
}

func TestLeadsAreNotAdmittedThroughThePool(t *testing.T) {
	gate := admission.New(admission.Options{Workers: 1, Queue: -1})
	_, mux := admissionApp(t, gate)
	occupy(t, gate, admission.Network("192.0.2.1"))

	rec := sendFrom(mux, "POST", leadsURL, "192.0.2.1:1000", mustJSON(t, validLead(nil)), "Content-Type", "application/json")
	if rec.Code != 200 {
		t.Fatalf("lead with a full pool: %d %s", rec.Code, rec.Body)
	}
	if s := gate.Stats(); s.Refused != 0 || s.Ran != 1 {
		t.Fatalf("the lead went through the pool: %+v", s)
	}
}

func TestIdenticalConcurrentMissesBuildOnce(t *testing.T) {
	gate := admission.New(admission.Options{Workers: 1, Queue: 4, PerNetwork: 10})
	app, mux := admissionApp(t, gate)
	builds := countSearches(t, app)

	// One search alone sets how many ranked queries one build runs.
	if rec := sendFrom(mux, "GET", "/api/cms/search?q=craving", "192.0.2.1:1000", ""); rec.Code != 200 {
		t.Fatalf("first search: %d %s", rec.Code, rec.Body)
	}
	perBuild := builds()
	if perBuild == 0 {
		t.Fatal("no search query seen")
	}

	// With the worker held, identical misses queue behind one build and share it.
	release := occupy(t, gate, "203.0.113.0/24")
	const n = 6
	bodies := make(chan string, n)
	for i := range n {
		go func() {
			rec := sendFrom(mux, "GET", "/api/cms/search?q=relapse", "192.0.2."+string(rune('1'+i))+":1000", "")
			bodies <- rec.Result().Status + " " + rec.Body.String()
		}()
	}
	for give := time.Now().Add(30 * time.Second); gate.Stats().Shared < n-1; runtime.Gosched() {
		if time.Now().After(give) { // a hang guard, not a speed check
			t.Fatalf("identical misses did not join one build: %+v", gate.Stats())
		}
	}
	release()
	first := <-bodies
	for range n - 1 {
		if b := <-bodies; b != first {
			t.Fatalf("shared answers differ: %s vs %s", b, first)
		}
	}
	if !strings.HasPrefix(first, "200 ") || !strings.Contains(first, `"items":[`) {
		t.Fatalf("answer: %s", first)
	}
	if got := builds(); got != 2*perBuild {
		t.Fatalf("%d identical misses ran %d search queries, want %d (one build)", n, got-perBuild, perBuild)
	}
}

// countSearches counts the full-text queries app runs from now on; the returned func reads
// the count.
func countSearches(t *testing.T, app core.App) func() int {
	t.Helper()
	db, ok := app.ConcurrentDB().(*dbx.DB)
	if !ok {
		t.Fatalf("concurrent DB is %T", app.ConcurrentDB())
	}
	var mu sync.Mutex
	count := 0
	db.QueryLogFunc = func(_ context.Context, _ time.Duration, sql string, _ *stdsql.Rows, _ error) {
		if strings.Contains(sql, " MATCH ") {
			mu.Lock()
			count++
			mu.Unlock()
		}
	}
	t.Cleanup(func() { db.QueryLogFunc = nil })
	return func() int {
		mu.Lock()
		defer mu.Unlock()
		return count
	}
}
