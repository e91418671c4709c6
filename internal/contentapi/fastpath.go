package contentapi

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"recoverycms/internal/contentcache"
	"recoverycms/internal/staff"
)

// The fast path answers cache hits of the public GET routes in front of PocketBase's router.
//
// Why: a cached response is one map read, but PocketBase's per-request chain around it (event,
// activity logger, panic recovery, rate limit, auth token, security headers, body limit, CORS)
// held the server to 0.67-0.79 of a bare net/http server sending the same bytes
// (BENCHMARKS.md), and issue 3 asks for within 20%.
//
// It answers only requests that chain would wave through and then answer from the cache, and
// it answers them with the same bytes and headers: GET or HEAD of a route in Routes, with
// the headers PocketBase's CORS middleware gives the request's Origin (it runs once per
// origin, see fastPath.cors), no Authorization header nor panel session (no auth to
// load, no superuser IP whitelist), no "www." host (PocketBase's www redirect), no rate-limit
// rule for the path, and an entry that contentcache.Cache.Get returns, which applies the same
// scheduled-publish expiry as for the router. Everything else, misses included, goes to the
// router unchanged, and the router fills the cache. Hits never reach the activity logger, so
// they write no request-log row, as the router path does not for fast successful GETs.

// securityHeaders are what PocketBase's securityHeaders middleware adds to every response,
// less X-XSS-Protection, which the router drops (site.DropObsoleteHeaders).
// Keys are in canonical form and the values are shared by every response (nothing writes
// into a header's value slice; Add appends, which copies a full slice), which saves an
// allocation per header. TestFastPathAnswersLikeTheRouter compares every header with the
// router's, so a PocketBase upgrade that changes them fails a test rather than drifting.
var securityHeaders = http.Header{
	"X-Content-Type-Options": {"nosniff"},
	"X-Frame-Options":        {"SAMEORIGIN"},
}

// maxOrigins bounds how many distinct Origin values the fast path remembers the CORS
// answer of; a site has a handful of front ends, and junk origins beyond the bound are
// answered by the router.
const maxOrigins = 256

// fastPath is the http.Handler in front of PocketBase's router.
type fastPath struct {
	app   core.App
	cache *contentcache.Cache
	// routes holds the cached route patterns, so a path matches exactly as in the router
	// (same ServeMux rules for wildcards, escaping, cleaning and trailing slashes).
	routes *http.ServeMux
	next   http.Handler
	// cors is PocketBase's CORS middleware as apis.Serve configured it (nil when the router
	// has none). Its answer to a simple GET depends on the Origin header alone, so the fast
	// path runs it once per origin and replays the headers it set (corsHeaders).
	cors       *hook.Handler[*core.RequestEvent]
	noOrigin   corsHeaders
	origins    sync.Map // origin -> *corsHeaders
	originsLen atomic.Int32
}

// corsHeaders is what the CORS middleware and securityHeaders add to a GET with one Origin
// value (or none), with and without the content API's Vary: Accept-Encoding after CORS's
// Vary: Origin, ready to be copied into a response.
type corsHeaders struct {
	plain, varied http.Header
}

// hitRoute stands for one cached route in fastPath.routes: its cache key. It is
// looked up, never served.
type hitRoute struct{ key func(*url.URL) string }

func (hitRoute) ServeHTTP(http.ResponseWriter, *http.Request) {}

// FastPath returns next behind a fast path for the cache hits of api's cached routes. The
// binding layer wraps the server's handler with it once PocketBase has built it, passing
// the router's CORS middleware (apis.DefaultCorsMiddlewareId; nil if there is none, and
// then requests with Origin go to the router).
func (api *API) FastPath(app core.App, cors *hook.Handler[*core.RequestEvent], next http.Handler) (http.Handler, error) {
	routes := http.NewServeMux()
	for _, r := range api.Routes() {
		routes.Handle(http.MethodGet+" "+r.Pattern, &hitRoute{key: r.key})
	}
	fp := &fastPath{app: app, cache: api.cache, routes: routes, next: next, cors: cors}
	noOrigin, ok, err := fp.runCORS("")
	if err != nil {
		return nil, err
	}
	if !ok {
		return next, nil
	}
	fp.noOrigin = *noOrigin
	return fp, nil
}

// runCORS runs the CORS middleware for a GET with origin (none when empty) and returns the
// headers it and securityHeaders set. ok is false when the middleware would not let the
// request through to the handler.
func (fp *fastPath) runCORS(origin string) (*corsHeaders, bool, error) {
	h := http.Header{}
	if fp.cors != nil {
		req, err := http.NewRequest(http.MethodGet, "/", nil)
		if err != nil {
			return nil, false, err
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		passed := false
		e := &core.RequestEvent{App: fp.app}
		e.Request, e.Response = req, headerRecorder{h}
		chain := &hook.Hook[*core.RequestEvent]{}
		chain.Bind(fp.cors)
		// The middleware ends a request it answers itself without calling Next.
		err = chain.Trigger(e, func(*core.RequestEvent) error { passed = true; return nil })
		if err != nil || !passed {
			return nil, false, err
		}
	}
	plain := maps.Clone(h)
	for k, v := range securityHeaders {
		plain[k] = v
	}
	varied := maps.Clone(plain)
	varied["Vary"] = append(slices.Clip(varied["Vary"]), "Accept-Encoding")
	for _, v := range []http.Header{plain, varied} {
		for k, vs := range v {
			v[k] = slices.Clip(vs)
		}
	}
	return &corsHeaders{plain: plain, varied: varied}, true, nil
}

// corsFor returns the CORS answer for origin, remembered after the first request with it;
// nil sends the request to the router.
func (fp *fastPath) corsFor(origin string) *corsHeaders {
	if origin == "" {
		return &fp.noOrigin
	}
	if fp.cors == nil {
		return nil
	}
	if c, ok := fp.origins.Load(origin); ok {
		return c.(*corsHeaders)
	}
	if fp.originsLen.Load() >= maxOrigins {
		return nil
	}
	c, ok, err := fp.runCORS(origin)
	if err != nil || !ok {
		return nil
	}
	if _, loaded := fp.origins.LoadOrStore(origin, c); !loaded {
		fp.originsLen.Add(1)
	}
	return c
}

// ServeHTTP answers a cache hit itself and hands anything else to the router.
func (fp *fastPath) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	entry := fp.hit(r)
	if entry == nil {
		fp.next.ServeHTTP(w, r)
		return
	}
	cors := fp.corsFor(r.Header.Get("Origin"))
	if cors == nil {
		fp.next.ServeHTTP(w, r)
		return
	}
	headers := cors.plain
	if entry.Varies() {
		headers = cors.varied
	}
	h := w.Header()
	for k, v := range headers {
		h[k] = v
	}
	// A write error means the client went away; there is nobody left to answer.
	_ = writeEntry(w, r, entry, false)
}

// hit returns the fresh cached entry that the router would answer r with, or nil when r must
// go through the router.
func (fp *fastPath) hit(r *http.Request) *contentcache.Entry {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return nil
	}
	if r.Header.Get("Authorization") != "" || staff.WantsCookieSession(r) || strings.HasPrefix(r.Host, "www.") {
		return nil
	}
	// Unclean paths and non-matches get a redirect or not-found handler, never a hitRoute.
	handler, _ := fp.routes.Handler(r)
	route, ok := handler.(*hitRoute)
	if !ok || fp.rateLimited(r) {
		return nil
	}
	entry, _, ok := fp.cache.Get(route.key(r.URL))
	if !ok {
		return nil
	}
	return entry
}

// rateLimited reports whether PocketBase's rate limiter has a guest rule for r, looked up
// with the same labels as its middleware; such requests go through the router to be counted.
func (fp *fastPath) rateLimited(r *http.Request) bool {
	limits := &fp.app.Settings().RateLimits
	if !limits.Enabled {
		return false
	}
	_, found := limits.FindRateLimitRule([]string{r.Method + " " + r.URL.Path, r.URL.Path},
		core.RateLimitRuleAudienceAll, core.RateLimitRuleAudienceGuest)
	return found
}

// headerRecorder is the ResponseWriter the CORS middleware writes its headers into when the
// fast path runs it for one origin; nothing else is written.
type headerRecorder struct{ h http.Header }

func (w headerRecorder) Header() http.Header       { return w.h }
func (headerRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (headerRecorder) WriteHeader(int)             {}
