package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// cms_state is a small key/value table for server bookkeeping that must survive a restart
// (such as how far the scheduled go-live check has got). It is not a collection, so no API
// route can read or change it.
func init() {
	m.Register(func(app core.App) error {
		if _, err := app.DB().NewQuery(`CREATE TABLE IF NOT EXISTS cms_state (
			key     TEXT PRIMARY KEY NOT NULL,
			value   TEXT NOT NULL DEFAULT '',
			updated TEXT NOT NULL DEFAULT ''
		)`).Execute(); err != nil {
			return err
		}
		// Articles that go live after this moment are announced by the go-live check.
		now := types.NowDateTime().String()
		_, err := app.DB().NewQuery(`INSERT OR IGNORE INTO cms_state (key, value, updated)
			VALUES ('webhooks_golive_checked', {:now}, {:now})`).Bind(map[string]any{"now": now}).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery(`DROP TABLE IF EXISTS cms_state`).Execute()
		return err
	})
}
