package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"recoverycms/hooks/hookstest"
)

// publicPages are the reading site's pages, one of each kind.
var publicPages = []string{"/", "/articles/" + hookstest.PublishedSlug, "/topics/ketamine", "/authors/priya-nair",
	"/search?q=ketamine", "/search", "/callback", "/help", "/no-such-page"}

// TestSiteWorksWithoutJavaScript turns scripts off in Chromium, reads every kind of page and
// asks for a callback end to end: a wrong phone number first (the message beside the field,
// the values kept, the focus on it), then a right one.
func TestSiteWorksWithoutJavaScript(t *testing.T) {
	s := serve(t)
	b := newBrowser(t, s.URL)
	b.do("turn scripts off", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	want := map[string]string{
		"/":                                    "How to beat ketamine addiction",
		"/articles/" + hookstest.PublishedSlug: "Step 1: Recognising the signs",
		"/topics/ketamine":                     "How to beat ketamine addiction",
		"/authors/priya-nair":                  "Articles by Priya Nair",
		"/search?q=ketamine":                   "articles found",
		"/search":                              "Search articles",
		"/callback":                            "Talk to someone",
		"/help":                                "Samaritans",
		"/no-such-page":                        "Page not found",
	}
	for _, p := range publicPages {
		b.open(p, "main h1")
		if got := b.text("main"); !strings.Contains(got, want[p]) {
			t.Errorf("%s without scripts shows %.200q", p, got)
		}
		if !strings.Contains(b.text("#emergency-text"), "999") {
			t.Errorf("%s: no emergency note", p)
		}
	}
	if ran := eval[bool](b, "did a script run", `document.documentElement.dataset.enhanced === "yes"`); ran {
		t.Fatal("scripts ran although they were turned off")
	}

	b.open("/articles/"+hookstest.PublishedSlug, "form.callback-form")
	b.typeInto("#cb-name", "Jo No-Script")
	b.typeInto("#cb-phone", "12")
	b.click("#cb-consent")
	b.click("form.callback-form button[type=submit]")
	b.waitText("#cb-phone-error", "Enter a phone number")
	// The browser applies autofocus once the page has loaded.
	b.waitFor("focus on the phone field", `({done: document.activeElement && document.activeElement.id === "cb-phone", text: "focus on " + (document.activeElement ? document.activeElement.id : "")})`)
	if v := eval[string](b, "kept name", `document.getElementById("cb-name").value`); v != "Jo No-Script" {
		t.Errorf("name not kept: %q", v)
	}
	if n, _ := s.App.CountRecords("callback_leads"); n != 0 {
		t.Fatalf("%d leads stored from an invalid form", n)
	}
	eval[bool](b, "clear the phone", `(document.getElementById("cb-phone").value = "", true)`)
	b.typeInto("#cb-phone", "07400 123456")
	b.click("form.callback-form button[type=submit]")
	b.waitText(".confirmation", "Thank you. Your request has reached us.")
	if !strings.Contains(b.text(".confirmation"), "999") {
		t.Error("the confirmation does not repeat the emergency numbers")
	}
	lead, err := leadNamed(s.App, "Jo No-Script")
	if err != nil {
		t.Fatalf("lead not stored: %v", err)
	}
	article, _ := s.App.FindFirstRecordByData("articles", "slug", hookstest.PublishedSlug)
	if lead.GetString("article") != article.Id || lead.GetString("phone") != "+447400123456" {
		t.Errorf("lead %v", lead.FieldsData())
	}
}

// TestSitePagesPassAxe runs axe-core at every impact, best practices included, on every kind
// of page, with scripts on, on the callback form with its errors shown and its confirmation,
// and on the comment form's own page with its errors and its confirmation.
func TestSitePagesPassAxe(t *testing.T) {
	s := serve(t)
	b := newBrowser(t, s.URL)
	for _, p := range publicPages {
		b.open(p, "main h1")
		b.waitFor("scripts enhance "+p, `({done: document.documentElement.dataset.enhanced === "yes", text: "not enhanced"})`)
		b.checkA11yAll(p)
	}
	b.open("/callback", "form.callback-form")
	b.click("form.callback-form button[type=submit]")
	waitNonEmpty(b, "#cb-name-error")
	b.checkA11yAll("callback form with errors")
	b.typeInto("#cb-name", "Axe Visitor")
	eval[bool](b, "clear the phone", `(document.getElementById("cb-phone").value = "", true)`)
	b.typeInto("#cb-phone", "07400 123457")
	b.click("#cb-consent")
	b.click("form.callback-form button[type=submit]")
	b.waitText(".confirmation", "Thank you")
	b.checkA11yAll("callback confirmation")
	// The comment form sent blank comes back on its own page with its message.
	b.open("/articles/"+hookstest.PublishedSlug, "form.comment-form")
	b.click("form.comment-form button[type=submit]")
	waitNonEmpty(b, "#comment-body-error")
	b.checkA11yAll("comment form with errors")
	b.typeInto("#comment-body", "A comment for the accessibility check.")
	b.click("form.comment-form button[type=submit]")
	b.waitText("main", "Your comment will appear once a moderator has read it.")
	b.checkA11yAll("comment confirmation")
}
