package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
)

// hiddenMarkers must never appear in a public response.
var hiddenMarkers = []string{hookstest.SecretWord, hookstest.DraftSlug, hookstest.ScheduledSlug}

func TestPublicEndpointsByRole(t *testing.T) {
	t.Parallel()
	expected := map[string][]string{
		"/api/cms/articles":                                {`"totalItems":3`, `"perPage":20`, `"author":{"name":"Tom Ashworth","slug":"tom-ashworth"`},
		"/api/cms/articles?perPage=100":                    {`"perPage":100`, `"totalItems":3`},
		"/api/cms/articles?topic=ketamine":                 {`"totalItems":2`},
		"/api/cms/articles?author=priya-nair":              {`"totalItems":1`, `"slug":"ketamine-addiction-therapy"`},
		"/api/cms/articles/how-to-beat-ketamine-addiction": {`"body_html":"\u003c`, `"jsonld":{`, `"@type":"MedicalWebPage"`, `"lastReviewed":"2026-07-14"`, `"related":[`, `"toc":[`},
		"/api/cms/authors/priya-nair":                      {`"name":"Priya Nair"`, `"articles":{"page":1`, `"totalItems":1`},
		"/api/cms/topics/ketamine":                         {`"name":"Ketamine"`, `"totalItems":2`},
		"/api/cms/search?q=ketamine":                       {`"totalItems":2`, `"snippet":"`, `\u003cmark\u003eketamine\u003c/mark\u003e`},
		"/feed.xml":                                        {`<rss version="2.0"`},
		"/feed.atom":                                       {`<feed xmlns="http://www.w3.org/2005/Atom">`},
		"/feed.json":                                       {`"version":"https://jsonfeed.org/version/1.1"`},
		"/sitemap.xml":                                     {`<loc>http://localhost:8090/articles/how-to-beat-ketamine-addiction</loc>`},
		"/api/cms/openapi.json":                            {`"openapi":"3.1.0"`},
	}
	for _, r := range []role{roles[0], roles[2], roles[5]} {
		headers := r.headers(t)
		for _, path := range publicEndpoints {
			scenario := tests.ApiScenario{
				Name:               r.name + " GET " + path,
				Method:             http.MethodGet,
				URL:                path,
				Headers:            headers,
				ExpectedStatus:     200,
				ExpectedContent:    expected[path],
				NotExpectedContent: hiddenMarkers,
				ExpectedEvents:     map[string]int{"*": 0},
				TestAppFactory:     hookstest.Factory,
			}
			if len(scenario.ExpectedContent) == 0 {
				t.Fatalf("no expectation for %s", path)
			}
			scenario.Test(t)
		}
	}
}

func TestPublicEndpointErrors(t *testing.T) {
	t.Parallel()
	scenarios := []tests.ApiScenario{
		{Name: "unknown article slug", URL: "/api/cms/articles/no-such-article", ExpectedStatus: 404,
			ExpectedContent: []string{`"message":"Missing or unpublished article."`}},
		{Name: "draft slug", URL: "/api/cms/articles/" + hookstest.DraftSlug, ExpectedStatus: 404,
			ExpectedContent: []string{`"message":"Missing or unpublished article."`}},
		{Name: "scheduled slug", URL: "/api/cms/articles/" + hookstest.ScheduledSlug, ExpectedStatus: 404,
			ExpectedContent: []string{`"message":"Missing or unpublished article."`}},
		{Name: "unknown author", URL: "/api/cms/authors/nobody", ExpectedStatus: 404,
			ExpectedContent: []string{`"message":"Missing author."`}},
		{Name: "unknown topic", URL: "/api/cms/topics/nothing", ExpectedStatus: 404,
			ExpectedContent: []string{`"message":"Missing topic."`}},
		{Name: "bad page", URL: "/api/cms/articles?page=0&perPage=x", ExpectedStatus: 400,
			ExpectedContent: []string{`"page":{"code":"page_invalid"`, `"perPage":{"code":"per_page_invalid"`}},
		{Name: "perPage is capped at 100", URL: "/api/cms/articles?perPage=5000", ExpectedStatus: 200,
			ExpectedContent: []string{`"perPage":100`}},
		{Name: "unknown topic filter gives an empty page", URL: "/api/cms/articles?topic=nothing", ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":0`, `"items":[]`}},
		{Name: "blank search", URL: "/api/cms/search?q=%20", ExpectedStatus: 400,
			ExpectedContent: []string{`"message":"Enter something to search for."`, `"q":{"code":"q_required"`}},
		{Name: "missing search", URL: "/api/cms/search", ExpectedStatus: 400,
			ExpectedContent: []string{`"q":{"code":"q_required"`}},
	}
	for _, s := range scenarios {
		s.Method = http.MethodGet
		s.TestAppFactory = hookstest.Factory
		s.ExpectedEvents = map[string]int{"*": 0}
		s.NotExpectedContent = hiddenMarkers
		s.Test(t)
	}
}

// TestHiddenArticlesNeverInPublicEndpoints requests every public endpoint, including the
// hidden articles' own slugs and a search for their secret word, and checks nothing leaks.
func TestHiddenArticlesNeverInPublicEndpoints(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	paths := append([]string{
		"/api/cms/search?q=" + hookstest.SecretWord,
		"/api/cms/search?q=coming+soon",
		"/api/cms/search?q=naloxone",
		"/api/cms/articles/" + hookstest.DraftSlug,
		"/api/cms/articles/" + hookstest.ScheduledSlug,
		"/api/cms/articles?topic=ketamine&perPage=100",
		"/api/cms/articles?author=priya-nair&perPage=100",
		"/api/cms/topics/ketamine?perPage=100",
	}, publicEndpoints...)
	for _, p := range paths {
		body := lr.get(p).Body.String()
		for _, m := range hiddenMarkers {
			if strings.Contains(body, m) {
				t.Errorf("GET %s leaks %q", p, m)
			}
		}
	}
	if got := lr.getJSON("/api/cms/search?q=" + hookstest.SecretWord)["totalItems"]; got != float64(0) {
		t.Errorf("search for the secret word found %v articles", got)
	}
}
