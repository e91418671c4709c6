package hooks_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/callbackform"
	"recoverycms/internal/leads"
)

// forgedFlags are server-owned lead fields a client tries to set.
var forgedFlags = map[string]any{"consent_version": 7, "consent_hash": "forged", "consent_at": "2020-01-01 00:00:00.000Z",
	"consent_unmatched": false, "urgent": true, "do_not_contact": true, "opted_out_at": "2020-01-01 00:00:00.000Z",
	"previously_opted_out": true}

// onlyLead returns the one stored lead.
func onlyLead(t testing.TB, app core.App) *core.Record {
	t.Helper()
	all, err := app.FindAllRecords(leads.LeadsCollection)
	if err != nil || len(all) != 1 {
		t.Fatalf("%d leads, %v", len(all), err)
	}
	return all[0]
}

// TestLeadConsentLedger: a lead records the version and hash of the consent wording it was
// shown (the site form's wording is version 1) and when; a wording that matches no active
// version is stored and flagged; nothing of it comes from the client.
func TestLeadConsentLedger(t *testing.T) {
	t.Parallel()
	withForged := func(text string) map[string]any {
		body := validLead(map[string]any{"consent_text": text})
		for k, v := range forgedFlags {
			body[k] = v
		}
		return body
	}
	scenarios := []tests.ApiScenario{{
		Name:               "the form's wording is version 1",
		Method:             http.MethodPost,
		URL:                leadsURL,
		Body:               jsonBody(t, withForged(callbackform.ConsentText)),
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"urgent":false`},
		NotExpectedContent: append([]string{`"consent_`, `"do_not_contact"`, "forged"}, piiFragments...),
		ExpectedEvents:     leadCreateEvents,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			l := onlyLead(t, app)
			if l.GetInt("consent_version") != 1 || l.GetString("consent_hash") != leads.ConsentHash(callbackform.ConsentText) ||
				l.GetBool("consent_unmatched") || l.GetBool("urgent") || l.GetBool("do_not_contact") ||
				!l.GetDateTime("opted_out_at").IsZero() || l.GetBool("previously_opted_out") {
				t.Fatalf("ledger fields: %v", l.FieldsData())
			}
			if at := l.GetDateTime("consent_at").Time(); time.Since(at) > time.Minute || time.Since(at) < 0 {
				t.Fatalf("consent_at %v", at)
			}
			waitForMail(t, app, 2)
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:            "an unknown wording is stored and flagged",
		Method:          http.MethodPost,
		URL:             leadsURL,
		Body:            jsonBody(t, withForged("Call me, whatever.")),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"urgent":false`},
		ExpectedEvents:  leadCreateEvents,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			l := onlyLead(t, app)
			if l.GetInt("consent_version") != 0 || !l.GetBool("consent_unmatched") ||
				l.GetString("consent_hash") != leads.ConsentHash("Call me, whatever.") || l.GetString("consent_text") != "Call me, whatever." {
				t.Fatalf("ledger fields: %v", l.FieldsData())
			}
			waitForMail(t, app, 2)
		},
		TestAppFactory: hookstest.Factory,
	}, {
		Name:   "an inactive version no longer matches",
		Method: http.MethodPost,
		URL:    leadsURL,
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			v1, err := app.FindFirstRecordByData(leads.ConsentTextsCollection, "version", 1)
			if err != nil {
				t.Fatal(err)
			}
			v1.Set("active", false)
			if err := app.Save(v1); err != nil {
				t.Fatal(err)
			}
		},
		Body:            jsonBody(t, validLead(map[string]any{"consent_text": callbackform.ConsentText})),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"preferred_time":"evening"`},
		ExpectedEvents:  leadCreateEvents,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if l := onlyLead(t, app); !l.GetBool("consent_unmatched") || l.GetInt("consent_version") != 0 {
				t.Fatalf("ledger fields: %v", l.FieldsData())
			}
			waitForMail(t, app, 2)
		},
		TestAppFactory: hookstest.Factory,
	}}
	for _, r := range roles {
		if r.name != "reviewer" && r.name != "superuser" {
			continue
		}
		scenarios = append(scenarios, tests.ApiScenario{
			Name:            r.name + " cannot change the server-owned fields",
			Method:          http.MethodPatch,
			URL:             leadsURL + "/" + fixtureLeadID,
			Headers:         r.headers(t),
			BeforeTestFunc:  withLead(map[string]any{"consent_text": callbackform.ConsentText}),
			Body:            jsonBody(t, forgedFlags),
			ExpectedStatus:  200,
			ExpectedContent: []string{`"consent_version":1`, `"urgent":false`, `"do_not_contact":false`},
			ExpectedEvents:  map[string]int{"OnRecordUpdateRequest": 1, "OnRecordUpdate": 1, "OnRecordAfterUpdateSuccess": 1, "OnRecordEnrich": 1},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				l := onlyLead(t, app)
				if l.GetInt("consent_version") != 1 || l.GetString("consent_hash") != leads.ConsentHash(callbackform.ConsentText) ||
					l.GetBool("urgent") || l.GetBool("do_not_contact") || l.GetBool("previously_opted_out") {
					t.Fatalf("flags changed by an update: %v", l.FieldsData())
				}
			},
			TestAppFactory: hookstest.Factory,
		})
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// TestConsentTextsByRole: every staff member reads the consent wordings, only admins (and
// superusers) add or change them, nobody but superusers deletes one, the hash is the
// server's and a saved wording never changes.
func TestConsentTextsByRole(t *testing.T) {
	t.Parallel()
	const url = "/api/collections/consent_texts/records"
	v1 := func(t testing.TB) string {
		app := hookstest.New(t)
		r, err := app.FindFirstRecordByData(leads.ConsentTextsCollection, "version", 1)
		if err != nil {
			t.Fatal(err)
		}
		return r.Id
	}(t)
	for _, r := range roles {
		headers := r.headers(t)
		admin := r.name == "admin" || r.name == "superuser"
		scenarios := []tests.ApiScenario{{
			Name:            r.name + " lists consent texts",
			Method:          http.MethodGet,
			URL:             url,
			Headers:         headers,
			ExpectedStatus:  200,
			ExpectedContent: []string{pick(r.isStaff, `"hash":"`+leads.ConsentHash(callbackform.ConsentText)+`"`, `"totalItems":0`)},
			ExpectedEvents: pickEvents(r.isStaff, map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": 1},
				map[string]int{"*": 0, "OnRecordsListRequest": 1}),
			TestAppFactory: hookstest.Factory,
		}, {
			Name:            r.name + " adds a version",
			Method:          http.MethodPost,
			URL:             url,
			Headers:         headers,
			Body:            strings.NewReader(`{"version":2,"text":"You may call me back.","hash":"forged","active":true}`),
			ExpectedStatus:  pick(admin, 200, 400),
			ExpectedContent: []string{pick(admin, `"hash":"`+leads.ConsentHash("You may call me back.")+`"`, `"data":{}`)},
			ExpectedEvents: pickEvents(admin, map[string]int{"OnRecordCreateRequest": 1, "OnRecordCreate": 1,
				"OnRecordAfterCreateSuccess": 1, "OnRecordEnrich": 1}, map[string]int{"*": 0}),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if n := countRecords(t, app, leads.ConsentTextsCollection, "1=1", nil); n != pick(admin, 2, 1) {
					t.Fatalf("%d consent texts", n)
				}
			},
			TestAppFactory: hookstest.Factory,
		}, {
			Name:            r.name + " switches a version off",
			Method:          http.MethodPatch,
			URL:             url + "/" + v1,
			Headers:         headers,
			Body:            strings.NewReader(`{"active":false}`),
			ExpectedStatus:  pick(admin, 200, 404),
			ExpectedContent: []string{pick(admin, `"active":false`, `"data":{}`)},
			ExpectedEvents: pickEvents(admin, map[string]int{"OnRecordUpdateRequest": 1, "OnRecordUpdate": 1,
				"OnRecordAfterUpdateSuccess": 1, "OnRecordEnrich": 1}, map[string]int{"*": 0}),
			TestAppFactory: hookstest.Factory,
		}, {
			Name:            r.name + " deletes a version",
			Method:          http.MethodDelete,
			URL:             url + "/" + v1,
			Headers:         headers,
			ExpectedStatus:  pick(r.name == "superuser", 204, 403),
			ExpectedContent: pick(r.name == "superuser", nil, []string{`"data":{}`}),
			ExpectedEvents: pickEvents(r.name == "superuser", map[string]int{"OnRecordDeleteRequest": 1, "OnRecordDelete": 1,
				"OnRecordAfterDeleteSuccess": 1}, map[string]int{"*": 0}),
			TestAppFactory: hookstest.Factory,
		}}
		for _, s := range scenarios {
			s.Test(t)
		}
	}
	immutable := tests.ApiScenario{
		Name:            "a saved wording cannot change",
		Method:          http.MethodPatch,
		URL:             url + "/" + v1,
		Headers:         auth(t, hookstest.AdminEmail),
		Body:            strings.NewReader(`{"text":"Something else."}`),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"text":{"code":"consent_text_immutable"`},
		TestAppFactory:  hookstest.Factory,
	}
	immutable.Test(t)
}
