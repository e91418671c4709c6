package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"recoverycms/hooks/hookstest"
)

// TestPresenceInTheEditor: a second person opening an article is named in the first one's
// editor at once (realtime), and the name goes when they leave.
func TestPresenceInTheEditor(t *testing.T) {
	s := serve(t)
	draft, err := s.App.FindFirstRecordByData("articles", "slug", hookstest.DraftSlug)
	if err != nil {
		t.Fatal(err)
	}
	url := s.URL + "/admin/#/articles/" + draft.Id
	first := newBrowser(t, s.URL)
	first.signIn(hookstest.EditorEmail)
	first.do("open the draft", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#a-title")))
	second := newBrowser(t, s.URL)
	second.signIn(hookstest.AdminEmail)
	second.do("open the draft", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#a-title")))
	first.waitText("#presence", "Ada Admin")
	second.waitText("#presence", "Edie Editor")
	first.checkA11y("editor with a colleague present")
	second.do("leave", chromedp.Navigate(s.URL+"/admin/#/articles"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	first.waitFor("the colleague's name goes", `({done: document.getElementById("presence").hidden, text: document.getElementById("presence").textContent})`)
}
