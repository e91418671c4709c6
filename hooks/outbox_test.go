package hooks_test

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/webhooks"
)

// errLater is what a hook bound after the outbox steps returns to abort a save.
var errLater = errors.New("a later hook refused the save")

// outboxCounts is what an article's saves have left behind: revisions and delivery rows.
type outboxCounts struct{ revisions, deliveries int }

func articleOutbox(t testing.TB, app core.App, articleID string) outboxCounts {
	t.Helper()
	var c outboxCounts
	if err := app.DB().NewQuery("SELECT COUNT(*) FROM article_revisions WHERE article = {:a}").
		Bind(dbx.Params{"a": articleID}).Row(&c.revisions); err != nil {
		t.Fatal(err)
	}
	c.deliveries = countRecords(t, app, "webhook_deliveries", "article = {:a}", dbx.Params{"a": articleID})
	return c
}

func leadJobs(t testing.TB, app core.App, leadID string) int {
	t.Helper()
	var n int
	if err := app.DB().NewQuery("SELECT COUNT(*) FROM lead_notifications WHERE lead = {:l}").
		Bind(dbx.Params{"l": leadID}).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOutboxCommittedSavesQueueOneSet: every committed save leaves exactly one revision (when
// a recorded field changed) and one delivery per active subscribed webhook for its event.
func TestOutboxCommittedSavesQueueOneSet(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, nil)
	createWebhook(t, app, "http://127.0.0.1:1/all", true, allEvents...)
	createWebhook(t, app, "http://127.0.0.1:1/second", true, allEvents...)
	createWebhook(t, app, "http://127.0.0.1:1/off", false, allEvents...)

	a := newDraft(t, app, "Outbox once")
	steps := []struct {
		name   string
		fields map[string]any
		want   outboxCounts
	}{
		{"draft created", nil, outboxCounts{1, 0}},
		{"published", map[string]any{"status": "published"}, outboxCounts{2, 2}},
		{"title changed", map[string]any{"title": "Outbox once, renamed"}, outboxCounts{3, 4}},
		{"meta only", map[string]any{"meta_title": "Outbox meta"}, outboxCounts{3, 6}},
		{"unpublished", map[string]any{"status": "draft"}, outboxCounts{4, 8}},
		{"draft edited", map[string]any{"body": "Private draft text."}, outboxCounts{5, 8}},
	}
	for _, s := range steps {
		if s.fields != nil {
			saveArticle(t, app, a.Id, s.fields)
		}
		if got := articleOutbox(t, app, a.Id); got != s.want {
			t.Fatalf("%s: %+v, want %+v", s.name, got, s.want)
		}
	}
	var pending int
	if err := app.DB().NewQuery("SELECT COUNT(*) FROM webhook_deliveries WHERE article = {:a} AND state = 'pending'").
		Bind(dbx.Params{"a": a.Id}).Row(&pending); err != nil || pending != 8 {
		t.Fatalf("%d pending deliveries (%v), want 8", pending, err)
	}
}

// TestOutboxRolledBackSaveLeavesNothing: when a save fails after its row was written, the
// row, its revision and its delivery rows all go; when the delivery rows cannot be written,
// the save fails rather than commit without its event.
func TestOutboxRolledBackSaveLeavesNothing(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		bind func(app core.App)
	}{
		{"a later article hook fails", func(app core.App) {
			app.OnRecordUpdateExecute("articles").BindFunc(func(e *core.RecordEvent) error {
				if err := e.Next(); err != nil {
					return err
				}
				return errLater
			})
		}},
		{"the delivery rows cannot be written", func(app core.App) {
			app.OnRecordCreateExecute(webhooks.DeliveriesCollection).BindFunc(func(e *core.RecordEvent) error {
				return errLater
			})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			app := newWebhookApp(t, nil)
			createWebhook(t, app, "http://127.0.0.1:1/all", true, allEvents...)
			a := newDraft(t, app, "Outbox rollback")
			saveArticle(t, app, a.Id, map[string]any{"status": "published"})
			before := articleOutbox(t, app, a.Id)
			c.bind(app)

			r, err := app.FindRecordById("articles", a.Id)
			if err != nil {
				t.Fatal(err)
			}
			r.Set("title", "Outbox rollback, renamed")
			if err := app.Save(r); !errors.Is(err, errLater) {
				t.Fatalf("save error %v, want %v", err, errLater)
			}
			stored, err := app.FindRecordById("articles", a.Id)
			if err != nil {
				t.Fatal(err)
			}
			if stored.GetString("title") != "Outbox rollback" {
				t.Fatalf("the failed save's title was stored: %q", stored.GetString("title"))
			}
			if got := articleOutbox(t, app, a.Id); got != before {
				t.Fatalf("after the failed save %+v, want %+v", got, before)
			}
		})
	}
}

// TestOutboxLeadNotificationJob: a committed lead has exactly one notification job, marked
// sent once the emails went out and dropped with the lead; a lead whose save fails has
// neither row nor job.
func TestOutboxLeadNotificationJob(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, nil)
	saveLead(t, app, "outboxlead00001", nil)
	if n := leadJobs(t, app, "outboxlead00001"); n != 1 {
		t.Fatalf("%d notification jobs for a committed lead, want 1", n)
	}
	waitForMail(t, app, 2)
	eventually(t, "the job marked sent", func() bool {
		var state string
		_ = app.DB().NewQuery("SELECT state FROM lead_notifications WHERE lead = 'outboxlead00001'").Row(&state)
		return state == "sent"
	})

	sent, err := app.FindRecordById("callback_leads", "outboxlead00001")
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Delete(sent); err != nil {
		t.Fatal(err)
	}
	if n := leadJobs(t, app, sent.Id); n != 0 {
		t.Fatalf("%d notification jobs left after the lead's delete", n)
	}

	app.OnRecordCreateExecute("callback_leads").BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return errLater
	})
	col, err := app.FindCollectionByNameOrId("callback_leads")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Id = "outboxlead00002"
	for k, v := range validLead(map[string]any{"phone": "+447400900111"}) {
		r.Set(k, v)
	}
	if err := app.Save(r); !errors.Is(err, errLater) {
		t.Fatalf("save error %v, want %v", err, errLater)
	}
	if _, err := app.FindRecordById("callback_leads", r.Id); err == nil {
		t.Fatal("the failed lead was stored")
	}
	if n := leadJobs(t, app, r.Id); n != 0 {
		t.Fatalf("%d notification jobs for a lead that rolled back", n)
	}
}

// TestOutboxLeadNotificationRetriedAfterRestart: a notification the mailer refused stays
// pending with its attempt counted, and the sender of the next server start sends it and
// marks it sent.
func TestOutboxLeadNotificationRetriedAfterRestart(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	var mailerDown atomic.Bool
	mailerDown.Store(true)
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		if mailerDown.Load() {
			return errors.New("smtp: connection refused")
		}
		return e.Next()
	})
	saveLead(t, app, "outboxlead00003", nil)
	job := func() (state string, attempts int) {
		_ = app.DB().NewQuery("SELECT state, attempts FROM lead_notifications WHERE lead = 'outboxlead00003'").
			Row(&state, &attempts)
		return
	}
	eventually(t, "the failed attempt recorded", func() bool { _, n := job(); return n == 1 })
	if state, _ := job(); state != "pending" || app.TestMailer.TotalSend() != 0 {
		t.Fatalf("after a refused send: state %q, %d messages", state, app.TestMailer.TotalSend())
	}

	// The mailer is back and the retry is due: starting the server sends it.
	mailerDown.Store(false)
	if _, err := app.DB().NewQuery("UPDATE lead_notifications SET next_attempt_at = '2000-01-01 00:00:00.000Z'").Execute(); err != nil {
		t.Fatal(err)
	}
	hookstest.TriggerServe(t, app)
	waitForMail(t, app, 2)
	eventually(t, "the job marked sent", func() bool { state, _ := job(); return state == "sent" })
}
