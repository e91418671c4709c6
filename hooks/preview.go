package hooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/frontend"
)

// previewLink is the answer to POST /api/cms/articles/{id}/preview-link.
type previewLink struct {
	URL       string `json:"url"`
	Token     string `json:"token"`
	ExpiresAt string `json:"expires_at"`
}

// errBadPreviewToken covers every way a token can fail, so a client learns nothing from which.
var errBadPreviewToken = errors.New("preview token malformed, tampered with or expired")

// canPreview reports whether auth may mint preview links: editors, admins and superusers.
func canPreview(auth *core.Record) bool {
	if auth == nil {
		return false
	}
	if auth.IsSuperuser() {
		return true
	}
	role := auth.GetString("role")
	return auth.Collection().Name == "staff" && (role == "editor" || role == "admin")
}

// createPreviewLink answers POST /api/cms/articles/{id}/preview-link with a signed, expiring
// link to the article whatever its status.
func (api *contentAPI) createPreviewLink(e *core.RequestEvent) error {
	if e.Auth == nil {
		return e.UnauthorizedError("Sign in to create preview links.", nil)
	}
	if !canPreview(e.Auth) {
		return e.ForbiddenError("Only editors and admins can create preview links.", nil)
	}
	r, err := e.App.FindRecordById("articles", e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Missing article.", err)
	}
	key, err := api.previewKey(e.App)
	if err != nil {
		return err
	}
	ttl := api.frontend.PreviewTTL
	if ttl <= 0 {
		ttl = frontend.DefaultPreviewTTL
	}
	expires := api.cache.Now().Add(ttl).Truncate(time.Second)
	token := signPreview(key, r.Id, expires)
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, previewLink{
		URL: api.urls(e.App).Preview(token), Token: token, ExpiresAt: expires.UTC().Format(time.RFC3339),
	})
}

// showPreview answers GET /api/cms/preview/{token}: the article in the slug endpoint's shape.
func (api *contentAPI) showPreview(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "no-store")
	key, err := api.previewKey(e.App)
	if err != nil {
		return err
	}
	id, err := verifyPreview(key, e.Request.PathValue("token"), api.cache.Now())
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

// previewKey is RCMS_PREVIEW_SECRET when set, else a key derived from the superusers'
// token secret: random per installation, stored in the database, never in code.
func (api *contentAPI) previewKey(app core.App) ([]byte, error) {
	if api.frontend.PreviewSecret != "" {
		return []byte(api.frontend.PreviewSecret), nil
	}
	su, err := app.FindCachedCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha256.New, []byte(su.AuthToken.Secret))
	mac.Write([]byte("recoverycms draft preview links v1"))
	return mac.Sum(nil), nil
}

// signPreview makes "<id>.<unix expiry>.<base64url HMAC-SHA256 of both>".
func signPreview(key []byte, id string, expires time.Time) string {
	payload := id + "." + strconv.FormatInt(expires.Unix(), 10)
	return payload + "." + previewMAC(key, payload)
}

func previewMAC(key []byte, payload string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// verifyPreview returns the article id of a genuine, unexpired token.
func verifyPreview(key []byte, token string, now time.Time) (string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", errBadPreviewToken
	}
	payload := parts[0] + "." + parts[1]
	if !hmac.Equal([]byte(parts[2]), []byte(previewMAC(key, payload))) {
		return "", errBadPreviewToken
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || !now.Before(time.Unix(exp, 0)) {
		return "", errBadPreviewToken
	}
	return parts[0], nil
}
