package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Clinical sign-off: staff who are clinicians approve articles under their public author
// profile; each approval is recorded (who, when, which revision and text); articles carry the
// fingerprint of the text approved and the date of the next review.
const (
	staffSelfEditRuleV1 = ` || (id = @request.auth.id && @request.body.role:isset = false)`
	// Staff still edit their own name, but never their role, clinician flag or author profile.
	staffSelfEditRuleV2 = ` || (id = @request.auth.id && @request.body.role:isset = false && @request.body.clinician:isset = false && @request.body.author:isset = false)`
)

func init() {
	m.Register(func(app core.App) error {
		authors, err := app.FindCollectionByNameOrId("authors")
		if err != nil {
			return err
		}
		staff, err := app.FindCollectionByNameOrId("staff")
		if err != nil {
			return err
		}
		staff.Fields.Add(
			&core.BoolField{Name: "clinician"},
			&core.RelationField{Name: "author", MaxSelect: 1, CollectionId: authors.Id},
		)
		staff.UpdateRule = types.Pointer(ruleIsAdmin + staffSelfEditRuleV2)
		if err := app.Save(staff); err != nil {
			return err
		}

		articles, err := app.FindCollectionByNameOrId("articles")
		if err != nil {
			return err
		}
		articles.Fields.Add(
			&core.DateField{Name: "next_review_at"},
			// The fingerprint of the title, summary and body a clinician approved; server-owned.
			&core.TextField{Name: "reviewed_hash", Max: 64, Hidden: true},
			// Derived on every save and refreshed daily (due and overdue come with time).
			&core.SelectField{Name: "review_status", MaxSelect: 1, Values: []string{"none", "approved", "changed_since_review", "due", "overdue"}},
		)
		articles.AddIndex("idx_articles_next_review_at", false, "next_review_at", "")
		if err := app.Save(articles); err != nil {
			return err
		}

		approvals := core.NewBaseCollection("article_approvals")
		approvals.Fields.Add(
			// Plain ids, as in article_revisions: a server-written log that leaves with its
			// article (the hooks remove it), without record hooks firing for each row.
			&core.TextField{Name: "article", Required: true, Max: 15},
			&core.TextField{Name: "clinician", Max: 15},
			&core.TextField{Name: "reviewer", Max: 15},
			&core.TextField{Name: "revision", Max: 50},
			&core.TextField{Name: "content_hash", Required: true, Max: 64},
			&core.SelectField{Name: "source", Required: true, MaxSelect: 1, Values: []string{"approval", "import"}},
			&core.DateField{Name: "reviewed_at", Required: true},
			&core.AutodateField{Name: "created", OnCreate: true},
		)
		approvals.AddIndex("idx_article_approvals_article", false, "article, created", "")
		approvals.ListRule = types.Pointer(ruleIsStaff)
		approvals.ViewRule = types.Pointer(ruleIsStaff)
		// Written by the server only (the approve route and the import).
		return app.Save(approvals)
	}, func(app core.App) error {
		if err := deleteCollection(app, "article_approvals"); err != nil {
			return err
		}
		articles, err := app.FindCollectionByNameOrId("articles")
		if err != nil {
			return err
		}
		articles.RemoveIndex("idx_articles_next_review_at")
		articles.Fields.RemoveByName("next_review_at")
		articles.Fields.RemoveByName("reviewed_hash")
		articles.Fields.RemoveByName("review_status")
		if err := app.Save(articles); err != nil {
			return err
		}
		staff, err := app.FindCollectionByNameOrId("staff")
		if err != nil {
			return err
		}
		staff.Fields.RemoveByName("clinician")
		staff.Fields.RemoveByName("author")
		staff.UpdateRule = types.Pointer(ruleIsAdmin + staffSelfEditRuleV1)
		return app.Save(staff)
	})
}
