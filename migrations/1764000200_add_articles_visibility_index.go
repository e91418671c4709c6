package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// visibilityIndex answers "is this article id public now?" from the index alone. Search joins
// every full-text match to it; without it each match would read its table row, whose status
// and published_at sit after the 8 KB body in the row's overflow pages.
const visibilityIndex = "idx_articles_visibility"

func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("articles")
		if err != nil {
			return err
		}
		c.AddIndex(visibilityIndex, false, "id, status, published_at", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("articles")
		if err != nil {
			return err
		}
		c.RemoveIndex(visibilityIndex)
		return app.Save(c)
	})
}
