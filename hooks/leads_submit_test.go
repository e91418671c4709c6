package hooks_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
)

// createEvents are the events of a lead stored through the public create route.
var leadCreateEvents = map[string]int{"OnRecordCreateRequest": 1, "OnRecordCreate": 1, "OnRecordAfterCreateSuccess": 1, "OnRecordEnrich": 1}

func expectLeads(n int) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		if got := countLeads(t, app); got != n {
			t.Fatalf("%d leads stored, want %d", got, n)
		}
	}
}

func TestLeadSubmissionValidation(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 2001)
	cases := []struct {
		name     string
		body     string
		expected []string
	}{
		{"missing consent", mustJSON(t, validLead(map[string]any{"consent": nil})), []string{`"consent":{"code":"consent_required"`}},
		{"false consent", mustJSON(t, validLead(map[string]any{"consent": false})), []string{`"consent":{"code":"consent_required"`}},
		{"missing consent text", mustJSON(t, validLead(map[string]any{"consent_text": nil})), []string{`"consent_text":{"code":"consent_text_required"`}},
		{"unparseable phone", mustJSON(t, validLead(map[string]any{"phone": "call me maybe"})), []string{`"phone":{"code":"phone_invalid"`}},
		{"too short phone", mustJSON(t, validLead(map[string]any{"phone": "0740"})), []string{`"phone":{"code":"phone_invalid"`}},
		{"missing phone", mustJSON(t, validLead(map[string]any{"phone": nil})), []string{`"phone":{"code":"phone_required"`}},
		{"missing name", mustJSON(t, validLead(map[string]any{"name": "  "})), []string{`"name":{"code":"name_required"`}},
		{"oversized name", mustJSON(t, validLead(map[string]any{"name": long[:101]})), []string{`"name":{"code":"name_too_long"`}},
		{"oversized message", mustJSON(t, validLead(map[string]any{"message": long})), []string{`"message":{"code":"message_too_long"`}},
		{"invalid email with consent error", mustJSON(t, validLead(map[string]any{"email": "not-an-email", "consent": false})),
			[]string{`"consent":{"code":"consent_required"`, `"email":{"code":"validation_is_email"`}},
		{"invalid email", mustJSON(t, validLead(map[string]any{"email": "not-an-email"})), []string{`"email":{"code":"validation_is_email"`}},
		{"unknown preferred time", mustJSON(t, validLead(map[string]any{"preferred_time": "midnight"})), []string{`"preferred_time":{"code":"validation_invalid_value"`}},
		{"number as name", mustJSON(t, validLead(map[string]any{"name": 42})), []string{`"name":{"code":"type_invalid"`}},
		{"object as phone", mustJSON(t, validLead(map[string]any{"phone": map[string]any{"n": 1}})), []string{`"phone":{"code":"type_invalid"`}},
		{"text as consent", mustJSON(t, validLead(map[string]any{"consent": "yes please"})), []string{`"consent":{"code":"type_invalid"`}},
		{"number as consent", mustJSON(t, validLead(map[string]any{"consent": 1})), []string{`"consent":{"code":"type_invalid"`}},
		{"malformed JSON", `{"name": "Sam", "phone": `, []string{`"message":"The request body must be a JSON object`}},
		{"JSON array", `[1,2,3]`, []string{`"message":"The request body must be a JSON object`}},
	}
	huge := tests.ApiScenario{
		Name:            "oversized body",
		Method:          http.MethodPost,
		URL:             leadsURL,
		Body:            strings.NewReader(mustJSON(t, validLead(map[string]any{"message": strings.Repeat("x", 70<<10)}))),
		ExpectedStatus:  413,
		ExpectedContent: []string{`"message":"The callback request is too large."`},
		ExpectedEvents:  map[string]int{"*": 0},
		AfterTestFunc:   expectLeads(0),
		TestAppFactory:  hookstest.Factory,
	}
	huge.Test(t)
	for _, c := range cases {
		s := tests.ApiScenario{
			Name:               c.name,
			Method:             http.MethodPost,
			URL:                leadsURL,
			Body:               strings.NewReader(c.body),
			Headers:            map[string]string{"Content-Type": "application/json"},
			ExpectedStatus:     400,
			ExpectedContent:    c.expected,
			NotExpectedContent: []string{"7400123456"},
			AfterTestFunc:      expectLeads(0),
			TestAppFactory:     hookstest.Factory,
		}
		s.Test(t)
	}
}

func TestLeadSubmissionIgnoresPrivilegedFields(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	reviewer, err := app.FindAuthRecordByEmail("staff", hookstest.ReviewerEmail)
	if err != nil {
		t.Fatal(err)
	}
	s := tests.ApiScenario{
		Name:   "privileged fields from the public",
		Method: http.MethodPost,
		URL:    leadsURL,
		Body: jsonBody(t, validLead(map[string]any{"status": "closed", "assigned_to": reviewer.Id,
			"notes": "planted note", "contacted_at": "2024-01-01 10:00:00.000Z"})),
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"preferred_time":"evening"`},
		NotExpectedContent: append([]string{`"status":`, `"assigned_to":`, "planted note"}, piiFragments...),
		ExpectedEvents:     leadCreateEvents,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			all, err := app.FindAllRecords("callback_leads")
			if err != nil || len(all) != 1 {
				t.Fatalf("%d leads, %v", len(all), err)
			}
			lead := all[0]
			if lead.GetString("status") != "new" || lead.GetString("assigned_to") != "" ||
				lead.GetString("notes") != "" || !lead.GetDateTime("contacted_at").IsZero() {
				t.Fatalf("privileged fields kept: %v", lead.FieldsData())
			}
			if lead.GetString("phone") != leadPhone || lead.GetString("name") != leadName || lead.GetString("message") != leadMessage {
				t.Fatalf("submitted fields not stored: %v", lead.FieldsData())
			}
			waitForMail(t, app, 2)
		},
		TestAppFactory: hookstest.Factory,
	}
	s.Test(t)
}

func TestLeadHoneypot(t *testing.T) {
	t.Parallel()
	s := tests.ApiScenario{
		Name:               "filled honeypot",
		Method:             http.MethodPost,
		URL:                leadsURL,
		Body:               jsonBody(t, validLead(map[string]any{"website": "https://spam.example"})),
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"collectionName":"callback_leads"`, `"id":"`, `"preferred_time":"evening"`, `"created":"`},
		NotExpectedContent: piiFragments,
		ExpectedEvents:     map[string]int{"*": 0, "OnRecordCreateRequest": 1, "OnRecordEnrich": 1},
		AfterTestFunc:      expectLeads(0),
		TestAppFactory:     hookstest.Factory,
	}
	s.Test(t)
}

func TestLeadRetryWithSameIDStoresNothingNew(t *testing.T) {
	t.Parallel()
	s := tests.ApiScenario{
		Name:               "retry of a stored lead",
		Method:             http.MethodPost,
		URL:                leadsURL,
		BeforeTestFunc:     withLead(nil),
		Body:               jsonBody(t, validLead(map[string]any{"id": fixtureLeadID, "phone": "+1 202 555 0143"})),
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"id":"` + fixtureLeadID + `"`, `"preferred_time":"evening"`},
		NotExpectedContent: append([]string{`"status":`}, piiFragments...),
		ExpectedEvents:     map[string]int{"*": 0, "OnRecordCreateRequest": 1, "OnModelValidate": 1, "OnRecordValidate": 1, "OnRecordEnrich": 1},
		AfterTestFunc:      expectLeads(1),
		TestAppFactory:     hookstest.Factory,
	}
	s.Test(t)
}

func TestLeadRepeatsAreMerged(t *testing.T) {
	t.Parallel()
	repeat := validLead(map[string]any{"phone": "+44 7400 123 456", "message": "Second message"})
	// Another person on a shared phone, asking for another time: nothing they say is lost.
	sharedPhone := validLead(map[string]any{"phone": "+44 7400 123 456", "name": "Alex",
		"preferred_time": "morning", "message": "Calling for my brother"})
	scenarios := []tests.ApiScenario{{
		Name:               "repeat within ten minutes answers with a receipt of its own, not the open lead",
		Method:             http.MethodPost,
		URL:                leadsURL + "?expand=article",
		BeforeTestFunc:     withLead(nil),
		Body:               jsonBody(t, repeat),
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"preferred_time":"evening"`},
		NotExpectedContent: append([]string{fixtureLeadID, `"expand"`}, piiFragments...),
		ExpectedEvents:     map[string]int{"OnRecordCreateRequest": 1, "OnRecordUpdate": 0, "OnRecordCreate": 2, "OnRecordEnrich": 1},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			expectLeads(1)(t, app, nil)
			lead, err := app.FindRecordById("callback_leads", fixtureLeadID)
			if err != nil {
				t.Fatal(err)
			}
			// The repeat is its own row: the original's words are untouched.
			if msg := lead.GetString("message"); msg != leadMessage {
				t.Fatalf("the open lead's message was edited: %q", msg)
			}
			if rs := leadRepeats(t, app, fixtureLeadID); len(rs) != 1 || rs[0].GetString("message") != "Second message" {
				t.Fatalf("repeats %v", rs)
			}
			evs := leadEvents(t, app, fixtureLeadID)
			if len(evs) != 1 || evs[0].GetString("action") != "merge" {
				t.Fatalf("events %v", evs)
			}
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:               "a repeat from someone else on the same phone keeps their name and time",
		Method:             http.MethodPost,
		URL:                leadsURL,
		BeforeTestFunc:     withLead(nil),
		Body:               jsonBody(t, sharedPhone),
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"preferred_time":"morning"`},
		NotExpectedContent: append([]string{fixtureLeadID}, piiFragments...),
		ExpectedEvents:     map[string]int{"OnRecordCreateRequest": 1, "OnRecordUpdate": 0, "OnRecordCreate": 2, "OnRecordEnrich": 1},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			expectLeads(1)(t, app, nil)
			lead, err := app.FindRecordById("callback_leads", fixtureLeadID)
			if err != nil {
				t.Fatal(err)
			}
			if msg := lead.GetString("message"); msg != leadMessage || lead.GetString("name") != leadName {
				t.Fatalf("the open lead was edited: %q %q", lead.GetString("name"), msg)
			}
			rs := leadRepeats(t, app, fixtureLeadID)
			if len(rs) != 1 || rs[0].GetString("name") != "Alex" || rs[0].GetString("preferred_time") != "morning" ||
				rs[0].GetString("message") != "Calling for my brother" {
				t.Fatalf("repeats %v", rs)
			}
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:   "invalid repeat is refused, not merged",
		Method: http.MethodPost,
		URL:    leadsURL,
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			withLead(nil)(t, app, e)
		},
		Body:            jsonBody(t, validLead(map[string]any{"consent": false, "message": "Second message"})),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"consent":{"code":"consent_required"`},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			lead, err := app.FindRecordById("callback_leads", fixtureLeadID)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(lead.GetString("message"), "Second") {
				t.Fatal("an invalid repeat was merged")
			}
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:   "repeat after ten minutes",
		Method: http.MethodPost,
		URL:    leadsURL,
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			withLead(nil)(t, app, e)
			backdateLead(t, app, fixtureLeadID, 11*time.Minute)
		},
		Body:            jsonBody(t, repeat),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"preferred_time":"evening"`},
		ExpectedEvents:  leadCreateEvents,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			expectLeads(2)(t, app, nil)
			waitForMail(t, app, 2)
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:            "repeat of a closed lead",
		Method:          http.MethodPost,
		URL:             leadsURL,
		BeforeTestFunc:  withClosedLead,
		Body:            jsonBody(t, repeat),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"preferred_time":"evening"`},
		ExpectedEvents:  leadCreateEvents,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			expectLeads(2)(t, app, nil)
			waitForMail(t, app, 2)
		},
		TestAppFactory: hookstest.Factory,
	}}
	for _, s := range scenarios {
		s.Test(t)
	}
}

func withClosedLead(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
	withLead(nil)(t, app, e)
	lead, err := app.FindRecordById("callback_leads", fixtureLeadID)
	if err != nil {
		t.Fatal(err)
	}
	lead.Set("status", "closed")
	lead.Set("close_reason", "reached")
	if err := app.Save(lead); err != nil {
		t.Fatal(err)
	}
}

func TestLeadRateLimitPerIP(t *testing.T) {
	t.Parallel()
	// fill sends five leads from ip (a header value for X-Forwarded-For) through the real router
	// before the scenario's own request, the sixth.
	fill := func(trustProxy bool, ips ...string) func(testing.TB, *tests.TestApp, *core.ServeEvent) {
		return func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			if trustProxy {
				app.Settings().TrustedProxy.Headers = []string{"X-Forwarded-For"}
			}
			mux, err := e.Router.BuildMux()
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 5; i++ {
				req := httptest.NewRequest(http.MethodPost, leadsURL, jsonBody(t, validLead(map[string]any{"phone": fmt.Sprintf("+1 202 555 01%02d", i)})))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", ips[i%len(ips)])
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, req)
				if rec.Code != 200 {
					t.Fatalf("request %d: %d %s", i+1, rec.Code, rec.Body)
				}
			}
			waitForMail(t, app, 10)
		}
	}
	sixth := func(name, ip string, before func(testing.TB, *tests.TestApp, *core.ServeEvent), status, leads int) tests.ApiScenario {
		s := tests.ApiScenario{
			Name:           name,
			Method:         http.MethodPost,
			URL:            leadsURL,
			Headers:        map[string]string{"X-Forwarded-For": ip},
			BeforeTestFunc: before,
			Body:           jsonBody(t, validLead(nil)),
			ExpectedStatus: status,
			AfterTestFunc:  expectLeads(leads),
			TestAppFactory: hookstest.Factory,
		}
		if status == 429 {
			s.ExpectedContent = []string{`"message":"Too many callback requests from your network.`}
			after := s.AfterTestFunc
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
				// The whole window is left to wait: the five went moments ago.
				if ra, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || ra < 590 || ra > 600 {
					t.Errorf("Retry-After %q, want about ten minutes", res.Header.Get("Retry-After"))
				}
				after(t, app, res)
			}
			s.NotExpectedContent = piiFragments
			s.ExpectedEvents = map[string]int{"*": 0, "OnRecordCreateRequest": 1, "OnModelValidate": 1, "OnRecordValidate": 1}
		} else {
			s.ExpectedContent = []string{`"preferred_time":"evening"`}
			s.ExpectedEvents = leadCreateEvents
		}
		return s
	}
	scenarios := []tests.ApiScenario{
		sixth("sixth request from one proxied client", "203.0.113.10", fill(true, "203.0.113.10"), 429, 5),
		sixth("first request from another proxied client", "203.0.113.11", fill(true, "203.0.113.10"), 200, 6),
		// Without a trusted proxy the header is the caller's own words: the socket address counts.
		sixth("spoofed forwarding headers", "198.51.100.6", fill(false, "198.51.100.1", "198.51.100.2", "198.51.100.3"), 429, 5),
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b := new(strings.Builder)
	r := jsonBody(t, v)
	if _, err := r.WriteTo(b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestLeadConcurrentRepeatsMakeOneLead sends the same phone number from eight clients at once:
// the merge runs in one transaction per request, so exactly one lead holds all nine messages.
func TestLeadConcurrentRepeatsMakeOneLead(t *testing.T) {
	t.Parallel()
	s := tests.ApiScenario{
		Name:   "concurrent repeats",
		Method: http.MethodPost,
		URL:    leadsURL,
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			mux, err := e.Router.BuildMux()
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			codes := make([]int, 8)
			for i := range codes {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					req := httptest.NewRequest(http.MethodPost, leadsURL, jsonBody(t, validLead(map[string]any{"message": fmt.Sprintf("message %d", i)})))
					req.Header.Set("Content-Type", "application/json")
					req.RemoteAddr = fmt.Sprintf("198.51.100.%d:5000", i+1)
					rec := httptest.NewRecorder()
					mux.ServeHTTP(rec, req)
					codes[i] = rec.Code
				}(i)
			}
			wg.Wait()
			for i, c := range codes {
				if c != 200 {
					t.Fatalf("request %d answered %d", i, c)
				}
			}
			waitForMail(t, app, 2)
		},
		Body:            jsonBody(t, validLead(map[string]any{"message": "message 8"})),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"preferred_time":"evening"`},
		ExpectedEvents:  map[string]int{"OnRecordCreateRequest": 1, "OnRecordUpdate": 0},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			all, err := app.FindAllRecords("callback_leads")
			if err != nil || len(all) != 1 {
				t.Fatalf("%d leads, %v", len(all), err)
			}
			msgs := []string{all[0].GetString("message")}
			for _, r := range leadRepeats(t, app, all[0].Id) {
				msgs = append(msgs, r.GetString("message"))
			}
			joined := strings.Join(msgs, "|")
			for i := 0; i <= 8; i++ {
				if !strings.Contains(joined, fmt.Sprintf("message %d", i)) || len(msgs) != 9 {
					t.Fatalf("message %d missing from %q", i, joined)
				}
			}
		},
		TestAppFactory: hookstest.Factory,
	}
	s.Test(t)
}

// TestLeadAnswersRevealNothingAboutStoredLeads checks that a stranger who knows a phone number
// or a lead id learns nothing from the answer: invalid input is refused the same way whether
// or not a lead exists, and a repeat's client id makes its own retries idempotent.
func TestLeadAnswersRevealNothingAboutStoredLeads(t *testing.T) {
	t.Parallel()
	badEmailKnownID := validLead(map[string]any{"id": fixtureLeadID, "email": "not-an-email"})
	badArticleRepeat := validLead(map[string]any{"phone": "+44 7400 123 456", "article": "nosucharticle01"})
	repeatWithID := validLead(map[string]any{"id": "clientrepeat001", "phone": "+44 7400 123 456", "message": "Once only"})
	scenarios := []tests.ApiScenario{{
		Name:            "a known id with an invalid email is refused like any invalid lead",
		Method:          http.MethodPost,
		URL:             leadsURL,
		BeforeTestFunc:  withLead(nil),
		Body:            jsonBody(t, badEmailKnownID),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"email":{"code":"validation_is_email"`},
		TestAppFactory:  hookstest.Factory,
	}, {
		Name:            "a repeat with an unknown article is refused like any invalid lead",
		Method:          http.MethodPost,
		URL:             leadsURL,
		BeforeTestFunc:  withLead(nil),
		Body:            jsonBody(t, badArticleRepeat),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"article":{"code":`},
		TestAppFactory:  hookstest.Factory,
	}}
	for _, s := range scenarios {
		s.Test(t)
	}

	// A repeat whose answer the client never saw, sent again with its own id.
	app := hookstest.New(t)
	saveLead(t, app, fixtureLeadID, nil)
	mux := serveMux(t, app)
	for attempt := 1; attempt <= 2; attempt++ {
		req := httptest.NewRequest(http.MethodPost, leadsURL, jsonBody(t, repeatWithID))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"id":"clientrepeat001"`) {
			t.Fatalf("attempt %d: %d %s", attempt, rec.Code, rec.Body)
		}
	}
	expectLeads(1)(t, app, nil)
	lead, err := app.FindRecordById("callback_leads", fixtureLeadID)
	if err != nil {
		t.Fatal(err)
	}
	if rs := leadRepeats(t, app, fixtureLeadID); len(rs) != 1 || rs[0].GetString("message") != "Once only" ||
		strings.Contains(lead.GetString("message"), "Once only") {
		t.Fatalf("the repeat was stored %d times (lead message %q)", len(rs), lead.GetString("message"))
	}
}

// leadRepeats returns the repeat submissions stored for lead id, oldest first.
func leadRepeats(t testing.TB, app core.App, id string) []*core.Record {
	t.Helper()
	rs, err := app.FindRecordsByFilter("lead_repeats", "lead = {:lead}", "created", 0, 0, dbx.Params{"lead": id})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
