package hooks

import (
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// articleURL is the public front-end address of the article with slug: pattern with {slug}
// replaced, or the app URL + "/articles/{slug}" when pattern is empty.
func articleURL(app core.App, pattern, slug string) string {
	if pattern == "" {
		pattern = strings.TrimRight(app.Settings().Meta.AppURL, "/") + "/articles/{slug}"
	}
	return strings.ReplaceAll(pattern, "{slug}", url.PathEscape(slug))
}
