package search

import (
	"strings"
	"time"
	"unicode"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/publishing"
)

// maxSearchTerms bounds the FTS query a single request can build.
const maxSearchTerms = 32

// Query turns user input into an FTS5 query of quoted plain terms, all required, so no
// character of the input can act as FTS5 syntax (quotes, *, NEAR, -, parentheses, columns).
// Control characters separate words: a NUL would end the query string inside SQLite.
func Query(input string) string {
	var terms []string
	for _, word := range strings.FieldsFunc(input, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
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

// RankQuery selects one page of hits for match among articles public at now, best
// first. Visibility comes from idx_articles_visibility, never from the article rows.
func RankQuery(app core.App, match string, now time.Time, page, perPage int) *dbx.SelectQuery {
	return app.ConcurrentDB().
		Select("articles_fts.rowid AS fts_rowid", "articles_fts.article_id").
		From("articles_fts").
		InnerJoin("articles", dbx.NewExp("articles.id = articles_fts.article_id")).
		Where(where(match, now)).
		OrderBy("bm25(articles_fts, 0.0, 10.0, 4.0, 1.0)").
		Offset(int64((page - 1) * perPage)).Limit(int64(perPage))
}

func where(match string, now time.Time) dbx.Expression {
	return dbx.And(dbx.NewExp("articles_fts MATCH {:match}", dbx.Params{"match": match}), publishing.PublicExp(now))
}

// Hit is one search result: the article and its highlighted snippet (HTML-escaped text with
// <mark> around the matched words).
type Hit struct {
	RowID     int64  `db:"fts_rowid"`
	ArticleID string `db:"article_id"`
	Snippet   string `db:"-"`
}

// Run finds one page of published articles (public at now) matching every term of match (a
// Query result), best first, and the total number of matches.
func Run(app core.App, match string, now time.Time, page, perPage int) ([]Hit, int, error) {
	var total int
	err := app.ConcurrentDB().Select("COUNT(*)").From("articles_fts").
		InnerJoin("articles", dbx.NewExp("articles.id = articles_fts.article_id")).Where(where(match, now)).Row(&total)
	if err != nil {
		return nil, 0, err
	}
	// Rank first, without snippets: SQLite would build a snippet for every match before
	// sorting. Snippets are then made for the page's rows only.
	var hits []Hit
	if err := RankQuery(app, match, now, page, perPage).All(&hits); err != nil {
		return nil, 0, err
	}
	if err := addSnippets(app, match, hits); err != nil {
		return nil, 0, err
	}
	return hits, total, nil
}
