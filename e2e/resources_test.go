package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks/hookstest"
)

// TestEditorAddsAndVerifiesResource: an editor sees which resources need re-verifying, adds
// a 24/7 helpline in GB through the panel (a bad phone number shows its error beside the
// field), marks it verified, and it appears on /help and in the public resources API.
func TestEditorAddsAndVerifiesResource(t *testing.T) {
	s := serve(t)
	topic, err := s.App.FindFirstRecordByData("topics", "slug", "ketamine")
	if err != nil {
		t.Fatal(err)
	}
	// A resource saved in code is never verified: the list marks it.
	unchecked := saveDraftHelpline(t, s.App, "Unchecked Line", "020 7946 0999")

	b := newBrowser(t, s.URL)
	b.signIn(hookstest.EditorEmail)
	b.follow(`#nav a[href="#/resources"]`, "/admin/")
	b.waitText("#resources-list", "Unchecked Line")
	if got := b.text(`#resources-list tr[data-id="` + unchecked.Id + `"]`); !strings.Contains(got, "needs re-verifying") {
		t.Fatalf("the never verified resource's row reads %q", got)
	}
	b.checkA11y("resources list")

	b.click(`a[href="#/resources/new"]`)
	b.waitText("main h1", "New resource")
	b.checkA11y("resource form")
	b.typeInto("#r-name", "Drama Recovery Line")
	b.typeInto("#r-phone", "12")
	b.typeInto("#r-country", "GB")
	b.click("#r-always")
	b.click(`input[name="topics"][value="` + topic.Id + `"]`)
	b.typeInto("#r-languages", "en, cy")
	eval[bool](b, "choose free and published", `(document.querySelector("#r-cost").value = "free", document.querySelector("#r-status").value = "published", true)`)
	b.typeInto("#r-source", "Checked on the line's own page.")
	b.click(`form button[type=submit]`)
	msg := waitNonEmpty(b, "#r-phone-error")
	if !eval[bool](b, "phone marked invalid", `document.querySelector("#r-phone").getAttribute("aria-invalid") === "true"`) {
		t.Fatalf("phone not marked invalid (error %q)", msg)
	}
	if _, err := s.App.FindFirstRecordByData("resources", "name", "Drama Recovery Line"); err == nil {
		t.Fatal("the resource with a bad phone number was stored")
	}

	eval[bool](b, "clear the phone", `(document.querySelector("#r-phone").value = "", true)`)
	b.typeInto("#r-phone", "020 7946 0123")
	b.click(`form button[type=submit]`)
	b.waitText("main h1", "Edit resource: Drama Recovery Line")
	b.waitText("#verified", "Never verified.")
	b.click("#verify")
	b.waitText("#verified", "Last verified")

	rec, err := s.App.FindFirstRecordByData("resources", "name", "Drama Recovery Line")
	if err != nil {
		t.Fatal(err)
	}
	editor, err := s.App.FindAuthRecordByEmail("staff", hookstest.EditorEmail)
	if err != nil {
		t.Fatal(err)
	}
	if rec.GetString("phone") != "+442079460123" || rec.GetString("status") != "published" ||
		!strings.Contains(rec.GetString("hours"), `"always":true`) || rec.GetString("verified_by") != editor.Id ||
		strings.Join(rec.GetStringSlice("topics"), ",") != topic.Id || strings.Join(rec.GetStringSlice("languages"), ",") != "en,cy" {
		t.Fatalf("stored: phone %q status %q hours %s verified_by %q topics %v languages %v", rec.GetString("phone"),
			rec.GetString("status"), rec.GetString("hours"), rec.GetString("verified_by"), rec.GetStringSlice("topics"), rec.GetStringSlice("languages"))
	}

	b.follow(`a[href="#/resources"]`, "/admin/")
	b.waitText("#resources-list", "Drama Recovery Line")
	if got := b.text(`#resources-list tr[data-id="` + rec.Id + `"]`); strings.Contains(got, "needs re-verifying") {
		t.Fatalf("the verified resource's row reads %q", got)
	}

	b.open("/help?country=GB&topic=ketamine", "#results")
	b.waitText("#results", "Drama Recovery Line")

	res, err := http.Get(s.URL + "/api/cms/resources?country=GB&topic=ketamine")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"name":"Drama Recovery Line"`) {
		t.Fatalf("GET /api/cms/resources: %d %s", res.StatusCode, body)
	}
}

// TestResourceWeeklyHoursAndReviewer: weekly hours are edited as rows of days and times, a
// time zone the server does not know shows its error in the hours group, and a reviewer has
// no Resources screen (as with authors and topics).
func TestResourceWeeklyHoursAndReviewer(t *testing.T) {
	s := serve(t)
	r := saveDraftHelpline(t, s.App, "Weekday Line", "020 7946 0456")

	b := newBrowser(t, s.URL)
	b.signIn(hookstest.EditorEmail)
	b.open("/admin/#/resources/"+r.Id, "#r-timezone")
	b.typeInto("#r-timezone", "Mars/Olympus")
	b.click("#r-add-span")
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri"} {
		b.click(`#r-hours .hours-row input.span-day[value="` + d + `"]`)
	}
	b.typeInto("#r-hours .span-open", "09:00")
	b.typeInto("#r-hours .span-close", "17:00")
	b.click(`form button[type=submit]`)
	waitNonEmpty(b, "#r-hours-error")

	eval[bool](b, "clear the zone", `(document.querySelector("#r-timezone").value = "", true)`)
	b.typeInto("#r-timezone", "Europe/London")
	b.click(`form button[type=submit]`)
	b.waitFor("the saved hours", `(() => {
		const e = document.querySelector("#r-hours-error");
		return {done: !!e && e.textContent === "" && document.querySelector("#r-timezone").value === "Europe/London" && document.querySelectorAll(".hours-row").length === 1 && !document.querySelector('[data-error-for="_form"]').textContent, text: e ? e.textContent : "(no form)"};
	})()`)
	saved, err := s.App.FindRecordById("resources", r.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got := saved.GetString("hours"); !strings.Contains(got, `"timezone":"Europe/London"`) || !strings.Contains(got, `"days":["mon","tue","wed","thu","fri"]`) || !strings.Contains(got, `"open":"09:00"`) {
		t.Fatalf("stored hours %s", got)
	}

	rb := newBrowser(t, s.URL)
	rb.signIn(hookstest.ReviewerEmail)
	if eval[bool](rb, "reviewer's nav", `!!document.querySelector('#nav a[href="#/resources"]')`) {
		t.Fatal("a reviewer is offered the Resources screen")
	}
	rb.open("/admin/#/resources", "main h1")
	rb.waitText("main h1", "Not available")
}

// saveDraftHelpline saves a draft GB helpline in code: never verified, without hours.
func saveDraftHelpline(t *testing.T, app core.App, name, phone string) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("resources")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Load(map[string]any{"name": name, "kind": "helpline", "phone": phone, "country": "GB", "status": "draft"})
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}
