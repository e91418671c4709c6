package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/leads"
)

const (
	optOutURL       = "/api/cms/leads/opt-out"
	secondLeadID    = "leadfixture0002"
	otherNumberLead = "leadfixture0003"
)

// withNumberLeads stores two leads of the fixture number (one closed) and one of another.
func withNumberLeads(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
	withLead(nil)(t, app, e)
	saveLead(t, app, secondLeadID, map[string]any{"status": "closed"})
	saveLead(t, app, otherNumberLead, map[string]any{"phone": "+447400999888"})
	waitForMail(t, app, 4)
	app.TestMailer.Reset()
}

// expectOptedOut checks which fixture leads are do-not-contact, each with one opt_out event.
func expectOptedOut(want bool) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		for _, id := range []string{fixtureLeadID, secondLeadID} {
			l, err := app.FindRecordById(leads.LeadsCollection, id)
			if err != nil {
				t.Fatal(err)
			}
			events := countRecords(t, app, leads.EventsCollection, "lead = {:id} AND action = 'opt_out'", dbx.Params{"id": id})
			if l.GetBool("do_not_contact") != want || l.GetDateTime("opted_out_at").IsZero() == want || events != pick(want, 1, 0) {
				t.Fatalf("lead %s: do_not_contact %v, opted_out_at %v, %d events", id, l.GetBool("do_not_contact"), l.GetDateTime("opted_out_at"), events)
			}
		}
		other, err := app.FindRecordById(leads.LeadsCollection, otherNumberLead)
		if err != nil || other.GetBool("do_not_contact") || len(leadEvents(t, app, otherNumberLead)) != 0 {
			t.Fatalf("another number's lead was touched: %v %v", other, err)
		}
	}
}

// TestLeadOptOutByRole: reviewers and admins (and superusers) mark every lead of a number
// do-not-contact, by phone or by one of its leads, audited; everyone else is refused.
func TestLeadOptOutByRole(t *testing.T) {
	t.Parallel()
	optOutEvents := map[string]int{"OnRecordUpdate": 2, "OnRecordAfterUpdateSuccess": 2, "OnRecordCreate": 2, "OnRecordAfterCreateSuccess": 2}
	for _, r := range roles {
		allowed := r.name == "reviewer" || r.name == "admin" || r.name == "superuser"
		status := exportStatus(r)
		for _, body := range []string{`{"phone":"` + leadPhoneLocal + `"}`, `{"lead":"` + secondLeadID + `"}`} {
			s := tests.ApiScenario{
				Name:               r.name + " opts out " + body,
				Method:             http.MethodPost,
				URL:                optOutURL,
				Headers:            r.headers(t),
				BeforeTestFunc:     withNumberLeads,
				Body:               strings.NewReader(body),
				ExpectedStatus:     status,
				ExpectedContent:    []string{pick(allowed, `"opted_out":2`, `"data":{}`)},
				NotExpectedContent: []string{"7400123456"},
				ExpectedEvents:     pickEvents(allowed, optOutEvents, map[string]int{"*": 0}),
				AfterTestFunc:      expectOptedOut(allowed),
				TestAppFactory:     hookstest.Factory,
			}
			s.Test(t)
		}
	}
}

// TestLeadOptOutRefusals: an unknown number or lead and a bad number are field errors and
// change nothing; the number is never echoed.
func TestLeadOptOutRefusals(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		body, expected string
		status         int
	}{
		"unknown number": {`{"phone":"07400 111222"}`, `"phone":{"code":"phone_unknown"`, 404},
		"unknown lead":   {`{"lead":"nosuchlead00001"}`, `"lead":{"code":"lead_unknown"`, 404},
		"bad number":     {`{"phone":"12"}`, `"phone":{"code":"phone_invalid"`, 400},
		"no number":      {`{}`, `"phone":{"code":"phone_required"`, 400},
	}
	for name, c := range cases {
		s := tests.ApiScenario{
			Name:               name,
			Method:             http.MethodPost,
			URL:                optOutURL,
			Headers:            auth(t, hookstest.ReviewerEmail),
			BeforeTestFunc:     withNumberLeads,
			Body:               strings.NewReader(c.body),
			ExpectedStatus:     c.status,
			ExpectedContent:    []string{c.expected},
			NotExpectedContent: []string{"7400111222", "7400123456"},
			ExpectedEvents:     map[string]int{"*": 0},
			AfterTestFunc:      expectOptedOut(false),
			TestAppFactory:     hookstest.Factory,
		}
		s.Test(t)
	}
}

// TestLeadOptOutCommand: `leads opt-out --phone` marks the number's leads (recorded as the
// cli) without printing the number; an unknown number fails and changes nothing.
func TestLeadOptOutCommand(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	withNumberLeads(t, app, nil)
	if out, err := run(t, app, "opt-out", "--phone", "07400 111222"); err == nil || strings.Contains(out+err.Error(), "7400111222") {
		t.Fatalf("unknown number: %q %v", out, err)
	}
	expectOptedOut(false)(t, app, nil)
	out, err := run(t, app, "opt-out", "--phone", "+44 7400 123456")
	if err != nil || !strings.Contains(out, "marked 2 lead(s) do-not-contact") || strings.Contains(out, "7400123456") {
		t.Fatalf("opt-out: %q %v", out, err)
	}
	expectOptedOut(true)(t, app, nil)
	if n := countRecords(t, app, leads.EventsCollection, "action = 'opt_out' AND actor = 'cli'", nil); n != 2 {
		t.Fatalf("%d cli opt-out events", n)
	}
	if out, err := run(t, app, "opt-out", "--phone", "07400123456"); err != nil || !strings.Contains(out, "marked 2") {
		t.Fatalf("second opt-out: %q %v", out, err)
	}
	if n := countRecords(t, app, leads.EventsCollection, "action = 'opt_out'", nil); n != 2 {
		t.Fatalf("a second opt-out recorded again: %d events", n)
	}
}

// TestLeadAfterOptOutIsAcceptedAndFlagged: a later request from an opted-out number is a new
// lead (not merged into the opted-out one), answered as usual, flagged previously_opted_out
// for reviewers, and its audited view carries the opt-out history.
func TestLeadAfterOptOutIsAcceptedAndFlagged(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	mux := serveMux(t, app)
	withNumberLeads(t, app, nil)
	reviewer := hookstest.Token(t, app, hookstest.ReviewerEmail)
	if rec := send(mux, http.MethodPost, optOutURL, reviewer, `{"phone":"`+leadPhone+`"}`); rec.Code != 200 {
		t.Fatalf("opt-out: %d %s", rec.Code, rec.Body)
	}
	rec := send(mux, http.MethodPost, leadsURL, "", mustJSON(t, validLead(map[string]any{"id": "afteroptout0001"})))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"id":"afteroptout0001"`) || strings.Contains(rec.Body.String(), "opted") {
		t.Fatalf("submission after opt-out: %d %s", rec.Code, rec.Body)
	}
	l, err := app.FindRecordById(leads.LeadsCollection, "afteroptout0001")
	if err != nil || !l.GetBool("previously_opted_out") || l.GetBool("do_not_contact") {
		t.Fatalf("new lead after opt-out: %v %v", l, err)
	}
	if rec := send(mux, http.MethodGet, leadsURL+"?filter=previously_opted_out%3Dtrue", reviewer, ""); !strings.Contains(rec.Body.String(), `"totalItems":1`) {
		t.Fatalf("reviewer inbox: %s", rec.Body)
	}
	rec = send(mux, http.MethodGet, leadsURL+"/afteroptout0001", reviewer, "")
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, `"previously_opted_out":true`) || !strings.Contains(body, `"opt_out_history":[{`) ||
		!strings.Contains(body, `"lead":"`+fixtureLeadID+`"`) || !strings.Contains(body, `"lead":"`+secondLeadID+`"`) {
		t.Fatalf("audited view: %d %s", rec.Code, body)
	}
}
