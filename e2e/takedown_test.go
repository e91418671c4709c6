package e2e

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
)

// shiftedClock is the server's clock moved on by a test.
type shiftedClock struct{ offset atomic.Int64 }

func (c *shiftedClock) Now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *shiftedClock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

// TestScheduledTakeDownThroughThePanel: an editor sets "Take down at" in the panel (local
// time); the article stays up until then and is the 404 page after, with no restart.
func TestScheduledTakeDownThroughThePanel(t *testing.T) {
	clk := &shiftedClock{}
	s := serveWith(t, hooks.Options{Now: clk.Now})
	article, err := s.App.FindFirstRecordByData("articles", "slug", hookstest.PublishedSlug)
	if err != nil {
		t.Fatal(err)
	}
	editor := newBrowser(t, s.URL)
	editor.signIn(hookstest.EditorEmail)
	editor.do("open the article", chromedp.Navigate(s.URL+"/admin/#/articles/"+article.Id), chromedp.WaitVisible(chromedp.CSS("#a-unpublish_at")))
	// Ten minutes from now in the browser's own zone, as a person would type it.
	eval[bool](editor, "set the take-down time", `(() => {
		const d = new Date(Date.now() + 10 * 60 * 1000);
		const pad = (n) => String(n).padStart(2, "0");
		document.getElementById("a-unpublish_at").value = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
		return true;
	})()`)
	editor.click(`button[data-action="save"]`)
	editor.waitFor("saved with a take-down time", `({done: !document.querySelector('[data-error-for="_form"]').textContent && document.getElementById("a-unpublish_at").value !== "" && !document.querySelector('.actions button[disabled]'), text: document.querySelector('[data-error-for="_form"]').textContent})`)
	saved := func() bool {
		r, _ := s.App.FindRecordById("articles", article.Id)
		return !r.GetDateTime("unpublish_at").IsZero()
	}
	deadline := time.Now().Add(waitTimeout)
	for !saved() && time.Now().Before(deadline) {
		time.Sleep(pollInterval)
	}
	if !saved() {
		t.Fatal("the take-down time was not stored")
	}

	reader := newBrowser(t, s.URL)
	reader.open("/articles/"+hookstest.PublishedSlug, "main h1")
	if got := reader.text("main h1"); !strings.Contains(got, "ketamine") {
		t.Fatalf("before the time: %q", got)
	}
	clk.Advance(11 * time.Minute)
	// A fresh browser: the first one may reuse its copy for the minute Cache-Control allows.
	reader = newBrowser(t, s.URL)
	reader.open("/articles/"+hookstest.PublishedSlug, "main h1")
	if got := reader.text("main h1"); got != "Page not found" {
		t.Fatalf("after the time: %q", got)
	}
	reader.open("/", "main h1")
	if strings.Contains(reader.text("main"), "How to beat ketamine addiction") {
		t.Error("the home page still lists the article")
	}
}
