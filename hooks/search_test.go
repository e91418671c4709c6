package hooks_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"recoverycms/hooks/hookstest"
)

// markupOutsideMark finds any tag in a snippet other than <mark> and </mark>.
var markupOutsideMark = regexp.MustCompile(`<(?:/?[^m/]|/m[^a]|m[^a])`)

func TestSearchTreatsInputAsPlainTerms(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	author := authorID(t, app, "priya-nair")
	_, err := hookstest.CreateArticle(app, author, map[string]any{
		"title": "Café crème and relapse", "slug": "cafe-creme", "status": "published",
		"body": "A relapse is not failure. <b>bold</b> & \"quoted\" text with NEAR and OR in it.",
	})
	must(t, err)
	lr := newLiveRouter(t, app)

	cases := []struct {
		q       string
		minHits int
		maxHits int
	}{
		{`relapses`, 1, 9},                      // porter stemming: relapses -> relapse
		{`cafe`, 1, 1},                          // diacritics folded
		{`CRÈME`, 1, 1},                         // case and diacritics
		{`"relapse`, 1, 9},                      // unbalanced quote
		{`relapse"`, 1, 9},                      // trailing quote
		{`relapse*`, 1, 9},                      // * is dropped like any punctuation: the word relapse
		{`rel*`, 0, 0},                          // ... and is never a prefix operator
		{`relapse NEAR failure`, 1, 1},          // NEAR is a plain word, which the new article contains
		{`NEAR(relapse failure)`, 0, 0},         // just words: the phrase "near relapse", which no article has
		{`-relapse`, 1, 9},                      // a leading minus is not NOT
		{`relapse OR zzzz`, 0, 0},               // OR is a plain required word, zzzz matches nothing
		{`((relapse`, 1, 9},                     // unbalanced parentheses
		{`title:relapse`, 0, 0},                 // column filters are not interpreted (no article says "title")
		{`*`, 0, 0},                             // nothing to search for
		{`" ( ) * -`, 0, 0},                     // only syntax characters
		{`AND`, 1, 9},                           // a plain word
		{strings.Repeat("relapse ", 125), 1, 9}, // 1,000 characters
		{strings.Repeat("x", 1000), 0, 0},       // one 1,000-character word
		{`<script>alert(1)</script>`, 0, 0},
		{"relapse\x00", 1, 9},         // a NUL ends SQLite's string: a separator here
		{"re\x00lapse\x01\x7f", 0, 0}, // the words "re" and "lapse"
	}
	for _, c := range cases {
		rec := lr.get("/api/cms/search?q=" + url.QueryEscape(c.q))
		if rec.Code != 200 {
			t.Errorf("q=%.40q: status %d %s", c.q, rec.Code, rec.Body.String())
			continue
		}
		body := rec.Body.String()
		hits := strings.Count(body, `"snippet":`)
		if hits < c.minHits || hits > c.maxHits {
			t.Errorf("q=%.40q: %d hits, want %d to %d", c.q, hits, c.minHits, c.maxHits)
		}
		for _, m := range hiddenMarkers {
			if strings.Contains(body, m) {
				t.Errorf("q=%.40q leaks %q", c.q, m)
			}
		}
	}
}

func TestSearchSnippetsAreEscapedExceptMark(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	author := authorID(t, app, "priya-nair")
	_, err := hookstest.CreateArticle(app, author, map[string]any{
		"title": "Escaping check", "slug": "escaping-check", "status": "published",
		"summary": "Summary with <img src=x onerror=alert(1)> and a \uE000fake\uE001 marker and quokkaword.",
		"body":    "Body mentions quokkaword & <i>markup</i>.",
	})
	must(t, err)
	lr := newLiveRouter(t, app)
	page := lr.getJSON("/api/cms/search?q=quokkaword")
	items := page["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("want 1 hit, got %d", len(items))
	}
	snippet := items[0].(map[string]any)["snippet"].(string)
	if !strings.Contains(snippet, "<mark>quokkaword</mark>") {
		t.Errorf("snippet lacks the highlighted match: %s", snippet)
	}
	if markupOutsideMark.MatchString(snippet) || strings.Contains(snippet, "<img") || strings.Contains(snippet, "\uE000") {
		t.Errorf("snippet carries markup other than <mark>: %s", snippet)
	}
	if strings.Count(snippet, "<mark>") != 1 {
		t.Errorf("stored markers became highlights: %s", snippet)
	}
	// Invalid UTF-8 around a marker: removing the marker must not join the bytes into one.
	_, err = hookstest.CreateArticle(app, author, map[string]any{
		"title": "Forged \xEE\x80\uE000\x80 gerbilword title", "slug": "forged-marker", "status": "published",
		"summary": "Open \xEE\x80\uE001\x81 close", "body": "gerbilword \xEE\uE000\x80\x80 body"})
	must(t, err)
	for _, path := range []string{"/api/cms/search?q=gerbilword", "/search?q=gerbilword"} {
		if body := lr.get(path).Body.String(); strings.Count(body, "<mark>") != strings.Count(body, "<mark>gerbilword</mark>") ||
			strings.Count(body, "</mark>") != strings.Count(body, "<mark>") {
			t.Errorf("%s: forged markers: %.600s", path, body)
		}
	}
}

func TestSearchRanksTitleHighestAndPaginates(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	author := authorID(t, app, "priya-nair")
	_, err := hookstest.CreateArticle(app, author, map[string]any{"title": "About wombatology", "slug": "in-title",
		"status": "published", "body": "Nothing else here."})
	must(t, err)
	_, err = hookstest.CreateArticle(app, author, map[string]any{"title": "Other words", "slug": "in-body",
		"status": "published", "body": "Somewhere deep inside the text wombatology appears once among many other words."})
	must(t, err)
	lr := newLiveRouter(t, app)
	items := lr.getJSON("/api/cms/search?q=wombatology")["items"].([]any)
	if len(items) != 2 || items[0].(map[string]any)["slug"] != "in-title" {
		t.Fatalf("title match should rank first: %v", items)
	}
	page2 := lr.getJSON("/api/cms/search?q=wombatology&perPage=1&page=2")
	if page2["totalItems"] != float64(2) || page2["totalPages"] != float64(2) || page2["items"].([]any)[0].(map[string]any)["slug"] != "in-body" {
		t.Fatalf("second page: %v", page2)
	}
}

func TestSearchIndexFollowsEveryChange(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	count := func(q string) float64 { return lr.getJSON("/api/cms/search?q=" + q)["totalItems"].(float64) }

	author := authorID(t, app, "priya-nair")
	r, err := hookstest.CreateArticle(app, author, map[string]any{"title": "Platypus care", "slug": "platypus",
		"status": "draft", "body": "All about platypuses."})
	must(t, err)
	if count("platypus") != 0 {
		t.Fatal("a draft is searchable")
	}
	r.Set("status", "published")
	must(t, app.Save(r))
	if count("platypus") != 1 {
		t.Fatal("not searchable once published")
	}
	r.Set("body", "Now about echidnas instead.")
	must(t, app.Save(r))
	if count("echidna") != 1 || count("platypuses") != 1 { // title still says platypus
		t.Fatal("the index did not follow an edit")
	}
	r.Set("title", "Echidna care")
	must(t, app.Save(r))
	if count("platypus") != 0 {
		t.Fatal("the old title is still indexed")
	}
	r.Set("status", "archived")
	must(t, app.Save(r))
	if count("echidna") != 0 {
		t.Fatal("still searchable after unpublishing")
	}
	r.Set("status", "published")
	must(t, app.Save(r))
	must(t, app.Delete(r))
	if count("echidna") != 0 {
		t.Fatal("still searchable after delete")
	}
}

func TestSearchIndexRebuildsOnStartWhenOutOfStep(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	_, err := app.DB().NewQuery("DELETE FROM articles_fts").Execute()
	must(t, err)
	lr := newLiveRouter(t, app) // triggers OnServe, as `serve` does
	if got := lr.getJSON("/api/cms/search?q=ketamine")["totalItems"]; got != float64(2) {
		t.Fatalf("after a rebuild on start: %v hits", got)
	}
	var rows int
	must(t, app.DB().NewQuery("SELECT COUNT(*) FROM articles_fts").Row(&rows))
	if rows != hookstest.PublishedCount+1 { // the scheduled article is indexed, filtered at query time
		t.Fatalf("index rows: %d", rows)
	}
}

// TestSearchFaultOfOursIsA5xx: a search that fails for a reason on our side (here the index
// table is missing, not a storage fault) answers 500 with Retry-After, never the 400 that
// would tell the visitor their query was wrong; the site's search page too.
func TestSearchFaultOfOursIsA5xx(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	if _, err := app.DB().NewQuery("DROP TABLE articles_fts").Execute(); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/cms/search?q=relapse", "/search?q=relapse"} {
		rec := lr.get(path)
		if rec.Code != http.StatusInternalServerError || rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s: %d, Retry-After %q: %s", path, rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
		}
		if strings.Contains(rec.Body.String(), "articles_fts") {
			t.Errorf("%s: the answer shows the cause: %s", path, rec.Body.String())
		}
	}
	if rec := lr.get("/api/cms/search?q=relapse&page=0"); rec.Code != http.StatusBadRequest {
		t.Errorf("bad paging is still the client's: %d", rec.Code)
	}
	if rec := lr.get("/api/cms/articles/no-such-article"); rec.Code != http.StatusNotFound {
		t.Errorf("a missing article is still a 404: %d", rec.Code)
	}
}

// TestSearchDuringAnUnpublishingSave: between a save's commit and the moment the content
// version moves on (its after-success hooks), a search may still rank the article among the
// rows public before the save. The answer must not show the article as the save left it (a
// draft's new title and summary), nor the page either.
func TestSearchDuringAnUnpublishingSave(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	r, err := hookstest.CreateArticle(app, authorID(t, app, "priya-nair"), map[string]any{
		"title": "Public okapi title", "slug": "okapi", "status": "published", "body": "About the okapiword animal."})
	must(t, err)
	if n := lr.getJSON("/api/cms/search?q=okapiword")["totalItems"].(float64); n != 1 {
		t.Fatalf("published article not found: %v", n)
	}
	var during []string
	app.OnRecordAfterUpdateSuccess("articles").Bind(&hook.Handler[*core.RecordEvent]{Priority: -100, Func: func(e *core.RecordEvent) error {
		// New cache keys, so the answers are built now, at the version before the save.
		during = append(during, lr.get("/api/cms/search?q=okapiword+okapiword").Body.String(),
			lr.get("/search?q=okapiword+okapiword+okapiword").Body.String())
		return e.Next()
	}})
	r.Set("status", "draft")
	r.Set("title", "DRAFT secret okapi title")
	r.Set("summary", "DRAFT secret summary.")
	must(t, app.Save(r))
	if len(during) != 2 {
		t.Fatalf("the hook ran %d times", len(during)/2)
	}
	for _, body := range during {
		if strings.Contains(body, "DRAFT secret") {
			t.Errorf("a draft reached an anonymous search: %.300s", body)
		}
	}
	if n := lr.getJSON("/api/cms/search?q=okapiword")["totalItems"].(float64); n != 0 {
		t.Errorf("after the save: %v hits", n)
	}
}

// TestSearchRecoversFromAFault: a storage fault on the first search of a content version is
// answered 500, and is not remembered: once the fault is gone, searches answer again
// without waiting for the next save.
func TestSearchRecoversFromAFault(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	_, err := app.DB().NewQuery("ALTER TABLE articles_fts RENAME TO articles_fts_away").Execute()
	must(t, err)
	if rec := lr.get("/api/cms/search?q=relapse"); rec.Code != http.StatusInternalServerError {
		t.Fatalf("during the fault: %d %s", rec.Code, rec.Body.String())
	}
	_, err = app.DB().NewQuery("ALTER TABLE articles_fts_away RENAME TO articles_fts").Execute()
	must(t, err)
	for _, path := range []string{"/api/cms/search?q=relapse", "/api/cms/search?q=ketamine", "/search?q=hope"} {
		if rec := lr.get(path); rec.Code != http.StatusOK {
			t.Errorf("%s after the fault: %d %.200s", path, rec.Code, rec.Body.String())
		}
	}
}

// TestSearchQueryLength: a q over 2,000 characters is the client's to shorten (400,
// q_too_long); 2,000 are searched. The page searches the first 2,000.
func TestSearchQueryLength(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	fits := strings.Repeat("é", 1992) + " relapse" // 2,000 characters
	if rec := lr.get("/api/cms/search?q=" + url.QueryEscape(fits)); rec.Code != http.StatusOK {
		t.Errorf("2,000 characters: %d %.200s", rec.Code, rec.Body.String())
	}
	rec := lr.get("/api/cms/search?q=" + url.QueryEscape(fits+"x"))
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"q":{"code":"q_too_long"`) {
		t.Errorf("2,001 characters: %d %.200s", rec.Code, rec.Body.String())
	}
	if rec := lr.get("/search?q=" + url.QueryEscape(fits+strings.Repeat("x", 10000))); rec.Code != http.StatusOK {
		t.Errorf("page with a long q: %d", rec.Code)
	}
}
