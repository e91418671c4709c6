package hooks

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/contentapi"
	"recoverycms/internal/contentcache"
	"recoverycms/internal/leads"
	"recoverycms/internal/search"
)

// ContentCacheOf returns the public response cache Register set up for app, for tests in
// hooks_test.
func ContentCacheOf(app core.App) *contentcache.Cache {
	c, _ := app.Store().Get(contentCacheKey).(*contentcache.Cache)
	return c
}

// LeadSubmissionsWaiting returns how many lead submissions of app wait for the next shared
// transaction, for tests in hooks_test.
func LeadSubmissionsWaiting(app core.App) int {
	svc, _ := app.Store().Get(leadServiceKey).(*leads.Service)
	return svc.SubmissionsWaiting()
}

// InvalidateContentCache drops every cached public response of app.
func InvalidateContentCache(app core.App) {
	if c := ContentCacheOf(app); c != nil {
		c.Invalidate()
	}
}

// ListQueryPlan returns the EXPLAIN QUERY PLAN details of the public list query, optionally
// filtered by author or topic id, for tests in hooks_test.
func ListQueryPlan(app core.App, authorID, topicID string) ([]string, error) {
	return queryPlan(app, contentapi.ListQuery(app, authorID, topicID, time.Now(), 2, 20))
}

// SearchQueryPlan returns the EXPLAIN QUERY PLAN details of the ranked search query.
func SearchQueryPlan(app core.App, match string) ([]string, error) {
	return queryPlan(app, search.RankQuery(app, match, time.Now(), 1, 20))
}

func queryPlan(app core.App, sq *dbx.SelectQuery) ([]string, error) {
	q := sq.Build()
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
