package hooks_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// Fixture values of the lead tests.
const (
	leadPhone      = "+447400123456"
	leadPhoneLocal = "07400 123456"
	leadName       = "Sam Quokkason"
	leadMessage    = "Please call after work"
	fixtureLeadID  = "leadfixture0001"
	leadsURL       = "/api/collections/callback_leads/records"
)

// validLead is a complete public submission.
func validLead(overrides map[string]any) map[string]any {
	body := map[string]any{
		"name":           leadName,
		"phone":          leadPhoneLocal,
		"email":          "sam@example.org",
		"preferred_time": "evening",
		"message":        leadMessage,
		"consent":        true,
		"consent_text":   "I agree to be called back about my enquiry.",
		"source_url":     "https://example.org/help",
	}
	for k, v := range overrides {
		if v == nil {
			delete(body, k)
			continue
		}
		body[k] = v
	}
	return body
}

// saveLead stores a lead through every save hook, with id fixed when not empty.
func saveLead(t testing.TB, app core.App, id string, overrides map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("callback_leads")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	if id != "" {
		r.Id = id
	}
	for k, v := range validLead(overrides) {
		r.Set(k, v)
	}
	if err := app.Save(r); err != nil {
		t.Fatalf("saving lead: %v", err)
	}
	return r
}

// backdateLead moves a lead's created and updated times into the past.
func backdateLead(t testing.TB, app core.App, id string, age time.Duration) {
	t.Helper()
	when := time.Now().UTC().Add(-age).Format("2006-01-02 15:04:05.000Z")
	if _, err := app.DB().Update("callback_leads", dbx.Params{"created": when, "updated": when}, dbx.HashExp{"id": id}).Execute(); err != nil {
		t.Fatal(err)
	}
}

func countRecords(t testing.TB, app core.App, collection string, filter string, params dbx.Params) int {
	t.Helper()
	n, err := app.CountRecords(collection, dbx.NewExp(filter, params))
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func countLeads(t testing.TB, app core.App) int {
	return countRecords(t, app, "callback_leads", "1=1", nil)
}

func leadEvents(t testing.TB, app core.App, leadID string) []*core.Record {
	t.Helper()
	evs, err := app.FindAllRecords("lead_events", dbx.HashExp{"lead": leadID})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// withLead is a BeforeTestFunc that stores the fixture lead and waits for its two
// notifications (reviewer and admin), so they do not count in the scenario's events.
func withLead(overrides map[string]any) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
	return func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
		saveLead(t, app, fixtureLeadID, overrides)
		waitForMail(t, app, 2)
		app.TestMailer.Reset()
	}
}

// waitForMail waits until the test mailer holds n messages (the notifications are sent in
// the background) and fails after a generous deadline.
func waitForMail(t testing.TB, app *tests.TestApp, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for app.TestMailer.TotalSend() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d messages sent, want %d", app.TestMailer.TotalSend(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
