package search

import (
	"html"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// addSnippets fills each hit's snippet: made in Go from the hit's indexed text (snippetOf),
// or by FTS5's snippet() for the hits where Go does not find every phrase.
func addSnippets(app core.App, match string, hits []Hit) error {
	if len(hits) == 0 {
		return nil
	}
	rowids := make([]any, len(hits))
	for i, h := range hits {
		rowids[i] = h.RowID
	}
	var rows []struct {
		RowID   int64  `db:"rowid"`
		Title   string `db:"title"`
		Summary string `db:"summary"`
		Body    string `db:"body"`
	}
	err := app.ConcurrentDB().Select("rowid", "title", "summary", "body").From("articles_fts").
		Where(dbx.In("rowid", rowids...)).All(&rows)
	if err != nil {
		return err
	}
	phrases := phrasesOf(match)
	raw := make(map[int64]string, len(rows))
	var rest []any
	for _, r := range rows {
		if s, ok := snippetOf([]string{r.Title, r.Summary, r.Body}, phrases); ok {
			raw[r.RowID] = s
		} else {
			rest = append(rest, r.RowID)
		}
	}
	if err := fts5Snippets(app, match, rest, raw); err != nil {
		return err
	}
	for i := range hits {
		hits[i].Snippet = highlight(raw[hits[i].RowID])
	}
	return nil
}

// fts5Snippets puts FTS5's own raw snippet (with the private-use markers) of each row in
// rowids into raw, in one query.
func fts5Snippets(app core.App, match string, rowids []any, raw map[int64]string) error {
	if len(rowids) == 0 {
		return nil
	}
	var rows []struct {
		RowID   int64  `db:"fts_rowid"`
		Snippet string `db:"snip"`
	}
	err := app.ConcurrentDB().
		Select("rowid AS fts_rowid").
		AndSelect("snippet(articles_fts, -1, {:open}, {:close}, {:ellipsis}, {:tokens}) AS snip").
		From("articles_fts").
		Where(dbx.NewExp("articles_fts MATCH {:match}", dbx.Params{"match": match})).
		AndWhere(dbx.In("rowid", rowids...)).
		Bind(dbx.Params{"open": markOpen, "close": markClose, "ellipsis": snippetEllipsis, "tokens": snippetTokens}).
		All(&rows)
	if err != nil {
		return err
	}
	for _, r := range rows {
		raw[r.RowID] = r.Snippet
	}
	return nil
}

// highlight escapes a raw snippet and only then turns the markers into <mark> tags.
func highlight(raw string) string {
	return strings.NewReplacer(markOpen, "<mark>", markClose, "</mark>").Replace(html.EscapeString(raw))
}
