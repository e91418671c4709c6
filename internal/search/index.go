// Package search keeps the full-text index of published articles (articles_fts, FTS5) in step
// with every save and answers ranked queries over it: plain terms only, stemmed and
// accent-folded, the title weighted highest, snippets made for a page's hits only.
package search

import (
	"hash/fnv"
	"math"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/net/html"

	"recoverycms/internal/publishing"
)

// Snippet markers: private-use characters that never survive indexing, so the snippet text
// can be HTML-escaped whole and only then get its <mark> tags.
const (
	markOpen  = "\uE000"
	markClose = "\uE001"
)

// Index replaces the index row of article r: present while published (scheduled ones
// too, filtered by published_at when searching), absent otherwise.
func Index(app core.App, r *core.Record) error {
	if err := Remove(app, r.Id); err != nil {
		return err
	}
	return Insert(app, r)
}

// Insert adds the index row of a published article r; other statuses are skipped.
func Insert(app core.App, r *core.Record) error {
	if r.GetString("status") != publishing.StatusPublished {
		return nil
	}
	_, err := app.NonconcurrentDB().NewQuery(
		`INSERT INTO articles_fts (rowid, article_id, title, summary, body) VALUES ({:rowid}, {:id}, {:title}, {:summary}, {:body})`,
	).Bind(dbx.Params{
		"rowid":   searchRowID(r.Id),
		"id":      r.Id,
		"title":   indexText(r.GetString("title")),
		"summary": indexText(r.GetString("summary")),
		"body":    indexText(htmlText(r.GetString("body_html"))),
	}).Execute()
	return err
}

// Remove deletes the index row of the article with id, if any.
func Remove(app core.App, id string) error {
	_, err := app.NonconcurrentDB().NewQuery(`DELETE FROM articles_fts WHERE rowid = {:rowid}`).
		Bind(dbx.Params{"rowid": searchRowID(id)}).Execute()
	return err
}

// searchRowID is the index rowid of an article: a 63-bit hash of its id, so a save finds its
// row by rowid instead of scanning the unindexed article_id column, and the mapping survives
// VACUUM (which may renumber the articles table's own rowids). Two of PocketBase's random
// 15-character ids sharing a hash would make the second save fail loudly, not corrupt the index.
func searchRowID(id string) int64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return int64(h.Sum64() & math.MaxInt64)
}

// indexText removes the snippet markers from text, so stored content can never forge a <mark>.
// Invalid UTF-8 is replaced first: in valid text a marker is a whole character, so removing
// them cannot join the bytes around one into another (as "\xEE\x80" + marker + "\x80" would).
// A NUL becomes a space (both separate words; SQLite's snippet() would cut text at a NUL).
func indexText(s string) string {
	return indexReplacer.Replace(strings.ToValidUTF8(s, "\uFFFD"))
}

var indexReplacer = strings.NewReplacer(markOpen, "", markClose, "", "\x00", " ")

// htmlText is the visible text of sanitized article HTML, blocks separated by spaces.
func htmlText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		default:
			b.WriteByte(' ')
		}
	}
}

// RebuildIfStale refills articles_fts when its row count differs from the number of
// published articles (a database restored from elsewhere, an import made before the index
// existed). It reports whether it rebuilt.
func RebuildIfStale(app core.App) (bool, error) {
	var indexed, published int
	if err := app.DB().NewQuery(`SELECT COUNT(*) FROM articles_fts`).Row(&indexed); err != nil {
		return false, err
	}
	if err := app.DB().NewQuery(`SELECT COUNT(*) FROM articles WHERE status = 'published'`).Row(&published); err != nil {
		return false, err
	}
	if indexed == published {
		return false, nil
	}
	return true, Rebuild(app)
}

// Rebuild empties articles_fts and indexes every published article again, in one
// transaction. Call it after writing articles behind the hooks' back (raw SQL).
func Rebuild(app core.App) error {
	return app.RunInTransaction(func(tx core.App) error {
		if _, err := tx.DB().NewQuery(`DELETE FROM articles_fts`).Execute(); err != nil {
			return err
		}
		var records []*core.Record
		err := tx.RecordQuery("articles").Where(dbx.HashExp{"status": publishing.StatusPublished}).All(&records)
		if err != nil {
			return err
		}
		for _, r := range records {
			if err := Insert(tx, r); err != nil {
				return err
			}
		}
		return nil
	})
}
