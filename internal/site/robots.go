package site

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/frontend"
)

// Robots answers GET /robots.txt: crawlers may read the public site and are pointed at the
// sitemap; the staff panel, the superuser dashboard, the API's draft previews and the
// callback-lead routes are not for search engines.
func Robots(e *core.RequestEvent) error {
	site := frontend.URLs{AppURL: e.App.Settings().Meta.AppURL}.Site()
	body := "User-agent: *\n" +
		"Disallow: /admin/\n" +
		"Disallow: /_/\n" +
		"Disallow: /api/cms/preview/\n" +
		"Disallow: /api/cms/leads/\n" +
		"Disallow: /api/collections/\n" +
		"\n" +
		"Sitemap: " + site + "/sitemap.xml\n"
	e.Response.Header().Set("Cache-Control", "public, max-age=3600")
	return e.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(body))
}

// NoIndex is route middleware asking search engines not to index or follow the answer (the
// panel, previews of unpublished drafts), also for non-HTML answers a meta tag cannot cover.
func NoIndex(e *core.RequestEvent) error {
	e.Response.Header().Set("X-Robots-Tag", "noindex, nofollow")
	return e.Next()
}
