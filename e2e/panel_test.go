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

	// No script can read the token: it is in neither storage nor document.cookie.
	if leaked := eval[string](b, "look for the token", `(() => {
		const all = [document.cookie];
		for (const st of [localStorage, sessionStorage])
			for (let i = 0; i < st.length; i++) all.push(st.key(i) + "=" + st.getItem(st.key(i)));
		return all.filter((v) => /eyJ[\w-]+\.[\w-]+\.[\w-]+/.test(v)).join(" ");
	})()`); leaked != "" {
		t.Fatalf("the staff token is readable by page scripts: %s", leaked)
	}

	// A session the server no longer accepts (the account's token key changed, as a password
	// change does) ends at the next load.
	editor, err := s.App.FindAuthRecordByEmail("staff", hookstest.EditorEmail)
	if err != nil {
		t.Fatal(err)
	}
	editor.RefreshTokenKey()
	if err := s.App.Save(editor); err != nil {
		t.Fatal(err)
	}
	b.do("reload with the revoked session", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#email")))
	b.waitText("main", "Your session has expired")
	if got := eval[bool](b, "session forgotten", `localStorage.getItem("rcms.panel.signedIn") === null`); !got {
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
