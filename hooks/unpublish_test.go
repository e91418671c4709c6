package hooks_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/webhooks"
)

// unpublishClock is when the fixture of these tests is taken down.
var unpublishClock = time.Date(2098, 6, 1, 12, 0, 0, 0, time.UTC)

// TestScheduledUnpublishLeavesEveryPublicPath takes an article down at its unpublish_at, with
// no restart and no save: the detail, lists, author and topic pages, search, feeds, sitemap and
// the records API all drop it at that second, not before.
func TestScheduledUnpublishLeavesEveryPublicPath(t *testing.T) {
	t.Parallel()
	clk := &clock{now: unpublishClock.Add(-time.Hour)}
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now})
	lr := newLiveRouter(t, app)
	a, err := hookstest.CreateArticle(app, authorID(t, app, "priya-nair"), map[string]any{
		"title": "Winter shelter opening hours", "slug": "winter-shelter-hours", "status": "published",
		"published_at": unpublishClock.Add(-48 * time.Hour), "unpublish_at": unpublishClock,
		"topics": []string{topicID(t, app, "ketamine")},
		"body":   "The shelter is open until spring. Ask for the zephyrword desk.",
	})
	must(t, err)
	paths := []string{
		"/api/cms/articles", "/api/cms/articles/winter-shelter-hours", "/api/cms/authors/priya-nair",
		"/api/cms/topics/ketamine", "/api/cms/search?q=zephyrword", "/feed.xml", "/feed.atom", "/feed.json",
		"/sitemap.xml",
	}
	etags := map[string]string{}
	for _, p := range paths {
		rec := lr.get(p)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "winter-shelter-hours") {
			t.Fatalf("GET %s before the take-down: %d, article missing", p, rec.Code)
		}
		etags[p] = rec.Header().Get("ETag")
	}
	clk.Set(unpublishClock.Add(-time.Second))
	if rec := lr.get(paths[1]); rec.Code != 200 {
		t.Fatalf("taken down a second early: %d", rec.Code)
	}
	clk.Set(unpublishClock)
	for _, p := range paths {
		rec := lr.get(p, "If-None-Match", etags[p])
		if strings.Contains(rec.Body.String(), "winter-shelter-hours") || strings.Contains(rec.Body.String(), "zephyrword") {
			t.Errorf("GET %s at the take-down time still shows the article (%d)", p, rec.Code)
		}
		if rec.Code == http.StatusNotModified {
			t.Errorf("GET %s answered 304 with the old ETag", p)
		}
	}
	if rec := lr.get(paths[1]); rec.Code != 404 {
		t.Errorf("the article answers %d after its take-down", rec.Code)
	}
	if a.Id == "" {
		t.Fatal("no article")
	}
}

// TestScheduledUnpublishReachesTheRecordsAPI checks the collection rules, which PocketBase
// evaluates on its own clock: the records API drops the article for visitors when its
// unpublish_at passes, and staff still read it to edit or republish it.
func TestScheduledUnpublishReachesTheRecordsAPI(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	down := time.Now().Add(2 * time.Second)
	a, err := hookstest.CreateArticle(app, authorID(t, app, "priya-nair"), map[string]any{
		"title": "Going down soon", "slug": "going-down-soon", "status": "published",
		"published_at": time.Now().Add(-time.Hour).UTC(), "unpublish_at": down.UTC(),
		"body": "Here for two seconds.",
	})
	must(t, err)
	view := "/api/collections/articles/records/" + a.Id
	list := "/api/collections/articles/records?filter=" + url.QueryEscape(`slug="going-down-soon"`)
	if time.Now().Before(down) {
		if rec := lr.get(view); rec.Code != 200 {
			t.Fatalf("visitor view before the take-down: %d", rec.Code)
		}
	}
	time.Sleep(time.Until(down) + 50*time.Millisecond)
	if rec := lr.get(view); rec.Code != 404 {
		t.Errorf("visitor view after the take-down: %d", rec.Code)
	}
	if body := lr.get(list).Body.String(); strings.Contains(body, a.Id) {
		t.Errorf("visitor list after the take-down: %s", body)
	}
	if rec := lr.get(view, "Authorization", hookstest.Token(t, app, hookstest.EditorEmail)); rec.Code != 200 {
		t.Errorf("an editor gets %d for the taken-down article", rec.Code)
	}
}

// TestUnpublishBeforePublishIsRefused refuses a take-down time that is not after the publish
// time (including "publish now" with a past take-down), with its field code, storing nothing.
func TestUnpublishBeforePublishIsRefused(t *testing.T) {
	t.Parallel()
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	for _, body := range []map[string]any{
		{"published_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339), "unpublish_at": time.Now().Add(30 * time.Minute).UTC().Format(time.RFC3339)},
		{"unpublish_at": past},
	} {
		app := hookstest.New(t)
		editor := hookstest.Token(t, app, hookstest.EditorEmail)
		body["title"], body["body"], body["status"], body["author"] = "Refused schedule", "Some text.", "published", authorID(t, app, "priya-nair")
		(&tests.ApiScenario{
			Name: "editor saves an unpublish time before the publish time", Method: http.MethodPost,
			URL: "/api/collections/articles/records", Headers: map[string]string{"Authorization": editor},
			Body: jsonBody(t, body), ExpectedStatus: 400,
			ExpectedContent: []string{`"unpublish_at":{"code":"unpublish_before_publish"`},
			ExpectedEvents: map[string]int{"*": 0, "OnRecordCreateRequest": 1, "OnModelCreate": 1, "OnRecordCreate": 1,
				"OnModelAfterCreateError": 1, "OnRecordAfterCreateError": 1},
			TestAppFactory:        func(testing.TB) *tests.TestApp { return app },
			DisableTestAppCleanup: true,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if n, _ := app.CountRecords("articles", dbx.HashExp{"title": "Refused schedule"}); n != 0 {
					t.Fatalf("%d refused articles stored", n)
				}
			},
		}).Test(t)
	}
}

// TestScheduledUnpublishIsAnnouncedOnce sends article.unpublished once when unpublish_at
// passes (by the minute check), never again on later saves or checks, and once (by the save)
// when an editor sets a take-down time that has already passed.
func TestScheduledUnpublishIsAnnouncedOnce(t *testing.T) {
	t.Parallel()
	clock := &shiftedClock{}
	app := newWebhookApp(t, func(c *webhooks.Config) { c.Now = clock.now })
	serve(t, app)
	rc := newReceiver(t, nil)
	hook := createWebhook(t, app, rc.URL, true, webhooks.EventArticleUnpublished)
	runGoLive(t, app) // sets the watermark

	down := time.Now().Add(2 * time.Hour).UTC()
	scheduled := newDraft(t, app, "Taken down by the clock")
	saveArticle(t, app, scheduled.Id, map[string]any{"status": "published", "unpublish_at": down})
	clock.set(down.Add(-time.Minute))
	runGoLive(t, app)
	if n := len(deliveryRows(t, app, hook.Id)); n != 0 {
		t.Fatalf("%d unpublished events before the take-down", n)
	}
	clock.set(down.Add(time.Minute))
	runGoLive(t, app)
	runGoLive(t, app)
	saveArticle(t, app, scheduled.Id, map[string]any{"summary": "Edited after the take-down."})
	runGoLive(t, app)

	live := newDraft(t, app, "Taken down by hand")
	saveArticle(t, app, live.Id, map[string]any{"status": "published", "published_at": time.Now().UTC().Add(-time.Hour)})
	saveArticle(t, app, live.Id, map[string]any{"unpublish_at": time.Now().UTC().Add(-time.Second)})
	clock.set(down.Add(2 * time.Minute))
	runGoLive(t, app)

	got := map[string]int{}
	for _, r := range deliveryRows(t, app, hook.Id) {
		if r.GetInt("attempt") == 1 {
			got[r.GetString("article")]++
		}
	}
	if len(got) != 2 || got[scheduled.Id] != 1 || got[live.Id] != 1 {
		t.Fatalf("unpublished events per article: %v (want one each for %s and %s)", got, scheduled.Id, live.Id)
	}
}

func topicID(t testing.TB, app core.App, slug string) string {
	t.Helper()
	r, err := app.FindFirstRecordByData("topics", "slug", slug)
	if err != nil {
		t.Fatalf("topic %s: %v", slug, err)
	}
	return r.Id
}
