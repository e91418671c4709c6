package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/review"
)

// TestClinicalSignOffInThePanel: an editor cannot publish an unreviewed draft; a clinician
// approves it; the editor publishes; an edit afterwards shows as changed since review; an
// overdue review shows on the panel's first screen and in the daily email.
func TestClinicalSignOffInThePanel(t *testing.T) {
	s := serveWith(t, hooks.Options{Review: &review.Config{Required: true}})
	const clinicianEmail = "dr.okafor@example.org"
	c, err := hookstest.CreateStaff(s.App, clinicianEmail, "Dr Clinician", "editor")
	if err != nil {
		t.Fatal(err)
	}
	author, err := s.App.FindFirstRecordByData("authors", "slug", "priya-nair")
	if err != nil {
		t.Fatal(err)
	}
	c.Set("clinician", true)
	c.Set("author", author.Id)
	if err := s.App.Save(c); err != nil {
		t.Fatal(err)
	}
	const title = "Telling your family about ketamine"
	draft, err := hookstest.CreateArticle(s.App, author.Id, map[string]any{
		"title": title, "status": "draft", "body": "## Where to start\n\nPick a calm moment and one person you trust.",
	})
	if err != nil {
		t.Fatal(err)
	}
	editorURL := s.URL + "/admin/#/articles/" + draft.Id

	editor := newBrowser(t, s.URL)
	editor.signIn(hookstest.EditorEmail)
	editor.do("open the draft", chromedp.Navigate(editorURL), chromedp.WaitVisible(chromedp.CSS("#review-status")))
	editor.click(`button[data-action="publish"]`)
	if msg := waitNonEmpty(editor, `[data-error-for="_form"]`); !strings.Contains(msg, "clinician must approve") {
		t.Fatalf("publishing an unreviewed draft: %q", msg)
	}
	if editor.text("#review-status") != "Not reviewed" {
		t.Fatalf("review status %q", editor.text("#review-status"))
	}

	clinician := newBrowser(t, s.URL)
	clinician.signIn(clinicianEmail)
	clinician.do("open the draft", chromedp.Navigate(editorURL), chromedp.WaitVisible(chromedp.CSS("#approve")))
	clinician.click("#approve")
	clinician.waitText("#review-status", "Clinically approved")
	clinician.checkA11y("editor with an approved article")
	// The clinician leaves a blocking comment that mentions the editor.
	s.App.TestMailer.Reset()
	clinician.do("comments", chromedp.WaitVisible(chromedp.CSS("#c-body")))
	clinician.typeInto("#c-body", "@editor please add the source for the second paragraph.")
	clinician.typeInto("#c-quote", "one person you trust")
	clinician.click(`.comment-form input[name="blocking"]`)
	clinician.click(`.comment-form button[type="submit"]`)
	clinician.waitText("#blocking-count", "1 blocking comment")
	clinician.checkA11y("editor with a blocking comment")

	editor.do("reload", chromedp.Navigate(s.URL+"/admin/#/articles"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	editor.do("open again", chromedp.Navigate(editorURL), chromedp.WaitVisible(chromedp.CSS("#review-status")))
	editor.waitText("#review-status", "Clinically approved")
	editor.waitText(".comments", "please add the source")
	editor.click(`button[data-action="publish"]`)
	if msg := waitNonEmpty(editor, `[data-error-for="_form"], #a-status-error`); !strings.Contains(msg, "blocking comments") {
		t.Fatalf("publishing with a blocking comment: %q", msg)
	}
	if s.App.TestMailer.TotalSend() == 0 || !strings.Contains(s.App.TestMailer.LastMessage().Subject, "mentioned you") {
		t.Errorf("the mention sent %d emails", s.App.TestMailer.TotalSend())
	}
	// A blocking comment is resolved by its author (or an admin or a clinician), not the editor.
	clinician.do("reload", chromedp.Navigate(s.URL+"/admin/#/articles"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	clinician.do("open again", chromedp.Navigate(editorURL), chromedp.WaitVisible(chromedp.CSS(".comment-actions button")))
	clinician.click(".comment-actions button")
	clinician.waitText(".comments", "resolved by")
	editor.click(`button[data-action="publish"]`)
	editor.waitText(".actions .badge", "Published")

	eval[bool](editor, "edit the body", `(document.querySelector("#a-body").value += "\n\nA sentence added after the sign-off.", true)`)
	editor.click(`button[data-action="save"]`)
	editor.waitText("#review-status", "Changed since review")

	// A year on, the review is overdue: the first screen and the daily email say so.
	if _, err := s.App.DB().NewQuery("UPDATE articles SET next_review_at = {:at} WHERE id = {:id}").
		Bind(map[string]any{"at": time.Now().Add(-24 * time.Hour).UTC().Format("2006-01-02 15:04:05.000Z"), "id": draft.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	editor.do("first screen", chromedp.Navigate(s.URL+"/admin/#/articles"), chromedp.WaitVisible(chromedp.CSS("#review-summary")))
	if got := editor.text("#review-summary"); !strings.Contains(got, "1 overdue") {
		t.Fatalf("first screen: %q", got)
	}
	s.App.TestMailer.Reset()
	for _, j := range s.App.Cron().Jobs() {
		if j.Id() == review.DigestJobID {
			j.Run()
		}
	}
	if s.App.TestMailer.TotalSend() == 0 || !strings.Contains(s.App.TestMailer.LastMessage().HTML, title) {
		t.Fatalf("daily email: %d sent", s.App.TestMailer.TotalSend())
	}
}
