package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// webhookEvents are the article events a webhook may subscribe to.
var webhookEvents = []string{"article.published", "article.updated", "article.unpublished", "article.deleted"}

func init() {
	m.Register(func(app core.App) error {
		webhooks := core.NewBaseCollection("webhooks")
		webhooks.Fields.Add(
			&core.TextField{Name: "url", Required: true, Max: 2000},
			&core.SelectField{Name: "events", Required: true, MaxSelect: len(webhookEvents), Values: webhookEvents},
			// Filled with a random value on save when left empty; admins copy it into their receiver.
			&core.TextField{Name: "secret", Required: true, Max: 200},
			&core.BoolField{Name: "active"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		// Webhook targets and secrets are for admins only; superusers bypass every rule.
		webhooks.ListRule = types.Pointer(ruleIsAdmin)
		webhooks.ViewRule = types.Pointer(ruleIsAdmin)
		webhooks.CreateRule = types.Pointer(ruleIsAdmin)
		webhooks.UpdateRule = types.Pointer(ruleIsAdmin)
		webhooks.DeleteRule = types.Pointer(ruleIsAdmin)
		return app.Save(webhooks)
	}, func(app core.App) error {
		return deleteCollection(app, "webhooks")
	})
}
