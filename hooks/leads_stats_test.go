package hooks_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
)

// statsNow is the clock of the statistics tests.
const statsNow = "2026-01-31T12:00:00Z"

// withStatsLeads stores a crafted set of leads: created at known times, first contacted
// after known waits (by a call attempt, a status event or contacted_at), due at known times.
func withStatsLeads(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
	now := at(t, statsNow)
	day := 24 * time.Hour
	type lead struct {
		id, status string
		age        time.Duration // before now
		due        time.Duration // after created
		attempt    time.Duration // after created; 0 none
		moved      time.Duration // status event from new, after created; 0 none
		contacted  time.Duration // contacted_at, after created; 0 none
	}
	set := []lead{
		{id: "statslead00000a", status: "new", age: day, due: 0, attempt: 5 * time.Minute},
		{id: "statslead00000b", status: "contacted", age: 2 * day, contacted: 10 * time.Minute},
		{id: "statslead00000c", status: "contacted", age: 3 * day, attempt: 20 * time.Minute, moved: 2 * time.Minute},
		{id: "statslead00000d", status: "new", age: 5 * day, due: 5*day + time.Hour},
		{id: "statslead00000e", status: "closed", age: 10 * day, attempt: time.Hour},
		{id: "statslead00000f", status: "scheduled", age: 20 * day, attempt: 30 * time.Minute},
		{id: "statslead00000g", status: "spam", age: day, moved: time.Minute},
		{id: "statslead00000h", status: "new", age: 40 * day, attempt: time.Minute},
	}
	for i, l := range set {
		saveLead(t, app, l.id, map[string]any{"phone": fmt.Sprintf("+4474001234%02d", 10+i)})
		created := now.Add(-l.age)
		fields := dbx.Params{"status": l.status, "created": created, "due_at": created.Add(l.due)}
		if l.contacted > 0 {
			fields["contacted_at"] = created.Add(l.contacted)
		}
		setLeadTimes(t, app, l.id, fields)
		if l.attempt > 0 {
			addAttempt(t, app, l.id, created.Add(l.attempt))
		}
		if l.moved > 0 {
			addStatusEvent(t, app, l.id, created.Add(l.moved))
		}
	}
	waitForMail(t, app, 2*len(set))
	app.TestMailer.Reset()
}

// addStatusEvent records a move from new at when.
func addStatusEvent(t testing.TB, app core.App, lead string, when time.Time) {
	t.Helper()
	saveBackdated(t, app, "lead_events", map[string]any{"lead": lead, "action": "status", "from": "new", "to": "contacted"}, "created", when)
}

func TestLeadStats(t *testing.T) {
	t.Parallel()
	for _, r := range roles {
		works := r.name == "reviewer" || r.name == "admin" || r.name == "superuser"
		status := map[string]int{"guest": 401, "outsider": 403, "editor": 403}[r.name]
		s := tests.ApiScenario{
			Name:            r.name + " reads the queue's statistics",
			Method:          http.MethodGet,
			URL:             "/api/cms/leads/stats",
			Headers:         r.headers(t),
			BeforeTestFunc:  withStatsLeads,
			ExpectedStatus:  status,
			ExpectedContent: []string{`"data":{}`},
			ExpectedEvents:  map[string]int{"*": 0},
			TestAppFactory:  clockedFactory(t, statsNow),
		}
		if works {
			s.ExpectedStatus = 200
			// 7 days: waits 2, 5 and 10 min of 4 leads (spam left out); 30 days adds 30 and 60
			// min of 6. Nearest rank: median of 3 is the 2nd, p90 the 3rd; of 5 the 3rd and the 5th.
			s.ExpectedContent = []string{
				`"by_status":{"closed":1,"contacted":2,"new":3,"scheduled":1,"spam":1}`,
				`"past_due":2`, `"sla_minutes":15`,
				`"last_7_days":{"leads":4,"contacted":3,"median_seconds":300,"p90_seconds":600}`,
				`"last_30_days":{"leads":6,"contacted":5,"median_seconds":600,"p90_seconds":3600}`,
			}
			s.NotExpectedContent = piiFragments
		}
		s.Test(t)
	}
}

func TestLeadInboxIsOrderedByDueTime(t *testing.T) {
	t.Parallel()
	s := tests.ApiScenario{
		Name:    "the inbox sorted by due time, with zone and overdue flag",
		Method:  http.MethodGet,
		URL:     leadsURL + "?sort=due_at&filter=status%3D%22new%22",
		Headers: auth(t, hookstest.ReviewerEmail),
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			// Submitted at 10:00 London: evening is due at 17:00, morning tomorrow, asap now.
			saveLead(t, app, "inboxevening001", map[string]any{"phone": "+447400123401", "preferred_time": "evening", "timezone": "Europe/London"})
			saveLead(t, app, "inboxmorning001", map[string]any{"phone": "+447400123402", "preferred_time": "morning", "timezone": "America/New_York"})
			saveLead(t, app, "inboxasap000001", map[string]any{"phone": "+447400123403", "preferred_time": "asap", "timezone": "Europe/London"})
			waitForMail(t, app, 6)
			app.TestMailer.Reset()
		},
		ExpectedStatus: 200,
		ExpectedContent: []string{`"totalItems":3`, `"timezone":"America/New_York"`, `"due_at":"2026-01-15 13:00:00.000Z"`,
			`"overdue":false`},
		NotExpectedContent: piiFragments,
		ExpectedEvents:     map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": 3},
		AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
			body, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			asap, morning, evening := strings.Index(string(body), `"inboxasap000001"`),
				strings.Index(string(body), `"inboxmorning001"`), strings.Index(string(body), `"inboxevening001"`)
			if asap < 0 || !(asap < morning && morning < evening) {
				t.Fatalf("order asap %d, morning %d, evening %d:\n%s", asap, morning, evening, body)
			}
		},
		TestAppFactory: clockedFactory(t, "2026-01-15T10:00:00Z"),
	}
	s.Test(t)
}
