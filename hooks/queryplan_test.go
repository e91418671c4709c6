package hooks_test

import (
	"strings"
	"testing"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
)

// TestListQueryUsesTheCoveringIndex checks the plan of the uncached published list: it walks
// idx_articles_public_list in (status, published_at) order, reads no table row (so no body),
// never scans the articles table and never sorts.
func TestListQueryUsesTheCoveringIndex(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	_, err := app.DB().NewQuery("ANALYZE").Execute()
	must(t, err)
	topic, err := app.FindFirstRecordByData("topics", "slug", "ketamine")
	must(t, err)
	for _, c := range []struct{ name, author, topic string }{
		{"all", "", ""},
		{"by topic", "", topic.Id},
		{"by author", authorID(t, app, "priya-nair"), ""},
	} {
		plan, err := hooks.ListQueryPlan(app, c.author, c.topic)
		must(t, err)
		joined := strings.Join(plan, "\n")
		t.Logf("%s:\n%s", c.name, joined)
		if !strings.Contains(joined, "SEARCH articles USING COVERING INDEX idx_articles_public_list") {
			t.Errorf("%s: the list does not use the covering list index:\n%s", c.name, joined)
		}
		for _, line := range plan {
			if strings.HasPrefix(line, "SCAN articles") || strings.Contains(line, "TEMP B-TREE") {
				t.Errorf("%s: %q in the plan", c.name, line)
			}
		}
	}
}

// TestSearchVisibilityComesFromAnIndex checks that search decides "public now" from
// idx_articles_visibility for each match, without reading article rows (and their bodies).
func TestSearchVisibilityComesFromAnIndex(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	_, err := app.DB().NewQuery("ANALYZE").Execute()
	must(t, err)
	plan, err := hooks.SearchQueryPlan(app, `"relapse"`)
	must(t, err)
	joined := strings.Join(plan, "\n")
	t.Logf("search:\n%s", joined)
	if !strings.Contains(joined, "USING COVERING INDEX idx_articles_visibility") {
		t.Errorf("search reads article rows to check visibility:\n%s", joined)
	}
	for _, line := range plan {
		if line == "SCAN articles" || strings.HasPrefix(line, "SCAN articles ") {
			t.Errorf("search scans the articles table:\n%s", joined)
		}
	}
}
