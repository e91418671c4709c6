package hooks_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/admission"
)

// pageHead is what a test reads from a rendered page's <head>.
type pageHead struct {
	title  string
	meta   map[string]string // name= or property= → content
	links  map[string]string // rel → href
	jsonLD []string
}

// parseHead reads the title, meta, links and JSON-LD scripts of an HTML page.
func parseHead(t *testing.T, body string) pageHead {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parsing page: %v", err)
	}
	h := pageHead{meta: map[string]string{}, links: map[string]string{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			switch n.Data {
			case "title":
				if n.FirstChild != nil {
					h.title = n.FirstChild.Data
				}
			case "meta":
				if k := attr["name"] + attr["property"]; k != "" {
					h.meta[k] = attr["content"]
				}
			case "link":
				if _, seen := h.links[attr["rel"]]; !seen {
					h.links[attr["rel"]] = attr["href"]
				}
			case "script":
				if attr["type"] == "application/ld+json" && n.FirstChild != nil {
					h.jsonLD = append(h.jsonLD, n.FirstChild.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return h
}

// TestArticlePageIsRenderedOnTheServer reads an article page as a crawler does, without
// running any script: title, description, canonical, share cards, the API's JSON-LD, the
// author and clinical reviewer with credentials, the review date, a nested table of contents,
// related articles, the emergency note and the callback form.
func TestArticlePageIsRenderedOnTheServer(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	api := lr.getJSON("/api/cms/articles/" + hookstest.PublishedSlug)
	rec := lr.get("/articles/" + hookstest.PublishedSlug)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("article page: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	head := parseHead(t, body)
	wantTitle, wantDescription := api["meta_title"].(string), api["meta_description"].(string)
	if wantTitle == "" {
		wantTitle = api["title"].(string)
	}
	if wantDescription == "" {
		wantDescription = api["summary"].(string)
	}
	if head.title != wantTitle+" | Recovery Library" {
		t.Errorf("title %q", head.title)
	}
	if head.meta["description"] != wantDescription || head.meta["og:description"] != wantDescription {
		t.Errorf("meta description %q, want %q", head.meta["description"], wantDescription)
	}
	if head.links["canonical"] != api["url"] || head.meta["og:url"] != api["url"] {
		t.Errorf("canonical %q, og:url %q, want %q", head.links["canonical"], head.meta["og:url"], api["url"])
	}
	if head.meta["og:type"] != "article" || head.meta["twitter:card"] != "summary_large_image" ||
		!strings.HasSuffix(head.meta["og:image"], "/assets/share.png") || head.meta["og:image"] != head.meta["twitter:image"] {
		t.Errorf("share meta %v", head.meta)
	}
	if len(head.jsonLD) != 1 {
		t.Fatalf("%d JSON-LD scripts", len(head.jsonLD))
	}
	var ld any
	if err := json.Unmarshal([]byte(head.jsonLD[0]), &ld); err != nil {
		t.Fatalf("JSON-LD: %v", err)
	}
	raw, _ := json.Marshal(api["jsonld"])
	if got, _ := json.Marshal(ld); !bytes.Equal(got, raw) {
		t.Errorf("embedded JSON-LD %s differs from the API's %s", got, raw)
	}
	for _, want := range []string{
		`Written by <a href="/authors/tom-ashworth">Tom Ashworth</a>, Recovery worker and counsellor (FDAP accredited)`,
		`Clinically reviewed by <a href="/authors/dr-helen-okafor">Dr Helen Okafor</a>, Consultant addiction psychiatrist, MRCPsych`,
		`<p>Last reviewed <time datetime="` + api["reviewed_at"].(string)[:10] + `">`,
		// A level-3 heading is nested in its level-2 parent's entry.
		`<li><a href="#h-step-7-your-relapse-prevention-plan">Step 7: Your relapse prevention plan</a>` + "\n<ol>\n" + `<li><a href="#h-know-your-warning-signs">`,
		`<h2 id="related-title">Related articles</h2>`,
		`<p class="emergency-note"><strong>Need help now?</strong> In an emergency call 999.`,
		`<form class="callback-form" method="post" action="/callback" novalidate>`,
		`<input type="hidden" name="article" value="` + api["id"].(string) + `">`,
		`<h2 id="h-step-1-recognising-the-signs">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("article page lacks %s", want)
		}
	}
	if n := strings.Count(body, "<h1"); n != 1 {
		t.Errorf("%d h1 elements", n)
	}
}

// TestArticlePageUsesMetaFieldsAndCover: meta_title and meta_description win over title and
// summary, and the cover is the shared image.
func TestArticlePageUsesMetaFieldsAndCover(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	r, err := app.FindFirstRecordByData("articles", "slug", hookstest.PublishedSlug)
	if err != nil {
		t.Fatal(err)
	}
	r.Set("meta_title", "Ketamine: a way out")
	r.Set("meta_description", "Seven steps, in plain words.")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	head := parseHead(t, newLiveRouter(t, app).get("/articles/"+hookstest.PublishedSlug).Body.String())
	if head.title != "Ketamine: a way out | Recovery Library" || head.meta["description"] != "Seven steps, in plain words." ||
		head.meta["og:description"] != "Seven steps, in plain words." {
		t.Errorf("title %q, description %q", head.title, head.meta["description"])
	}
}

// TestPageJSONLDCannotBeClosedByContent: a title made to close the script element stays data.
func TestPageJSONLDCannotBeClosedByContent(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	author, _ := app.FindFirstRecordByData("authors", "slug", "priya-nair")
	title := `Safe </script><script>alert(1)</script> & "quoted" <!--`
	if _, err := hookstest.CreateArticle(app, author.Id, map[string]any{"title": title, "slug": "hostile-title",
		"status": "published", "published_at": time.Now().Add(-time.Hour).UTC(), "reviewed_by": author.Id,
		"summary": "A summary.", "body": "Body."}); err != nil {
		t.Fatal(err)
	}
	body := newLiveRouter(t, app).get("/articles/hostile-title").Body.String()
	if strings.Contains(body, "<script>alert") || strings.Count(body, "</script>") != 2 {
		t.Fatalf("the title escaped its element: %s", body)
	}
	head := parseHead(t, body)
	var ld map[string]any
	if len(head.jsonLD) != 1 || json.Unmarshal([]byte(head.jsonLD[0]), &ld) != nil || ld["headline"] != title {
		t.Fatalf("JSON-LD %v does not carry the title as data", head.jsonLD)
	}
	if head.title != title+" | Recovery Library" {
		t.Errorf("<title> %q", head.title)
	}
}

// TestHiddenArticlesAreOneNotFoundPage: a draft, a scheduled and a taken-down article answer
// the very page a slug that never existed answers (404), and no list page mentions them.
func TestHiddenArticlesAreOneNotFoundPage(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	author, _ := app.FindFirstRecordByData("authors", "slug", "priya-nair")
	if _, err := hookstest.CreateArticle(app, author.Id, map[string]any{"title": "Taken down " + hookstest.SecretWord,
		"slug": "taken-down", "status": "published", "published_at": time.Now().Add(-48 * time.Hour).UTC(),
		"unpublish_at": time.Now().Add(-time.Hour).UTC(), "reviewed_by": author.Id, "body": hookstest.SecretWord}); err != nil {
		t.Fatal(err)
	}
	lr := newLiveRouter(t, app)
	missing := lr.get("/articles/never-existed")
	if missing.Code != http.StatusNotFound || !strings.Contains(missing.Body.String(), "<h1>Page not found</h1>") {
		t.Fatalf("missing article: %d %s", missing.Code, missing.Body.String())
	}
	if !strings.Contains(missing.Body.String(), `<meta name="robots" content="noindex">`) {
		t.Error("the 404 page is indexable")
	}
	for _, slug := range []string{hookstest.DraftSlug, hookstest.ScheduledSlug, "taken-down"} {
		rec := lr.get("/articles/" + slug)
		if rec.Code != http.StatusNotFound || rec.Body.String() != missing.Body.String() {
			t.Errorf("%s: %d, body differs from a missing article's: %v", slug, rec.Code, rec.Body.String() != missing.Body.String())
		}
	}
	for _, p := range []string{"/", "/topics/ketamine", "/authors/priya-nair", "/search?q=" + hookstest.SecretWord,
		"/search?q=naloxone", "/search?q=winter", "/callback"} {
		rec := lr.get(p)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: %d", p, rec.Code)
		}
		for _, leak := range []string{hookstest.SecretWord, hookstest.DraftSlug, hookstest.ScheduledSlug, "taken-down", hookstest.DraftTitle} {
			if strings.Contains(rec.Body.String(), leak) && !(strings.HasPrefix(p, "/search") && leak == hookstest.SecretWord) {
				t.Errorf("%s mentions %q", p, leak)
			}
		}
		if strings.HasPrefix(p, "/search") && !strings.Contains(rec.Body.String(), "0 articles found.") {
			t.Errorf("%s finds hidden articles", p)
		}
	}
	for _, p := range []string{"/?page=2", "/?page=0", "/?page=01", "/?page=x", "/topics/ketamine?page=9", "/topics/no-such",
		"/authors/no-such", "/search?q=ketamine&page=50", "/no/such/page"} {
		if rec := lr.get(p); rec.Code != http.StatusNotFound || rec.Body.String() != missing.Body.String() {
			t.Errorf("%s: %d, want the 404 page", p, rec.Code)
		}
	}
}

// TestPagesAreCachedWithStrongETags: pages answer 304 to their ETag, are compressed, and a
// save changes the page at once.
func TestPagesAreCachedWithStrongETags(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	for _, p := range []string{"/", "/articles/" + hookstest.PublishedSlug, "/topics/ketamine", "/authors/priya-nair",
		"/search?q=ketamine", "/search", "/callback"} {
		first := lr.get(p)
		etag := first.Header().Get("ETag")
		if first.Code != http.StatusOK || !strings.HasPrefix(etag, `"`) || first.Header().Get("Cache-Control") == "" {
			t.Errorf("%s: %d ETag %q Cache-Control %q", p, first.Code, etag, first.Header().Get("Cache-Control"))
			continue
		}
		if again := lr.get(p, "If-None-Match", etag); again.Code != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d", p, again.Code)
		}
		gz := lr.get(p, "Accept-Encoding", "gzip")
		if gz.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(gz.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: Content-Encoding %q Vary %q", p, gz.Header().Get("Content-Encoding"), gz.Header().Get("Vary"))
			continue
		}
		zr, err := gzip.NewReader(gz.Body)
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := io.ReadAll(zr)
		if !bytes.Equal(plain, first.Body.Bytes()) {
			t.Errorf("%s: gzip body differs", p)
		}
	}
	before := lr.get("/articles/" + hookstest.PublishedSlug)
	r, _ := app.FindFirstRecordByData("articles", "slug", hookstest.PublishedSlug)
	r.Set("title", "How to beat ketamine addiction, revised")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	after := lr.get("/articles/"+hookstest.PublishedSlug, "If-None-Match", before.Header().Get("ETag"))
	if after.Code != http.StatusOK || !strings.Contains(after.Body.String(), "How to beat ketamine addiction, revised") {
		t.Errorf("after a save: %d", after.Code)
	}
	if home := lr.get("/"); !strings.Contains(home.Body.String(), "How to beat ketamine addiction, revised") {
		t.Error("the home page kept the old title")
	}
}

// TestSiteNameAndDescription: the app name of the settings names the site; the description
// comes from the options.
func TestSiteNameAndDescription(t *testing.T) {
	t.Parallel()
	app := hookstest.NewWithOptions(t, hooks.Options{SiteDescription: "Help with drugs and alcohol in Leeds."})
	settings := app.Settings()
	settings.Meta.AppName = "Leeds Recovery"
	if err := app.Save(settings); err != nil {
		t.Fatal(err)
	}
	lr := newLiveRouter(t, app)
	head := parseHead(t, lr.get("/callback").Body.String())
	if head.title != "Free callback | Leeds Recovery" || head.meta["og:site_name"] != "Leeds Recovery" {
		t.Errorf("title %q, og:site_name %q", head.title, head.meta["og:site_name"])
	}
	home := parseHead(t, lr.get("/").Body.String())
	if home.meta["description"] != "Help with drugs and alcohol in Leeds." {
		t.Errorf("home description %q", home.meta["description"])
	}
}

// TestRefusedPageIsAnHTMLPageWithRetryAfter: under a full admission pool an uncached page is
// a 503 page a person can read (the emergency note, Retry-After), a cached one still a 200.
func TestRefusedPageIsAnHTMLPageWithRetryAfter(t *testing.T) {
	gate := admission.New(admission.Options{Workers: 1, Queue: -1})
	_, mux := admissionApp(t, gate)
	if rec := sendFrom(mux, "GET", "/", "192.0.2.1:1000", ""); rec.Code != 200 {
		t.Fatalf("warm-up: %d", rec.Code)
	}
	occupy(t, gate, "203.0.113.0/24")
	rec := sendFrom(mux, "GET", "/search?q=relapse", "192.0.2.1:1000", "")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" ||
		rec.Header().Get("Content-Type") != "text/html; charset=utf-8" ||
		!strings.Contains(rec.Body.String(), "Please try again in a moment") || !strings.Contains(rec.Body.String(), "116 123") {
		t.Fatalf("refused page: %d %q %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if rec := sendFrom(mux, "GET", "/", "192.0.2.1:1000", ""); rec.Code != 200 {
		t.Errorf("a cached page under a full pool: %d", rec.Code)
	}
}
