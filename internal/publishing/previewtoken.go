package publishing

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// ErrBadPreviewToken covers every way a token can fail, so a client learns nothing from which.
var ErrBadPreviewToken = errors.New("preview token malformed, tampered with or expired")

// PreviewKey is secret (RCMS_PREVIEW_SECRET) when set, else a key derived from the superusers'
// token secret: random per installation, stored in the database, never in code.
func PreviewKey(app core.App, secret string) ([]byte, error) {
	if secret != "" {
		return []byte(secret), nil
	}
	return InstallationKey(app, "recoverycms draft preview links v1")
}

// InstallationKey is a key for purpose derived from the superusers' token secret: random per
// installation and kept in the database, so what one installation signs another cannot forge.
func InstallationKey(app core.App, purpose string) ([]byte, error) {
	su, err := app.FindCachedCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha256.New, []byte(su.AuthToken.Secret))
	mac.Write([]byte(purpose))
	return mac.Sum(nil), nil
}

// SignPreview makes "<id>.<unix expiry>.<base64url HMAC-SHA256 of both>".
func SignPreview(key []byte, id string, expires time.Time) string {
	payload := id + "." + strconv.FormatInt(expires.Unix(), 10)
	return payload + "." + previewMAC(key, payload)
}

func previewMAC(key []byte, payload string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// VerifyPreview returns the article id of a genuine, unexpired token.
func VerifyPreview(key []byte, token string, now time.Time) (string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", ErrBadPreviewToken
	}
	payload := parts[0] + "." + parts[1]
	if !hmac.Equal([]byte(parts[2]), []byte(previewMAC(key, payload))) {
		return "", ErrBadPreviewToken
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || !now.Before(time.Unix(exp, 0)) {
		return "", ErrBadPreviewToken
	}
	return parts[0], nil
}
