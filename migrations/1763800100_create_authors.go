package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// imageMimeTypes are the formats accepted for avatars and covers.
var imageMimeTypes = []string{"image/jpeg", "image/png", "image/webp", "image/gif"}

func init() {
	m.Register(func(app core.App) error {
		authors := core.NewBaseCollection("authors")
		authors.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 100},
			&core.TextField{Name: "slug", Required: true, Max: 100, Pattern: slugPattern},
			&core.TextField{Name: "credentials", Max: 200},
			&core.TextField{Name: "bio", Max: 20000},
			&core.TextField{Name: "bio_html", Max: 200000},
			&core.FileField{Name: "avatar", MaxSelect: 1, MaxSize: 5 << 20, MimeTypes: imageMimeTypes, Thumbs: []string{"96x96", "320x320"}},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		authors.AddIndex("idx_authors_slug", true, "slug", "")
		authors.ListRule = types.Pointer("")
		authors.ViewRule = types.Pointer("")
		authors.CreateRule = types.Pointer(ruleIsWriter)
		authors.UpdateRule = types.Pointer(ruleIsWriter)
		authors.DeleteRule = types.Pointer(ruleIsWriter)
		return app.Save(authors)
	}, func(app core.App) error {
		return deleteCollection(app, "authors")
	})
}
