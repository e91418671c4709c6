package cachepurge

import (
	"net/url"
	"strings"

	"recoverycms/internal/webhooks"
)

// publicListings are the paths outside /api/cms/ whose content follows the articles.
var publicListings = map[string]bool{
	"/feed.xml":    true,
	"/feed.atom":   true,
	"/feed.json":   true,
	"/sitemap.xml": true,
}

// Affected is the set of cache keys (request URIs, as proxy_cache_key $request_uri makes them)
// that an event about article may have changed. It is every content API answer, not only
// the article's own: lists, author and topic pages, search, and other articles' related
// lists show it too, and an update may have changed its slug. The app empties its own
// response cache on every article change for the same reason. Besides those: the feeds, the
// sitemap, the article's page on this site (old and current URL) and its files (its cover).
func Affected(article webhooks.PayloadArticle) func(key string) bool {
	pages := map[string]bool{}
	if article.Slug != "" {
		pages["/articles/"+article.Slug] = true
	}
	if u, err := url.Parse(article.URL); err == nil && u.Path != "" {
		pages[u.Path] = true
	}
	files := ""
	if article.ID != "" {
		files = "/" + article.ID + "/"
	}
	return func(key string) bool {
		path, _, _ := strings.Cut(key, "?")
		switch {
		case strings.HasPrefix(path, "/api/cms/"), publicListings[path], pages[path]:
			return true
		case files != "" && strings.HasPrefix(path, "/api/files/"):
			return strings.Contains(path, files)
		}
		return false
	}
}
