package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"recoverycms/hooks/hookstest"
)

// TestPhoneWidth loads public and panel pages at phone width: nothing may overflow sideways
// and the callback form and the editor's actions stay reachable.
func TestPhoneWidth(t *testing.T) {
	s := serve(t)
	b := newBrowser(t, s.URL)
	b.do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	noOverflow := func(page string) {
		t.Helper()
		if !eval[bool](b, "measure "+page, `document.documentElement.scrollWidth <= window.innerWidth + 1`) {
			w := eval[int](b, "width", `document.documentElement.scrollWidth`)
			t.Errorf("%s overflows sideways at phone width (%d px)", page, w)
		}
	}
	b.open("/callback", "form.callback-form button[type=submit]")
	noOverflow("callback page")
	b.signIn(hookstest.EditorEmail)
	noOverflow("article list")
	b.do("open the new article form", chromedp.Navigate(s.URL+"/admin/#/articles/new"), chromedp.WaitVisible(chromedp.CSS(`button[data-action="publish"]`)))
	noOverflow("article editor")
}
