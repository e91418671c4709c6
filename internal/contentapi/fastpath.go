package contentapi

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"

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
// it answers them with the same bytes and headers: GET or HEAD of a route in Routes, no
// Origin header (CORS stays with PocketBase's middleware), no Authorization header nor panel session (no auth to
// load, no superuser IP whitelist), no "www." host (PocketBase's www redirect), no rate-limit
// rule for the path, and an entry that contentcache.Cache.Get returns, which applies the same
// scheduled-publish expiry as for the router. Everything else, misses included, goes to the
// router unchanged, and the router fills the cache. Hits never reach the activity logger, so
// they write no request-log row, as the router path does not for fast successful GETs.

// chainHeaders are what PocketBase's chain adds to a response of apis.Serve's router to a
// request without Origin: the CORS middleware's Vary and securityHeaders' three. Keys are in
// canonical form and the values are shared by every response (nothing writes into a header's
// value slice; Add appends, which copies a full slice), which saves an allocation per header.
// TestFastPathAnswersLikeTheRouter compares every header with the router's, so a PocketBase
// upgrade that changes them fails a test rather than drifting.
var chainHeaders = http.Header{
	"Vary":                   {"Origin"},
	"X-Content-Type-Options": {"nosniff"},
	"X-Frame-Options":        {"SAMEORIGIN"},
	"X-Xss-Protection":       {"1; mode=block"},
}

// fastPath is the http.Handler in front of PocketBase's router.
type fastPath struct {
	app   core.App
	cache *contentcache.Cache
	// routes holds the cached route patterns, so a path matches exactly as in the router
	// (same ServeMux rules for wildcards, escaping, cleaning and trailing slashes).
	routes *http.ServeMux
	next   http.Handler
}

// hitRoute stands for one cached route in fastPath.routes: its cache-key parameters. It is
// looked up, never served.
type hitRoute struct{ params []string }

func (hitRoute) ServeHTTP(http.ResponseWriter, *http.Request) {}

// FastPath returns next behind a fast path for the cache hits of api's cached routes. The
// binding layer wraps the server's handler with it once PocketBase has built it.
func (api *API) FastPath(app core.App, next http.Handler) http.Handler {
	routes := http.NewServeMux()
	for _, r := range api.Routes() {
		routes.Handle(http.MethodGet+" "+r.Pattern, &hitRoute{params: r.params})
	}
	return &fastPath{app: app, cache: api.cache, routes: routes, next: next}
}

// ServeHTTP answers a cache hit itself and hands anything else to the router.
func (fp *fastPath) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	entry := fp.hit(r)
	if entry == nil {
		fp.next.ServeHTTP(w, r)
		return
	}
	h := w.Header()
	for k, v := range chainHeaders {
		h[k] = v[:len(v):len(v)]
	}
	// A write error means the client went away; there is nobody left to answer.
	_ = writeCached(w, r, entry)
}

// hit returns the fresh cached entry that the router would answer r with, or nil when r must
// go through the router.
func (fp *fastPath) hit(r *http.Request) *contentcache.Entry {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return nil
	}
	if r.Header.Get("Origin") != "" || r.Header.Get("Authorization") != "" || staff.WantsCookieSession(r) || strings.HasPrefix(r.Host, "www.") {
		return nil
	}
	// Unclean paths and non-matches get a redirect or not-found handler, never a hitRoute.
	handler, _ := fp.routes.Handler(r)
	route, ok := handler.(*hitRoute)
	if !ok || fp.rateLimited(r) {
		return nil
	}
	entry, _, ok := fp.cache.Get(cacheKey(r.URL, route.params))
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
