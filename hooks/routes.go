package hooks

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/contentcache"
	"recoverycms/internal/frontend"
)

// contentAPI holds what the public content routes share: the response cache (whose clock
// decides what is published "now") and the front-end configuration.
type contentAPI struct {
	cache    *contentcache.Cache
	frontend frontend.Config
}

// urls returns the front-end link builder for the app's current URL setting.
func (api *contentAPI) urls(app core.App) frontend.URLs {
	return frontend.URLs{Config: api.frontend, AppURL: app.Settings().Meta.AppURL}
}

// cachedRoute is one public GET route answered from the response cache.
type cachedRoute struct {
	// pattern is the route's path pattern, as given to the router.
	pattern string
	// build renders the response on a cache miss.
	build builder
	// params are the query parameters build reads; with the path they make the cache key.
	params []string
}

// cachedRoutes lists every cached public route. The router and the fast path for cache hits
// (fastpath.go) both take their routes and cache-key parameters from here, so they cannot
// disagree about which cached response a request gets.
func (api *contentAPI) cachedRoutes() []cachedRoute {
	return []cachedRoute{
		{"/api/cms/articles", api.listPublishedArticles, []string{"page", "perPage", "topic", "author"}},
		{"/api/cms/articles/{slug}", api.showPublishedArticle, nil},
		{"/api/cms/authors/{slug}", api.showAuthorPage, []string{"page", "perPage"}},
		{"/api/cms/topics/{slug}", api.showTopicPage, []string{"page", "perPage"}},
		{"/api/cms/search", api.searchArticles, []string{"q", "page", "perPage"}},
		{"/api/cms/openapi.json", api.serveOpenAPI, nil},
		{"/feed.xml", api.rssFeed, nil},
		{"/feed.atom", api.atomFeed, nil},
		{"/feed.json", api.jsonFeed, nil},
		{"/sitemap.xml", api.sitemap, nil},
	}
}

// registerRoutes binds every /api/cms/ route, the feeds and the sitemap. It is the one place
// that lists them.
func registerRoutes(app core.App, api *contentAPI) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		public := se.Router.Group("")
		public.BindFunc(quietSuccessLog)
		for _, r := range api.cachedRoutes() {
			public.GET(r.pattern, api.cached(r.build, r.params...))
		}

		se.Router.POST("/api/cms/articles/{id}/preview-link", api.createPreviewLink)
		// The token is a credential: keep it out of the request log, as PocketBase does for its own.
		se.Router.GET("/api/cms/preview/{token}", api.showPreview).Bind(apis.SkipSuccessActivityLog())
		return se.Next()
	})
	registerFastPath(app, api)
}
