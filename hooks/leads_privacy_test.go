package hooks_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/leads"
)

func TestLeadEraseEndpoint(t *testing.T) {
	t.Parallel()
	body := `{"phone":"` + leadPhoneLocal + `"}`
	scenarios := []tests.ApiScenario{{
		Name:            "admin erases by phone",
		Method:          http.MethodPost,
		URL:             "/api/cms/leads/erase",
		Headers:         auth(t, hookstest.AdminEmail),
		BeforeTestFunc:  withNotedLead,
		Body:            strings.NewReader(body),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"erased":1`, `"ids":["` + fixtureLeadID + `"]`},
		ExpectedEvents:  map[string]int{"OnRecordDelete": 1, "OnRecordCreate": 1},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			expectLeads(0)(t, app, nil)
			got := strings.Join(eventSummary(t, app, fixtureLeadID), "|")
			if got != "notes:>|erase:>" {
				t.Fatalf("trail %s", got)
			}
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:            "reviewer may not erase",
		Method:          http.MethodPost,
		URL:             "/api/cms/leads/erase",
		Headers:         auth(t, hookstest.ReviewerEmail),
		BeforeTestFunc:  withLead(nil),
		Body:            strings.NewReader(body),
		ExpectedStatus:  403,
		ExpectedContent: []string{`"data":{}`},
		ExpectedEvents:  map[string]int{"*": 0},
		AfterTestFunc:   expectLeads(1),
		TestAppFactory:  hookstest.Factory,
	}, {
		Name:            "guest may not erase",
		Method:          http.MethodPost,
		URL:             "/api/cms/leads/erase",
		BeforeTestFunc:  withLead(nil),
		Body:            strings.NewReader(body),
		ExpectedStatus:  401,
		ExpectedContent: []string{`"data":{}`},
		ExpectedEvents:  map[string]int{"*": 0},
		AfterTestFunc:   expectLeads(1),
		TestAppFactory:  hookstest.Factory,
	}, {
		Name:            "invalid phone",
		Method:          http.MethodPost,
		URL:             "/api/cms/leads/erase",
		Headers:         auth(t, hookstest.SuperuserEmail),
		Body:            strings.NewReader(`{"phone":"nope"}`),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"phone":{"code":"phone_invalid"`},
		ExpectedEvents:  map[string]int{"*": 0},
		TestAppFactory:  hookstest.Factory,
	}}
	for _, s := range scenarios {
		s.Test(t)
	}
}

func TestLeadRetentionJobIsScheduledAndPurges(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lead := saveLead(t, app, "", nil)
	lead.Set("status", "spam")
	if err := app.Save(lead); err != nil {
		t.Fatal(err)
	}
	backdateLead(t, app, lead.Id, 91*24*time.Hour)
	var ran bool
	for _, job := range app.Cron().Jobs() {
		if job.Id() == "rcmsLeadRetention" {
			if job.Expression() != "30 3 * * *" {
				t.Fatalf("schedule %q", job.Expression())
			}
			job.Run()
			ran = true
		}
	}
	if !ran {
		t.Fatal("no retention job")
	}
	if n := countLeads(t, app); n != 0 {
		t.Fatalf("%d leads left", n)
	}
	if got := eventSummary(t, app, lead.Id); len(got) != 1 || got[0] != "purge:>" {
		t.Fatalf("trail %v", got)
	}
}

// TestRequestLogsKeepNoIPForThePublic sends a real lead submission through the router with request
// logging on, flushes the log writer and checks the stored entry.
func TestRequestLogsKeepNoIPForThePublic(t *testing.T) {
	t.Parallel()
	var app *tests.TestApp
	s := tests.ApiScenario{
		Name:    "logged lead submission",
		Method:  http.MethodPost,
		URL:     leadsURL,
		Headers: map[string]string{"X-Forwarded-For": "203.0.113.77"},
		Body:    jsonBody(t, validLead(map[string]any{"consent": false})),
		BeforeTestFunc: func(t testing.TB, a *tests.TestApp, _ *core.ServeEvent) {
			app = a
			a.Settings().Logs.MaxDays = 7
			a.Settings().Logs.LogIP = true
			a.Settings().TrustedProxy.Headers = []string{"X-Forwarded-For"}
		},
		ExpectedStatus:        400,
		ExpectedContent:       []string{`"consent":{"code":"consent_required"`},
		TestAppFactory:        hookstest.Factory,
		DisableTestAppCleanup: true,
	}
	s.Test(t)
	defer app.Cleanup()

	// A staff request keeps its IP (the control that lets the check fail); an anonymous reader's
	// request keeps neither IP nor referring page nor browser.
	app.Logger().Info("GET /api/collections/articles/records", "type", "request", "auth", "staff",
		"url", "/api/collections/articles/records", "method", "GET", "userIP", "203.0.113.78", "remoteIP", "192.0.2.1")
	app.Logger().Info("GET /api/cms/search?q=ketamine", "type", "request", "auth", "",
		"url", "/api/cms/search?q=ketamine", "method", "GET", "userIP", "203.0.113.79", "remoteIP", "192.0.2.1",
		"referer", "https://example.org/articles/how-to-beat-ketamine-addiction", "userAgent", "Reader/1.0")

	var logs []*core.Log
	deadline := time.Now().Add(10 * time.Second)
	for len(logs) < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("%d request logs written", len(logs))
		}
		time.Sleep(20 * time.Millisecond)
		// Trigger the logger's flush (it also runs on shutdown).
		_ = app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error { return nil })
		logs = nil
		if err := app.AuxModelQuery(&core.Log{}).Where(dbx.NewExp("json_extract(data, '$.type') = 'request'")).All(&logs); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range logs {
		raw, _ := json.Marshal(l.Data)
		isStaff := l.Data["auth"] == "staff"
		identifying := strings.Contains(string(raw), "203.0.113.7") || strings.Contains(string(raw), "192.0.2.1") ||
			strings.Contains(string(raw), "Reader/1.0") || strings.Contains(string(raw), "example.org/articles")
		if isStaff != identifying {
			t.Fatalf("staff request %v, identifying fields kept %v: %s", isStaff, identifying, raw)
		}
	}
}

// TestLeadRealtimeReachesReviewersOnly subscribes one realtime client per role to
// callback_leads and lead_events and creates a lead: only reviewer, admin and superuser
// clients may hear of it.
func TestLeadRealtimeReachesReviewersOnly(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	if _, err := apis.NewRouter(app); err != nil { // binds the realtime broadcast hooks
		t.Fatal(err)
	}
	clients := map[string]subscriptions.Client{}
	for _, r := range roles {
		c := subscriptions.NewDefaultClient()
		c.Subscribe("callback_leads/*", "callback_leads", "lead_events/*")
		if r.email != "" {
			var rec *core.Record
			for _, col := range []string{"staff", core.CollectionNameSuperusers, hookstest.OutsiderCollect} {
				if found, err := app.FindAuthRecordByEmail(col, r.email); err == nil {
					rec = found
				}
			}
			c.Set(apis.RealtimeClientAuthKey, rec)
		}
		app.SubscriptionsBroker().Register(c)
		clients[r.name] = c
	}

	lead := saveLead(t, app, "", nil)
	lead.Set("status", "contacted")
	if err := app.Save(lead); err != nil {
		t.Fatal(err)
	}

	received := func(c subscriptions.Client, wait time.Duration) []string {
		var got []string
		for _, m := range receive(c, wait) {
			got = append(got, m.Name+" "+string(m.Data))
		}
		return got
	}
	for _, name := range []string{"reviewer", "admin", "superuser"} {
		got := received(clients[name], 2*time.Second)
		// Realtime events are not audited: they carry the masked inbox row, never the number.
		all := strings.Join(got, "\n")
		if len(got) < 2 || !strings.Contains(all, `"phone_last3":"456"`) || strings.Contains(all, leadPhone) ||
			strings.Contains(all, `"name":"`) || strings.Contains(all, `"message":"`) {
			t.Fatalf("%s received %v", name, got)
		}
	}
	// The reviewers' messages have arrived, so any broadcast to the others has been sent too.
	for _, name := range []string{"guest", "outsider", "editor"} {
		if got := received(clients[name], 200*time.Millisecond); len(got) != 0 {
			t.Fatalf("%s received %v", name, got)
		}
	}
	waitForMail(t, app, 2)
}

// TestLeadsCannotBeProbedFromOtherCollections tries the filters another collection's API
// offers (back-relations and @collection joins) to test whether a phone number or name is
// among the leads. The query gate refuses each one before it runs (a relation into leads
// for callers who do not read leads in full), so each probe fails the same way whether or
// not the lead exists.
func TestLeadsCannotBeProbedFromOtherCollections(t *testing.T) {
	t.Parallel()
	q := url.QueryEscape
	editor := auth(t, hookstest.EditorEmail)
	probes := []struct {
		name, path string
		headers    map[string]string
		param      string
	}{
		{"guest @collection join on phone", "/api/collections/articles/records?filter=" + q(`@collection.callback_leads.phone="`+leadPhone+`"`), nil, "filter"},
		{"guest back-relation from articles", "/api/collections/articles/records?filter=" + q(`callback_leads_via_article.name~"Sam"`), nil, "filter"},
		{"guest sort by joined phone", "/api/collections/articles/records?sort=" + q(`@collection.callback_leads.phone`), nil, "sort"},
		{"editor back-relation from staff", "/api/collections/staff/records?filter=" + q(`callback_leads_via_assigned_to.phone="`+leadPhone+`"`), editor, "filter"},
		{"editor back-relation to the trail", "/api/collections/staff/records?filter=" + q(`lead_events_via_staff.action="view"`), editor, "filter"},
		{"editor @collection join on notes", "/api/collections/staff/records?filter=" + q(`@collection.lead_events.to~"Tuesday"`), editor, "filter"},
		{"editor @collection join on message", "/api/collections/articles/records?filter=" + q(`@collection.callback_leads.message~"work"`), editor, "filter"},
	}
	for _, p := range probes {
		s := tests.ApiScenario{
			Name:               p.name,
			Method:             http.MethodGet,
			URL:                p.path,
			Headers:            p.headers,
			BeforeTestFunc:     withNotedLead,
			ExpectedStatus:     400,
			ExpectedContent:    []string{`"data":{"` + p.param + `":{"code":"relation_not_allowed"`},
			NotExpectedContent: []string{`"items"`},
			ExpectedEvents:     map[string]int{"*": 0},
			TestAppFactory:     hookstest.Factory,
		}
		s.Test(t)
	}
}

// TestRequestLogPrivacyReadsThePathAsTheRouterDoes: encoded, case-changed and dotted forms of
// the lead routes are lead requests too, and a lead request's query string is never kept.
func TestRequestLogPrivacyReadsThePathAsTheRouterDoes(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	col, err := app.FindCollectionByNameOrId("callback_leads")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{
		"/api/collections/callback%5Fleads/records",
		"/api/collections/callback%5fleads/records?name=Sam+Example&phone=07400123456",
		"/api/collections/CALLBACK_LEADS/records",
		"/api/collections/callback%255Fleads/records",
		"/api/collections/lead%5Fevents/records",
		"/api/collections/articles/../callback_leads/records",
		"/api/collections/" + col.Id + "/records?phone=07400123456",
		"/api/cms/leads/export.csv?phone=%2B447400123456",
		"/API/CMS/LEADS/erase",
	} {
		for _, auth := range []string{"", "staff", core.CollectionNameSuperusers} {
			data := map[string]any{"url": u, "auth": auth, "userIP": "203.0.113.5", "remoteIP": "192.0.2.9",
				"userAgent": "Reader/1.0", "referer": "https://example.org/x"}
			leads.ScrubRequestLog(app, data)
			raw, _ := json.Marshal(data)
			for _, leak := range []string{"203.0.113.5", "192.0.2.9", "Reader/1.0", "example.org", "07400123456", "Sam", "447400123456"} {
				if strings.Contains(string(raw), leak) {
					t.Errorf("auth %q, url %s: log keeps %s: %s", auth, u, leak, raw)
				}
			}
		}
	}
	// The control: a staff request elsewhere keeps its IP and its query.
	data := map[string]any{"url": "/api/collections/articles/records?filter=x", "auth": "staff", "userIP": "203.0.113.5"}
	leads.ScrubRequestLog(app, data)
	if data["userIP"] != "203.0.113.5" || data["url"] != "/api/collections/articles/records?filter=x" {
		t.Fatalf("staff article request scrubbed: %v", data)
	}
}

// TestLeadAnswersAreNeverStored: every answer about leads says Cache-Control: no-store,
// whatever the form of the path; other answers keep their caching.
func TestLeadAnswersAreNeverStored(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	mux := hookstest.Router(t, app)
	lead := saveLead(t, app, "", nil)
	reviewer := hookstest.Token(t, app, hookstest.ReviewerEmail)
	for _, path := range []string{
		"/api/collections/callback_leads/records",
		"/api/collections/callback%5Fleads/records",
		"/api/collections/callback_leads/records/" + lead.Id,
		"/api/collections/lead_events/records",
		"/api/cms/leads/export.csv",
	} {
		rec := send(mux, http.MethodGet, path, reviewer, "")
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("reviewer GET %s: %d, Cache-Control %q", path, rec.Code, rec.Header().Get("Cache-Control"))
		}
	}
	body, _ := json.Marshal(validLead(nil))
	if rec := send(mux, http.MethodPost, leadsURL, "", string(body)); rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("public submission: %d, Cache-Control %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
	if rec := send(mux, http.MethodGet, "/api/collections/articles/records", "", ""); rec.Header().Get("Cache-Control") == "no-store" {
		t.Errorf("articles marked no-store")
	}
}

// TestLeadPersonalDataOnlyWhereAudited: reviewers and admins see a lead's personal fields in
// the single view (which writes a view event) and nowhere else: lists, a filter on its id and
// expands from lead_events carry the masked inbox row.
func TestLeadPersonalDataOnlyWhereAudited(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	mux := hookstest.Router(t, app)
	lead := saveLead(t, app, "", nil)
	if err := leads.RecordEvent(app, lead.Id, leads.Actor{Name: "test"}, leads.ActionStatus, "new", "new"); err != nil {
		t.Fatal(err)
	}
	get := func(path, token string) string {
		rec := send(mux, http.MethodGet, path, token, "")
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
		}
		return rec.Body.String()
	}
	for _, email := range []string{hookstest.ReviewerEmail, hookstest.AdminEmail} {
		token := hookstest.Token(t, app, email)
		views := func() int {
			n, err := app.CountRecords("lead_events", dbx.HashExp{"lead": lead.Id, "action": leads.ActionView})
			if err != nil {
				t.Fatal(err)
			}
			return int(n)
		}
		before := views()
		for _, path := range []string{
			"/api/collections/callback_leads/records",
			"/api/collections/callback_leads/records?filter=" + url.QueryEscape(`id="`+lead.Id+`"`),
			"/api/collections/lead_events/records?expand=lead",
		} {
			body := get(path, token)
			listed := !strings.Contains(path, "expand=") // the expand may carry the row or nothing
			if listed && (!strings.Contains(body, `"phone_last3":"456"`) || !strings.Contains(body, `"name_masked":"S•••"`)) {
				t.Errorf("%s GET %s lacks the masked row: %s", email, path, body)
			}
			for _, pii := range piiFragments {
				if strings.Contains(body, pii) {
					t.Errorf("%s GET %s shows %s unaudited: %s", email, path, pii, body)
				}
			}
		}
		if views() != before {
			t.Errorf("%s: lists were recorded as views", email)
		}
		body := get("/api/collections/callback_leads/records/"+lead.Id, token)
		if !strings.Contains(body, `"phone":"`+leadPhone+`"`) {
			t.Errorf("%s single view lacks the phone: %s", email, body)
		}
		if views() != before+1 {
			t.Errorf("%s: the single view was not recorded", email)
		}
	}
}

// TestRepeatsShowOnlyInTheAuditedView: a repeat from the same number is its own row, shown
// with its own words in the single view of the lead and nowhere in lists.
func TestRepeatsShowOnlyInTheAuditedView(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	mux := hookstest.Router(t, app)
	lead := saveLead(t, app, "", nil)
	repeat, err := json.Marshal(validLead(map[string]any{"name": "Robin Repeat", "message": "Not the first words"}))
	if err != nil {
		t.Fatal(err)
	}
	rec := send(mux, http.MethodPost, leadsURL, "", string(repeat))
	if rec.Code != http.StatusOK {
		t.Fatalf("repeat: %d %s", rec.Code, rec.Body.String())
	}
	reviewer := hookstest.Token(t, app, hookstest.ReviewerEmail)
	get := func(path string) string { return send(mux, http.MethodGet, path, reviewer, "").Body.String() }
	view := get("/api/collections/callback_leads/records/" + lead.Id)
	if !strings.Contains(view, `"repeats":[{`) || !strings.Contains(view, `"name":"Robin Repeat"`) ||
		!strings.Contains(view, `"message":"Not the first words"`) || !strings.Contains(view, `"message":"`+leadMessage+`"`) {
		t.Fatalf("single view: %s", view)
	}
	if list := get("/api/collections/callback_leads/records"); strings.Contains(list, "Robin") || strings.Contains(list, "repeats") {
		t.Fatalf("list shows the repeat: %s", list)
	}
	if direct := get("/api/collections/lead_repeats/records"); strings.Contains(direct, "Robin") {
		t.Fatalf("lead_repeats readable by a reviewer: %s", direct)
	}
	guest := send(mux, http.MethodGet, "/api/collections/lead_repeats/records", "", "")
	if strings.Contains(guest.Body.String(), "Robin") {
		t.Fatalf("lead_repeats readable by a guest: %s", guest.Body.String())
	}
}
