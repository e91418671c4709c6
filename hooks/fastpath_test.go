package hooks_test

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
)

// served is app's server handler built the way apis.Serve builds it: PocketBase's router with
// its CORS middleware, then the OnServe hooks with a real http.Server, whose Handler is what
// would be listening. It also keeps the router alone and counts the requests reaching it.
type served struct {
	t       testing.TB
	handler http.Handler // Server.Handler after OnServe: the fast path in front of the router
	router  http.Handler // PocketBase's router alone
	routed  atomic.Int64
}

func newServed(t testing.TB, app core.App) *served {
	t.Helper()
	return newServedWithOrigins(t, app, "*")
}

// newServedWithOrigins is newServed with serve's --origins set to origins.
func newServedWithOrigins(t testing.TB, app core.App, origins ...string) *served {
	t.Helper()
	s := &served{t: t}
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	router.Bind(apis.CORS(apis.CORSConfig{
		AllowOrigins: origins,
		AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPatch, http.MethodPost, http.MethodDelete},
	}))
	router.BindFunc(func(e *core.RequestEvent) error {
		s.routed.Add(1)
		return e.Next()
	})
	se := &core.ServeEvent{App: app, Router: router, Server: &http.Server{}}
	err = app.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		mux, err := e.Router.BuildMux()
		s.router = mux
		e.Server.Handler = mux
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s.handler = se.Server.Handler
	return s
}

// serveVia sends a request with optional header pairs to h.
func serveVia(h http.Handler, method, path string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// get sends a GET through the server handler and reports whether the router saw it.
func (s *served) get(path string, header ...string) (*httptest.ResponseRecorder, bool) {
	before := s.routed.Load()
	rec := serveVia(s.handler, http.MethodGet, path, header...)
	return rec, s.routed.Load() != before
}

// requestHeaders are the header sets the fast path must answer like the router: none, a
// cross-origin front end, and the codings browsers and tools ask for.
var requestHeaders = [][]string{
	nil,
	{"Origin", "https://front.example.org"},
	{"Accept-Encoding", "gzip"},
	{"Accept-Encoding", "gzip, deflate, br, zstd"},
	{"Origin", "https://front.example.org", "Accept-Encoding", "gzip"},
	{"Origin", "http://localhost:5173", "Accept-Encoding", "br;q=1, gzip;q=0.5"},
	{"Origin", "https://elsewhere.example.com", "Accept-Encoding", "identity"},
}

// compareFastAndRouter checks that every request below, for each header set of
// requestHeaders, gets the same status, body and headers from the fast path (without reaching
// the router) as from the router.
func compareFastAndRouter(t *testing.T, s *served, paths []string) {
	t.Helper()
	for _, p := range paths {
		for _, hdr := range requestHeaders {
			first, _ := s.get(p, hdr...)
			if first.Code != http.StatusOK {
				t.Fatalf("GET %s %v: %d", p, hdr, first.Code)
			}
			etag := first.Header().Get("ETag")
			for _, c := range []struct {
				method string
				header []string
				status int
			}{
				{http.MethodGet, nil, http.StatusOK},
				{http.MethodHead, nil, http.StatusOK},
				{http.MethodGet, []string{"If-None-Match", etag}, http.StatusNotModified},
				{http.MethodGet, []string{"If-None-Match", `"other", W/` + etag}, http.StatusNotModified},
				{http.MethodGet, []string{"If-None-Match", `"stale"`}, http.StatusOK},
			} {
				header := append(slices.Clone(hdr), c.header...)
				before := s.routed.Load()
				fast := serveVia(s.handler, c.method, p, header...)
				if s.routed.Load() != before {
					t.Errorf("%s %s %v: a cache hit reached the router", c.method, p, header)
				}
				slow := serveVia(s.router, c.method, p, header...)
				if fast.Code != c.status || slow.Code != c.status {
					t.Errorf("%s %s %v: fast path %d, router %d, want %d", c.method, p, header, fast.Code, slow.Code, c.status)
				}
				if fast.Body.String() != slow.Body.String() {
					t.Errorf("%s %s %v: bodies differ (%d and %d bytes)", c.method, p, header, fast.Body.Len(), slow.Body.Len())
				}
				if !maps.EqualFunc(fast.Header(), slow.Header(), slices.Equal) {
					t.Errorf("%s %s %v: headers differ\nfast path: %v\nrouter:    %v", c.method, p, header, fast.Header(), slow.Header())
				}
			}
		}
	}
}

func TestFastPathAnswersLikeTheRouter(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	s := newServed(t, app)
	compareFastAndRouter(t, s, publicEndpoints)
	// The set the fast path must reproduce, spelled out once.
	rec, _ := s.get("/api/cms/articles")
	for k, v := range map[string][]string{
		"Content-Type": {"application/json"}, "Cache-Control": {"public, max-age=60, stale-while-revalidate=300"},
		"Vary": {"Origin", "Accept-Encoding"}, "X-Content-Type-Options": {"nosniff"}, "X-Frame-Options": {"SAMEORIGIN"},
		"X-Xss-Protection": nil, // obsolete and advised against: dropped on every route
	} {
		if got := rec.Header().Values(k); !slices.Equal(got, v) {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	cors, routed := s.get("/api/cms/articles", "Origin", "https://front.example.org")
	if routed || cors.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("with Origin: routed %v, Access-Control-Allow-Origin %q", routed, cors.Header().Get("Access-Control-Allow-Origin"))
	}
}

// With --origins set, the fast path gives each origin the router's answer: an allowed one
// (exact or by wildcard) gets Access-Control-Allow-Origin, another gets none.
func TestFastPathCORSWithConfiguredOrigins(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	s := newServedWithOrigins(t, app, "https://front.example.org", "http://localhost:*")
	compareFastAndRouter(t, s, []string{"/api/cms/articles", "/feed.xml"})
	for origin, want := range map[string]string{
		"https://front.example.org":     "https://front.example.org",
		"http://localhost:5173":         "http://localhost:5173",
		"https://elsewhere.example.com": "",
	} {
		rec, routed := s.get("/api/cms/articles", "Origin", origin)
		if routed || rec.Code != 200 || rec.Header().Get("Access-Control-Allow-Origin") != want {
			t.Errorf("Origin %s: routed %v, %d, Access-Control-Allow-Origin %q, want %q", origin, routed, rec.Code,
				rec.Header().Get("Access-Control-Allow-Origin"), want)
		}
	}
}

func TestFastPathOnARealServer(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	s := newServed(t, app)
	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	direct := httptest.NewServer(s.router)
	defer direct.Close()
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		for _, p := range []string{"/api/cms/articles", "/sitemap.xml"} {
			serveVia(s.handler, http.MethodGet, p) // fill the cache
			before := s.routed.Load()
			fast := roundTrip(t, method, srv.URL+p)
			if s.routed.Load() != before {
				t.Errorf("%s %s reached the router", method, p)
			}
			slow := roundTrip(t, method, direct.URL+p)
			fast.Header.Del("Date")
			slow.Header.Del("Date")
			if fast.StatusCode != 200 || !maps.EqualFunc(fast.Header, slow.Header, slices.Equal) || fast.ContentLength != slow.ContentLength {
				t.Errorf("%s %s: fast path %d %v (%d), router %d %v (%d)", method, p,
					fast.StatusCode, fast.Header, fast.ContentLength, slow.StatusCode, slow.Header, slow.ContentLength)
			}
		}
	}
}

func roundTrip(t *testing.T, method, url string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	must(t, err)
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	resp.Body.Close()
	return resp
}

func TestFastPathLeavesTheRestToTheRouter(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	s := newServed(t, app)
	token := hookstest.Token(t, app, hookstest.EditorEmail)
	const p = "/api/cms/articles"
	s.get(p)
	if _, routed := s.get(p); routed {
		t.Fatal("the hit reached the router")
	}
	if _, routed := s.get(p, "Authorization", token); !routed {
		t.Error("with Authorization: answered before the router")
	}
	before := s.routed.Load()
	www := httptest.NewRequest(http.MethodGet, p, nil)
	www.Host = "www.example.org"
	serveVia(s.handler, http.MethodGet, p) // the same URL is a hit without the www host
	s.handler.ServeHTTP(httptest.NewRecorder(), www)
	if s.routed.Load() != before+1 {
		t.Error("a www. host was answered before the router (its redirect)")
	}
	// ServeMux redirects unclean paths before any handler runs, in front of the router too.
	for _, odd := range []string{"/api/cms//articles", "/api/cms/./articles"} {
		fast, slow := serveVia(s.handler, http.MethodGet, odd), serveVia(s.router, http.MethodGet, odd)
		if fast.Code == http.StatusOK || fast.Code != slow.Code || fast.Header().Get("Location") != slow.Header().Get("Location") {
			t.Errorf("GET %s: fast path %d %q, router %d %q", odd, fast.Code, fast.Header().Get("Location"),
				slow.Code, slow.Header().Get("Location"))
		}
	}
	if _, routed := s.get(p + "/"); !routed { // the static site's route, not the list
		t.Errorf("GET %s/: answered before the router", p)
	}
	if rec := serveVia(s.handler, http.MethodPost, p); rec.Code == http.StatusOK {
		t.Errorf("POST %s: %d", p, rec.Code)
	}
}

func TestFastPathHonoursRateLimitRules(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	// Our migrations enable the limiter with a rule for staff logins only; add one for /api/.
	limits := &app.Settings().RateLimits
	limits.Enabled = true
	limits.Rules = append(limits.Rules, core.RateLimitRule{Label: "/api/", MaxRequests: 1000, Duration: 10})
	s := newServed(t, app)
	for p, wantRouted := range map[string]bool{"/api/cms/articles": true, "/feed.xml": false} {
		s.get(p)
		if _, routed := s.get(p); routed != wantRouted {
			t.Errorf("GET %s with rate limits on: routed %v, want %v", p, routed, wantRouted)
		}
	}
}

func TestFastPathMissFillsTheCache(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	s := newServed(t, app)
	cache := hooks.ContentCacheOf(app)
	const p = "/api/cms/articles?topic=ketamine&junk=1"
	first, routed := s.get(p)
	if !routed || first.Code != 200 || cache.Len() != 1 {
		t.Fatalf("first GET: routed %v, %d, %d cached", routed, first.Code, cache.Len())
	}
	// Parameters the handler does not read share the entry, as they do in the router.
	again, routed := s.get("/api/cms/articles?topic=ketamine")
	if routed || again.Body.String() != first.Body.String() {
		t.Fatalf("second GET: routed %v, same body %v", routed, again.Body.String() == first.Body.String())
	}
	if missing, routed := s.get("/api/cms/articles/no-such-article"); !routed || missing.Code != 404 {
		t.Errorf("unknown article: routed %v, %d", routed, missing.Code)
	}
	if _, routed := s.get("/api/cms/articles/no-such-article"); !routed {
		t.Error("a 404 was served from the cache")
	}
}

func TestFastPathSeesEditsAtOnce(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	s := newServed(t, app)
	paths := []string{"/api/cms/articles", "/api/cms/articles/" + hookstest.PublishedSlug, "/feed.json"}
	before := map[string]string{}
	for _, p := range paths {
		s.get(p)
		rec, routed := s.get(p)
		if routed {
			t.Fatalf("GET %s: not a hit", p)
		}
		before[p] = rec.Header().Get("ETag")
	}
	r := articleBySlug(t, app, hookstest.PublishedSlug)
	r.Set("title", "Revised through the fast path")
	must(t, app.Save(r))
	for _, p := range paths {
		rec, _ := s.get(p, "If-None-Match", before[p])
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Revised through the fast path") {
			t.Errorf("GET %s after the edit: %d, new title missing", p, rec.Code)
		}
		if hit, routed := s.get(p); routed || hit.Body.String() != rec.Body.String() {
			t.Errorf("GET %s: the new version is not a hit", p)
		}
	}
}

func TestFastPathScheduledGoLive(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Now()}
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now})
	s := newServed(t, app)
	paths := []string{
		"/api/cms/articles", "/api/cms/topics/ketamine", "/api/cms/search?q=" + hookstest.SecretWord,
		"/feed.xml", "/feed.atom", "/feed.json", "/sitemap.xml",
	}
	before := map[string]string{}
	for _, p := range paths {
		s.get(p)
		rec, routed := s.get(p)
		if routed || strings.Contains(rec.Body.String(), hookstest.ScheduledSlug) {
			t.Fatalf("GET %s: routed %v, or shows the scheduled article early", p, routed)
		}
		before[p] = rec.Header().Get("ETag")
	}
	clk.Set(time.Date(2099, 1, 1, 8, 59, 59, 0, time.UTC))
	for _, p := range paths {
		if rec, routed := s.get(p); routed || rec.Header().Get("ETag") != before[p] {
			t.Errorf("GET %s a second early: routed %v, ETag changed %v", p, routed, rec.Header().Get("ETag") != before[p])
		}
	}
	clk.Set(time.Date(2099, 1, 1, 9, 0, 0, 0, time.UTC))
	for _, p := range paths {
		rec, _ := s.get(p, "If-None-Match", before[p])
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), hookstest.ScheduledSlug) {
			t.Errorf("GET %s at the publish time: %d, scheduled article missing", p, rec.Code)
		}
		if hit, routed := s.get(p); routed || !strings.Contains(hit.Body.String(), hookstest.ScheduledSlug) {
			t.Errorf("GET %s at the publish time: routed %v, or the hit is stale", p, routed)
		}
	}
}

func TestFastPathNeverShowsHiddenArticles(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	s := newServed(t, app)
	for _, p := range append([]string{"/api/cms/search?q=" + hookstest.SecretWord}, publicEndpoints...) {
		for range 2 { // a miss, then a hit
			rec, _ := s.get(p)
			for _, hidden := range []string{hookstest.SecretWord, hookstest.DraftSlug, hookstest.ScheduledSlug} {
				if strings.Contains(rec.Body.String(), hidden) {
					t.Errorf("GET %s shows %q", p, hidden)
				}
			}
		}
	}
	for _, slug := range []string{hookstest.DraftSlug, hookstest.ScheduledSlug} {
		for range 2 {
			if rec, routed := s.get("/api/cms/articles/" + slug); rec.Code != 404 || !routed {
				t.Errorf("GET %s: %d, routed %v", slug, rec.Code, routed)
			}
		}
	}
}

// TestNoObsoleteXSSHeader: no route, stock or ours, router or fast path, sends X-XSS-Protection.
func TestNoObsoleteXSSHeader(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	s := newServed(t, app)
	for _, path := range []string{"/api/health", "/api/collections/articles/records", "/", "/api/cms/articles", "/feed.xml"} {
		for range 2 { // the second is a cache hit where the path is cached
			rec := serveVia(s.handler, http.MethodGet, path, "Origin", "https://front.example.org", "Accept-Encoding", "gzip")
			if v := rec.Header().Values("X-Xss-Protection"); len(v) > 0 || rec.Code != http.StatusOK {
				t.Errorf("%s: %d, X-Xss-Protection %q", path, rec.Code, v)
			}
		}
	}
}
