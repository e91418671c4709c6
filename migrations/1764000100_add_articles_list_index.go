package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// publicListIndex covers every column the public article list reads, in (status,
// published_at) order, so listing never touches the table rows and their 8 KB bodies (the
// later columns sit past body and body_html in each row's overflow pages).
const publicListIndex = "idx_articles_public_list"

func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("articles")
		if err != nil {
			return err
		}
		c.AddIndex(publicListIndex, false,
			"status, published_at, id, slug, title, summary, updated, reading_minutes, cover, cover_alt, author, topics", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("articles")
		if err != nil {
			return err
		}
		c.RemoveIndex(publicListIndex)
		return app.Save(c)
	})
}
