// Package contentapi is the public, published-only API for front ends: article lists and
// pages, author and topic pages, search, feeds, the sitemap and the OpenAPI document, each
// answered from an in-memory response cache with strong ETags, plus signed draft previews.
// Which articles are public comes from the publishing package, with the app's one clock.
package contentapi

import (
	"net/url"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/admission"
	"recoverycms/internal/contentcache"
	"recoverycms/internal/frontend"
	"recoverycms/internal/helpdir"
	"recoverycms/internal/publishing"
	"recoverycms/internal/search"
)

// API holds what the public content routes share: the response cache, the clock deciding
// what is public now and the front-end configuration.
type API struct {
	cache    *contentcache.Cache
	frontend frontend.Config
	now      func() time.Time
	// order and ranker keep the list order and per-term search scores of one content version.
	order  contentcache.Versioned[listOrder]
	ranker *search.Ranker
	// admit bounds the anonymous cache misses built at once; nil builds every miss at once.
	admit *admission.Gate
}

// New builds the content API over cache, with the front-end links of fe and the clock now
// (nil means time.Now).
func New(cache *contentcache.Cache, fe frontend.Config, now func() time.Time) *API {
	if now == nil {
		now = time.Now
	}
	return &API{cache: cache, frontend: fe, now: now, ranker: search.NewRanker()}
}

// AdmitMisses puts the cache misses of anonymous requests through gate (see admission): a
// bounded pool, a fair share per client network and one build for identical concurrent
// misses. Cache hits and signed-in staff are never held by it. Call it before serving.
func (api *API) AdmitMisses(gate *admission.Gate) { api.admit = gate }

// urls returns the front-end link builder for the app's current URL setting.
func (api *API) urls(app core.App) frontend.URLs {
	return frontend.URLs{Config: api.frontend, AppURL: app.Settings().Meta.AppURL}
}

// NewCache builds the public response cache of app: now is its clock (nil for time.Now), and
// it expires by itself when the next scheduled article is due.
func NewCache(app core.App, now func() time.Time) *contentcache.Cache {
	return contentcache.New(contentcache.Options{
		Now: now,
		// The cache lives as long as app and runs outside any transaction, so it may hold app.
		// Scheduled articles, and the openings and closings of help resources (articles' help
		// blocks say what is open now), change public answers without a save.
		NextChange: func(at time.Time) (time.Time, error) {
			next, err := publishing.NextChange(app, at)
			if err != nil {
				return next, err
			}
			help, err := helpdir.NextChange(app, at)
			if err != nil || help.IsZero() || (!next.IsZero() && next.Before(help)) {
				return next, err
			}
			return help, nil
		},
		OnError: func(err error) {
			app.Logger().Warn("Next scheduled article lookup failed", "error", err)
		},
	})
}

// Route is one public GET route answered from the response cache.
type Route struct {
	// Pattern is the route's path pattern, as given to the router.
	Pattern string
	// Handler answers the route from the cache, building the response on a miss.
	Handler func(*core.RequestEvent) error
	// params are the query parameters the builder reads; with the path they make the cache key.
	params []string
	// key is the route's cache key of a request URL: cacheKey of params, plus the minute for
	// answers that say what is open now.
	key func(*url.URL) string
}

// Routes lists every cached public route. The router and the fast path for cache hits
// (FastPath) both take their routes and cache-key parameters from here, so they cannot
// disagree about which cached response a request gets.
func (api *API) Routes() []Route {
	routes := []struct {
		pattern string
		build   builder
		params  []string
	}{
		{"/api/cms/articles", api.listPublishedArticles, []string{"page", "perPage", "topic", "author", "after"}},
		{"/api/cms/articles/{slug}", api.showPublishedArticle, nil},
		{"/api/cms/articles/{slug}/comments", api.listArticleComments, []string{"page", "perPage"}},
		{"/api/cms/authors/{slug}", api.showAuthorPage, []string{"page", "perPage"}},
		{"/api/cms/topics/{slug}", api.showTopicPage, []string{"page", "perPage"}},
		{"/api/cms/search", api.searchArticles, []string{"q", "page", "perPage"}},
		{"/api/cms/openapi.json", api.serveOpenAPI, nil},
		{"/feed.xml", api.rssFeed, nil},
		{"/feed.atom", api.atomFeed, nil},
		{"/feed.json", api.jsonFeed, nil},
		{"/sitemap.xml", api.sitemap, nil},
	}
	out := make([]Route, len(routes))
	for i, r := range routes {
		out[i] = Route{Pattern: r.pattern, Handler: api.cached(r.build, r.params...), params: r.params,
			key: func(u *url.URL) string { return cacheKey(u, r.params) }}
	}
	// Each resource says whether it is open now: the answer is cached for its minute only.
	resources := func(u *url.URL) string { return cacheKey(u, resourceParams) + "@" + minuteKey(api.now()) }
	return append(out, Route{Pattern: "/api/cms/resources", params: resourceParams, key: resources,
		Handler: api.cachedAs(api.listResources, refuseJSON, func(e *core.RequestEvent) string { return resources(e.Request.URL) })})
}
