package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

func init() {
	m.Register(func(app core.App) error {
		revisions := core.NewBaseCollection("article_revisions")
		revisions.Fields.Add(
			// Plain ids rather than relations: revisions are a server-written log, and a relation
			// would make every article or staff delete save or delete revision records through
			// the record hooks. The hooks remove an article's revisions with the article.
			&core.TextField{Name: "article", Required: true, Max: 15},
			&core.TextField{Name: "staff", Max: 15},
			&core.TextField{Name: "title", Max: 200},
			&core.TextField{Name: "summary", Max: 300},
			&core.TextField{Name: "body", Max: 100 * 1024},
			&core.TextField{Name: "status", Max: 20},
			&core.AutodateField{Name: "created", OnCreate: true},
		)
		revisions.AddIndex("idx_article_revisions_article_created", false, "article, created", "")
		// Staff read the history; only the server writes it (nil rules: superusers only).
		revisions.ListRule = types.Pointer(ruleIsStaff)
		revisions.ViewRule = types.Pointer(ruleIsStaff)
		return app.Save(revisions)
	}, func(app core.App) error {
		return deleteCollection(app, "article_revisions")
	})
}
