package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"recoverycms/hooks/hookstest"
)

// TestVisitorCallbackForm: the callback page passes axe; a visitor sees the field error for
// a bad phone first, then sends the form and gets the confirmation.
func TestVisitorCallbackForm(t *testing.T) {
	s := serve(t)
	b := newBrowser(t, s.URL)
	b.open("/callback", "form.callback-form")
	b.checkA11y("callback form")

	t.Run("submits with a bad phone, then a good one", func(t *testing.T) {
		b := b.in(t)
		b.typeInto(`form.callback-form [name="name"]`, "Alex Visitor")
		b.typeInto(`form.callback-form [name="phone"]`, "12")
		b.click(`form.callback-form [name="consent"]`)
		b.click(`form.callback-form button[type="submit"]`)
		msg := waitNonEmpty(b, `#cb-phone-error`)
		if invalid := eval[bool](b, "phone marked invalid", `document.querySelector('form.callback-form [name="phone"]').getAttribute("aria-invalid") === "true"`); !invalid {
			t.Fatalf("phone not marked invalid (error %q)", msg)
		}
		if n, _ := s.App.CountRecords("callback_leads"); n != 0 {
			t.Fatalf("a lead with a bad phone was stored (%d)", n)
		}
		eval[bool](b, "clear the phone", `(document.querySelector('form.callback-form [name="phone"]').value = "", true)`)
		b.typeInto(`form.callback-form [name="phone"]`, "07400 123456")
		b.click(`form.callback-form button[type="submit"]`)
		b.waitText(".confirmation", "Thank you")
		lead, err := leadNamed(s.App, "Alex Visitor")
		if err != nil {
			t.Fatalf("lead not stored: %v", err)
		}
		if !strings.Contains(lead.GetString("consent_text"), "counsellor may phone me") || !lead.GetBool("consent") {
			t.Fatalf("consent not stored as shown: %q", lead.GetString("consent_text"))
		}
	})
}

// TestReviewerSeesLeadLive: a reviewer's inbox shows a new lead without a reload, and the
// reviewer marks it contacted.
func TestReviewerSeesLeadLive(t *testing.T) {
	s := serve(t)
	b := newBrowser(t, s.URL)
	b.signIn(hookstest.ReviewerEmail)
	b.do("open the inbox", chromedp.Navigate(s.URL+"/admin/#/leads"), chromedp.WaitVisible(chromedp.CSS("#leads-table")))
	b.waitText("#live-state", "Live:")
	b.checkA11y("leads inbox")

	body, _ := json.Marshal(map[string]any{
		"name": "Sam Live", "phone": "+447400123789", "preferred_time": "evening",
		"consent": true, "consent_text": "I agree to be called.",
	})
	res, err := http.Post(s.URL+"/api/collections/callback_leads/records", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("lead submission answered %d", res.StatusCode)
	}
	// The inbox shows no personal data: a masked name and the phone's last digits.
	b.waitText("#leads-table", "S••• · phone ending 789")
	if !eval[bool](b, "new lead highlighted", `document.querySelector("#leads-table tbody tr.is-new") !== null`) {
		t.Fatal("the new lead is not highlighted")
	}
	eval[bool](b, "capture the export", `(() => {
		window.__csv = null;
		const original = URL.createObjectURL;
		URL.createObjectURL = (blob) => { blob.text().then((t) => { window.__csv = t; }); return original(blob); };
		return true;
	})()`)
	b.click("#export-csv")
	csv := b.waitFor("wait for the CSV", `(window.__csv !== null
		? {done: true, text: window.__csv}
		: {done: false, text: "no export: " + document.querySelector("#export-error").textContent})`)
	if !strings.Contains(csv, "Sam Live") {
		t.Fatalf("the export lacks the lead:\n%s", csv)
	}
	b.click(`#leads-table tbody tr:first-child a`)
	b.waitText("main h1", "Sam Live")
	if !eval[bool](b, "call link", `document.querySelector("a.tel").getAttribute("href") === "tel:+447400123789"`) {
		t.Fatal("the lead has no tel: call link")
	}
	eval[bool](b, "mark contacted", `(() => {
		const s = document.querySelector("#d-status");
		s.value = "contacted";
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
	b.click(`main form button[type="submit"]`)
	b.waitText("main dl.facts", "Contacted")
	b.waitText("#events-title + table", "contacted") // the status change is in the lead's history
	lead, err := leadNamed(s.App, "Sam Live")
	if err != nil {
		t.Fatal(err)
	}
	if lead.GetString("status") != "contacted" {
		t.Fatalf("status = %q", lead.GetString("status"))
	}
	// A call attempt is logged from the detail and shows in the history; the inbox shows the
	// caller's time and the queue's figures.
	eval[bool](b, "log a call", `(() => {
		document.querySelector("#a-outcome").value = "voicemail";
		document.querySelector("#a-notes").value = "Left a message.";
		return true;
	})()`)
	b.click(`form[aria-labelledby="attempt-title"] button[type="submit"]`)
	b.waitText("#events-title + table", "Left a message.")
	b.waitText("main dl.facts", "in Europe/London")
	b.do("back to the inbox", chromedp.Navigate(s.URL+"/admin/#/leads"))
	b.waitText("#lead-stats", "contacted 1")
}

// TestEditorHasNoLeadsInbox: an editor's panel offers no leads inbox, and the leads API
// refuses the editor's own token.
func TestEditorHasNoLeadsInbox(t *testing.T) {
	s := serve(t)
	b := newBrowser(t, s.URL)
	b.signIn(hookstest.EditorEmail)
	if nav := b.text("#nav"); strings.Contains(nav, "leads") || strings.Contains(nav, "Leads") {
		t.Fatalf("editor navigation offers leads: %q", nav)
	}
	b.do("open the inbox by URL", chromedp.Navigate(s.URL+"/admin/#/leads"))
	b.waitText("main h1", "Not available")

	t.Run("the leads API refuses the editor", func(t *testing.T) {
		b := b.in(t)
		type answer struct {
			Status int `json:"status"`
			Items  int `json:"items"`
		}
		got := eval[[]answer](b, "call the leads API as the editor", `(async () => {
			const out = [];
			for (const path of ["/api/collections/callback_leads/records", "/api/cms/leads/export.csv"]) {
				const res = await fetch(path, {headers: {"X-Rcms-Session": "cookie"}});
				let items = 0;
				if (res.ok && path.endsWith("records")) items = (await res.json()).items.length;
				out.push({status: res.status, items});
			}
			return out;
		})()`)
		if got[0].Status == http.StatusOK && got[0].Items > 0 {
			t.Fatalf("editor listed %d leads", got[0].Items)
		}
		if got[1].Status != http.StatusForbidden && got[1].Status != http.StatusUnauthorized {
			t.Fatalf("editor export answered %d", got[1].Status)
		}
	})
}
