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
	col, err := s.App.FindCollectionByNameOrId("resources")
	if err != nil {
		t.Fatal(err)
	}
	unchecked := core.NewRecord(col)
	unchecked.Load(map[string]any{"name": "Unchecked Line", "kind": "helpline", "phone": "020 7946 0999", "country": "GB", "status": "draft"})
	if err := s.App.Save(unchecked); err != nil {
		t.Fatal(err)
	}

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
