package hooks_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"recoverycms/internal/webhooks"
)

// TestUnpublishedEventShowsTheLastPublicVersion keeps a rescheduled draft's new title, slug
// and date away from webhook receivers.
func TestUnpublishedEventShowsTheLastPublicVersion(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, nil)
	serve(t, app)
	rc := newReceiver(t, nil)
	createWebhook(t, app, rc.URL, true, webhooks.EventArticleUnpublished)

	a := newDraft(t, app, "Public title")
	saveArticle(t, app, a.Id, map[string]any{"status": "published"})
	saveArticle(t, app, a.Id, map[string]any{
		"title":        "Secret relaunch plan",
		"slug":         "secret-relaunch",
		"published_at": time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339),
	})

	eventually(t, "the unpublished event", func() bool { return len(rc.deliveries()) == 1 })
	var p webhooks.Payload
	if err := json.Unmarshal(rc.deliveries()[0].Body, &p); err != nil {
		t.Fatal(err)
	}
	if p.Event != webhooks.EventArticleUnpublished || p.Article.Title != "Public title" || p.Article.Slug != "public-title" {
		t.Fatalf("payload %+v", p)
	}
	if body := string(rc.deliveries()[0].Body); strings.Contains(body, "Secret relaunch") || strings.Contains(body, "secret-relaunch") {
		t.Fatalf("payload leaks the private version: %s", body)
	}
}
