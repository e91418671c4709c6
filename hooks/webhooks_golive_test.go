package hooks_test

import (
	"encoding/json"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/webhooks"
)

// shiftedClock is a clock that runs at real speed from a moment the test chooses.
type shiftedClock struct{ offset atomic.Int64 }

func (c *shiftedClock) now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

func (c *shiftedClock) set(at time.Time) { c.offset.Store(int64(time.Until(at))) }

// runGoLive runs the registered go-live cron job once, as the scheduler would.
func runGoLive(t testing.TB, app core.App) {
	t.Helper()
	for _, j := range app.Cron().Jobs() {
		if j.Id() == webhooks.GoLiveJobID {
			j.Run()
			return
		}
	}
	t.Fatalf("cron job %s is not registered", webhooks.GoLiveJobID)
}

func goLiveWatermark(t testing.TB, app core.App) string {
	t.Helper()
	var v string
	if err := app.DB().NewQuery(`SELECT value FROM cms_state WHERE key = 'webhooks_golive_checked'`).Row(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func publishedSlugs(t testing.TB, rows []*core.Record) []string {
	t.Helper()
	var out []string
	for _, r := range rows {
		if r.GetString("event") != webhooks.EventArticlePublished || r.GetInt("attempt") != 1 {
			continue
		}
		var p webhooks.Payload
		if err := json.Unmarshal([]byte(r.GetString("payload")), &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Article.Slug)
	}
	return out
}

func TestScheduledArticleGoingLiveIsAnnouncedOnce(t *testing.T) {
	t.Parallel()
	clock := &shiftedClock{}
	app := newWebhookApp(t, func(c *webhooks.Config) { c.Now = clock.now })
	serve(t, app)
	rc := newReceiver(t, nil)
	hook := createWebhook(t, app, rc.URL, true, allEvents...)
	goLive := time.Date(2099, 1, 1, 9, 0, 0, 0, time.UTC) // the fixture's scheduled article

	runGoLive(t, app)
	clock.set(goLive.Add(-time.Hour))
	runGoLive(t, app)
	if rows := deliveryRows(t, app, hook.Id); len(rows) != 0 {
		t.Fatalf("%d deliveries before the article went live", len(rows))
	}
	if w := goLiveWatermark(t, app); w < "2099-01-01 07:59:59" || w > "2099-01-01 08:00:01" {
		t.Fatalf("watermark %s", w)
	}
	// Three hours pass without a check (the server was down): the next one still announces it.
	clock.set(goLive.Add(3 * time.Hour))
	runGoLive(t, app)
	runGoLive(t, app)
	clock.set(goLive.Add(3*time.Hour + time.Minute))
	runGoLive(t, app)

	if got := publishedSlugs(t, deliveryRows(t, app, hook.Id)); len(got) != 1 || got[0] != hookstest.ScheduledSlug {
		t.Fatalf("announced %v, want [%s] once", got, hookstest.ScheduledSlug)
	}
	eventually(t, "the go-live delivery", func() bool { return len(rc.deliveries()) == 1 })
	if ev := rc.events(t); ev[0] != webhooks.EventArticlePublished {
		t.Fatalf("event %s", ev[0])
	}
}

// An article whose published_at passed before the next check is announced by whichever
// comes first, a save or the check, and never by both.
func TestGoLiveIsAnnouncedBySaveOrCheckNotBoth(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, nil)
	rc := newReceiver(t, nil)
	hook := createWebhook(t, app, rc.URL, true, allEvents...)

	now := time.Now().UTC()
	schedule := func(title string) *core.Record {
		a := newDraft(t, app, title)
		saveArticle(t, app, a.Id, map[string]any{"status": "published", "published_at": now.Add(time.Hour)})
		// Rewind time in the database: last saved 10 s ago, live since 5 s ago.
		_, err := app.DB().NewQuery(`UPDATE articles SET published_at = {:pa}, updated = {:up} WHERE id = {:id}`).Bind(dbx.Params{
			"pa": dt(t, now.Add(-5*time.Second)), "up": dt(t, now.Add(-10*time.Second)), "id": a.Id,
		}).Execute()
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	edited := schedule("Edited after going live")
	untouched := schedule("Left alone after going live")
	if _, err := app.DB().NewQuery(`UPDATE cms_state SET value = {:w} WHERE key = 'webhooks_golive_checked'`).
		Bind(dbx.Params{"w": dt(t, now.Add(-time.Minute))}).Execute(); err != nil {
		t.Fatal(err)
	}
	if rows := deliveryRows(t, app, hook.Id); len(rows) != 0 {
		t.Fatalf("scheduling queued %d deliveries", len(rows))
	}

	saveArticle(t, app, edited.Id, map[string]any{"title": "Edited after going live, again"})
	runGoLive(t, app)
	runGoLive(t, app)

	got := map[string]int{}
	for _, s := range publishedSlugs(t, deliveryRows(t, app, hook.Id)) {
		got[s]++
	}
	if len(got) != 2 || got[edited.GetString("slug")] != 1 || got[untouched.GetString("slug")] != 1 {
		t.Fatalf("published events per slug: %v", got)
	}
	if n := len(deliveryRows(t, app, hook.Id)); n != 2 {
		t.Fatalf("%d deliveries, want 2 (no article.updated for a change the public never saw announced)", n)
	}

	// Once the check has announced it, an edit is an update, not a second publish.
	saveArticle(t, app, untouched.Id, map[string]any{"title": "Edited after the check"})
	rows := deliveryRows(t, app, hook.Id)
	if len(rows) != 3 || rows[2].GetString("event") != webhooks.EventArticleUpdated || rows[2].GetString("article") != untouched.Id {
		t.Fatalf("edit after the check queued %d deliveries, last %q", len(rows), rows[len(rows)-1].GetString("event"))
	}
}

func dt(t testing.TB, at time.Time) string {
	t.Helper()
	d, err := types.ParseDateTime(at)
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}

// A delivery queued by a process that stopped before sending it is sent by the next process,
// and the go-live check of the next process does not repeat the previous one's events.
func TestPendingDeliveriesSurviveARestart(t *testing.T) {
	t.Parallel()
	clock := &shiftedClock{}
	clock.set(time.Date(2099, 1, 1, 12, 0, 0, 0, time.UTC))
	cfg := fastWebhooks
	cfg.Now = clock.now
	first := hookstest.NewWithOptions(t, hooks.Options{Webhooks: cfg})
	rc := newReceiver(t, func(_ int, r *http.Request) int { return http.StatusOK })
	hook := createWebhook(t, first, rc.URL, true, allEvents...)

	// The first process queues two events but never starts its worker.
	saveArticle(t, first, newDraft(t, first, "Queued before the crash").Id, map[string]any{"status": "published"})
	runGoLive(t, first) // the scheduled fixture article went live at 09:00
	rows := deliveryRows(t, first, hook.Id)
	if len(rows) != 2 || rows[0].GetString("state") != "pending" || rows[1].GetString("state") != "pending" {
		t.Fatalf("queued %d deliveries before the restart", len(rows))
	}
	if err := first.ResetBootstrapState(); err != nil { // closes the databases
		t.Fatal(err)
	}

	second, err := tests.NewTestApp(first.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(second.Cleanup)
	hooks.Register(second, hooks.Options{Webhooks: cfg})
	runGoLive(t, second)
	serve(t, second)

	eventually(t, "both deliveries after the restart", func() bool {
		rows := deliveryRows(t, second, hook.Id)
		return len(rows) == 2 && rows[0].GetString("state") == "succeeded" && rows[1].GetString("state") == "succeeded"
	})
	if got := rc.events(t); len(got) != 2 || got[0] != webhooks.EventArticlePublished || got[1] != webhooks.EventArticlePublished {
		t.Fatalf("receiver got %v", got)
	}
}

// Stopping the server while a receiver is still answering leaves the delivery pending.
func TestStoppingTheWorkerKeepsAnAttemptInFlightPending(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, func(c *webhooks.Config) { c.Timeout = time.Minute })
	serve(t, app)
	rc := newReceiver(t, func(_ int, r *http.Request) int {
		<-r.Context().Done()
		return http.StatusOK
	})
	hook := createWebhook(t, app, rc.URL, true, webhooks.EventArticlePublished)
	saveArticle(t, app, newDraft(t, app, "Stopped mid-flight").Id, map[string]any{"status": "published"})
	eventually(t, "the request to reach the receiver", func() bool { return len(rc.deliveries()) == 1 })

	err := app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	rows := deliveryRows(t, app, hook.Id)
	if len(rows) != 1 || rows[0].GetString("state") != "pending" || !rows[0].GetDateTime("attempted_at").IsZero() {
		t.Fatalf("after stop: %d rows, first %v", len(rows), rows[0].PublicExport())
	}
}
