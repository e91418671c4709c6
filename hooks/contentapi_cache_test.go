package hooks_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
)

func TestNotModifiedWithMatchingETag(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	for _, p := range publicEndpoints {
		first := lr.get(p)
		etag := first.Header().Get("ETag")
		if first.Code != 200 || !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
			t.Fatalf("GET %s: %d, ETag %q", p, first.Code, etag)
		}
		if cc := first.Header().Get("Cache-Control"); cc != "public, max-age=60, stale-while-revalidate=300" {
			t.Errorf("GET %s: Cache-Control %q", p, cc)
		}
		again := lr.get(p, "If-None-Match", etag)
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 || again.Header().Get("ETag") != etag {
			t.Errorf("GET %s with its ETag: %d, %d bytes, ETag %q", p, again.Code, again.Body.Len(), again.Header().Get("ETag"))
		}
		if other := lr.get(p, "If-None-Match", `"something-else", W/`+etag); other.Code != http.StatusNotModified {
			t.Errorf("GET %s with a list holding its weak ETag: %d", p, other.Code)
		}
		if stale := lr.get(p, "If-None-Match", `"stale"`); stale.Code != 200 || stale.Body.String() != first.Body.String() {
			t.Errorf("GET %s with a stale ETag: %d", p, stale.Code)
		}
	}
}

func TestNotModifiedScenario(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	etag := newLiveRouter(t, app).get("/api/cms/articles").Header().Get("ETag")
	scenario := tests.ApiScenario{
		Name:               "guest revalidates the list",
		Method:             http.MethodGet,
		URL:                "/api/cms/articles",
		Headers:            map[string]string{"If-None-Match": etag},
		ExpectedStatus:     http.StatusNotModified,
		ExpectedContent:    []string{},
		ExpectedEvents:     map[string]int{"*": 0},
		TestAppFactory:     hookstest.Factory,
		NotExpectedContent: []string{"items"},
	}
	scenario.Test(t)
}

// etags returns the ETag of every public endpoint plus the extra paths.
func etags(lr *liveRouter, extra ...string) map[string]string {
	out := map[string]string{}
	for _, p := range append(extra, publicEndpoints...) {
		out[p] = lr.get(p).Header().Get("ETag")
	}
	return out
}

func TestETagsChangeWithContent(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		change  func(t *testing.T, app core.App)
		changed []string // paths whose ETag must change
	}{
		{"edit", func(t *testing.T, app core.App) {
			r := articleBySlug(t, app, hookstest.PublishedSlug)
			r.Set("title", "How to beat ketamine addiction, revised")
			must(t, app.Save(r))
		}, []string{"/api/cms/articles", "/api/cms/articles/how-to-beat-ketamine-addiction", "/feed.xml", "/feed.json", "/feed.atom", "/sitemap.xml", "/api/cms/search?q=ketamine"}},
		{"publish", func(t *testing.T, app core.App) {
			r := articleBySlug(t, app, hookstest.DraftSlug)
			r.Set("status", "published")
			must(t, app.Save(r))
		}, []string{"/api/cms/articles", "/api/cms/topics/ketamine", "/feed.xml", "/sitemap.xml"}},
		{"unpublish", func(t *testing.T, app core.App) {
			r := articleBySlug(t, app, hookstest.PublishedSlug)
			r.Set("status", "draft")
			must(t, app.Save(r))
		}, []string{"/api/cms/articles", "/api/cms/articles?topic=ketamine", "/feed.atom", "/sitemap.xml", "/api/cms/search?q=ketamine"}},
		{"delete", func(t *testing.T, app core.App) {
			must(t, app.Delete(articleBySlug(t, app, hookstest.PublishedSlug)))
		}, []string{"/api/cms/articles", "/feed.json", "/sitemap.xml", "/api/cms/search?q=ketamine"}},
		{"author rename", func(t *testing.T, app core.App) {
			a, err := app.FindFirstRecordByData("authors", "slug", "priya-nair")
			must(t, err)
			a.Set("name", "Priya Nair-Smith")
			must(t, app.Save(a))
		}, []string{"/api/cms/articles", "/api/cms/articles?author=priya-nair", "/api/cms/authors/priya-nair", "/feed.xml", "/api/cms/search?q=ketamine"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			app := hookstest.New(t)
			lr := newLiveRouter(t, app)
			before := etags(lr)
			c.change(t, app)
			after := etags(lr)
			for _, p := range c.changed {
				if before[p] == after[p] {
					t.Errorf("ETag of %s unchanged after %s", p, c.name)
				}
			}
			if before["/api/cms/openapi.json"] != after["/api/cms/openapi.json"] {
				t.Errorf("the OpenAPI document changed after %s", c.name)
			}
		})
	}
}

func TestDetailETagChangesWithAuthorRename(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	path := "/api/cms/articles/ketamine-addiction-therapy"
	before := lr.get(path)
	a, err := app.FindFirstRecordByData("authors", "slug", "priya-nair")
	must(t, err)
	a.Set("name", "Priya Renamed")
	must(t, app.Save(a))
	after := lr.get(path, "If-None-Match", before.Header().Get("ETag"))
	if after.Code != 200 || !strings.Contains(after.Body.String(), `"name":"Priya Renamed"`) {
		t.Fatalf("after the rename: %d %s", after.Code, after.Body.String())
	}
}

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

func TestScheduledArticleGoesLiveWithoutRestart(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Now()}
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now})
	lr := newLiveRouter(t, app)
	paths := []string{
		"/api/cms/articles", "/api/cms/articles/" + hookstest.ScheduledSlug, "/api/cms/topics/ketamine",
		"/api/cms/search?q=" + hookstest.SecretWord, "/feed.xml", "/feed.atom", "/feed.json", "/sitemap.xml",
	}
	before := map[string]string{}
	for _, p := range paths {
		rec := lr.get(p)
		before[p] = rec.Header().Get("ETag")
		if strings.Contains(rec.Body.String(), hookstest.ScheduledSlug) {
			t.Fatalf("GET %s shows the scheduled article early", p)
		}
	}
	// One second before the publish time nothing changes; at the publish time everything does.
	clk.Set(time.Date(2099, 1, 1, 8, 59, 59, 0, time.UTC))
	if lr.get(paths[1]).Code != 404 {
		t.Fatal("the scheduled article is visible a second early")
	}
	clk.Set(time.Date(2099, 1, 1, 9, 0, 0, 0, time.UTC))
	for _, p := range paths {
		rec := lr.get(p, "If-None-Match", before[p])
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), hookstest.ScheduledSlug) {
			t.Errorf("GET %s at the publish time: %d, scheduled article missing", p, rec.Code)
		}
	}
}

func TestScheduledArticleGoesLiveOnTheRealClock(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	author := authorID(t, app, "priya-nair")
	at := time.Now().Add(2 * time.Second)
	_, err := hookstest.CreateArticle(app, author, map[string]any{
		"title": "Soon live", "slug": "soon-live", "status": "published",
		"published_at": at.UTC().Format("2006-01-02 15:04:05.000Z"), "body": "Going live very soon.",
	})
	must(t, err)
	early := lr.get("/api/cms/articles").Body.String()
	if time.Now().Before(at) && strings.Contains(early, "soon-live") {
		t.Fatal("listed before its time")
	}
	time.Sleep(time.Until(at) + 50*time.Millisecond)
	if !strings.Contains(lr.get("/api/cms/articles").Body.String(), "soon-live") {
		t.Fatal("not listed after its time")
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestAppURLChangeReachesCachedLinks(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	lr.get("/feed.json")
	settings := app.Settings()
	settings.Meta.AppURL = "https://cms.example.net"
	must(t, app.Save(settings))
	if body := lr.get("/feed.json").Body.String(); !strings.Contains(body, `"home_page_url":"https://cms.example.net"`) {
		t.Fatalf("feed still has the old app URL: %.300s", body)
	}
}

func TestCacheKeyIgnoresUnknownParameters(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	lr.get("/sitemap.xml")
	lr.get("/api/cms/articles?perPage=5")
	before := hooks.ContentCacheOf(app).Len()
	for i := 0; i < 20; i++ {
		lr.get("/sitemap.xml?junk=" + string(rune('a'+i)))
		lr.get("/api/cms/articles?perPage=5&junk=" + string(rune('a'+i)))
	}
	if after := hooks.ContentCacheOf(app).Len(); after != before {
		t.Fatalf("junk parameters added cache entries: %d -> %d", before, after)
	}
	if lr.get("/api/cms/articles?perPage=1").Body.String() == lr.get("/api/cms/articles?perPage=2").Body.String() {
		t.Fatal("different pages share a cache entry")
	}
	hooks.InvalidateContentCache(app)
	if hooks.ContentCacheOf(app).Len() != 0 {
		t.Fatal("InvalidateContentCache left entries")
	}
}
