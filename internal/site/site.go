// Package site serves what the public reading site and the staff panel need from the server:
// the settings every public page reads first, and the two static trees of pb_public.
package site

import (
	"io/fs"
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

// Static returns the handlers of the staff panel (public's admin/ tree, for /admin/) and of
// the reading site (the whole tree, for /), over the tree BuildAssets makes of public:
// content-hashed, immutable script and stylesheet URLs, compressed text. Both fall back to
// their own index.html, so clean URLs such as /articles/{slug} survive a reload.
func Static(public fs.FS) (panel, reading func(*core.RequestEvent) error, err error) {
	assets, err := BuildAssets(public)
	if err != nil {
		return nil, nil, err
	}
	return assets.Handler("admin", true), assets.Handler("", true), nil
}
