package hooks_test

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
)

func TestLeadNotificationsCarryNoPersonalData(t *testing.T) {
	t.Parallel()
	s := tests.ApiScenario{
		Name:            "new lead notifies reviewers and admins",
		Method:          http.MethodPost,
		URL:             leadsURL,
		Body:            jsonBody(t, validLead(map[string]any{"id": "notifylead00001"})),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"id":"notifylead00001"`},
		ExpectedEvents:  leadCreateEvents,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			waitForMail(t, app, 2)
			var to []string
			for _, m := range app.TestMailer.Messages() {
				if len(m.To) != 1 {
					t.Fatalf("one recipient per message, got %v", m.To)
				}
				to = append(to, m.To[0].Address)
				body := m.Subject + m.Text + m.HTML
				for _, pii := range []string{"7400", leadName, "sam@example.org", leadMessage, "Sam"} {
					if strings.Contains(body, pii) {
						t.Fatalf("notification contains %q:\n%s", pii, body)
					}
				}
				if !strings.Contains(m.Text, "in the evening") || !strings.Contains(m.Text, "/admin/#/leads/notifylead00001") {
					t.Fatalf("notification text:\n%s", m.Text)
				}
			}
			sort.Strings(to)
			if strings.Join(to, ",") != hookstest.AdminEmail+","+hookstest.ReviewerEmail {
				t.Fatalf("recipients %v", to)
			}
		},
		TestAppFactory: hookstest.Factory,
	}
	s.Test(t)
}

func TestLeadSurvivesFailingMailer(t *testing.T) {
	t.Parallel()
	s := tests.ApiScenario{
		Name:   "mailer down",
		Method: http.MethodPost,
		URL:    leadsURL,
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
				return errors.New("smtp: connection refused")
			})
		},
		Body:            jsonBody(t, validLead(nil)),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"preferred_time":"evening"`},
		ExpectedEvents:  leadCreateEvents,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			expectLeads(1)(t, app, nil)
			if app.TestMailer.TotalSend() != 0 {
				t.Fatal("a message went out through a failing mailer")
			}
		},
		TestAppFactory: hookstest.Factory,
	}
	s.Test(t)
}
