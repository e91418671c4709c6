package hooks

import (
	"html"
	"strings"
	"time"
	"unicode"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// maxSearchTerms bounds the FTS query a single request can build.
const maxSearchTerms = 32

// searchArticles answers GET /api/cms/search?q=&page=&perPage=: published articles matching
// every word of q, best first (bm25, title weighted highest), each with a highlighted snippet.
// A blank q is a 400; a q with no letters or digits matches nothing.
func (api *contentAPI) searchArticles(e *core.RequestEvent) (string, []byte, error) {
	page, perPage, err := pageParams(e)
	if err != nil {
		return "", nil, err
	}
	q := e.Request.URL.Query().Get("q")
	if strings.TrimSpace(q) == "" {
		return "", nil, e.BadRequestError("Enter something to search for.",
			validation.Errors{"q": validation.NewError("q_required", "Enter at least one word.")})
	}
	match := ftsQuery(q)
	if match == "" {
		return jsonBody(articlePage{Page: page, PerPage: perPage, Items: []articleItem{}})
	}
	result, err := api.search(e.App, match, page, perPage)
	if err != nil {
		return "", nil, err
	}
	return jsonBody(result)
}

// ftsQuery turns user input into an FTS5 query of quoted plain terms, all required, so no
// character of the input can act as FTS5 syntax (quotes, *, NEAR, -, parentheses, columns).
func ftsQuery(input string) string {
	var terms []string
	for _, word := range strings.Fields(input) {
		if !strings.ContainsFunc(word, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(indexText(word), `"`, `""`)+`"`)
		if len(terms) == maxSearchTerms {
			break
		}
	}
	return strings.Join(terms, " ")
}

// searchRankQuery selects one page of hits for match among articles public at now, best
// first. Visibility comes from idx_articles_visibility, never from the article rows.
func searchRankQuery(app core.App, match string, now time.Time, page, perPage int) *dbx.SelectQuery {
	return app.ConcurrentDB().
		Select("articles_fts.rowid AS fts_rowid", "articles_fts.article_id").
		From("articles_fts").
		InnerJoin("articles", dbx.NewExp("articles.id = articles_fts.article_id")).
		Where(searchWhere(match, now)).
		OrderBy("bm25(articles_fts, 0.0, 10.0, 4.0, 1.0)").
		Offset(int64((page - 1) * perPage)).Limit(int64(perPage))
}

func searchWhere(match string, now time.Time) dbx.Expression {
	return dbx.And(dbx.NewExp("articles_fts MATCH {:match}", dbx.Params{"match": match}), publishedExp(now))
}

// searchHit is one row of the FTS query.
type searchHit struct {
	RowID     int64  `db:"fts_rowid"`
	ArticleID string `db:"article_id"`
	Snippet   string `db:"-"`
}

// addSnippets fills each hit's raw snippet (with the private-use markers) in one query.
func addSnippets(app core.App, match string, hits []searchHit) error {
	if len(hits) == 0 {
		return nil
	}
	rowids := make([]any, len(hits))
	for i, h := range hits {
		rowids[i] = h.RowID
	}
	var rows []struct {
		RowID   int64  `db:"fts_rowid"`
		Snippet string `db:"snip"`
	}
	err := app.ConcurrentDB().
		Select("rowid AS fts_rowid").
		AndSelect("snippet(articles_fts, -1, {:open}, {:close}, '…', 24) AS snip").
		From("articles_fts").
		Where(dbx.NewExp("articles_fts MATCH {:match}", dbx.Params{"match": match})).
		AndWhere(dbx.In("rowid", rowids...)).
		Bind(dbx.Params{"open": markOpen, "close": markClose}).
		All(&rows)
	if err != nil {
		return err
	}
	byRow := map[int64]string{}
	for _, r := range rows {
		byRow[r.RowID] = r.Snippet
	}
	for i := range hits {
		hits[i].Snippet = byRow[hits[i].RowID]
	}
	return nil
}

// search runs match against the index, joined to the articles the public may see now.
func (api *contentAPI) search(app core.App, match string, page, perPage int) (*articlePage, error) {
	now := api.cache.Now()
	where := searchWhere(match, now)
	var total int
	err := app.ConcurrentDB().Select("COUNT(*)").From("articles_fts").
		InnerJoin("articles", dbx.NewExp("articles.id = articles_fts.article_id")).Where(where).Row(&total)
	if err != nil {
		return nil, err
	}
	// Rank first, without snippets: SQLite would build a snippet for every match before
	// sorting. Snippets are then made for the page's rows only.
	var hits []searchHit
	err = searchRankQuery(app, match, now, page, perPage).
		All(&hits)
	if err != nil {
		return nil, err
	}
	if err := addSnippets(app, match, hits); err != nil {
		return nil, err
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ArticleID
	}
	var records []*core.Record
	if len(ids) > 0 {
		err = app.RecordQuery("articles").Select(listColumns...).Where(dbx.In("articles.id", toAny(ids)...)).All(&records)
		if err != nil {
			return nil, err
		}
	}
	byID := map[string]*core.Record{}
	for _, r := range records {
		byID[r.Id] = r
	}
	ordered := make([]*core.Record, 0, len(hits))
	snippets := make([]string, 0, len(hits))
	for _, h := range hits {
		if r := byID[h.ArticleID]; r != nil {
			ordered = append(ordered, r)
			snippets = append(snippets, highlight(h.Snippet))
		}
	}
	items, err := api.articleItems(app, ordered)
	if err != nil {
		return nil, err
	}
	for i := range items {
		items[i].Snippet = &snippets[i]
	}
	return &articlePage{Page: page, PerPage: perPage, TotalItems: total,
		TotalPages: (total + perPage - 1) / perPage, Items: items}, nil
}

// highlight escapes a raw snippet and only then turns the markers into <mark> tags.
func highlight(raw string) string {
	return strings.NewReplacer(markOpen, "<mark>", markClose, "</mark>").Replace(html.EscapeString(raw))
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
