package hooks_test

import (
	"encoding/xml"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/frontend"
)

func TestFeedsParseWithAbsoluteLinks(t *testing.T) {
	t.Parallel()
	app := hookstest.NewWithOptions(t, hooks.Options{Frontend: frontend.Config{
		ArticleURL: "https://example.org/read/{slug}/",
	}})
	lr := newLiveRouter(t, app)
	for _, c := range []struct {
		path, feedType, contentType string
	}{
		{"/feed.xml", "rss", "application/rss+xml"},
		{"/feed.atom", "atom", "application/atom+xml"},
		{"/feed.json", "json", "application/feed+json"},
	} {
		rec := lr.get(c.path)
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), c.contentType) {
			t.Errorf("%s: Content-Type %q", c.path, rec.Header().Get("Content-Type"))
		}
		feed, err := gofeed.NewParser().ParseString(rec.Body.String())
		if err != nil {
			t.Fatalf("%s does not parse: %v", c.path, err)
		}
		if feed.FeedType != c.feedType {
			t.Errorf("%s parsed as %s", c.path, feed.FeedType)
		}
		if len(feed.Items) != hookstest.PublishedCount {
			t.Fatalf("%s has %d items", c.path, len(feed.Items))
		}
		first := feed.Items[0]
		if first.Link != "https://example.org/read/how-to-beat-ketamine-addiction/" {
			t.Errorf("%s: first link %q", c.path, first.Link)
		}
		if first.PublishedParsed == nil || first.Title == "" || first.Description == "" && first.Content == "" {
			t.Errorf("%s: first item incomplete: %+v", c.path, first)
		}
		for _, it := range feed.Items {
			if !strings.HasPrefix(it.Link, "https://") {
				t.Errorf("%s: relative link %q", c.path, it.Link)
			}
		}
		for _, m := range hiddenMarkers {
			if strings.Contains(rec.Body.String(), m) {
				t.Errorf("%s leaks %q", c.path, m)
			}
		}
	}
}

func TestFeedsCarryTheLatestTwenty(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	author := authorID(t, app, "priya-nair")
	for i := 0; i < 25; i++ {
		_, err := hookstest.CreateArticle(app, author, map[string]any{"title": "Filler " + string(rune('a'+i)),
			"status": "published", "body": "Filler text."})
		must(t, err)
	}
	feed, err := gofeed.NewParser().ParseString(newLiveRouter(t, app).get("/feed.json").Body.String())
	must(t, err)
	if len(feed.Items) != 20 {
		t.Fatalf("feed has %d items, want 20", len(feed.Items))
	}
}

func TestSitemapListsEveryPublicPage(t *testing.T) {
	t.Parallel()
	app := hookstest.NewWithOptions(t, hooks.Options{Frontend: frontend.Config{
		AuthorURL: "https://example.org/people/{slug}", TopicURL: "https://example.org/t/{slug}",
	}})
	rec := newLiveRouter(t, app).get("/sitemap.xml")
	var doc struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	must(t, xml.Unmarshal(rec.Body.Bytes(), &doc))
	locs := map[string]bool{}
	for _, u := range doc.URLs {
		if u.LastMod == "" {
			t.Errorf("%s has no lastmod", u.Loc)
		}
		locs[u.Loc] = true
	}
	for _, want := range []string{
		"http://localhost:8090/articles/how-to-beat-ketamine-addiction",
		"http://localhost:8090/articles/overcoming-spice-k2-dependency",
		"https://example.org/people/priya-nair",
		"https://example.org/t/ketamine",
	} {
		if !locs[want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if len(doc.URLs) != hookstest.PublishedCount+3+5 {
		t.Errorf("sitemap has %d URLs", len(doc.URLs))
	}
}

// TestRSSDescriptionIsEscapedHTML: RSS readers treat <description> as HTML, so a summary with
// markup characters arrives as text, exactly as written, while Atom and JSON Feed carry text.
func TestRSSDescriptionIsEscapedHTML(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	const summary = `Less < more & "quotes" ]]> end`
	_, err := hookstest.CreateArticle(app, authorID(t, app, "priya-nair"), map[string]any{
		"title": "Markup in a summary", "slug": "markup-in-a-summary", "status": "published",
		"summary": summary, "body": "Text.",
	})
	must(t, err)
	for _, c := range []struct {
		path string
		// read is what a reader shows of the parsed description: HTML decoded for RSS, as is
		// for the text summaries of Atom and JSON Feed.
		read func(string) string
	}{
		{"/feed.xml", html.UnescapeString},
		{"/feed.atom", func(s string) string { return s }},
		{"/feed.json", func(s string) string { return s }},
	} {
		if got := feedSummary(t, lr, c.path, "Markup in a summary"); c.read(got) != summary {
			t.Errorf("%s: description %q reads as %q, want %q", c.path, got, c.read(got), summary)
		}
	}
	if got := feedSummary(t, lr, "/feed.xml", "Markup in a summary"); strings.ContainsAny(got, `<>"`) {
		t.Errorf("RSS description %q: want the summary escaped as HTML", got)
	}
}

// feedSummary parses the feed at path and returns the description of its item titled title.
func feedSummary(t *testing.T, lr *liveRouter, path, title string) string {
	t.Helper()
	feed, err := gofeed.NewParser().ParseString(lr.get(path).Body.String())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, it := range feed.Items {
		if it.Title == title {
			return it.Description
		}
	}
	t.Fatalf("%s has no item %q", path, title)
	return ""
}

// TestSitemapAuthorAndTopicChangeWithTheirArticles: a newly published article moves the
// lastmod of its author's and its topics' pages, whose lists it changed.
func TestSitemapAuthorAndTopicChangeWithTheirArticles(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	topic, err := app.FindFirstRecordByData("topics", "slug", "ketamine")
	must(t, err)
	time.Sleep(5 * time.Millisecond) // a change strictly after the fixtures' own
	_, err = hookstest.CreateArticle(app, authorID(t, app, "priya-nair"), map[string]any{
		"title": "A new page for the lists", "slug": "a-new-page-for-the-lists", "status": "published",
		"body": "Text.", "topics": []string{topic.Id},
	})
	must(t, err)
	var doc struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	must(t, xml.Unmarshal(newLiveRouter(t, app).get("/sitemap.xml").Body.Bytes(), &doc))
	lastmod := map[string]string{}
	for _, u := range doc.URLs {
		lastmod[u.Loc] = u.LastMod
	}
	article := lastmod["http://localhost:8090/articles/a-new-page-for-the-lists"]
	if article == "" {
		t.Fatal("the new article is not in the sitemap")
	}
	for _, page := range []string{"http://localhost:8090/authors/priya-nair", "http://localhost:8090/topics/ketamine"} {
		if lastmod[page] != article {
			t.Errorf("%s lastmod %q, want the new article's %q", page, lastmod[page], article)
		}
	}
	if other := lastmod["http://localhost:8090/authors/tom-ashworth"]; other == article {
		t.Errorf("an author without the new article moved too (%q)", other)
	}
}

// TestSitemapAuthorPageOwnChangeAndDrafts: an author's page changes with the author's own
// record too, and never with an article that is not published.
func TestSitemapAuthorPageOwnChangeAndDrafts(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	const page = "http://localhost:8090/authors/tom-ashworth"
	lastmod := func() string {
		t.Helper()
		var doc struct {
			URLs []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
			} `xml:"url"`
		}
		must(t, xml.Unmarshal(lr.get("/sitemap.xml").Body.Bytes(), &doc))
		for _, u := range doc.URLs {
			if u.Loc == page {
				return u.LastMod
			}
		}
		t.Fatalf("the sitemap lacks %s", page)
		return ""
	}
	before := lastmod()
	time.Sleep(5 * time.Millisecond)
	_, err := hookstest.CreateArticle(app, authorID(t, app, "tom-ashworth"), map[string]any{
		"title": "A draft for later", "status": "draft", "body": "Text."})
	must(t, err)
	if got := lastmod(); got != before {
		t.Errorf("a draft moved the author's lastmod from %q to %q", before, got)
	}
	author, err := app.FindFirstRecordByData("authors", "slug", "tom-ashworth")
	must(t, err)
	author.Set("credentials", "Peer support worker, updated")
	must(t, app.Save(author))
	author, err = app.FindRecordById("authors", author.Id)
	must(t, err)
	want := author.GetDateTime("updated").Time().UTC().Format("2006-01-02T15:04:05.000Z07:00")
	if got := lastmod(); got != want || got == before {
		t.Errorf("after the author's own change lastmod is %q, want %q (was %q)", got, want, before)
	}
}
