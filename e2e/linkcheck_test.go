package e2e

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/linkcheck"
)

// TestBrokenLinksInThePanel: a broken link the check stored shows in a table under the
// articles and in that article's editor, with what is wrong in words. The row is written as
// the checker writes it, so no request leaves the machine.
func TestBrokenLinksInThePanel(t *testing.T) {
	s := serve(t)
	article, err := s.App.FindFirstRecordByData("articles", "slug", hookstest.PublishedSlug)
	if err != nil {
		t.Fatal(err)
	}
	col, err := s.App.FindCollectionByNameOrId(linkcheck.Collection)
	if err != nil {
		t.Fatal(err)
	}
	row := core.NewRecord(col)
	row.Load(map[string]any{"article": article.Id, "url": "https://gone.example.org/help", "status": 404,
		"ok": false, "error": "The server answered 404 Not Found.", "checked_at": time.Now().UTC(),
		"failing_since": time.Now().Add(-72 * time.Hour).UTC()})
	if err := s.App.Save(row); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, s.URL)
	b.signIn(hookstest.EditorEmail)
	b.open("/admin/#/articles", "#broken-links table")
	b.waitText("#broken-links-title", "Broken links (1)")
	b.waitText("#broken-links tbody", "The server answered 404 Not Found.")
	b.checkA11y("article list with broken links")
	b.follow(`#broken-links tbody a`, "/admin/")
	b.waitText("#article-links", "https://gone.example.org/help")
	b.waitText("#article-links-title", "Broken links in this article")
	b.checkA11y("editor with a broken link")
}
