package hooks_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
)

// TestStockRecordsAPIWithSDKQueries sends the requests the official JS SDK makes for public
// reading: pb.collection('articles').getList(1, 20, {sort: '-published_at', expand: 'author,topics'})
// and getFirstListItem('slug="..."', {expand: ...}), which adds perPage=1 and skipTotal=1.
func TestStockRecordsAPIWithSDKQueries(t *testing.T) {
	t.Parallel()
	base := "/api/collections/articles/records?"
	list := url.Values{"page": {"1"}, "perPage": {"20"}, "sort": {"-published_at"}, "expand": {"author,topics"}}
	first := func(slug string) string {
		return base + url.Values{"page": {"1"}, "perPage": {"1"}, "skipTotal": {"1"},
			"filter": {`slug="` + slug + `"`}, "expand": {"author,topics"}}.Encode()
	}
	scenarios := []tests.ApiScenario{
		{
			Name: "getList sorted by date with expand", URL: base + list.Encode(), ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":3`, `"slug":"how-to-beat-ketamine-addiction"`,
				`"expand":{"author":{`, `"name":"Tom Ashworth"`, `"topics":[{`},
			NotExpectedContent: hiddenMarkers,
			ExpectedEvents:     map[string]int{"OnRecordsListRequest": 1, "OnRecordEnrich": 10},
		},
		{
			Name: "getFirstListItem by slug", URL: first(hookstest.PublishedSlug), ExpectedStatus: 200,
			ExpectedContent:    []string{`"slug":"how-to-beat-ketamine-addiction"`, `"expand":{"author":{`, `"totalItems":-1`},
			NotExpectedContent: hiddenMarkers,
			ExpectedEvents:     map[string]int{"OnRecordsListRequest": 1, "OnRecordEnrich": 1 + 1 + 3},
		},
		{
			Name: "getFirstListItem of a draft finds nothing (the SDK then throws 404)", URL: first(hookstest.DraftSlug),
			ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}, NotExpectedContent: hiddenMarkers,
			ExpectedEvents: map[string]int{"OnRecordsListRequest": 1},
		},
		{
			Name: "getFirstListItem of a scheduled article finds nothing", URL: first(hookstest.ScheduledSlug),
			ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}, NotExpectedContent: hiddenMarkers,
			ExpectedEvents: map[string]int{"OnRecordsListRequest": 1},
		},
		{
			Name: "author getFirstListItem by slug", URL: "/api/collections/authors/records?filter=" + url.QueryEscape(`slug="priya-nair"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"name":"Priya Nair"`},
			ExpectedEvents: map[string]int{"OnRecordsListRequest": 1, "OnRecordEnrich": 1},
		},
	}
	for _, s := range scenarios {
		s.Method = http.MethodGet
		s.TestAppFactory = hookstest.Factory
		s.Test(t)
	}
}
