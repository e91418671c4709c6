package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// lead_notifications is the outbox of new-lead emails: one row per new lead, written in the
// lead's own transaction and marked sent by the notifier after the emails went out, so a
// crash between the commit and the sending delays the notification instead of losing it.
// A row holds the lead's id only, never personal data. Like cms_state it is not a
// collection, so no API route can read or change it.
func init() {
	m.Register(func(app core.App) error {
		if _, err := app.DB().NewQuery(`CREATE TABLE IF NOT EXISTS lead_notifications (
			id              TEXT PRIMARY KEY NOT NULL,
			lead            TEXT NOT NULL,
			state           TEXT NOT NULL DEFAULT 'pending',
			attempts        INTEGER NOT NULL DEFAULT 0,
			error           TEXT NOT NULL DEFAULT '',
			next_attempt_at TEXT NOT NULL DEFAULT '',
			sent_at         TEXT NOT NULL DEFAULT '',
			created         TEXT NOT NULL DEFAULT ''
		)`).Execute(); err != nil {
			return err
		}
		_, err := app.DB().NewQuery(`CREATE INDEX IF NOT EXISTS idx_lead_notifications_due
			ON lead_notifications (state, next_attempt_at)`).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery(`DROP TABLE IF EXISTS lead_notifications`).Execute()
		return err
	})
}
