package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

func init() {
	m.Register(func(app core.App) error {
		webhooksID, err := collectionID(app, "webhooks")
		if err != nil {
			return err
		}
		deliveries := core.NewBaseCollection("webhook_deliveries")
		deliveries.Fields.Add(
			&core.RelationField{Name: "webhook", Required: true, MaxSelect: 1, CollectionId: webhooksID, CascadeDelete: true},
			&core.SelectField{Name: "event", Required: true, MaxSelect: 1, Values: webhookEvents},
			&core.TextField{Name: "article", Max: 50},
			&core.NumberField{Name: "attempt", OnlyInt: true, Min: types.Pointer(1.0)},
			// pending: waiting for next_attempt_at; succeeded: 2xx; failed: a retry row follows;
			// exhausted: the last attempt failed; cancelled: the webhook was switched off.
			&core.SelectField{Name: "state", Required: true, MaxSelect: 1, Values: []string{"pending", "succeeded", "failed", "exhausted", "cancelled"}},
			&core.NumberField{Name: "status_code", OnlyInt: true},
			&core.TextField{Name: "error", Max: 2000},
			// The exact body that is signed and sent, unchanged across retries.
			&core.TextField{Name: "payload", Required: true, Max: 64 * 1024},
			&core.DateField{Name: "next_attempt_at"},
			&core.DateField{Name: "attempted_at"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		deliveries.AddIndex("idx_webhook_deliveries_state_next", false, "state, next_attempt_at", "")
		deliveries.AddIndex("idx_webhook_deliveries_webhook", false, "webhook", "")
		// A log: admins read it, only the server writes it.
		deliveries.ListRule = types.Pointer(ruleIsAdmin)
		deliveries.ViewRule = types.Pointer(ruleIsAdmin)
		return app.Save(deliveries)
	}, func(app core.App) error {
		return deleteCollection(app, "webhook_deliveries")
	})
}
