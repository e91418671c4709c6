package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/frontend"
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
	HeaderEvent     = "X-Webhook-Event"
	HeaderSignature = "X-Webhook-Signature"
)

// Payload is the JSON body of every webhook request.
type Payload struct {
	Event   string         `json:"event"`
	Article PayloadArticle `json:"article"`
	// SentAt is when the event happened; it stays the same on every retry, so a receiver can
	// use article.id + event + sent_at to drop duplicates.
	SentAt string `json:"sent_at"`
}

// PayloadArticle is the article as a webhook describes it.
type PayloadArticle struct {
	ID          string  `json:"id"`
	Slug        string  `json:"slug"`
	Title       string  `json:"title"`
	Status      string  `json:"status"`
	PublishedAt *string `json:"published_at"`
	URL         string  `json:"url"`
}

// timeFormat is RFC 3339 in UTC with milliseconds.
const timeFormat = "2006-01-02T15:04:05.000Z07:00"

// buildPayload encodes the body once per event; the same bytes are signed and sent
// on every attempt.
func buildPayload(app core.App, articleURLPattern, event string, article *core.Record, now time.Time) ([]byte, error) {
	var publishedAt *string
	if pa := article.GetDateTime("published_at"); !pa.IsZero() {
		s := pa.Time().UTC().Format(timeFormat)
		publishedAt = &s
	}
	return json.Marshal(Payload{
		Event: event,
		Article: PayloadArticle{
			ID:          article.Id,
			Slug:        article.GetString("slug"),
			Title:       article.GetString("title"),
			Status:      article.GetString("status"),
			PublishedAt: publishedAt,
			URL:         frontend.URLs{Config: frontend.Config{ArticleURL: articleURLPattern}, AppURL: app.Settings().Meta.AppURL}.Article(article.GetString("slug")),
		},
		SentAt: now.UTC().Format(timeFormat),
	})
}

// Sign is the X-Webhook-Signature value for body: "sha256=" and the hex
// HMAC-SHA256 of the raw body keyed with the webhook's secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}
