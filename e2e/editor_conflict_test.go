package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"recoverycms/hooks/hookstest"
)

// TestEditorCatchesAStaleSave: while an editor has the draft open, someone else saves it. The
// editor's save is refused (If-Match), the other version is shown as a diff with the editor's
// text kept, and saving again knowingly overwrites it. A take-down time is saved in UTC.
func TestEditorCatchesAStaleSave(t *testing.T) {
	s := serve(t)
	draft, err := s.App.FindFirstRecordByData("articles", "slug", hookstest.DraftSlug)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s.URL)
	b.signIn(hookstest.EditorEmail)
	b.do("open the draft", chromedp.Navigate(s.URL+"/admin/#/articles/"+draft.Id), chromedp.WaitVisible(chromedp.CSS("#a-title")))

	other, err := s.App.FindRecordById("articles", draft.Id)
	if err != nil {
		t.Fatal(err)
	}
	other.Set("body", "A paragraph the clinician wrote meanwhile.")
	if err := s.App.Save(other); err != nil {
		t.Fatal(err)
	}

	eval[bool](b, "edit the title", `(document.querySelector("#a-title").value = "My stale title", true)`)
	b.click(`button[data-action="save"]`)
	b.waitText("#edit-conflict h2", "Someone else saved this article")
	if diff := b.text("#edit-conflict"); !strings.Contains(diff, "clinician wrote meanwhile") {
		t.Fatalf("the conflict does not show their body: %q", diff)
	}
	stored, err := s.App.FindRecordById("articles", draft.Id)
	if err != nil {
		t.Fatal(err)
	}
	if stored.GetString("title") == "My stale title" {
		t.Fatal("the stale save went through")
	}
	b.checkA11y("editor with an edit conflict")

	eval[bool](b, "set a take-down time", `(document.querySelector("#a-unpublish_at").value = "2031-01-02T10:00", true)`)
	b.click(`#edit-conflict button.primary`)
	b.waitText("main h1", "My stale title")
	saved, err := s.App.FindRecordById("articles", draft.Id)
	if err != nil {
		t.Fatal(err)
	}
	if saved.GetString("title") != "My stale title" {
		t.Fatalf("after overwriting: title %q", saved.GetString("title"))
	}
	// The browser runs in New York (EST, UTC-5 in January).
	if got := saved.GetDateTime("unpublish_at").String(); got != "2031-01-02 15:00:00.000Z" {
		t.Fatalf("unpublish_at %q", got)
	}
}
