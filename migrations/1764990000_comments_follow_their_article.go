package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ruleApprovedOnLiveArticle lets anyone read an approved comment while its article is live
// (the articles' own ruleLiveOrStaff condition, on the one article row whose id the comment
// names), and staff read every comment. A comment names its article by a plain id, so the
// join is by @collection; every condition uses ?= on the same join, so they hold for one
// row together. An approved comment on an article taken down, unpublished, scheduled or
// deleted is hidden again.
const ruleApprovedOnLiveArticle = `(status = "approved" && @collection.articles.id ?= article && ` +
	`@collection.articles.status ?= "published" && @collection.articles.published_at ?!= "" && ` +
	`@collection.articles.published_at ?<= @now && ` +
	`(@collection.articles.unpublish_at ?= "" || @collection.articles.unpublish_at ?> @now)) || ` + ruleIsStaff

// ruleApprovedOrStaff is the comments' first rule, for the down step.
const ruleApprovedOrStaff = `status = "approved" || ` + ruleIsStaff

func init() {
	m.Register(func(app core.App) error {
		return setCommentRules(app, ruleApprovedOnLiveArticle)
	}, func(app core.App) error {
		return setCommentRules(app, ruleApprovedOrStaff)
	})
}

// setCommentRules sets the list and view rules of reader comments to rule.
func setCommentRules(app core.App, rule string) error {
	c, err := app.FindCollectionByNameOrId("comments")
	if err != nil {
		return err
	}
	c.ListRule = types.Pointer(rule)
	c.ViewRule = types.Pointer(rule)
	return app.Save(c)
}
