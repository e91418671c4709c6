package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/frontend"
)

// articleURL is the public front-end address of the article with slug, built the same way as
// every other front-end link: pattern (RCMS_ARTICLE_URL) with {slug} replaced, or the app
// URL + "/articles/{slug}" when pattern is empty.
func articleURL(app core.App, pattern, slug string) string {
	urls := frontend.URLs{Config: frontend.Config{ArticleURL: pattern}, AppURL: app.Settings().Meta.AppURL}
	return urls.Article(slug)
}
