package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// A lead_notifications job is of a kind: "new" (every reviewer and admin is told a lead is
// waiting) or "urgent" (on-call staff are told an urgent request is waiting).
func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(`ALTER TABLE lead_notifications ADD COLUMN kind TEXT NOT NULL DEFAULT 'new'`).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery(`ALTER TABLE lead_notifications DROP COLUMN kind`).Execute()
		return err
	})
}
