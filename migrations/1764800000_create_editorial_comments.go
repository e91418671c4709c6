package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

func init() {
	m.Register(func(app core.App) error {
		comments := core.NewBaseCollection("editorial_comments")
		comments.Fields.Add(
			// Plain ids, as in article_revisions: no relation means no back-relation from
			// articles that a public filter could reach, and the hooks check the article and
			// remove its comments with it.
			&core.TextField{Name: "article", Required: true, Max: 15},
			&core.TextField{Name: "author", Max: 15},
			&core.TextField{Name: "body", Required: true, Max: 5000},
			&core.TextField{Name: "quote", Max: 1000},
			&core.BoolField{Name: "blocking"},
			&core.BoolField{Name: "resolved"},
			&core.TextField{Name: "resolved_by", Max: 15},
			&core.DateField{Name: "resolved_at"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		comments.AddIndex("idx_editorial_comments_article", false, "article, created", "")
		// Staff only. Who may change which field is checked by the hooks
		// (internal/editorialcomments); a comment is deleted by its author or an admin.
		comments.ListRule = types.Pointer(ruleIsStaff)
		comments.ViewRule = types.Pointer(ruleIsStaff)
		comments.CreateRule = types.Pointer(ruleIsStaff)
		comments.UpdateRule = types.Pointer(ruleIsStaff)
		comments.DeleteRule = types.Pointer("(" + ruleIsAdmin + ") || (" + ruleIsStaff + " && author = @request.auth.id)")
		return app.Save(comments)
	}, func(app core.App) error {
		return deleteCollection(app, "editorial_comments")
	})
}
