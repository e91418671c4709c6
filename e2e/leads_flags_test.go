package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"recoverycms/internal/leads"
	"testing"

	"github.com/chromedp/chromedp"

	"recoverycms/hooks/hookstest"
)

// postLead submits a lead through the public API.
func postLead(t *testing.T, url, name, phone, message string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"name": name, "phone": phone, "message": message,
		"consent": true, "consent_text": "I agree to be called."})
	res, err := http.Post(url+"/api/collections/callback_leads/records", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("lead submission answered %d", res.StatusCode)
	}
}

// TestUrgentLeadFirstAndOptOut: an urgent lead tops the inbox with an "Urgent" badge in words
// even when newer leads arrived; its detail explains the flags, and the opt-out button
// (after a confirmation) marks the number do-not-contact.
func TestUrgentLeadFirstAndOptOut(t *testing.T) {
	s := serve(t)
	postLead(t, s.URL, "Una Urgent", "+447400123111", "I feel suicidal")
	postLead(t, s.URL, "Nia Newer", "+447400123222", "Please call after work")
	b := newBrowser(t, s.URL)
	b.signIn(hookstest.ReviewerEmail)
	b.do("open the inbox", chromedp.Navigate(s.URL+"/admin/#/leads"), chromedp.WaitVisible(chromedp.CSS("#leads-table")))
	b.waitText("#leads-table tbody tr:first-child", "Urgent")
	b.waitText("#leads-table tbody tr:first-child", "phone ending 111")
	b.waitText("#leads-table tbody tr:first-child", "Consent wording unknown")
	b.checkA11y("leads inbox with an urgent lead")

	b.click(`#leads-table tbody tr:first-child a`)
	b.waitText("main h1", "Una Urgent")
	b.waitText("#flags-title + p", "Urgent:")
	b.checkA11y("urgent lead detail")
	eval[bool](b, "accept the confirmation", `(window.confirm = () => true, true)`)
	b.click("#opt-out")
	b.waitText("main", "Do not contact:")
	found, err := s.App.FindAllRecords("callback_leads", leads.PhoneMatch("+447400123111"))
	if err != nil || len(found) != 1 {
		t.Fatalf("%d leads for the number, %v", len(found), err)
	}
	lead := found[0]
	if !lead.GetBool("do_not_contact") || !lead.GetBool("urgent") {
		t.Fatalf("after the opt-out: %v", lead.FieldsData())
	}
}
