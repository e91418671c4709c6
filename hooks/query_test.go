package hooks_test

import (
	"context"
	"database/sql"
	"fmt"
	"html"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/loadgen"
	"recoverycms/internal/search"
)

// TestSearchRankerMatchesFTS5Ranking: the ranking from cached per-term scores gives the same
// articles in the same order, and the same total, as FTS5's own bm25 over the whole query.
func TestSearchRankerMatchesFTS5Ranking(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	if err := loadgen.Seed(app, loadgen.Options{Articles: 60, BodyBytes: 1500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	rk := search.NewRanker()
	now := time.Now()
	for _, q := range []string{"relapse", "relapse support", "marker7 hope", "hope hope walk", "ketamine",
		"plan sleep routine family", "nothingmatchesthis", hookstest.SecretWord, "recovery relapse support therapy"} {
		match := search.Query(q)
		for _, page := range []int{1, 2} {
			want, wantTotal, err := search.Run(app, match, now, page, 7)
			if err != nil {
				t.Fatal(err)
			}
			got, gotTotal, err := rk.Run(app, 1, match, now, page, 7)
			if err != nil {
				t.Fatal(err)
			}
			if gotTotal != wantTotal || fmt.Sprint(ids(got)) != fmt.Sprint(ids(want)) {
				t.Errorf("%q page %d: ranker %d %v, FTS5 %d %v", q, page, gotTotal, ids(got), wantTotal, ids(want))
			}
			for i := range got {
				if i < len(want) && got[i].Snippet != want[i].Snippet {
					t.Errorf("%q: snippet %q, want %q", q, got[i].Snippet, want[i].Snippet)
				}
				if fts := fts5Snippet(t, app, match, got[i].RowID); got[i].Snippet != fts {
					t.Errorf("%q: snippet %q, FTS5's %q", q, got[i].Snippet, fts)
				}
			}
		}
	}
}

// fts5Snippet is FTS5's own snippet() of one row of the app's articles_fts, escaped and marked
// as search answers are, the oracle for the snippets made in Go.
func fts5Snippet(t *testing.T, app core.App, match string, rowid int64) string {
	t.Helper()
	var raw string
	err := app.DB().NewQuery(`SELECT snippet(articles_fts, -1, char(57344), char(57345), '…', 24) FROM articles_fts
		WHERE articles_fts MATCH {:match} AND rowid = {:rowid}`).Bind(dbx.Params{"match": match, "rowid": rowid}).Row(&raw)
	if err != nil {
		t.Fatal(err)
	}
	return strings.NewReplacer("\uE000", "<mark>", "\uE001", "</mark>").Replace(html.EscapeString(raw))
}

func ids(hits []search.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.ArticleID
	}
	return out
}

// TestSearchSeesNewArticleAfterSave: the per-term scores belong to one content version, so a
// newly published article is found and an unpublished one is gone at once.
func TestSearchSeesNewArticleAfterSave(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	lr := newLiveRouter(t, app)
	const path = "/api/cms/search?q=zebrafinch"
	if got := lr.getJSON(path)["totalItems"]; got != float64(0) {
		t.Fatalf("before: %v", got)
	}
	author, err := app.FindFirstRecordByData("authors", "slug", "priya-nair")
	if err != nil {
		t.Fatal(err)
	}
	r, err := hookstest.CreateArticle(app, author.Id, map[string]any{"title": "Zebrafinch mornings", "slug": "zebrafinch",
		"summary": "s", "body": "A zebrafinch sings.", "status": "published", "published_at": time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if got := lr.getJSON(path)["totalItems"]; got != float64(1) {
		t.Fatalf("after publishing: %v", got)
	}
	r.Set("status", "draft")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if got := lr.getJSON(path)["totalItems"]; got != float64(0) {
		t.Fatalf("after unpublishing: %v", got)
	}
}

// TestListCursorWalksTheSameArticlesAsPages: following next cursors visits every public
// article once, in the order the page numbers give, and a forged cursor is a field error.
func TestListCursorWalksTheSameArticlesAsPages(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	if err := loadgen.Seed(app, loadgen.Options{Articles: 25, BodyBytes: 500, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	lr := newLiveRouter(t, app)
	first := lr.getJSON("/api/cms/articles?perPage=4")
	total := int(first["totalItems"].(float64))
	var byPage []string
	for p := 1; p <= int(first["totalPages"].(float64)); p++ {
		for _, it := range lr.getJSON(fmt.Sprintf("/api/cms/articles?perPage=4&page=%d", p))["items"].([]any) {
			byPage = append(byPage, it.(map[string]any)["id"].(string))
		}
	}
	var byCursor []string
	path := "/api/cms/articles?perPage=4"
	for pages := 0; pages < 100; pages++ {
		res := lr.getJSON(path)
		for _, it := range res["items"].([]any) {
			byCursor = append(byCursor, it.(map[string]any)["id"].(string))
		}
		next, ok := res["next"].(string)
		if !ok {
			break
		}
		path = "/api/cms/articles?perPage=4&after=" + next
	}
	if len(byPage) != total || fmt.Sprint(byCursor) != fmt.Sprint(byPage) {
		t.Errorf("total %d, pages %v, cursors %v", total, byPage, byCursor)
	}
	seen := map[string]bool{}
	for _, id := range byPage {
		if seen[id] {
			t.Errorf("article %s listed twice", id)
		}
		seen[id] = true
	}
	for p := 1; p <= int(first["totalPages"].(float64)); p++ {
		body := lr.get(fmt.Sprintf("/api/cms/articles?perPage=4&page=%d", p)).Body.String()
		for _, m := range hiddenMarkers {
			if strings.Contains(body, m) {
				t.Errorf("page %d lists hidden %q", p, m)
			}
		}
	}
	rec := lr.get("/api/cms/articles?after=not-a-cursor!")
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"after":{"code":"after_invalid"`) {
		t.Errorf("forged cursor: %d %s", rec.Code, rec.Body.String())
	}
}

// TestSearchReadsATermOncePerVersion: many searches of the same new terms at once (a flood
// right after a save) read each term's scores from SQLite once, and all get the same answer.
func TestSearchReadsATermOncePerVersion(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	if err := loadgen.Seed(app, loadgen.Options{Articles: 300, BodyBytes: 4000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	db := app.ConcurrentDB().(*dbx.DB)
	var reads atomic.Int32
	db.QueryLogFunc = func(_ context.Context, _ time.Duration, sql string, _ *sql.Rows, _ error) {
		if strings.Contains(sql, "bm25(articles_fts") {
			reads.Add(1)
		}
	}
	t.Cleanup(func() { db.QueryLogFunc = nil })
	rk := search.NewRanker()
	match := search.Query("relapse support hope")
	want, wantTotal, err := rk.Run(app, 7, match, time.Now(), 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	reads.Store(0)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			got, total, err := rk.Run(app, 8, match, time.Now(), 1, 5)
			if err != nil || total != wantTotal || fmt.Sprint(ids(got)) != fmt.Sprint(ids(want)) {
				t.Errorf("concurrent search: %v %d %v, want %d %v", err, total, ids(got), wantTotal, ids(want))
			}
		})
	}
	wg.Wait()
	if n := reads.Load(); n != 3 {
		t.Errorf("%d term reads for 16 searches of 3 terms in one version, want 3", n)
	}
}

// TestSearchTermsMatchingNothingFillTheBudget: the ranker keeps each term's scores for the
// content version, within a budget. Terms matching nothing (random words a visitor sends)
// must count against it too, or they would pile up until the next save: past the budget
// the kept terms are dropped, and a common word is read again.
func TestSearchTermsMatchingNothingFillTheBudget(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	db := app.ConcurrentDB().(*dbx.DB)
	var reads atomic.Int32
	db.QueryLogFunc = func(_ context.Context, _ time.Duration, sql string, _ *sql.Rows, _ error) {
		if strings.Contains(sql, "bm25(articles_fts") {
			reads.Add(1)
		}
	}
	t.Cleanup(func() { db.QueryLogFunc = nil })
	rk := search.NewRanker()
	common := search.Query("relapse")
	run := func(match string) {
		if _, _, err := rk.Run(app, 1, match, time.Now(), 1, 5); err != nil {
			t.Fatal(err)
		}
	}
	run(common)
	run(common)
	if n := reads.Load(); n != 1 {
		t.Fatalf("%d reads of one term in one version", n)
	}
	// 2<<20 postings of 16 bytes: 32 MB. Junk terms of 8 KB cost 513 each.
	junk := strings.Repeat("q", 8<<10)
	for i := range 4200 {
		run(search.Query(fmt.Sprintf("%s%d", junk, i)))
	}
	before := reads.Load()
	run(common)
	if reads.Load() == before {
		t.Error("4,200 terms of 8 KB each were kept beside the common word: they cost the budget nothing")
	}
}
