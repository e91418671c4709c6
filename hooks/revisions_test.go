package hooks_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/publishing"
)

func revisionsOf(t testing.TB, app core.App, articleID string) []*core.Record {
	t.Helper()
	var recs []*core.Record
	err := app.RecordQuery("article_revisions").Where(dbx.HashExp{"article": articleID}).
		OrderBy("created DESC", "rowid DESC").All(&recs)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func revisionStaffID(t testing.TB, app core.App, email string) string {
	t.Helper()
	r, err := app.FindAuthRecordByEmail("staff", email)
	if err != nil {
		t.Fatal(err)
	}
	return r.Id
}

// TestRevisionRecordsWhoChangedWhat snapshots an API edit with the editor who made it and
// leaves an edit of untracked fields without a new revision.
func TestRevisionRecordsWhoChangedWhat(t *testing.T) {
	t.Parallel()
	setup := hookstest.New(t)
	article := articleBySlug(t, setup, hookstest.PublishedSlug)
	editor := hookstest.Token(t, setup, hookstest.EditorEmail)
	editorID := revisionStaffID(t, setup, hookstest.EditorEmail)

	scenarios := []tests.ApiScenario{
		{
			Name:               "editor retitles an article",
			Method:             http.MethodPatch,
			URL:                "/api/collections/articles/records/" + article.Id,
			Headers:            map[string]string{"Authorization": editor},
			Body:               jsonBody(t, map[string]any{"title": "A new title for review"}),
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"title":"A new title for review"`},
			NotExpectedContent: []string{`revision_staff`},
			ExpectedEvents: map[string]int{"OnRecordUpdateRequest": 1, "OnModelUpdate": 1, "OnModelUpdateExecute": 1,
				"OnModelAfterUpdateSuccess": 1, "OnModelValidate": 1, "OnRecordUpdate": 1, "OnRecordUpdateExecute": 1,
				"OnRecordAfterUpdateSuccess": 1, "OnRecordValidate": 1, "OnRecordEnrich": 1},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				revs := revisionsOf(t, app, article.Id)
				if len(revs) == 0 {
					t.Fatal("no revision written")
				}
				newest := revs[0]
				if newest.GetString("title") != "A new title for review" || newest.GetString("staff") != editorID {
					t.Fatalf("newest revision = %v", newest.PublicExport())
				}
				if newest.GetString("body") != article.GetString("body") || newest.GetString("status") != "published" {
					t.Fatalf("revision lacks the rest of the snapshot: %v", newest.PublicExport())
				}
			},
		},
		{
			Name:            "editor changes only the meta title",
			Method:          http.MethodPatch,
			URL:             "/api/collections/articles/records/" + article.Id,
			Headers:         map[string]string{"Authorization": editor},
			Body:            jsonBody(t, map[string]any{"meta_title": "Only SEO"}),
			ExpectedStatus:  200,
			ExpectedContent: []string{`"meta_title":"Only SEO"`},
			ExpectedEvents: map[string]int{"OnRecordUpdateRequest": 1, "OnModelUpdate": 1, "OnModelUpdateExecute": 1,
				"OnModelAfterUpdateSuccess": 1, "OnModelValidate": 1, "OnRecordUpdate": 1, "OnRecordUpdateExecute": 1,
				"OnRecordAfterUpdateSuccess": 1, "OnRecordValidate": 1, "OnRecordEnrich": 1},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				for _, r := range revisionsOf(t, app, article.Id) {
					if r.GetString("staff") == editorID {
						t.Fatalf("an untracked edit made a revision: %v", r.PublicExport())
					}
				}
			},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = hookstest.Factory
		s.Test(t)
	}
}

// TestRevisionLifecycle records Go-code saves (imports) without a staff member, keeps the
// newest 50, and removes them with their article.
func TestRevisionLifecycle(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	author := authorID(t, app, "priya-nair")
	article, err := hookstest.CreateArticle(app, author, map[string]any{"title": "Revision counting", "body": "Version 0."})
	if err != nil {
		t.Fatal(err)
	}
	revs := revisionsOf(t, app, article.Id)
	if len(revs) != 1 || revs[0].GetString("staff") != "" || revs[0].GetString("status") != "draft" {
		t.Fatalf("create should make one staff-less draft revision, got %d", len(revs))
	}
	for i := 1; i <= publishing.MaxRevisionsPerArticle+5; i++ {
		article.Set("body", fmt.Sprintf("Version %d.", i))
		if err := app.Save(article); err != nil {
			t.Fatal(err)
		}
	}
	revs = revisionsOf(t, app, article.Id)
	if len(revs) != publishing.MaxRevisionsPerArticle {
		t.Fatalf("kept %d revisions, want %d", len(revs), publishing.MaxRevisionsPerArticle)
	}
	if got := revs[0].GetString("body"); got != fmt.Sprintf("Version %d.", publishing.MaxRevisionsPerArticle+5) {
		t.Fatalf("newest kept revision body = %q", got)
	}
	if got := revs[len(revs)-1].GetString("body"); got != "Version 6." {
		t.Fatalf("oldest kept revision body = %q", got)
	}
	if err := app.Delete(article); err != nil {
		t.Fatal(err)
	}
	if n := len(revisionsOf(t, app, article.Id)); n != 0 {
		t.Fatalf("%d revisions outlived their article", n)
	}
}

// TestRevisionRules lets staff read revisions and nobody write them through the API. The
// sample articles have one revision each, written by the import.
func TestRevisionRules(t *testing.T) {
	t.Parallel()
	setup := hookstest.New(t)
	sample := articleBySlug(t, setup, hookstest.PublishedSlug)
	revID := revisionsOf(t, setup, sample.Id)[0].Id
	app := setup
	body := func() *strings.Reader {
		return jsonBody(t, map[string]any{"article": sample.Id, "title": "forged", "body": "forged", "status": "draft"})
	}
	noEvents := map[string]int{"*": 0}
	scenarios := []tests.ApiScenario{
		{Name: "guest lists nothing", Method: http.MethodGet, URL: "/api/collections/article_revisions/records",
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`},
			ExpectedEvents: map[string]int{"OnRecordsListRequest": 1}},
		{Name: "reviewer reads the history", Method: http.MethodGet,
			URL:            "/api/collections/article_revisions/records?filter=article%3D%22" + sample.Id + "%22",
			Headers:        map[string]string{"Authorization": hookstest.Token(t, app, hookstest.ReviewerEmail)},
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`},
			ExpectedEvents: map[string]int{"OnRecordsListRequest": 1, "OnRecordEnrich": 1}},
		{Name: "editor cannot create a revision", Method: http.MethodPost, URL: "/api/collections/article_revisions/records",
			Headers: map[string]string{"Authorization": hookstest.Token(t, app, hookstest.EditorEmail)},
			Body:    body(), ExpectedStatus: 403, ExpectedContent: []string{`"message":"Only superusers can perform this action."`}, ExpectedEvents: noEvents},
		{Name: "admin cannot edit a revision", Method: http.MethodPatch, URL: "/api/collections/article_revisions/records/" + revID,
			Headers: map[string]string{"Authorization": hookstest.Token(t, app, hookstest.AdminEmail)},
			Body:    body(), ExpectedStatus: 403, ExpectedContent: []string{`"message":"Only superusers can perform this action."`}, ExpectedEvents: noEvents},
		{Name: "admin cannot delete a revision", Method: http.MethodDelete, URL: "/api/collections/article_revisions/records/" + revID,
			Headers:        map[string]string{"Authorization": hookstest.Token(t, app, hookstest.AdminEmail)},
			ExpectedStatus: 403, ExpectedContent: []string{`"message":"Only superusers can perform this action."`}, ExpectedEvents: noEvents},
	}
	for _, s := range scenarios {
		s.TestAppFactory = hookstest.Factory
		s.Test(t)
	}

}
