// Package site serves what the public reading site and the staff panel need from the server:
// the pages rendered on the server (over package pages) and the callback form's door, the
// settings, robots.txt, the security headers, and the two static trees of pb_public.
package site

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"
)

// payload is the answer of GET /api/cms/site: settings a public page needs before it fetches
// any content.
type payload struct {
	EmergencyText string `json:"emergency_text"`
}

// Settings answers GET /api/cms/site with the emergency note every public page shows.
func Settings(emergencyText string) func(*core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		return e.JSON(http.StatusOK, payload{EmergencyText: emergencyText})
	}
}

// Static returns the handlers of the staff panel (the admin/ tree, for /admin/) and of the
// site's files (the whole tree, for /), over the tree BuildAssets made: content-hashed,
// immutable script and stylesheet URLs, compressed text. The panel falls back to its
// index.html, so its clean URLs survive a reload; the site's pages are rendered on the
// server, so a path with no file there is router.ErrFileNotFound, for the 404 page.
func Static(assets *Assets) (panel, files func(*core.RequestEvent) error) {
	return assets.Handler("admin", true), assets.Handler("", false)
}
