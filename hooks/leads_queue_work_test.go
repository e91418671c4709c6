package hooks_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
)

// runSLASweep runs the app's SLA cron job now.
func runSLASweep(t testing.TB, app core.App) {
	t.Helper()
	for _, j := range app.Cron().Jobs() {
		if j.Id() == "rcmsLeadSLA" {
			j.Run()
			return
		}
	}
	t.Fatal("no SLA job")
}

// setLeadTimes writes a lead's stored times directly (the save hooks own them).
func setLeadTimes(t testing.TB, app core.App, id string, fields dbx.Params) {
	t.Helper()
	for k, v := range fields {
		if tm, ok := v.(time.Time); ok {
			fields[k] = tm.UTC().Format("2006-01-02 15:04:05.000Z")
		}
	}
	if _, err := app.DB().Update("callback_leads", fields, dbx.HashExp{"id": id}).Execute(); err != nil {
		t.Fatal(err)
	}
}

func TestOverdueLeadsAreMarkedAndAnnouncedOnce(t *testing.T) {
	t.Parallel()
	clock := hookstest.NewClock(at(t, "2026-01-15T10:00:00Z"))
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clock.Now})
	saveLead(t, app, fixtureLeadID, map[string]any{"preferred_time": "asap", "timezone": "Europe/London"})
	saveLead(t, app, "queueevening001", map[string]any{"phone": "+447400123457", "preferred_time": "evening", "timezone": "Europe/London"})
	waitForMail(t, app, 4)
	app.TestMailer.Reset()
	overdue := func(id string) bool {
		lead, err := app.FindRecordById("callback_leads", id)
		if err != nil {
			t.Fatal(err)
		}
		return lead.GetBool("overdue")
	}

	clock.Advance(14 * time.Minute)
	runSLASweep(t, app)
	time.Sleep(100 * time.Millisecond)
	if app.TestMailer.TotalSend() != 0 || overdue(fixtureLeadID) {
		t.Fatal("a lead was overdue within the SLA")
	}

	clock.Advance(2 * time.Minute)
	runSLASweep(t, app)
	waitForMail(t, app, 2)
	if !overdue(fixtureLeadID) || overdue("queueevening001") {
		t.Fatalf("overdue flags: asap %v, evening %v", overdue(fixtureLeadID), overdue("queueevening001"))
	}
	for _, m := range app.TestMailer.Messages() {
		body := m.Subject + m.Text + m.HTML
		for _, pii := range []string{"7400", leadName, "sam@example.org", leadMessage, "Sam"} {
			if strings.Contains(body, pii) {
				t.Fatalf("overdue notice contains %q:\n%s", pii, body)
			}
		}
		if m.Subject != "A callback request is overdue" || !strings.Contains(m.Text, "more than 15 minutes") ||
			!strings.Contains(m.Text, "/admin/#/leads/"+fixtureLeadID) {
			t.Fatalf("overdue notice:\n%s\n%s", m.Subject, m.Text)
		}
	}

	// Sweeping again announces nothing more and records nothing more.
	runSLASweep(t, app)
	time.Sleep(200 * time.Millisecond)
	if n := app.TestMailer.TotalSend(); n != 2 {
		t.Fatalf("%d messages after a second sweep, want 2", n)
	}
	if got := strings.Join(eventSummary(t, app, fixtureLeadID), "|"); got != "overdue:>" {
		t.Fatalf("events %q", got)
	}

	// The flag cannot be set by hand and goes once someone takes the lead.
	lead, err := app.FindRecordById("callback_leads", "queueevening001")
	if err != nil {
		t.Fatal(err)
	}
	lead.Set("overdue", true)
	if err := app.Save(lead); err != nil || overdue("queueevening001") {
		t.Fatalf("overdue set by hand: %v", err)
	}
	lead, err = app.FindRecordById("callback_leads", fixtureLeadID)
	if err != nil {
		t.Fatal(err)
	}
	lead.Set("assigned_to", staffID(t, app, hookstest.ReviewerEmail))
	if err := app.Save(lead); err != nil || overdue(fixtureLeadID) {
		t.Fatalf("still overdue once assigned: %v", err)
	}
}

func TestClosingALeadNeedsAReason(t *testing.T) {
	t.Parallel()
	reviewer := auth(t, hookstest.ReviewerEmail)
	unchanged := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		lead, err := app.FindRecordById("callback_leads", fixtureLeadID)
		if err != nil {
			t.Fatal(err)
		}
		if lead.GetString("status") != "new" || lead.GetString("notes") != "" || lead.GetString("close_reason") != "" {
			t.Fatalf("lead changed: %q %q %q", lead.GetString("status"), lead.GetString("notes"), lead.GetString("close_reason"))
		}
		if got := eventSummary(t, app, fixtureLeadID); len(got) != 0 {
			t.Fatalf("events %v", got)
		}
	}
	scenarios := []tests.ApiScenario{{
		Name:            "closing without a reason is refused and changes nothing",
		Method:          http.MethodPatch,
		URL:             leadsURL + "/" + fixtureLeadID,
		Headers:         reviewer,
		BeforeTestFunc:  withLead(nil),
		Body:            strings.NewReader(`{"status":"closed","notes":"Called."}`),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"close_reason":{"code":"close_reason_required"`},
		ExpectedEvents: map[string]int{"*": 0, "OnRecordUpdateRequest": 1, "OnModelUpdate": 1, "OnRecordUpdate": 1,
			"OnModelAfterUpdateError": 1, "OnRecordAfterUpdateError": 1},
		AfterTestFunc:  unchanged,
		TestAppFactory: hookstest.Factory,
	}, {
		Name:            "an unknown reason is refused",
		Method:          http.MethodPatch,
		URL:             leadsURL + "/" + fixtureLeadID,
		Headers:         reviewer,
		BeforeTestFunc:  withLead(nil),
		Body:            strings.NewReader(`{"status":"closed","close_reason":"bored"}`),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"close_reason":{"code":"validation_invalid_value"`},
		AfterTestFunc:   unchanged,
		TestAppFactory:  hookstest.Factory,
	}, {
		Name:            "closing with a reason is recorded",
		Method:          http.MethodPatch,
		URL:             leadsURL + "/" + fixtureLeadID,
		Headers:         reviewer,
		BeforeTestFunc:  withLead(nil),
		Body:            strings.NewReader(`{"status":"closed","close_reason":"no_answer"}`),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"status":"closed"`, `"close_reason":"no_answer"`},
		ExpectedEvents:  map[string]int{"OnRecordUpdateRequest": 1, "OnRecordUpdate": 1, "OnRecordCreate": 2, "OnRecordEnrich": 1},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			got := strings.Join(eventSummary(t, app, fixtureLeadID), "|")
			if !strings.Contains(got, "status:new>closed") || !strings.Contains(got, "close_reason:>no_answer") {
				t.Fatalf("events %v", got)
			}
		},
		TestAppFactory: hookstest.Factory,
	}}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// addAttempt stores a call attempt on lead made at when.
func addAttempt(t testing.TB, app core.App, lead string, when time.Time) {
	t.Helper()
	saveBackdated(t, app, "call_attempts", map[string]any{"lead": lead, "outcome": "no_answer", "notes": "Rang, no voicemail."}, "at", when)
}

// saveBackdated saves a record of collection with fields through every hook, then writes its
// timeField as when directly (the save hooks stamp their own clock).
func saveBackdated(t testing.TB, app core.App, collection string, fields map[string]any, timeField string, when time.Time) {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	for k, v := range fields {
		r.Set(k, v)
	}
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	stamp := dbx.Params{timeField: when.UTC().Format("2006-01-02 15:04:05.000Z")}
	if _, err := app.DB().Update(collection, stamp, dbx.HashExp{"id": r.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
}

func TestCallAttemptsByRole(t *testing.T) {
	t.Parallel()
	now := "2026-01-15T10:00:00Z"
	reviewerID := staffIDFromTemplate(t, hookstest.ReviewerEmail)
	editorID := staffIDFromTemplate(t, hookstest.EditorEmail)
	withAttempt := func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		withLead(nil)(t, app, e)
		addAttempt(t, app, fixtureLeadID, at(t, now))
	}
	for _, r := range roles {
		headers := r.headers(t)
		works := r.name == "reviewer" || r.name == "admin" || r.name == "superuser"
		status := map[string]int{"guest": 401, "outsider": 403, "editor": 403}[r.name]
		if works {
			status = 200
		}
		log := tests.ApiScenario{
			Name:           r.name + " logs a call attempt",
			Method:         http.MethodPost,
			URL:            "/api/cms/leads/" + fixtureLeadID + "/attempts",
			Headers:        headers,
			BeforeTestFunc: withLead(nil),
			// staff and at are the server's, whatever is sent.
			Body:            jsonBody(t, map[string]any{"outcome": "voicemail", "notes": "Left a message.", "staff": editorID, "at": "2000-01-01 00:00:00.000Z"}),
			ExpectedStatus:  status,
			ExpectedContent: []string{pick(works, `"outcome":"voicemail"`, `"data":{}`)},
			ExpectedEvents:  pickEvents(works, map[string]int{"*": 0, "OnModelCreate": 2, "OnModelCreateExecute": 2, "OnModelAfterCreateSuccess": 2, "OnModelValidate": 2, "OnRecordCreate": 2, "OnRecordCreateExecute": 2, "OnRecordAfterCreateSuccess": 2, "OnRecordValidate": 2}, map[string]int{"*": 0}),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				attempts, err := app.FindAllRecords("call_attempts", dbx.HashExp{"lead": fixtureLeadID})
				if err != nil {
					t.Fatal(err)
				}
				if !works {
					if len(attempts) != 0 {
						t.Fatal("an attempt was stored")
					}
					return
				}
				a := attempts[0]
				wantStaff := map[string]string{"reviewer": reviewerID, "admin": staffID(t, app, hookstest.AdminEmail), "superuser": ""}[r.name]
				if len(attempts) != 1 || a.GetString("staff") != wantStaff || !a.GetDateTime("at").Time().Equal(at(t, now)) || a.GetString("notes") != "Left a message." {
					t.Fatalf("attempt %v", a)
				}
				if got := strings.Join(eventSummary(t, app, fixtureLeadID), "|"); got != "attempt:>voicemail" {
					t.Fatalf("events %q", got)
				}
			},
			TestAppFactory: clockedFactory(t, now),
		}
		reads := r.name == "reviewer" || r.name == "admin" || r.name == "superuser"
		list := tests.ApiScenario{
			Name:            r.name + " lists a lead's call attempts",
			Method:          http.MethodGet,
			URL:             "/api/collections/call_attempts/records?filter=lead%3D%22" + fixtureLeadID + "%22",
			Headers:         headers,
			BeforeTestFunc:  withAttempt,
			ExpectedStatus:  200,
			ExpectedContent: []string{fmt.Sprintf(`"totalItems":%d`, map[bool]int{true: 1, false: 0}[reads])},
			ExpectedEvents:  map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": map[bool]int{true: 1, false: 0}[reads]},
			TestAppFactory:  clockedFactory(t, now),
		}
		if reads {
			list.ExpectedContent = append(list.ExpectedContent, `"notes":"Rang, no voicemail."`, `"outcome":"no_answer"`)
		}
		log.Test(t)
		list.Test(t)
	}
	scenarios := []tests.ApiScenario{{
		Name:            "an admin cannot create an attempt through the records API",
		Method:          http.MethodPost,
		URL:             "/api/collections/call_attempts/records",
		Headers:         auth(t, hookstest.AdminEmail),
		BeforeTestFunc:  withLead(nil),
		Body:            jsonBody(t, map[string]any{"lead": fixtureLeadID, "outcome": "busy"}),
		ExpectedStatus:  403,
		ExpectedContent: []string{`"data":{}`},
		ExpectedEvents:  map[string]int{"*": 0},
		TestAppFactory:  hookstest.Factory,
	}, {
		Name:            "an attempt on a missing lead is 404",
		Method:          http.MethodPost,
		URL:             "/api/cms/leads/nosuchlead00000/attempts",
		Headers:         auth(t, hookstest.ReviewerEmail),
		Body:            jsonBody(t, map[string]any{"outcome": "busy"}),
		ExpectedStatus:  404,
		ExpectedContent: []string{`"data":{}`},
		ExpectedEvents:  map[string]int{"*": 0},
		TestAppFactory:  hookstest.Factory,
	}, {
		Name:            "an unknown outcome is refused",
		Method:          http.MethodPost,
		URL:             "/api/cms/leads/" + fixtureLeadID + "/attempts",
		Headers:         auth(t, hookstest.ReviewerEmail),
		BeforeTestFunc:  withLead(nil),
		Body:            jsonBody(t, map[string]any{"outcome": "maybe"}),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"outcome":{"code":"validation_invalid_value"`},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if n := countRecords(t, app, "call_attempts", "1=1", nil); n != 0 || len(eventSummary(t, app, fixtureLeadID)) != 0 {
				t.Fatal("a refused attempt left a trace")
			}
		},
		TestAppFactory: hookstest.Factory,
	}}
	for _, s := range scenarios {
		s.Test(t)
	}
}
