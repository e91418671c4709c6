package hooks

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// ListQueryPlan returns the EXPLAIN QUERY PLAN details of the public list query, optionally
// filtered by author or topic id, for tests in hooks_test.
func ListQueryPlan(app core.App, authorID, topicID string) ([]string, error) {
	q := publishedListQuery(app, articleFilter{authorID: authorID, topicID: topicID}, time.Now(), 2, 20).Build()
	var rows []struct {
		Detail string `db:"detail"`
	}
	err := app.DB().NewQuery("EXPLAIN QUERY PLAN " + q.SQL()).Bind(q.Params()).All(&rows)
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Detail
	}
	return out, err
}

// SearchQueryPlan returns the EXPLAIN QUERY PLAN details of the ranked search query.
func SearchQueryPlan(app core.App, match string) ([]string, error) {
	q := searchRankQuery(app, match, time.Now(), 1, 20).Build()
	var rows []struct {
		Detail string `db:"detail"`
	}
	err := app.DB().NewQuery("EXPLAIN QUERY PLAN " + q.SQL()).Bind(q.Params()).All(&rows)
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Detail
	}
	return out, err
}
