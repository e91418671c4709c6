package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// articles_fts is the full-text index behind /api/cms/search: one row per published article
// (scheduled ones included, filtered by published_at at query time), kept in step by the
// article save hooks. Porter stemming over unicode61 with diacritics folded.
func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(`CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
			article_id UNINDEXED, title, summary, body,
			tokenize = 'porter unicode61 remove_diacritics 2'
		)`).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery(`DROP TABLE IF EXISTS articles_fts`).Execute()
		return err
	})
}
