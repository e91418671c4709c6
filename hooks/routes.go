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

// registerRoutes binds every /api/cms/ route, the feeds and the sitemap. It is the one place
// that lists them.
func registerRoutes(app core.App, api *contentAPI) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		public := se.Router.Group("")
		public.BindFunc(quietSuccessLog)

		public.GET("/api/cms/articles", api.cached(api.listPublishedArticles, "page", "perPage", "topic", "author"))
		public.GET("/api/cms/articles/{slug}", api.cached(api.showPublishedArticle))
		public.GET("/api/cms/authors/{slug}", api.cached(api.showAuthorPage, "page", "perPage"))
		public.GET("/api/cms/topics/{slug}", api.cached(api.showTopicPage, "page", "perPage"))
		public.GET("/api/cms/search", api.cached(api.searchArticles, "q", "page", "perPage"))
		public.GET("/api/cms/openapi.json", api.cached(api.serveOpenAPI))
		public.GET("/feed.xml", api.cached(api.rssFeed))
		public.GET("/feed.atom", api.cached(api.atomFeed))
		public.GET("/feed.json", api.cached(api.jsonFeed))
		public.GET("/sitemap.xml", api.cached(api.sitemap))

		se.Router.POST("/api/cms/articles/{id}/preview-link", api.createPreviewLink)
		// The token is a credential: keep it out of the request log, as PocketBase does for its own.
		se.Router.GET("/api/cms/preview/{token}", api.showPreview).Bind(apis.SkipSuccessActivityLog())
		return se.Next()
	})
}
