package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/leads"
)

// TestReviewerWorksTheQueue walks a reviewer through an urgent lead, an overdue one and a
// normal one: the urgent lead first, the overdue one marked; assign, log a call, close (a
// reason is required), opt the normal one out; the queue's figures follow.
func TestReviewerWorksTheQueue(t *testing.T) {
	s := serve(t)
	postLead(t, s.URL, "Una Urgent", "+447400123111", "I want to die tonight")
	postLead(t, s.URL, "Nia Normal", "+447400123222", "Please call after work")
	postLead(t, s.URL, "Olu Overdue", "+447400123333", "Any time is fine")
	// The third has waited: due an hour ago, then the minute's SLA sweep runs.
	overdue, err := s.App.FindAllRecords(leads.LeadsCollection, leads.PhoneMatch("+447400123333"))
	if err != nil || len(overdue) != 1 {
		t.Fatalf("%d overdue leads, %v", len(overdue), err)
	}
	if _, err := s.App.DB().NewQuery("UPDATE callback_leads SET due_at = {:at} WHERE id = {:id}").
		Bind(map[string]any{"at": time.Now().Add(-time.Hour).UTC().Format("2006-01-02 15:04:05.000Z"), "id": overdue[0].Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	for _, j := range s.App.Cron().Jobs() {
		if j.Id() == "rcmsLeadSLA" {
			j.Run()
		}
	}

	b := newBrowser(t, s.URL)
	b.signIn(hookstest.ReviewerEmail)
	b.do("open the inbox", chromedp.Navigate(s.URL+"/admin/#/leads"), chromedp.WaitVisible(chromedp.CSS("#leads-table")))
	b.waitText("#leads-table tbody tr:first-child", "Urgent")
	b.waitText("#leads-table", "overdue")
	b.waitText("#lead-stats", "New 3")
	b.waitText("#lead-stats", "1 past due")
	b.checkA11y("the queue with urgent and overdue leads")

	// The urgent lead: assign to me, log the call, close it (first without a reason).
	b.click(`#leads-table tbody tr:first-child a`)
	b.waitText("main h1", "Una Urgent")
	eval[bool](b, "assign to me", `([...document.querySelectorAll("button")].find(x => x.textContent === "Assign to me").click(), true)`)
	b.click(`form[aria-labelledby="work-title"] button[type="submit"]`)
	b.waitText("#events-title + table", "assigned")
	eval[bool](b, "outcome", `(document.getElementById("a-outcome").value = "reached", true)`)
	b.typeInto("#a-notes", "Talked it through; safe for tonight.")
	b.click(`form[aria-labelledby="attempt-title"] button[type="submit"]`)
	b.waitText("#events-title + table", "Talked it through")
	eval[bool](b, "close", `(() => { const s = document.getElementById("d-status"); s.value = "closed"; s.dispatchEvent(new Event("change")); return true; })()`)
	b.click(`form[aria-labelledby="work-title"] button[type="submit"]`)
	waitNonEmpty(b, "#d-close_reason-error")
	eval[bool](b, "reason", `(document.getElementById("d-close_reason").value = "reached", true)`)
	b.click(`form[aria-labelledby="work-title"] button[type="submit"]`)
	b.waitText("main dl.facts", "Closed")
	b.checkA11y("a closed urgent lead")

	// The normal lead: opted out.
	b.do("back to the inbox", chromedp.Navigate(s.URL+"/admin/#/leads?status="), chromedp.WaitVisible(chromedp.CSS("#leads-table")))
	b.do("all statuses", chromedp.Navigate(s.URL+"/admin/#/leads"), chromedp.WaitVisible(chromedp.CSS("#leads-table")))
	eval[bool](b, "open the normal lead", `([...document.querySelectorAll("#leads-table a")].find(a => a.textContent.includes("222")).click(), true)`)
	b.waitText("main h1", "Nia Normal")
	eval[bool](b, "accept the confirmation", `(window.confirm = () => true, true)`)
	b.click("#opt-out")
	b.waitText("main", "Do not contact:")

	b.do("the figures", chromedp.Navigate(s.URL+"/admin/#/articles"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	b.do("the inbox again", chromedp.Navigate(s.URL+"/admin/#/leads"), chromedp.WaitVisible(chromedp.CSS("#lead-stats")))
	b.waitText("#lead-stats", "closed 1")
	b.waitText("#lead-stats", "New 2")

	urgent, _ := s.App.FindAllRecords(leads.LeadsCollection, leads.PhoneMatch("+447400123111"))
	reviewer, _ := s.App.FindAuthRecordByEmail("staff", hookstest.ReviewerEmail)
	if len(urgent) != 1 || urgent[0].GetString("status") != "closed" || urgent[0].GetString("close_reason") != "reached" ||
		urgent[0].GetString("assigned_to") != reviewer.Id || !urgent[0].GetBool("urgent") {
		t.Errorf("the urgent lead: %v", urgent)
	}
	if n, _ := s.App.CountRecords(leads.AttemptsCollection); n != 1 {
		t.Errorf("%d call attempts", n)
	}
	normal, _ := s.App.FindAllRecords(leads.LeadsCollection, leads.PhoneMatch("+447400123222"))
	if len(normal) != 1 || !normal[0].GetBool("do_not_contact") || strings.TrimSpace(normal[0].GetString("opted_out_at")) == "" {
		t.Errorf("the normal lead: %v", normal)
	}
}
