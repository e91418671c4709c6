package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestSitePagesReflow: every kind of public page fits 320 CSS pixels without sideways
// scrolling (WCAG 1.4.10), still fits with its text at 200 % (1.4.4), and prints without
// the navigation and the form.
func TestSitePagesReflow(t *testing.T) {
	s := serve(t)
	b := newBrowser(t, s.URL)
	fits := func(what string) {
		t.Helper()
		if !eval[bool](b, "measure "+what, `document.documentElement.scrollWidth <= 321 && window.innerWidth === 320`) {
			t.Errorf("%s overflows sideways (%d px wide in a %d px window)", what,
				eval[int](b, "width", `document.documentElement.scrollWidth`), eval[int](b, "window", `window.innerWidth`))
		}
	}
	// Not emulating a phone: mobile emulation widens the layout viewport to fit what overflows.
	b.do("320 px viewport", chromedp.EmulateViewport(320, 640))
	for _, p := range publicPages {
		b.open(p, "main h1")
		if w := eval[int](b, "window width", `window.innerWidth`); w != 320 {
			t.Fatalf("the window is %d px wide, not 320", w)
		}
		fits(p + " at 320 px")
		eval[bool](b, "text at 200 %", `(document.documentElement.style.fontSize = "200%", true)`)
		fits(p + " at 320 px with text at 200 %")
	}
	b.do("desktop viewport", chromedp.EmulateViewport(1280, 900))
	b.open(publicPages[1], "main h1")
	b.do("print media", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	hidden := eval[bool](b, "printed layout", `["form.callback-form", ".site-header nav"].every(sel => {
		const el = document.querySelector(sel);
		return el && getComputedStyle(el).display === "none" || (el && el.closest(".callback-box") && getComputedStyle(el.closest(".callback-box")).display === "none");
	})`)
	if !hidden {
		t.Error("the printed page shows the form or the navigation")
	}
	if !eval[bool](b, "article printed", `getComputedStyle(document.querySelector(".article-body")).display !== "none" && getComputedStyle(document.querySelector(".emergency")).display !== "none"`) {
		t.Error("the printed page hides the article or the emergency note")
	}
}
