package contentapi

import (
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/frontend"
	"recoverycms/internal/publishing"
)

// previewLink is the answer to POST /api/cms/articles/{id}/preview-link.
type previewLink struct {
	URL       string `json:"url"`
	Token     string `json:"token"`
	ExpiresAt string `json:"expires_at"`
}

// CreatePreviewLink answers POST /api/cms/articles/{id}/preview-link with a signed, expiring
// link to the article whatever its status.
func (api *API) CreatePreviewLink(e *core.RequestEvent) error {
	// Only editors, admins and superusers reach this: routes bind staff.Require(staff.Writers).
	r, err := e.App.FindRecordById("articles", e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Missing article.", err)
	}
	key, err := publishing.PreviewKey(e.App, api.frontend.PreviewSecret)
	if err != nil {
		return err
	}
	ttl := api.frontend.PreviewTTL
	if ttl <= 0 {
		ttl = frontend.DefaultPreviewTTL
	}
	expires := api.cache.Now().Add(ttl).Truncate(time.Second)
	token := publishing.SignPreview(key, r.Id, expires)
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, previewLink{
		URL: api.urls(e.App).Preview(token), Token: token, ExpiresAt: expires.UTC().Format(time.RFC3339),
	})
}

// ShowPreview answers GET /api/cms/preview/{token}: the article in the slug endpoint's shape.
func (api *API) ShowPreview(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "no-store")
	key, err := publishing.PreviewKey(e.App, api.frontend.PreviewSecret)
	if err != nil {
		return err
	}
	id, err := publishing.VerifyPreview(key, e.Request.PathValue("token"), api.cache.Now())
	if err != nil {
		return e.UnauthorizedError("Invalid or expired preview link.", err)
	}
	r, err := e.App.FindRecordById("articles", id)
	if err != nil {
		return e.NotFoundError("Missing article.", err)
	}
	d, err := api.serializeArticleDetail(e.App, r)
	if err != nil {
		return err
	}
	contentType, body, err := jsonBody(d)
	if err != nil {
		return err
	}
	return e.Blob(http.StatusOK, contentType, body)
}
