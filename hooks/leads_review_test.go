package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/leadcrypt"
	"recoverycms/internal/sealedfield"
)

func auth(t testing.TB, email string) map[string]string {
	t.Helper()
	return role{email: email}.headers(t)
}

func staffID(t testing.TB, app core.App, email string) string {
	t.Helper()
	r, err := app.FindAuthRecordByEmail("staff", email)
	if err != nil {
		t.Fatal(err)
	}
	return r.Id
}

// eventSummary renders a lead's trail as "action:from>to" lines in creation order.
func eventSummary(t testing.TB, app core.App, leadID string) []string {
	t.Helper()
	var evs []*core.Record
	err := app.RecordQuery("lead_events").Where(dbx.HashExp{"lead": leadID}).OrderBy("created ASC", "rowid ASC").All(&evs)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(evs))
	for _, ev := range evs {
		from, to := ev.GetString("from"), ev.GetString("to")
		if ev.GetString("action") == "notes" {
			// Notes changes are stored sealed: they must open to what was written.
			from, to = openEvent(t, "event_from", from), openEvent(t, "event_to", to)
		}
		out = append(out, ev.GetString("action")+":"+from+">"+to)
	}
	return out
}

// openEvent opens a sealed audit value (one a fixture wrote in the clear reads as it is).
func openEvent(t testing.TB, field, v string) string {
	t.Helper()
	if !leadcrypt.IsSealed(v) {
		return v
	}
	plain, err := sealedfield.Keyring().Open(field, v)
	if err != nil {
		t.Fatal(err)
	}
	return plain
}

func TestLeadReviewWorkflowIsAudited(t *testing.T) {
	t.Parallel()
	reviewer := auth(t, hookstest.ReviewerEmail)
	admin := auth(t, hookstest.AdminEmail)
	scenarios := []tests.ApiScenario{{
		Name:           "reviewer marks a lead contacted",
		Method:         http.MethodPatch,
		URL:            leadsURL + "/" + fixtureLeadID,
		Headers:        reviewer,
		BeforeTestFunc: withLead(nil),
		Body:           strings.NewReader(`{"status":"contacted","contacted_at":""}`),
		ExpectedStatus: 200,
		// An update's answer is the masked inbox row: only the single view is a recorded look.
		ExpectedContent:    []string{`"status":"contacted"`, `"contacted_at":"20`, `"phone_last3":"456"`},
		NotExpectedContent: []string{`"phone":"`},
		ExpectedEvents:     map[string]int{"OnRecordUpdateRequest": 1, "OnRecordUpdate": 1, "OnRecordCreate": 1, "OnRecordEnrich": 1},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			got := eventSummary(t, app, fixtureLeadID)
			if len(got) != 1 || got[0] != "status:new>contacted" {
				t.Fatalf("events %v", got)
			}
			ev := leadEvents(t, app, fixtureLeadID)[0]
			if ev.GetString("staff") != staffID(t, app, hookstest.ReviewerEmail) {
				t.Fatalf("event staff %q", ev.GetString("staff"))
			}
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:           "reviewer assigns a lead and writes notes",
		Method:         http.MethodPatch,
		URL:            leadsURL + "/" + fixtureLeadID,
		Headers:        reviewer,
		BeforeTestFunc: withLead(nil),
		Body:           strings.NewReader(`{"notes":"Prefers a woman counsellor.","assigned_to":"` + staffIDFromTemplate(t, hookstest.AdminEmail) + `"}`),
		ExpectedStatus: 200,
		ExpectedContent: []string{`"name_masked":"S•••"`, `"contacted_at":""`,
			`"assigned_to":"` + staffIDFromTemplate(t, hookstest.AdminEmail) + `"`},
		ExpectedEvents: map[string]int{"OnRecordUpdateRequest": 1, "OnRecordUpdate": 1, "OnRecordCreate": 2, "OnRecordEnrich": 1},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			var raw string
			if err := app.DB().NewQuery("SELECT [[to]] FROM lead_events WHERE action = 'notes' AND lead = {:lead}").
				Bind(dbx.Params{"lead": fixtureLeadID}).Row(&raw); err != nil || !leadcrypt.IsSealed(raw) || strings.Contains(raw, "woman") {
				t.Fatalf("the notes change is stored as %q (%v)", raw, err)
			}
			got := strings.Join(eventSummary(t, app, fixtureLeadID), "|")
			if !strings.Contains(got, "notes:>Prefers a woman counsellor.") || !strings.Contains(got, "assigned_to:>"+staffID(t, app, hookstest.AdminEmail)) {
				t.Fatalf("events %v", got)
			}
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:           "reviewer reads the trail of a lead",
		Method:         http.MethodGet,
		URL:            "/api/collections/lead_events/records?filter=" + "lead%3D%22" + fixtureLeadID + "%22&expand=staff",
		Headers:        reviewer,
		BeforeTestFunc: withNotedLead,
		ExpectedStatus: 200,
		ExpectedContent: []string{`"totalItems":1`, `"action":"notes"`, `"to":"Call on Tuesday."`,
			`"staff":"` + staffIDFromTemplate(t, hookstest.AdminEmail) + `"`},
		ExpectedEvents: map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": 2},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:           "admin deletes a lead: the trail stays, stripped",
		Method:         http.MethodDelete,
		URL:            leadsURL + "/" + fixtureLeadID,
		Headers:        admin,
		BeforeTestFunc: withNotedLead,
		ExpectedStatus: 204,
		ExpectedEvents: map[string]int{"OnRecordDeleteRequest": 1, "OnRecordDelete": 1, "OnRecordCreate": 1},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			got := eventSummary(t, app, fixtureLeadID)
			if strings.Join(got, "|") != "notes:>|delete:>" {
				t.Fatalf("events %v", got)
			}
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:            "a superuser cannot edit an event",
		Method:          http.MethodPatch,
		URL:             "/api/collections/lead_events/records/" + fixtureEventID,
		Headers:         auth(t, hookstest.SuperuserEmail),
		BeforeTestFunc:  withNotedLead,
		Body:            strings.NewReader(`{"to":"rewritten"}`),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"data":{}`},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if got := eventSummary(t, app, fixtureLeadID); got[0] != "notes:>Call on Tuesday." {
				t.Fatalf("events %v", got)
			}
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:            "a superuser cannot delete an event",
		Method:          http.MethodDelete,
		URL:             "/api/collections/lead_events/records/" + fixtureEventID,
		Headers:         auth(t, hookstest.SuperuserEmail),
		BeforeTestFunc:  withNotedLead,
		ExpectedStatus:  400,
		ExpectedContent: []string{`"data":{}`},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if got := eventSummary(t, app, fixtureLeadID); len(got) != 1 {
				t.Fatalf("events %v", got)
			}
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:            "an admin cannot write an event",
		Method:          http.MethodPost,
		URL:             "/api/collections/lead_events/records",
		Headers:         admin,
		Body:            strings.NewReader(`{"lead":"` + fixtureLeadID + `","action":"view"}`),
		ExpectedStatus:  403,
		ExpectedContent: []string{`"data":{}`},
		ExpectedEvents:  map[string]int{"*": 0},
		TestAppFactory:  hookstest.Factory,
	}}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// fixtureEventID is the id of the notes event withNotedLead writes.
const fixtureEventID = "leadevent000001"

// withNotedLead stores the fixture lead with one notes event by the admin.
func withNotedLead(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
	withLead(nil)(t, app, e)
	col, err := app.FindCollectionByNameOrId("lead_events")
	if err != nil {
		t.Fatal(err)
	}
	ev := core.NewRecord(col)
	ev.Id = fixtureEventID
	ev.Set("lead", fixtureLeadID)
	ev.Set("staff", staffID(t, app, hookstest.AdminEmail))
	ev.Set("action", "notes")
	ev.Set("to", "Call on Tuesday.")
	if err := app.Save(ev); err != nil {
		t.Fatal(err)
	}
}

// staffIDFromTemplate reads a fixture staff id (the same in every test app).
func staffIDFromTemplate(t testing.TB, email string) string {
	t.Helper()
	return staffID(t, hookstest.New(t), email)
}

func TestLeadEventsRefuseEditsFromGoCode(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	withNotedLead(t, app, nil)
	ev, err := app.FindRecordById("lead_events", fixtureEventID)
	if err != nil {
		t.Fatal(err)
	}
	ev.Set("to", "changed")
	if err := app.Save(ev); err == nil {
		t.Fatal("an event was changed")
	}
	if err := app.Delete(ev); err == nil {
		t.Fatal("an event was deleted")
	}
	// Deleting a staff member empties the relation: the only change allowed.
	admin, err := app.FindAuthRecordByEmail("staff", hookstest.AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Delete(admin); err != nil {
		t.Fatalf("deleting staff with events: %v", err)
	}
	ev, err = app.FindRecordById("lead_events", fixtureEventID)
	if err != nil || ev.GetString("staff") != "" || ev.GetString("to") != "Call on Tuesday." {
		t.Fatalf("event after staff delete: %v %v", ev, err)
	}
}
