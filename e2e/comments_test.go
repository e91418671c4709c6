package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"recoverycms/hooks/hookstest"
)

// TestReaderCommentWithoutJavaScriptAppearsOnlyOnceApproved: a visitor with scripts off sends
// a comment from an article page and is told it awaits moderation; the page does not show it;
// an editor approves it from the panel's queue with the a key; then the visitor sees it.
func TestReaderCommentWithoutJavaScriptAppearsOnlyOnceApproved(t *testing.T) {
	s := serve(t)
	visitor := newBrowser(t, s.URL)
	visitor.do("turn scripts off", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	page := "/articles/" + hookstest.PublishedSlug
	visitor.open(page, "form.comment-form")
	visitor.typeInto("#comment-name", "Robin")
	// Sent with no text: the form comes back with the name kept and the message beside the text.
	visitor.click("form.comment-form button[type=submit]")
	visitor.waitText("main", "Your comment was not sent")
	if msg := visitor.text("#comment-body-error"); strings.TrimSpace(msg) == "" {
		t.Error("no message beside the text")
	}
	if name := eval[string](visitor, "read the name", `document.querySelector("#comment-name").value`); name != "Robin" {
		t.Errorf("the name was not kept: %q", name)
	}
	visitor.typeInto("#comment-body", "Six months clean thanks to this <b>guide</b>.")
	visitor.click("form.comment-form button[type=submit]")
	visitor.waitText("main", "Your comment will appear once a moderator has read it.")

	if !strings.Contains(visitor.text("main"), "999") {
		t.Error("the answer does not carry the emergency numbers")
	}
	visitor.open(page, "#comments")
	if strings.Contains(visitor.text("#comments"), "Six months clean") {
		t.Fatal("a pending comment is shown")
	}

	editor := newBrowser(t, s.URL)
	editor.signIn(hookstest.EditorEmail)
	editor.open("/admin/#/comments", ".comment-card")
	editor.waitText("#shortcuts", "a approve")
	editor.waitText(".comment-card.is-selected", "Six months clean")
	editor.checkA11y("moderation queue")
	editor.do("press a", chromedp.KeyEvent("a"))
	editor.waitText(".moderation-queue", "No comments are waiting")
	stored, err := s.App.FindFirstRecordByData("comments", "display_name", "Robin")
	if err != nil || stored.GetString("status") != "approved" || stored.GetString("moderated_by") == "" {
		t.Fatalf("comment after approval: %v %v", stored, err)
	}

	// Pages may be kept by a browser for a minute (Cache-Control); this visitor asks again.
	visitor.do("bypass the browser cache", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}))
	visitor.open(page, "#comments")
	visitor.waitText("#comments", "Six months clean thanks to this <b>guide</b>.")
	if !strings.Contains(visitor.text("#comments"), "Robin") {
		t.Error("the approved comment lacks its name")
	}
}
