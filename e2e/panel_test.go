package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/siteconfig"
)

// TestPanelSignInSessionAndExpiry signs in, keeps the session across a reload, and sends a
// person whose token no longer works back to sign-in with a message.
func TestPanelSignInSessionAndExpiry(t *testing.T) {
	s := serve(t)
	b := newBrowser(t, s.URL)
	b.open("/admin/", "#email")
	b.checkA11y("panel sign-in")

	b.signIn(hookstest.EditorEmail)
	b.waitText("#nav", "Articles")
	b.waitText("main h1", "Articles")

	b.do("reload the panel", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#who button")))
	b.waitText("#who", "Edie Editor")

	// A token the server no longer accepts (signed for another secret) ends the session.
	eval[bool](b, "spoil the token", `(() => {
		const s = JSON.parse(localStorage.getItem("rcms.panel.session"));
		s.token = s.token.slice(0, -4) + "AAAA";
		localStorage.setItem("rcms.panel.session", JSON.stringify(s));
		return true;
	})()`)
	b.do("reload with the spoiled token", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#email")))
	b.waitText("main", "Your session has expired")
	if got := eval[bool](b, "session forgotten", `localStorage.getItem("rcms.panel.session") === null`); !got {
		t.Fatal("the expired session was kept")
	}
}

// TestEmergencyNoteOnEveryPublicPage shows the configured emergency note on public pages,
// also on a clean URL loaded directly.
func TestEmergencyNoteOnEveryPublicPage(t *testing.T) {
	s := serve(t)
	b := newBrowser(t, s.URL)
	for _, path := range []string{"/callback", "/articles/" + hookstest.PublishedSlug} {
		b.open(path, ".emergency")
		got := b.waitText("#emergency-text", "999")
		if strings.TrimSpace(got) != siteconfig.DefaultEmergencyText {
			t.Fatalf("%s: emergency note = %q", path, got)
		}
	}
}
