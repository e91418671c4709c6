package hooks_test

import (
	"crypto/hmac"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/webhooks"
)

// webhookSecret is the secret of every test webhook.
const webhookSecret = "test-secret-0123456789abcdef"

// fastWebhooks retries quickly so the retry tests finish in well under a second.
var fastWebhooks = webhooks.Config{
	// The receivers listen on 127.0.0.1.
	AllowPrivate: true,
	ArticleURL:   "https://example.org/articles/{slug}",
	BackoffBase:  50 * time.Millisecond,
	Timeout:      5 * time.Second,
	PollInterval: 100 * time.Millisecond,
}

// delivery is one request a receiver got.
type delivery struct {
	Event, Signature, ContentType string
	Body                          []byte
}

// receiver is a real HTTP server on 127.0.0.1 that records webhook requests and answers
// with the status that respond returns for the n-th request (1-based).
type receiver struct {
	*httptest.Server
	mu      sync.Mutex
	got     []delivery
	respond func(n int, r *http.Request) int
}

func newReceiver(t testing.TB, respond func(n int, r *http.Request) int) *receiver {
	t.Helper()
	rc := &receiver{respond: respond}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, delivery{
			Event:       r.Header.Get("X-Webhook-Event"),
			Signature:   r.Header.Get("X-Webhook-Signature"),
			ContentType: r.Header.Get("Content-Type"),
			Body:        body,
		})
		n := len(rc.got)
		rc.mu.Unlock()
		status := http.StatusOK
		if rc.respond != nil {
			status = rc.respond(n, r)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) deliveries() []delivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]delivery(nil), rc.got...)
}

// events lists the X-Webhook-Event headers received so far, verifying each signature.
func (rc *receiver) events(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, d := range rc.deliveries() {
		if !hmac.Equal([]byte(d.Signature), []byte(webhooks.Sign(webhookSecret, d.Body))) {
			t.Fatalf("bad signature %q for %s", d.Signature, d.Body)
		}
		out = append(out, d.Event)
	}
	return out
}

// newWebhookApp is a test app with fast webhook retries (cfg fields override them).
func newWebhookApp(t testing.TB, tune func(*webhooks.Config)) *tests.TestApp {
	t.Helper()
	cfg := fastWebhooks
	if tune != nil {
		tune(&cfg)
	}
	return hookstest.NewWithOptions(t, hooks.Options{Webhooks: cfg})
}

// serve runs the app's serve hooks (which start the delivery worker) without listening,
// and stops the cron scheduler so the test drives the go-live check itself.
func serve(t testing.TB, app *tests.TestApp) {
	t.Helper()
	hookstest.TriggerServe(t, app)
	app.Cron().Stop()
}

// createWebhook saves a webhook pointing at url.
func createWebhook(t testing.TB, app core.App, url string, active bool, events ...string) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("webhooks")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Set("url", url)
	r.Set("events", events)
	r.Set("secret", webhookSecret)
	r.Set("active", active)
	if err := app.Save(r); err != nil {
		t.Fatalf("saving webhook: %v", err)
	}
	return r
}

// allEvents are the four article events.
var allEvents = []string{webhooks.EventArticlePublished, webhooks.EventArticleUpdated, webhooks.EventArticleUnpublished, webhooks.EventArticleDeleted}

// deliveryRows returns the delivery log of webhook, oldest attempt first.
func deliveryRows(t testing.TB, app core.App, webhookID string) []*core.Record {
	t.Helper()
	rows, err := app.FindAllRecords("webhook_deliveries", dbx.HashExp{"webhook": webhookID})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(rows, byQueueOrder)
	return rows
}

// byQueueOrder orders delivery rows by when they were queued, then by attempt.
func byQueueOrder(a, b *core.Record) int {
	if c := strings.Compare(a.GetString("created"), b.GetString("created")); c != 0 {
		return c
	}
	return a.GetInt("attempt") - b.GetInt("attempt")
}

// eventually waits for cond; the deadline only turns a hang into a failure.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// newDraft saves a draft article by the sample author.
func newDraft(t testing.TB, app core.App, title string) *core.Record {
	t.Helper()
	r, err := hookstest.CreateArticle(app, authorID(t, app, "priya-nair"), map[string]any{
		"title": title, "body": "Some text about " + title + ".", "status": "draft",
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// saveArticle applies fields to a fresh copy of the article and saves it through every hook.
func saveArticle(t testing.TB, app core.App, id string, fields map[string]any) *core.Record {
	t.Helper()
	r, err := app.FindRecordById("articles", id)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range fields {
		r.Set(k, v)
	}
	if err := app.Save(r); err != nil {
		t.Fatalf("saving article: %v", err)
	}
	return r
}
