package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// rulePublishedOrStaff lets anyone read a published article whose time has come, and staff read everything.
const rulePublishedOrStaff = `(status = "published" && published_at != "" && published_at <= @now) || ` + ruleIsStaff

func init() {
	m.Register(func(app core.App) error {
		authorsID, err := collectionID(app, "authors")
		if err != nil {
			return err
		}
		topicsID, err := collectionID(app, "topics")
		if err != nil {
			return err
		}

		articles := core.NewBaseCollection("articles")
		articles.Fields.Add(
			&core.TextField{Name: "title", Required: true, Max: 200},
			&core.TextField{Name: "slug", Required: true, Max: 100, Pattern: slugPattern},
			&core.TextField{Name: "summary", Max: 300},
			&core.TextField{Name: "body", Required: true, Max: 100 * 1024},
			&core.TextField{Name: "body_html", Max: 2 << 20},
			&core.JSONField{Name: "toc", MaxSize: 1 << 20},
			&core.NumberField{Name: "word_count", OnlyInt: true, Min: types.Pointer(0.0)},
			&core.NumberField{Name: "reading_minutes", OnlyInt: true, Min: types.Pointer(1.0)},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{"draft", "in_review", "published", "archived"}},
			&core.DateField{Name: "published_at"},
			&core.RelationField{Name: "author", Required: true, MaxSelect: 1, CollectionId: authorsID},
			&core.RelationField{Name: "reviewed_by", MaxSelect: 1, CollectionId: authorsID},
			&core.DateField{Name: "reviewed_at"},
			&core.RelationField{Name: "topics", MaxSelect: 20, CollectionId: topicsID},
			&core.FileField{Name: "cover", MaxSelect: 1, MaxSize: 10 << 20, MimeTypes: imageMimeTypes, Thumbs: []string{"400x225", "800x450", "1200x630"}},
			&core.TextField{Name: "cover_alt", Max: 300},
			&core.TextField{Name: "meta_title", Max: 200},
			&core.TextField{Name: "meta_description", Max: 160},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		articles.AddIndex("idx_articles_slug", true, "slug", "")
		articles.AddIndex("idx_articles_status_published_at", false, "status, published_at", "")
		articles.AddIndex("idx_articles_author", false, "author", "")
		articles.ListRule = types.Pointer(rulePublishedOrStaff)
		articles.ViewRule = types.Pointer(rulePublishedOrStaff)
		articles.CreateRule = types.Pointer(ruleIsWriter)
		articles.UpdateRule = types.Pointer(ruleIsWriter)
		articles.DeleteRule = types.Pointer(ruleIsWriter)
		return app.Save(articles)
	}, func(app core.App) error {
		return deleteCollection(app, "articles")
	})
}
