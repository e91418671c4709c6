package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"recoverycms/hooks/hookstest"
)

// TestEditorShowsReadabilityAndWording: beside the live preview the editor sees the reading
// age, a long sentence that selects itself in the body when clicked (after an emoji, so the
// offsets are converted to the textarea's UTF-16), and a wording hint with its suggestion.
func TestEditorShowsReadabilityAndWording(t *testing.T) {
	s := serve(t)
	b := newBrowser(t, s.URL)
	b.signIn(hookstest.EditorEmail)
	b.do("open the new article form", chromedp.Navigate(s.URL+"/admin/#/articles/new"), chromedp.WaitVisible(chromedp.CSS("#a-body")))
	eval[bool](b, "write the body", `(() => {
		const el = document.querySelector("#a-body");
		el.value = "## You are not alone 🌱\n\nMany addicts recover. " +
			"If you have been told you have a problem with drink or drugs you can still ask us for help and we will listen to you first.\n\nCall us.";
		el.dispatchEvent(new Event("input", {bubbles: true}));
		return true;
	})()`)
	b.waitText("#article-preview-advice-summary", "Reading age about")
	b.waitText("#article-preview-advice-summary", "1 long sentence · 1 wording hint")
	b.waitText("#article-preview-advice", "person with a substance use disorder")
	selection := func() string {
		return eval[string](b, "read the selection", `(() => {
			const el = document.querySelector("#a-body");
			return el.value.slice(el.selectionStart, el.selectionEnd);
		})()`)
	}
	b.click(`#article-preview-advice ul[aria-labelledby="article-preview-advice-long-title"] button`)
	if selected, want := selection(), "If you have been told you have a problem with drink or drugs you can still ask us for help and we will listen to you first."; selected != want {
		t.Errorf("selected %q, want the long sentence", selected)
	}
	b.click(`#article-preview-advice ul[aria-labelledby="article-preview-advice-hints-title"] button`)
	if selected := selection(); selected != "addicts" {
		t.Errorf("hint selected %q, want addicts", selected)
	}
	b.checkA11y("article editor with advice")
}
