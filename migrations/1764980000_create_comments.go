package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

func init() {
	m.Register(func(app core.App) error {
		comments := core.NewBaseCollection("comments")
		comments.Fields.Add(
			// A plain id, as in editorial_comments: no relation means no back-relation from
			// articles that a public filter could reach; the hooks check the article.
			&core.TextField{Name: "article", Required: true, Max: 15},
			&core.TextField{Name: "display_name", Max: 50},
			&core.TextField{Name: "body", Required: true, Max: 2000},
			// The text as its writer sent it, kept when a moderator approves a redacted copy.
			&core.TextField{Name: "original_body", Max: 2000, Hidden: true},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1,
				Values: []string{"pending", "approved", "rejected", "spam"}},
			&core.SelectField{Name: "flags", MaxSelect: 2, Values: []string{"pii", "crisis"}},
			&core.TextField{Name: "reply", Max: 2000},
			&core.TextField{Name: "moderated_by", Max: 15},
			&core.DateField{Name: "moderated_at"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		comments.AddIndex("idx_comments_article_status", false, "article, status, created", "")
		comments.AddIndex("idx_comments_status", false, "status, created", "")
		// Guests may send a comment (the hooks make it pending, whatever is sent) and read
		// approved ones; staff read them all; editors and admins moderate.
		comments.ListRule = types.Pointer(`status = "approved" || ` + ruleIsStaff)
		comments.ViewRule = types.Pointer(`status = "approved" || ` + ruleIsStaff)
		comments.CreateRule = types.Pointer("")
		comments.UpdateRule = types.Pointer(ruleIsWriter)
		comments.DeleteRule = types.Pointer(ruleIsAdmin)
		if err := app.Save(comments); err != nil {
			return err
		}

		events := core.NewBaseCollection("comment_events")
		events.Fields.Add(
			&core.TextField{Name: "comment", Required: true, Max: 15},
			&core.TextField{Name: "actor", Max: 15},
			&core.TextField{Name: "action", Required: true, Max: 30},
			&core.TextField{Name: "from_status", Max: 20},
			&core.TextField{Name: "to_status", Max: 20},
			&core.AutodateField{Name: "created", OnCreate: true},
		)
		events.AddIndex("idx_comment_events_comment", false, "comment, created", "")
		// Staff read the moderation log; only the hooks write it.
		events.ListRule = types.Pointer(ruleIsStaff)
		events.ViewRule = types.Pointer(ruleIsStaff)
		return app.Save(events)
	}, func(app core.App) error {
		if err := deleteCollection(app, "comment_events"); err != nil {
			return err
		}
		return deleteCollection(app, "comments")
	})
}
