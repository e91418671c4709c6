package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks/hookstest"
)

// TestEditorWritesPreviewsAndPublishes: an editor writes an article whose markdown holds a
// heading and a <script>, sees the heading and no script in the live preview, publishes it,
// and it appears on the public site.
func TestEditorWritesPreviewsAndPublishes(t *testing.T) {
	s := serve(t)
	author, err := s.App.FindFirstRecordByData("authors", "slug", "priya-nair")
	if err != nil {
		t.Fatal(err)
	}
	const title = "Getting through a hard night"
	b := newBrowser(t, s.URL)
	b.signIn(hookstest.EditorEmail)
	b.do("open the new article form", chromedp.Navigate(s.URL+"/admin/#/articles/new"), chromedp.WaitVisible(chromedp.CSS("#a-title")))
	b.typeInto("#a-title", title)
	eval[bool](b, "choose the author", `(() => {
		const el = document.querySelector("#a-author");
		el.value = `+"`"+author.Id+"`"+`;
		el.dispatchEvent(new Event("change", {bubbles: true}));
		return el.value !== "";
	})()`)
	b.typeInto("#a-body", "## Getting through tonight\n\nStay close to someone you trust.\n\n<script>window.__pwned = 1</script>\n\nBreathe slowly.")
	b.waitText("#article-preview", "Getting through tonight")
	b.waitText("#article-preview", "Breathe slowly")
	safe := eval[bool](b, "inspect the preview", `(() => {
		const p = document.querySelector("#article-preview");
		return p.querySelector("h2#h-getting-through-tonight") !== null &&
			!p.innerHTML.includes("<script") && !p.innerHTML.includes("__pwned") && window.__pwned === undefined;
	})()`)
	if !safe {
		t.Fatalf("preview should show the heading and no script: %s", eval[string](b, "preview html", `document.querySelector("#article-preview").innerHTML`))
	}
	b.checkA11y("article editor")

	b.click(`button[data-action="publish"]`)
	b.waitText(".actions .badge", "Published")
	rec, err := s.App.FindFirstRecordByData("articles", "title", title)
	if err != nil {
		t.Fatalf("the published article was not stored: %v", err)
	}
	if rec.GetString("status") != "published" || rec.GetDateTime("published_at").IsZero() {
		t.Fatalf("stored status %q, published_at %q", rec.GetString("status"), rec.GetString("published_at"))
	}
	if strings.Contains(rec.GetString("body_html"), "<script") {
		t.Fatal("stored HTML holds a script")
	}

	t.Run("appears on the public site", func(t *testing.T) {
		pb := newBrowser(t, s.URL)
		pb.open("/", "main .cards")
		pb.waitText("main .cards", title)
		pb.checkA11y("public home")
		pb.follow(`main .cards a[href="/articles/`+rec.GetString("slug")+`"]`, "/articles/"+rec.GetString("slug"))
		pb.waitText("#article-title", title)
		pb.waitText(".article-body", "Breathe slowly")
		ok := eval[bool](pb, "inspect the article", `document.querySelector(".article-body h2#h-getting-through-tonight") !== null && !document.querySelector("main").innerHTML.includes("<script") && window.__pwned === undefined`)
		if !ok {
			t.Fatal("the public article lacks its heading or holds a script")
		}
		pb.waitText(".byline", "Priya Nair")
		pb.checkA11y("article page")
		pb.follow(`.byline a[href="/authors/priya-nair"]`, "/authors/priya-nair")
		pb.waitText("main h1", "Priya Nair")
		pb.waitText("main .cards", title)
		pb.open("/topics/ketamine", "main h1")
		pb.waitText("main .cards", "ketamine")
		pb.open("/search?q=ketamine", "main .cards")
		pb.waitText("main h1", "Results for")
	})
}

// TestRevisionRestore compares an older revision with the current text and restores it, which
// itself becomes a new revision by the editor.
func TestRevisionRestore(t *testing.T) {
	s := serve(t)
	article, err := s.App.FindFirstRecordByData("articles", "slug", hookstest.PublishedSlug)
	if err != nil {
		t.Fatal(err)
	}
	original := article.GetString("body")
	article.Set("body", original+"\n\nAn added closing line.")
	if err := s.App.Save(article); err != nil {
		t.Fatal(err)
	}
	editor, err := s.App.FindAuthRecordByEmail("staff", hookstest.EditorEmail)
	if err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, s.URL)
	b.signIn(hookstest.EditorEmail)
	b.do("open the editor", chromedp.Navigate(s.URL+"/admin/#/articles/"+article.Id), chromedp.WaitVisible(chromedp.CSS("#revisions button[data-restore]")))
	b.click("#revisions tbody tr:nth-child(2) td:last-child button")
	b.waitText("#revision-diff", "+ An added closing line.")
	eval[bool](b, "accept the confirmation", `(window.confirm = () => true, true)`)
	b.click("#revisions button[data-restore]")
	b.waitText("#revisions tbody tr:first-child", "Edie Editor")

	fresh, err := s.App.FindRecordById("articles", article.Id)
	if err != nil {
		t.Fatal(err)
	}
	if fresh.GetString("body") != original {
		t.Fatalf("body after restore = %q", fresh.GetString("body"))
	}
	var revs []*core.Record
	if err := s.App.RecordQuery("article_revisions").Where(dbx.HashExp{"article": article.Id}).
		OrderBy("created DESC", "rowid DESC").All(&revs); err != nil {
		t.Fatal(err)
	}
	if len(revs) != 3 || revs[0].GetString("staff") != editor.Id || revs[0].GetString("body") != original {
		t.Fatalf("want 3 revisions, the newest the editor's restore; got %d", len(revs))
	}
}
