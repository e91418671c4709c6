package hooks_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/leads"
	"recoverycms/internal/siteconfig"
)

const crisisMessage = "I can’t go on, please ring tonight"

// helpFragment is the start of the help every answer to a submission carries.
var helpFragment = `"help":{"advice":"`

// TestLeadAnswerCarriesHelpByRole: whoever submits, the answer carries the emergency
// contacts, urgent and a more prominent wording when the message reads as a crisis, and
// nothing the person typed.
func TestLeadAnswerCarriesHelpByRole(t *testing.T) {
	t.Parallel()
	for _, r := range roles {
		for _, urgent := range []bool{false, true} {
			message := pick(urgent, crisisMessage, "I have an overdue bill")
			s := tests.ApiScenario{
				Name:           r.name + " submits, urgent " + pick(urgent, "yes", "no"),
				Method:         http.MethodPost,
				URL:            leadsURL,
				Headers:        r.headers(t),
				Body:           jsonBody(t, validLead(map[string]any{"message": message})),
				ExpectedStatus: 200,
				ExpectedContent: []string{helpFragment, `"emergency":"` + siteconfig.DefaultEmergencyText + `"`,
					pick(urgent, `"urgent":true`, `"urgent":false`), pick(urgent, `"prominent":true`, `"prominent":false`)},
				// Superusers see every field, as PocketBase always lets them.
				NotExpectedContent: pick(r.name == "superuser", nil, []string{message, "7400123456"}),
				ExpectedEvents:     leadCreateEvents,
				AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
					if l := onlyLead(t, app); l.GetBool("urgent") != urgent {
						t.Fatalf("stored urgent %v", l.GetBool("urgent"))
					}
					waitForMail(t, app, pick(urgent, 4, 2))
				},
				TestAppFactory: hookstest.Factory,
			}
			s.Test(t)
		}
	}
}

// TestLeadAnswersWithoutANewLeadCarryHelp: a honeypot hit, a retry and a repeat are
// answered like a new lead, help and urgent included.
func TestLeadAnswersWithoutANewLeadCarryHelp(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	mux := serveMux(t, app)
	saveLead(t, app, fixtureLeadID, nil)
	for name, body := range map[string]map[string]any{
		"honeypot": validLead(map[string]any{"phone": "+447400999888", "message": crisisMessage, "website": "x"}),
		"retry":    validLead(map[string]any{"id": fixtureLeadID, "message": crisisMessage}),
		"repeat":   validLead(map[string]any{"message": crisisMessage}),
	} {
		rec := send(mux, http.MethodPost, leadsURL, "", mustJSON(t, body))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), helpFragment) || !strings.Contains(rec.Body.String(), `"urgent":true`) {
			t.Errorf("%s: %d %s", name, rec.Code, rec.Body)
		}
	}
}

// TestUrgentLeadNotifiesOnCallStaff: an urgent lead's notice goes, after the commit, to the
// staff on call (reviewers and admins when nobody is), with no personal data; the ordinary
// notification still goes to every reviewer and admin.
func TestUrgentLeadNotifiesOnCallStaff(t *testing.T) {
	t.Parallel()
	for _, onCall := range []bool{true, false} {
		s := tests.ApiScenario{
			Name:   pick(onCall, "a reviewer on call", "nobody on call"),
			Method: http.MethodPost,
			URL:    leadsURL,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				if onCall {
					reviewer, err := app.FindAuthRecordByEmail("staff", hookstest.ReviewerEmail)
					if err != nil {
						t.Fatal(err)
					}
					reviewer.Set("on_call", true)
					if err := app.Save(reviewer); err != nil {
						t.Fatal(err)
					}
				}
				app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
					if e.Message.Subject == leads.UrgentSubject {
						// Sent after the commit: the lead is visible outside its transaction.
						if _, err := app.FindRecordById(leads.LeadsCollection, "urgentlead00001"); err != nil {
							t.Errorf("urgent notice before the lead committed: %v", err)
						}
					}
					return e.Next()
				})
			},
			Body:            jsonBody(t, validLead(map[string]any{"id": "urgentlead00001", "message": "Honestly I want to die"})),
			ExpectedStatus:  200,
			ExpectedContent: []string{`"urgent":true`},
			ExpectedEvents:  leadCreateEvents,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				want := pick(onCall, 3, 4)
				waitForMail(t, app, want)
				for _, m := range app.TestMailer.Messages() {
					body := m.Subject + m.Text + m.HTML
					for _, pii := range []string{"7400", leadName, "sam@example.org", "want to die", "Sam", "evening"} {
						if m.Subject == leads.UrgentSubject && strings.Contains(body, pii) {
							t.Fatalf("urgent notice contains %q:\n%s", pii, body)
						}
					}
					if m.Subject == leads.UrgentSubject && !strings.Contains(m.Text, "/admin/#/leads/urgentlead00001") {
						t.Fatalf("urgent notice text:\n%s", m.Text)
					}
				}
				if got := recipientsOf(app, leads.UrgentSubject); got != pick(onCall, hookstest.ReviewerEmail, hookstest.AdminEmail+","+hookstest.ReviewerEmail) {
					t.Fatalf("urgent notice to %s", got)
				}
			},
			TestAppFactory: hookstest.Factory,
		}
		s.Test(t)
	}
}

// TestUrgentRepeatFlagsTheOpenLead: a crisis written in a repeat marks the open lead urgent
// and sends the urgent notice.
func TestUrgentRepeatFlagsTheOpenLead(t *testing.T) {
	t.Parallel()
	s := tests.ApiScenario{
		Name:            "urgent repeat",
		Method:          http.MethodPost,
		URL:             leadsURL,
		BeforeTestFunc:  withLead(nil),
		Body:            jsonBody(t, validLead(map[string]any{"message": "I took an overdose"})),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"urgent":true`},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if l := onlyLead(t, app); !l.GetBool("urgent") || len(leadRepeats(t, app, l.Id)) != 1 {
				t.Fatalf("open lead after an urgent repeat: %v", l.FieldsData())
			}
			waitForMail(t, app, 2)
			for _, m := range app.TestMailer.Messages() {
				if m.Subject != leads.UrgentSubject {
					t.Fatalf("a repeat sent %q", m.Subject)
				}
			}
		},
		TestAppFactory: hookstest.Factory,
	}
	s.Test(t)
}

// TestCrisisPhrasesAreConfigurable: RCMS_CRISIS_PHRASES replaces the seed list.
func TestCrisisPhrasesAreConfigurable(t *testing.T) {
	t.Parallel()
	cfg := leads.DefaultConfig()
	cfg.CrisisPhrases = []string{"no way out"}
	app := hookstest.NewWithOptions(t, hooks.Options{Leads: &cfg})
	mux := serveMux(t, app)
	for phone, c := range map[string]struct {
		message string
		urgent  bool
	}{"+447400111222": {"I see no way out", true}, "+447400333444": {"I feel suicidal", false}} {
		rec := send(mux, http.MethodPost, leadsURL, "", mustJSON(t, validLead(map[string]any{"message": c.message, "phone": phone})))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), pick(c.urgent, `"urgent":true`, `"urgent":false`)) {
			t.Errorf("%q: %d %s", c.message, rec.Code, rec.Body)
		}
	}
}

// recipientsOf lists, sorted and comma-separated, who got the sent messages with subject.
func recipientsOf(app *tests.TestApp, subject string) string {
	var to []string
	for _, m := range app.TestMailer.Messages() {
		if m.Subject == subject {
			for _, a := range m.To {
				to = append(to, a.Address)
			}
		}
	}
	sort.Strings(to)
	return strings.Join(to, ",")
}
