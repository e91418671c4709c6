package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"recoverycms/hooks/hookstest"
)

// TestEditorFieldErrorsGuardShortcutAndSchedule: a taken slug shows its error next to the
// field; leaving with unsaved changes asks first; Ctrl+S saves; Schedule stores the editor's
// local time in UTC.
func TestEditorFieldErrorsGuardShortcutAndSchedule(t *testing.T) {
	s := serve(t)
	draft, err := s.App.FindFirstRecordByData("articles", "slug", hookstest.DraftSlug)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s.URL)
	b.signIn(hookstest.EditorEmail)
	b.do("open the draft", chromedp.Navigate(s.URL+"/admin/#/articles/"+draft.Id), chromedp.WaitVisible(chromedp.CSS("#a-slug")))

	eval[bool](b, "clear the slug", `(document.querySelector("#a-slug").value = "", true)`)
	b.typeInto("#a-slug", hookstest.PublishedSlug)
	b.click(`button[data-action="save"]`)
	msg := waitNonEmpty(b, "#a-slug-error")
	if !eval[bool](b, "slug marked invalid", `document.querySelector("#a-slug").getAttribute("aria-invalid") === "true"`) {
		t.Fatalf("slug not marked invalid (error %q)", msg)
	}
	eval[bool](b, "restore the slug", `(document.querySelector("#a-slug").value = "`+hookstest.DraftSlug+`", true)`)

	// Unsaved changes: declining the warning keeps the editor open.
	eval[bool](b, "edit the title", `(() => {
		const el = document.querySelector("#a-title");
		el.value += " (checked)";
		el.dispatchEvent(new Event("input", {bubbles: true}));
		return true;
	})()`)
	eval[bool](b, "decline leaving", `(window.__asked = 0, window.confirm = () => { window.__asked++; return false; }, true)`)
	b.click(`#nav a[href="#/authors"]`)
	// The route change is handled after the click returns: wait until the warning was shown
	// (the hash is put back in the same step), then check the editor stayed.
	b.waitFor("the unsaved-changes warning", `({done: window.__asked > 0, text: "asked " + window.__asked + " times, at " + location.hash})`)
	if got := eval[string](b, "hash", `location.hash`); got != "#/articles/"+draft.Id {
		t.Fatalf("left the editor to %s despite declining", got)
	}
	b.waitText("main h1", "Edit:")

	// Ctrl+S saves.
	b.do("press Ctrl+S", chromedp.Focus(chromedp.CSS("#a-body")))
	eval[bool](b, "press Ctrl+S", `(document.querySelector("#a-body").dispatchEvent(new KeyboardEvent("keydown", {key: "s", ctrlKey: true, bubbles: true})), true)`)
	b.waitText("main h1", "(checked)")
	saved, err := s.App.FindRecordById("articles", draft.Id)
	if err != nil {
		t.Fatal(err)
	}
	if saved.GetString("title") != hookstest.DraftTitle+" (checked)" || saved.GetString("status") != "draft" {
		t.Fatalf("after Ctrl+S: title %q status %q", saved.GetString("title"), saved.GetString("status"))
	}

	// Schedule at 14:30 on 6 May 2030 in New York (EDT, UTC-4) is 18:30 UTC.
	b.do("wait for the editor", chromedp.WaitVisible(chromedp.CSS("#a-schedule")))
	eval[bool](b, "pick the time", `(document.querySelector("#a-schedule").value = "2030-05-06T14:30", true)`)
	b.click(`button[data-action="schedule"]`)
	b.waitText(".actions .badge", "Scheduled")
	scheduled, err := s.App.FindRecordById("articles", draft.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got := scheduled.GetDateTime("published_at").String(); got != "2030-05-06 18:30:00.000Z" || scheduled.GetString("status") != "published" {
		t.Fatalf("scheduled published_at %q status %q", got, scheduled.GetString("status"))
	}
	if got := eval[string](b, "shown schedule", `document.querySelector("#a-schedule").value`); got != "2030-05-06T14:30" {
		t.Fatalf("the editor shows %q, want the local time back", got)
	}
}

// TestAuthorCreateWithBioPreview creates an author whose markdown bio is previewed by the server.
func TestAuthorCreateWithBioPreview(t *testing.T) {
	s := serve(t)
	b := newBrowser(t, s.URL)
	b.signIn(hookstest.EditorEmail)
	b.do("open the new author form", chromedp.Navigate(s.URL+"/admin/#/authors/new"), chromedp.WaitVisible(chromedp.CSS("#p-name")))
	b.typeInto("#p-name", "Dr Morgan Lee")
	b.typeInto("#p-credentials", "MBChB, addiction psychiatrist")
	b.typeInto("#p-bio", "## Training\n\nTwenty years in NHS services.")
	b.waitText("#bio-preview", "Training")
	if !eval[bool](b, "bio preview heading", `document.querySelector("#bio-preview h2#h-training") !== null`) {
		t.Fatal("the bio preview has no rendered heading")
	}
	b.click(`main form button[type="submit"]`)
	b.waitText("main h1", "Edit author: Dr Morgan Lee")
	author, err := s.App.FindFirstRecordByData("authors", "slug", "dr-morgan-lee")
	if err != nil {
		t.Fatalf("author not stored: %v", err)
	}
	if author.GetString("credentials") != "MBChB, addiction psychiatrist" {
		t.Fatalf("credentials = %q", author.GetString("credentials"))
	}
	b.open("/admin/#/authors", "main table")
	b.waitText("main table", "Dr Morgan Lee")
}
