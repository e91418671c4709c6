package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	m.Register(func(app core.App) error {
		articles, err := app.FindCollectionByNameOrId("articles")
		if err != nil {
			return err
		}
		// Reader comments are open on every article unless an editor closes them.
		articles.Fields.Add(&core.BoolField{Name: "comments_open"})
		if err := app.Save(articles); err != nil {
			return err
		}
		_, err = app.DB().NewQuery("UPDATE articles SET comments_open = TRUE").Execute()
		return err
	}, func(app core.App) error {
		articles, err := app.FindCollectionByNameOrId("articles")
		if err != nil {
			return err
		}
		articles.Fields.RemoveByName("comments_open")
		return app.Save(articles)
	})
}
