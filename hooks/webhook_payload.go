package hooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Article events a webhook can subscribe to.
const (
	EventArticlePublished   = "article.published"
	EventArticleUpdated     = "article.updated"
	EventArticleUnpublished = "article.unpublished"
	EventArticleDeleted     = "article.deleted"
)

// Headers of every webhook request.
const (
	HeaderWebhookEvent     = "X-Webhook-Event"
	HeaderWebhookSignature = "X-Webhook-Signature"
)

// WebhookPayload is the JSON body of every webhook request.
type WebhookPayload struct {
	Event   string         `json:"event"`
	Article WebhookArticle `json:"article"`
	// SentAt is when the event happened; it stays the same on every retry, so a receiver can
	// use article.id + event + sent_at to drop duplicates.
	SentAt string `json:"sent_at"`
}

// WebhookArticle is the article as a webhook describes it.
type WebhookArticle struct {
	ID          string  `json:"id"`
	Slug        string  `json:"slug"`
	Title       string  `json:"title"`
	Status      string  `json:"status"`
	PublishedAt *string `json:"published_at"`
	URL         string  `json:"url"`
}

// webhookTimeFormat is RFC 3339 in UTC with milliseconds.
const webhookTimeFormat = "2006-01-02T15:04:05.000Z07:00"

// buildWebhookPayload encodes the body once per event; the same bytes are signed and sent
// on every attempt.
func buildWebhookPayload(app core.App, articleURLPattern, event string, article *core.Record, now time.Time) ([]byte, error) {
	var publishedAt *string
	if pa := article.GetDateTime("published_at"); !pa.IsZero() {
		s := pa.Time().UTC().Format(webhookTimeFormat)
		publishedAt = &s
	}
	return json.Marshal(WebhookPayload{
		Event: event,
		Article: WebhookArticle{
			ID:          article.Id,
			Slug:        article.GetString("slug"),
			Title:       article.GetString("title"),
			Status:      article.GetString("status"),
			PublishedAt: publishedAt,
			URL:         articleURL(app, articleURLPattern, article.GetString("slug")),
		},
		SentAt: now.UTC().Format(webhookTimeFormat),
	})
}

// SignWebhookBody is the X-Webhook-Signature value for body: "sha256=" and the hex
// HMAC-SHA256 of the raw body keyed with the webhook's secret.
func SignWebhookBody(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}
