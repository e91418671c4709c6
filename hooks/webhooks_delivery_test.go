package hooks_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"recoverycms/internal/webhooks"
)

func TestWebhookPublishIsSignedAndDelivered(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, nil)
	serve(t, app)
	rc := newReceiver(t, nil)
	hook := createWebhook(t, app, rc.URL+"/hooks/cms", true, allEvents...)

	article := newDraft(t, app, "Signed publish")
	if n := len(deliveryRows(t, app, hook.Id)); n != 0 {
		t.Fatalf("a draft queued %d deliveries", n)
	}
	saveArticle(t, app, article.Id, map[string]any{"status": "published"})
	eventually(t, "the published delivery", func() bool { return len(rc.deliveries()) == 1 })

	d := rc.deliveries()[0]
	if d.Event != webhooks.EventArticlePublished || d.ContentType != "application/json" {
		t.Fatalf("event %q, content type %q", d.Event, d.ContentType)
	}
	// The receiver's own check: HMAC-SHA256 of the raw body with the shared secret.
	if got := rc.events(t); !slices.Equal(got, []string{webhooks.EventArticlePublished}) {
		t.Fatalf("events %v", got)
	}
	var p webhooks.Payload
	if err := json.Unmarshal(d.Body, &p); err != nil {
		t.Fatal(err)
	}
	a := p.Article
	if p.Event != webhooks.EventArticlePublished || a.ID != article.Id || a.Slug != "signed-publish" ||
		a.Title != "Signed publish" || a.Status != "published" || a.URL != "https://example.org/articles/signed-publish" {
		t.Fatalf("payload %s", d.Body)
	}
	if a.PublishedAt == nil {
		t.Fatalf("published_at missing: %s", d.Body)
	}
	for _, ts := range []string{*a.PublishedAt, p.SentAt} {
		if _, err := time.Parse(time.RFC3339, ts); err != nil {
			t.Fatalf("time %q: %v", ts, err)
		}
	}
	eventually(t, "the attempt to be logged", func() bool {
		rows := deliveryRows(t, app, hook.Id)
		return len(rows) == 1 && rows[0].GetString("state") == "succeeded"
	})
	row := deliveryRows(t, app, hook.Id)[0]
	if row.GetInt("status_code") != 200 || row.GetInt("attempt") != 1 || row.GetString("event") != webhooks.EventArticlePublished ||
		row.GetString("error") != "" || row.GetDateTime("attempted_at").IsZero() {
		t.Fatalf("logged attempt %v", row.PublicExport())
	}
}

func TestWebhookEventsFollowVisibility(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, nil)
	serve(t, app)
	all := newReceiver(t, nil)
	allHook := createWebhook(t, app, all.URL, true, allEvents...)
	deletedOnly := createWebhook(t, app, all.URL+"/deleted-only", true, webhooks.EventArticleDeleted)
	inactive := createWebhook(t, app, all.URL+"/inactive", false, allEvents...)

	article := newDraft(t, app, "Visibility walk")
	steps := []struct {
		name   string
		fields map[string]any // nil deletes the article
		want   string         // "" for no event
	}{
		{"publish", map[string]any{"status": "published"}, webhooks.EventArticlePublished},
		{"edit while live", map[string]any{"title": "Visibility walk, edited"}, webhooks.EventArticleUpdated},
		{"back to draft", map[string]any{"status": "draft"}, webhooks.EventArticleUnpublished},
		{"edit the draft", map[string]any{"summary": "Quiet change."}, ""},
		{"publish again", map[string]any{"status": "published"}, webhooks.EventArticlePublished},
		{"reschedule to the future", map[string]any{"published_at": "2099-06-01 10:00:00.000Z"}, webhooks.EventArticleUnpublished},
		{"back to now", map[string]any{"published_at": time.Now().UTC().Add(-time.Minute)}, webhooks.EventArticlePublished},
		{"archive", map[string]any{"status": "archived"}, webhooks.EventArticleUnpublished},
		{"publish before deleting", map[string]any{"status": "published"}, webhooks.EventArticlePublished},
		{"delete", nil, webhooks.EventArticleDeleted},
	}
	var want []string
	for _, s := range steps {
		if s.fields == nil {
			r, err := app.FindRecordById("articles", article.Id)
			if err != nil {
				t.Fatal(err)
			}
			if err := app.Delete(r); err != nil {
				t.Fatal(err)
			}
		} else {
			saveArticle(t, app, article.Id, s.fields)
		}
		if s.want != "" {
			want = append(want, s.want)
		}
		got := deliveryRows(t, app, allHook.Id)
		if len(got) != len(want) || (s.want != "" && got[len(got)-1].GetString("event") != s.want) {
			t.Fatalf("after %q: %d deliveries queued, want %d ending with %q", s.name, len(got), len(want), s.want)
		}
	}
	eventually(t, "every event to arrive", func() bool { return len(all.deliveries()) == len(want)+1 })
	var gotAll []string
	var gotDeleted int
	for _, d := range all.deliveries() {
		var p webhooks.Payload
		if err := json.Unmarshal(d.Body, &p); err != nil || p.Event != d.Event {
			t.Fatalf("body %s does not match header %q", d.Body, d.Event)
		}
		gotAll = append(gotAll, d.Event)
		if d.Event == webhooks.EventArticleDeleted {
			gotDeleted++
		}
	}
	all.events(t) // verifies every signature
	slices.Sort(gotAll)
	wantAll := append(slices.Clone(want), webhooks.EventArticleDeleted) // the deleted-only hook's copy
	slices.Sort(wantAll)
	if !slices.Equal(gotAll, wantAll) {
		t.Fatalf("received %v, want %v", gotAll, wantAll)
	}
	if rows := deliveryRows(t, app, deletedOnly.Id); len(rows) != 1 || rows[0].GetString("event") != webhooks.EventArticleDeleted {
		t.Fatalf("deleted-only webhook got %d deliveries", len(rows))
	}
	if rows := deliveryRows(t, app, inactive.Id); len(rows) != 0 {
		t.Fatalf("inactive webhook got %d deliveries", len(rows))
	}
}

func TestWebhookDeleteOfUnpublishedArticleSendsNothing(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, nil)
	rc := newReceiver(t, nil)
	hook := createWebhook(t, app, rc.URL, true, allEvents...)
	draft := newDraft(t, app, "Never published")
	if err := app.Delete(draft); err != nil {
		t.Fatal(err)
	}
	if rows := deliveryRows(t, app, hook.Id); len(rows) != 0 {
		t.Fatalf("deleting a draft queued %d deliveries", len(rows))
	}
}

func TestWebhookRetriesAFailingReceiver(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, nil)
	serve(t, app)
	rc := newReceiver(t, func(n int, _ *http.Request) int {
		if n <= 2 {
			return http.StatusInternalServerError
		}
		return http.StatusNoContent
	})
	hook := createWebhook(t, app, rc.URL, true, webhooks.EventArticlePublished)
	saveArticle(t, app, newDraft(t, app, "Retry me").Id, map[string]any{"status": "published"})

	eventually(t, "the third attempt to succeed", func() bool {
		rows := deliveryRows(t, app, hook.Id)
		return len(rows) == 3 && rows[2].GetString("state") == "succeeded"
	})
	rows := deliveryRows(t, app, hook.Id)
	wantStatus := []int{500, 500, 204}
	wantState := []string{"failed", "failed", "succeeded"}
	for i, r := range rows {
		if r.GetInt("attempt") != i+1 || r.GetInt("status_code") != wantStatus[i] || r.GetString("state") != wantState[i] ||
			r.GetString("event") != webhooks.EventArticlePublished {
			t.Fatalf("attempt %d logged as %v", i+1, r.PublicExport())
		}
		if (i < 2) != (r.GetString("error") != "") {
			t.Fatalf("attempt %d error %q", i+1, r.GetString("error"))
		}
	}
	// Exponential backoff: 50 ms after the first failure, 100 ms after the second.
	for i, wait := range []time.Duration{50 * time.Millisecond, 100 * time.Millisecond} {
		failedAt := rows[i].GetDateTime("attempted_at").Time()
		next := rows[i+1].GetDateTime("next_attempt_at").Time()
		if next.Sub(failedAt) != wait {
			t.Fatalf("retry %d scheduled %s after the failure, want %s", i+1, next.Sub(failedAt), wait)
		}
	}
	got := rc.deliveries()
	if len(got) != 3 {
		t.Fatalf("receiver got %d requests", len(got))
	}
	for _, d := range got[1:] {
		if string(d.Body) != string(got[0].Body) || d.Signature != got[0].Signature {
			t.Fatal("a retry changed the body or signature")
		}
	}
}

func TestWebhookGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, func(c *webhooks.Config) { c.MaxAttempts = 5; c.BackoffBase = 10 * time.Millisecond })
	serve(t, app)
	rc := newReceiver(t, func(int, *http.Request) int { return http.StatusBadGateway })
	hook := createWebhook(t, app, rc.URL, true, webhooks.EventArticlePublished)
	saveArticle(t, app, newDraft(t, app, "Never answered").Id, map[string]any{"status": "published"})

	eventually(t, "the fifth attempt", func() bool {
		rows := deliveryRows(t, app, hook.Id)
		return len(rows) == 5 && rows[4].GetString("state") == "exhausted"
	})
	for i, r := range deliveryRows(t, app, hook.Id)[:4] {
		if r.GetString("state") != "failed" || r.GetInt("status_code") != 502 {
			t.Fatalf("attempt %d: %v", i+1, r.PublicExport())
		}
	}
	if n := len(rc.deliveries()); n != 5 {
		t.Fatalf("receiver got %d requests, want 5", n)
	}
}

func TestArticleSaveNeverWaitsForAWebhook(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, func(c *webhooks.Config) { c.Timeout = time.Minute })
	serve(t, app)
	release := make(chan struct{})
	slow := newReceiver(t, func(_ int, r *http.Request) int {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		return http.StatusOK
	})
	down := newReceiver(t, nil)
	downURL := down.URL
	down.Close() // nothing listens there any more
	slowHook := createWebhook(t, app, slow.URL, true, allEvents...)
	downHook := createWebhook(t, app, downURL, true, allEvents...)

	article := newDraft(t, app, "Slow receivers")
	saveArticle(t, app, article.Id, map[string]any{"status": "published"})
	eventually(t, "the slow receiver to be called", func() bool { return len(slow.deliveries()) == 1 })
	// The receiver is still holding the request, and yet the next save completes.
	saved := saveArticle(t, app, article.Id, map[string]any{"title": "Slow receivers, edited"})
	if saved.GetString("title") != "Slow receivers, edited" {
		t.Fatal("the save did not go through")
	}
	if rows := deliveryRows(t, app, slowHook.Id); rows[0].GetString("state") != "pending" {
		t.Fatalf("the first delivery was already settled as %q before the receiver answered", rows[0].GetString("state"))
	}
	close(release)
	eventually(t, "both slow deliveries", func() bool {
		rows := deliveryRows(t, app, slowHook.Id)
		return len(rows) == 2 && rows[0].GetString("state") == "succeeded" && rows[1].GetString("state") == "succeeded"
	})
	eventually(t, "the down receiver's failures to be logged", func() bool {
		rows := deliveryRows(t, app, downHook.Id)
		return len(rows) >= 3 && rows[0].GetString("state") == "failed" && rows[0].GetString("error") != ""
	})
	if code := deliveryRows(t, app, downHook.Id)[0].GetInt("status_code"); code != 0 {
		t.Fatalf("a refused connection logged status %d", code)
	}
}

func TestWebhookTimeoutIsAFailedAttempt(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, func(c *webhooks.Config) { c.Timeout = 200 * time.Millisecond; c.MaxAttempts = 5 })
	serve(t, app)
	rc := newReceiver(t, func(n int, r *http.Request) int {
		if n == 1 {
			<-r.Context().Done() // never answers the first time
		}
		return http.StatusOK
	})
	hook := createWebhook(t, app, rc.URL, true, webhooks.EventArticlePublished)
	saveArticle(t, app, newDraft(t, app, "Timed out").Id, map[string]any{"status": "published"})
	eventually(t, "the retry after the timeout", func() bool {
		rows := deliveryRows(t, app, hook.Id)
		return len(rows) == 2 && rows[1].GetString("state") == "succeeded"
	})
	first := deliveryRows(t, app, hook.Id)[0]
	if first.GetString("state") != "failed" || first.GetInt("status_code") != 0 || first.GetString("error") == "" {
		t.Fatalf("timed-out attempt logged as %v", first.PublicExport())
	}
}
