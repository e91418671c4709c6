package hooks_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
)

// at parses a UTC time of the queue tests.
func at(t testing.TB, value string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, value)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// clockedFactory is a scenario factory whose apps read the time from a clock showing now.
func clockedFactory(t testing.TB, now string) func(testing.TB) *tests.TestApp {
	return hookstest.FactoryWith(hooks.Options{Now: hookstest.NewClock(at(t, now)).Now})
}

// expectQueued checks the one stored lead's time zone and due time.
func expectQueued(zone, due string) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		lead, err := app.FindRecordById("callback_leads", "queuelead000001")
		if err != nil {
			t.Fatal(err)
		}
		if got := lead.GetString("timezone"); got != zone {
			t.Errorf("timezone %q, want %q", got, zone)
		}
		if got := lead.GetDateTime("due_at").Time(); !got.Equal(at(t, due)) {
			t.Errorf("due_at %s, want %s", got.Format(time.RFC3339), due)
		}
		if lead.GetBool("overdue") || lead.GetString("close_reason") != "" {
			t.Errorf("a new lead is overdue or closed: %v %q", lead.GetBool("overdue"), lead.GetString("close_reason"))
		}
	}
}

func TestLeadDueTimeFollowsTheCallersZone(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, now     string
		body          map[string]any
		zone, dueWant string
	}{
		{"23:30 in London asking for the morning is due at 08:00 London the next day", "2026-01-15T23:30:00Z",
			map[string]any{"timezone": "Europe/London", "preferred_time": "morning"}, "Europe/London", "2026-01-16T08:00:00Z"},
		{"the night the clocks go forward, the morning starts at 08:00 BST", "2026-03-28T23:30:00Z",
			map[string]any{"timezone": "Europe/London", "preferred_time": "morning"}, "Europe/London", "2026-03-29T07:00:00Z"},
		{"the night the clocks go back, the morning starts at 08:00 GMT", "2026-10-24T22:30:00Z",
			map[string]any{"timezone": "Europe/London", "preferred_time": "morning"}, "Europe/London", "2026-10-25T08:00:00Z"},
		{"+1 at 20:00 in New York asking for the evening is due now", "2026-01-16T01:00:00Z",
			map[string]any{"phone": "+1 202 555 0143", "preferred_time": "evening"}, "America/New_York", "2026-01-16T01:00:00Z"},
		{"a +44 number without a zone is in London: afternoon from 12:00 BST", "2026-07-01T10:00:00Z",
			map[string]any{"preferred_time": "afternoon"}, "Europe/London", "2026-07-01T11:00:00Z"},
		{"Sydney at 23:00 asking for the evening is due at 17:00 the next day", "2026-01-15T12:00:00Z",
			map[string]any{"timezone": "Australia/Sydney", "preferred_time": "evening"}, "Australia/Sydney", "2026-01-16T06:00:00Z"},
		{"asap is due now, whatever the hour", "2026-01-15T03:00:00Z",
			map[string]any{"timezone": "Europe/London", "preferred_time": "asap"}, "Europe/London", "2026-01-15T03:00:00Z"},
		{"anytime after 21:00 is due at 08:00 the next day", "2026-01-15T21:00:00Z",
			map[string]any{"timezone": "Europe/London", "preferred_time": "anytime"}, "Europe/London", "2026-01-16T08:00:00Z"},
	}
	for _, c := range cases {
		c.body["id"] = "queuelead000001"
		s := tests.ApiScenario{
			Name:            c.name,
			Method:          http.MethodPost,
			URL:             leadsURL,
			Body:            jsonBody(t, validLead(c.body)),
			ExpectedStatus:  200,
			ExpectedContent: []string{`"id":"queuelead000001"`},
			// Nothing of the queue is echoed: the receipt stays id, preferred time and created.
			NotExpectedContent: []string{`"due_at"`, `"timezone"`, `"overdue"`},
			ExpectedEvents:     leadCreateEvents,
			AfterTestFunc:      expectQueued(c.zone, c.dueWant),
			TestAppFactory:     clockedFactory(t, c.now),
		}
		s.Test(t)
	}
}

func TestLeadWithUnknownZoneIsRefused(t *testing.T) {
	t.Parallel()
	for _, zone := range []string{"Mars/Olympus_Mons", "Local", "../../etc/passwd", "Europe/Lndon"} {
		s := tests.ApiScenario{
			Name:               "timezone " + zone,
			Method:             http.MethodPost,
			URL:                leadsURL,
			Body:               jsonBody(t, validLead(map[string]any{"timezone": zone})),
			ExpectedStatus:     400,
			ExpectedContent:    []string{`"timezone":{"code":"timezone_invalid"`},
			NotExpectedContent: piiFragments,
			ExpectedEvents:     map[string]int{"*": 0, "OnRecordCreateRequest": 1, "OnModelValidate": 1, "OnRecordValidate": 1},
			AfterTestFunc:      expectLeads(0),
			TestAppFactory:     hookstest.Factory,
		}
		s.Test(t)
	}
	s := tests.ApiScenario{
		Name:            "timezone as a number",
		Method:          http.MethodPost,
		URL:             leadsURL,
		Body:            jsonBody(t, validLead(map[string]any{"timezone": 1})),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"timezone":{"code":"type_invalid"`},
		ExpectedEvents:  map[string]int{"*": 0, "OnRecordCreateRequest": 1},
		AfterTestFunc:   expectLeads(0),
		TestAppFactory:  hookstest.Factory,
	}
	s.Test(t)
}
