package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
)

// role is one kind of caller in the access tables.
type role struct {
	name    string
	email   string // "" for an anonymous caller
	isStaff bool
	writes  bool // may create, update and delete content
}

var roles = []role{
	{name: "guest"},
	{name: "outsider", email: hookstest.OutsiderEmail},
	{name: "editor", email: hookstest.EditorEmail, isStaff: true, writes: true},
	{name: "reviewer", email: hookstest.ReviewerEmail, isStaff: true},
	{name: "admin", email: hookstest.AdminEmail, isStaff: true, writes: true},
	{name: "superuser", email: hookstest.SuperuserEmail, isStaff: true, writes: true},
}

func (r role) headers(t testing.TB) map[string]string {
	if r.email == "" {
		return nil
	}
	app := hookstest.New(t)
	return map[string]string{"Authorization": hookstest.Token(t, app, r.email)}
}

func TestArticleAccessByRole(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	draftID := articleBySlug(t, app, hookstest.DraftSlug).Id
	publishedID := articleBySlug(t, app, hookstest.PublishedSlug).Id
	author := authorID(t, app, "priya-nair")

	for _, r := range roles {
		headers := r.headers(t)
		visible := hookstest.PublishedCount
		if r.isStaff {
			visible += 2
		}
		scenarios := []tests.ApiScenario{{
			Name:            r.name + " lists articles",
			Method:          http.MethodGet,
			URL:             "/api/collections/articles/records?perPage=100",
			Headers:         headers,
			ExpectedStatus:  200,
			ExpectedContent: []string{fmt.Sprintf(`"totalItems":%d`, visible)},
			ExpectedEvents:  map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": visible},
			TestAppFactory:  hookstest.Factory,
		}, viewScenario(r, headers, draftID), {
			Name:            r.name + " creates an article",
			Method:          http.MethodPost,
			URL:             "/api/collections/articles/records",
			Headers:         headers,
			Body:            jsonBody(t, map[string]any{"title": "Role test", "author": author, "body": "Text."}),
			ExpectedStatus:  pick(r.writes, 200, 400),
			ExpectedContent: []string{pick(r.writes, `"slug":"role-test"`, `"data":{}`)},
			ExpectedEvents:  pickEvents(r.writes, createEvents, map[string]int{"*": 0}),
			TestAppFactory:  hookstest.Factory,
		}, {
			Name:            r.name + " updates a published article",
			Method:          http.MethodPatch,
			URL:             "/api/collections/articles/records/" + publishedID,
			Headers:         headers,
			Body:            strings.NewReader(`{"title":"Changed title"}`),
			ExpectedStatus:  pick(r.writes, 200, 404),
			ExpectedContent: []string{pick(r.writes, `"title":"Changed title"`, `"data":{}`)},
			ExpectedEvents: pickEvents(r.writes,
				map[string]int{"OnRecordUpdateRequest": 1, "OnRecordUpdate": 1, "OnRecordAfterUpdateSuccess": 1},
				map[string]int{"*": 0}),
			TestAppFactory: hookstest.Factory,
		}, {
			Name:           r.name + " deletes a draft",
			Method:         http.MethodDelete,
			URL:            "/api/collections/articles/records/" + draftID,
			Headers:        headers,
			ExpectedStatus: pick(r.writes, 204, 404),
			ExpectedContent: func() []string {
				if r.writes {
					return nil
				}
				return []string{`"data":{}`}
			}(),
			ExpectedEvents: pickEvents(r.writes,
				map[string]int{"OnRecordDeleteRequest": 1, "OnRecordDelete": 1, "OnRecordAfterDeleteSuccess": 1},
				map[string]int{"*": 0}),
			TestAppFactory: hookstest.Factory,
		}}
		for _, s := range scenarios {
			s.Test(t)
		}
	}
}

func viewScenario(r role, headers map[string]string, draftID string) tests.ApiScenario {
	s := tests.ApiScenario{
		Name:           r.name + " views a draft",
		Method:         http.MethodGet,
		URL:            "/api/collections/articles/records/" + draftID,
		Headers:        headers,
		TestAppFactory: hookstest.Factory,
	}
	if r.isStaff {
		s.ExpectedStatus = 200
		s.ExpectedContent = []string{`"slug":"` + hookstest.DraftSlug + `"`}
		s.ExpectedEvents = map[string]int{"*": 0, "OnRecordViewRequest": 1, "OnRecordEnrich": 1}
	} else {
		s.ExpectedStatus = 404
		s.ExpectedContent = []string{`"data":{}`}
		s.NotExpectedContent = []string{hookstest.SecretWord}
		s.ExpectedEvents = map[string]int{"*": 0}
	}
	return s
}

func pick[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}

func pickEvents(cond bool, yes, no map[string]int) map[string]int { return pick(cond, yes, no) }

// TestHiddenArticlesDoNotLeakToThePublic tries every read path of the records API an
// anonymous caller has: filters and sorts on the articles' own fields answer without the
// hidden articles; expands, filters and sorts that reach articles from another collection
// (back-relations, @collection) are refused before they run (see TestQueryGateOracle).
func TestHiddenArticlesDoNotLeakToThePublic(t *testing.T) {
	t.Parallel()
	q := url.QueryEscape
	hidden := []string{hookstest.SecretWord, hookstest.DraftSlug, hookstest.ScheduledSlug}
	empty := []string{`"totalItems":0`}
	cases := []struct {
		name, path string
		expected   []string
		firstSlug  string // for sorts: the slug that must come first
	}{
		{"filter on body", "/api/collections/articles/records?filter=" + q(`body~"`+hookstest.SecretWord+`"`), empty, ""},
		{"filter on slug", "/api/collections/articles/records?filter=" + q(`slug="`+hookstest.DraftSlug+`"`), empty, ""},
		{"filter on status", "/api/collections/articles/records?filter=" + q(`status="draft"`), empty, ""},
		{"filter on future date", "/api/collections/articles/records?filter=" + q(`published_at>@now`), empty, ""},
		{"first item by slug", "/api/collections/articles/records?perPage=1&filter=" + q(`slug="`+hookstest.ScheduledSlug+`"`), empty, ""},
		{"sort by published_at", "/api/collections/articles/records?sort=-published_at&perPage=100",
			[]string{fmt.Sprintf(`"totalItems":%d`, hookstest.PublishedCount)}, hookstest.PublishedSlug},
	}
	refused := []struct{ name, path, param string }{
		{"expand from authors", "/api/collections/authors/records?expand=articles_via_author,articles_via_reviewed_by&perPage=100", "expand"},
		{"expand from topics", "/api/collections/topics/records?expand=articles_via_topics&perPage=100", "expand"},
		{"back-relation filter on author", "/api/collections/authors/records?filter=" + q(`articles_via_author.body~"`+hookstest.SecretWord+`"`), "filter"},
		{"relation field filter", "/api/collections/articles/records?filter=" + q(`author.articles_via_author.body~"`+hookstest.SecretWord+`"`), "filter"},
		{"back-relation filter on topic", "/api/collections/topics/records?filter=" + q(`articles_via_topics.status="draft"`), "filter"},
		{"back-relation sort", "/api/collections/authors/records?sort=-articles_via_author.published_at", "sort"},
		{"@collection filter on body", "/api/collections/authors/records?filter=" + q(`@collection.articles.body~"`+hookstest.SecretWord+`"`), "filter"},
		{"@collection filter on slug", "/api/collections/authors/records?filter=" + q(`@collection.articles.slug="`+hookstest.DraftSlug+`"`), "filter"},
	}
	for _, c := range refused {
		s := tests.ApiScenario{
			Name:               "guest " + c.name,
			Method:             http.MethodGet,
			URL:                c.path,
			ExpectedStatus:     400,
			ExpectedContent:    []string{`"data":{"` + c.param + `":{"code":"relation_not_allowed"`},
			NotExpectedContent: hidden,
			ExpectedEvents:     map[string]int{"*": 0},
			TestAppFactory:     hookstest.Factory,
		}
		s.Test(t)
	}
	for _, c := range cases {
		s := tests.ApiScenario{
			Name:               "guest " + c.name,
			Method:             http.MethodGet,
			URL:                c.path,
			ExpectedStatus:     200,
			ExpectedContent:    c.expected,
			NotExpectedContent: hidden,
			TestAppFactory:     hookstest.Factory,
		}
		if c.firstSlug != "" {
			want := c.firstSlug
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
				var page struct {
					Items []struct {
						Slug string `json:"slug"`
					} `json:"items"`
				}
				if err := json.NewDecoder(res.Body).Decode(&page); err != nil || len(page.Items) == 0 {
					t.Fatalf("decode: %v (%d items)", err, len(page.Items))
				}
				if page.Items[0].Slug != want {
					t.Fatalf("first item %q, want %q", page.Items[0].Slug, want)
				}
			}
		}
		s.Test(t)
	}
}
