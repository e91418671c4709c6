package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/htmlcheck"
)

// createEvents are the hook events of one successful create through the API.
var createEvents = map[string]int{
	"*":                          0,
	"OnRecordCreateRequest":      1,
	"OnModelCreate":              1,
	"OnModelCreateExecute":       1,
	"OnModelAfterCreateSuccess":  1,
	"OnModelValidate":            1,
	"OnRecordCreate":             1,
	"OnRecordCreateExecute":      1,
	"OnRecordAfterCreateSuccess": 1,
	"OnRecordValidate":           1,
	"OnRecordEnrich":             1,
}

// refusedCreateEvents are the events of a create refused by our own field checks.
var refusedCreateEvents = map[string]int{
	"*":                        0,
	"OnRecordCreateRequest":    1,
	"OnModelCreate":            1,
	"OnRecordCreate":           1,
	"OnModelAfterCreateError":  1,
	"OnRecordAfterCreateError": 1,
}

func authorID(t testing.TB, app core.App, slug string) string {
	t.Helper()
	r, err := app.FindFirstRecordByData("authors", "slug", slug)
	if err != nil {
		t.Fatalf("author %s: %v", slug, err)
	}
	return r.Id
}

func articleBySlug(t testing.TB, app core.App, slug string) *core.Record {
	t.Helper()
	r, err := app.FindFirstRecordByData("articles", "slug", slug)
	if err != nil {
		t.Fatalf("article %s: %v", slug, err)
	}
	return r
}

func jsonBody(t testing.TB, v any) *strings.Reader {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return strings.NewReader(string(b))
}

func countArticles(t testing.TB, app core.App) int64 {
	t.Helper()
	n, err := app.CountRecords("articles")
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestArticleCreateDerivesServerFields(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	author := authorID(t, app, "priya-nair")

	scenario := tests.ApiScenario{
		Name:    "editor creates an article with forged derived fields and pasted script",
		Method:  http.MethodPost,
		URL:     "/api/collections/articles/records",
		Headers: map[string]string{"Authorization": editor},
		Body: jsonBody(t, map[string]any{
			"title":           "Überwinding: Ketamine & the bladder",
			"author":          author,
			"body":            "First paragraph about ketamine bladder symptoms and what to do.\n\n## Location of help\n\nSee your GP.\n\n<script>alert(1)</script>\n\n### Next steps\n\nCall [0800 123 4567](tel:+448001234567).",
			"body_html":       "<script>alert('forged')</script>",
			"toc":             []any{map[string]any{"level": 2, "id": "forged", "text": "forged"}},
			"word_count":      99999,
			"reading_minutes": 777,
		}),
		ExpectedStatus: 200,
		ExpectedContent: []string{
			`"slug":"uberwinding-ketamine-and-the-bladder"`,
			`"status":"draft"`,
			`"summary":"First paragraph about ketamine bladder symptoms and what to do."`,
			`"reading_minutes":1`,
			`"id":"h-location-of-help"`,
			`"text":"Next steps"`,
			`href=\"tel:+448001234567\"`,
		},
		NotExpectedContent: []string{
			`forged`,
			`"word_count":99999`,
			`"published_at":"20`,
		},
		ExpectedEvents: createEvents,
		TestAppFactory: hookstest.Factory,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			r := articleBySlug(t, app, "uberwinding-ketamine-and-the-bladder")
			html := r.GetString("body_html")
			if v := htmlcheck.Violations(html); len(v) > 0 {
				t.Fatalf("stored body_html is unsafe: %v\n%s", v, html)
			}
			if !strings.Contains(html, `<h2 id="h-location-of-help">`) {
				t.Fatalf("heading not rendered with its id: %s", html)
			}
			if r.GetInt("word_count") < 15 || r.GetInt("word_count") > 30 {
				t.Fatalf("word_count = %d", r.GetInt("word_count"))
			}
			var toc []map[string]any
			if err := json.Unmarshal([]byte(r.GetString("toc")), &toc); err != nil || len(toc) != 2 {
				t.Fatalf("toc = %s (%v)", r.GetString("toc"), err)
			}
		},
	}
	scenario.Test(t)
}

func TestArticleUpdateRerendersAndFollowsDerivedSummary(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	author := authorID(t, app, "priya-nair")
	created, err := hookstest.CreateArticle(app, author, map[string]any{
		"title": "Group therapy basics",
		"body":  "Old first paragraph.\n\n## Old heading",
	})
	if err != nil {
		t.Fatal(err)
	}
	if created.GetString("summary") != "Old first paragraph." {
		t.Fatalf("derived summary = %q", created.GetString("summary"))
	}

	scenario := tests.ApiScenario{
		Name:    "editor updates the body; html, toc and derived summary follow, forged html ignored",
		Method:  http.MethodPatch,
		URL:     "/api/collections/articles/records/" + created.Id,
		Headers: map[string]string{"Authorization": editor},
		Body: jsonBody(t, map[string]any{
			"body":      "New first paragraph.\n\n## New heading\n\n<img src=x onerror=alert(1)>",
			"body_html": "<b>forged</b>",
		}),
		ExpectedStatus: 200,
		ExpectedContent: []string{
			`"summary":"New first paragraph."`,
			`"id":"h-new-heading"`,
			`"slug":"group-therapy-basics"`,
		},
		NotExpectedContent: []string{`forged`, `h-old-heading`},
		ExpectedEvents: map[string]int{
			"*":                          0,
			"OnRecordUpdateRequest":      1,
			"OnModelUpdate":              1,
			"OnModelUpdateExecute":       1,
			"OnModelAfterUpdateSuccess":  1,
			"OnModelValidate":            1,
			"OnRecordUpdate":             1,
			"OnRecordUpdateExecute":      1,
			"OnRecordAfterUpdateSuccess": 1,
			"OnRecordValidate":           1,
			"OnRecordEnrich":             1,
		},
		TestAppFactory:        func(testing.TB) *tests.TestApp { return app },
		DisableTestAppCleanup: true,
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			html := articleBySlug(t, app, "group-therapy-basics").GetString("body_html")
			if v := htmlcheck.Violations(html); len(v) > 0 || strings.Contains(html, "onerror") {
				t.Fatalf("stored body_html is unsafe: %v\n%s", v, html)
			}
		},
	}
	scenario.Test(t)

	// An explicit summary is kept when the body changes again.
	r := articleBySlug(t, app, "group-therapy-basics")
	r.Set("summary", "Chosen by the editor.")
	r.Set("body", "Third version.")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if got := articleBySlug(t, app, "group-therapy-basics").GetString("summary"); got != "Chosen by the editor." {
		t.Fatalf("explicit summary replaced by %q", got)
	}
}

func TestArticleSlugRules(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	author := authorID(t, app, "priya-nair")
	headers := map[string]string{"Authorization": editor}
	unchanged := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		if n := countArticles(t, app); n != hookstest.PublishedCount+2 {
			t.Fatalf("articles = %d, a refused create wrote a record", n)
		}
	}

	scenarios := []tests.ApiScenario{
		{
			Name:            "derived slug that is taken gets -2",
			Method:          http.MethodPost,
			URL:             "/api/collections/articles/records",
			Headers:         headers,
			Body:            jsonBody(t, map[string]any{"title": "How to beat ketamine addiction", "author": author, "body": "Text."}),
			ExpectedStatus:  200,
			ExpectedContent: []string{`"slug":"how-to-beat-ketamine-addiction-2"`},
			ExpectedEvents:  createEvents,
			TestAppFactory:  hookstest.Factory,
		},
		{
			Name:            "explicit slug that is taken is refused",
			Method:          http.MethodPost,
			URL:             "/api/collections/articles/records",
			Headers:         headers,
			Body:            jsonBody(t, map[string]any{"title": "Another", "slug": hookstest.PublishedSlug, "author": author, "body": "Text."}),
			ExpectedStatus:  400,
			ExpectedContent: []string{`"slug":{"code":"slug_taken"`},
			ExpectedEvents:  refusedCreateEvents,
			TestAppFactory:  hookstest.Factory,
			AfterTestFunc:   unchanged,
		},
		{
			Name:            "explicit malformed slug is refused",
			Method:          http.MethodPost,
			URL:             "/api/collections/articles/records",
			Headers:         headers,
			Body:            jsonBody(t, map[string]any{"title": "Another", "slug": "Not A Slug!", "author": author, "body": "Text."}),
			ExpectedStatus:  400,
			ExpectedContent: []string{`"slug":{"code":"slug_invalid"`},
			ExpectedEvents:  refusedCreateEvents,
			TestAppFactory:  hookstest.Factory,
			AfterTestFunc:   unchanged,
		},
		{
			Name:            "body over 100 KB is refused",
			Method:          http.MethodPost,
			URL:             "/api/collections/articles/records",
			Headers:         headers,
			Body:            jsonBody(t, map[string]any{"title": "Huge", "author": author, "body": strings.Repeat("word ", 21000)}),
			ExpectedStatus:  400,
			ExpectedContent: []string{`"body":{"code":"body_too_large"`},
			ExpectedEvents:  refusedCreateEvents,
			TestAppFactory:  hookstest.Factory,
			AfterTestFunc:   unchanged,
		},
		{
			Name:            "missing title and author are field errors",
			Method:          http.MethodPost,
			URL:             "/api/collections/articles/records",
			Headers:         headers,
			Body:            jsonBody(t, map[string]any{"body": "Text."}),
			ExpectedStatus:  400,
			ExpectedContent: []string{`"title":{"code":"validation_required"`, `"author":{"code":"validation_required"`},
			ExpectedEvents: map[string]int{
				"*": 0, "OnRecordCreateRequest": 1, "OnModelCreate": 1, "OnRecordCreate": 1,
				"OnModelValidate": 1, "OnRecordValidate": 1, "OnModelAfterCreateError": 1, "OnRecordAfterCreateError": 1,
			},
			TestAppFactory: hookstest.Factory,
			AfterTestFunc:  unchanged,
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

func TestArticlePublishStampsPublishedAtOnce(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	author := authorID(t, app, "tom-ashworth")
	r, err := hookstest.CreateArticle(app, author, map[string]any{"title": "Support groups near you", "body": "Text."})
	if err != nil {
		t.Fatal(err)
	}
	if !r.GetDateTime("published_at").IsZero() {
		t.Fatal("a draft got a published_at")
	}
	r.Set("status", "published")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	first := r.GetDateTime("published_at")
	if first.IsZero() {
		t.Fatal("publishing did not stamp published_at")
	}
	r.Set("title", "Support groups near you, updated")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if !r.GetDateTime("published_at").Equal(first) {
		t.Fatal("a later save moved published_at")
	}
}

func TestArticleWithHugeTableIsRefused(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	author := authorID(t, app, "priya-nair")
	body := "|" + strings.Repeat("a|", 2000) + "\n|" + strings.Repeat("-|", 2000) + "\n" + strings.Repeat("|x\n", 3000)
	scenario := tests.ApiScenario{
		Name:            "a body whose tables would explode is refused quickly",
		Method:          http.MethodPost,
		URL:             "/api/collections/articles/records",
		Headers:         map[string]string{"Authorization": editor},
		Body:            jsonBody(t, map[string]any{"title": "Tables", "author": author, "body": body}),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"body":{"code":"body_too_complex"`},
		ExpectedEvents:  refusedCreateEvents,
		TestAppFactory:  hookstest.Factory,
	}
	scenario.Test(t)
}
