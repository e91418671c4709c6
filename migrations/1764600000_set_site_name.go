package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// defaultSiteName replaces PocketBase's placeholder application name, which feeds, page titles
// and sign-in emails show to readers and staff.
const defaultSiteName = "Recovery Library"

func init() {
	m.Register(func(app core.App) error {
		settings := app.Settings()
		if settings.Meta.AppName != "" && settings.Meta.AppName != "Acme" {
			return nil // a name the operator chose stays
		}
		settings.Meta.AppName = defaultSiteName
		return app.Save(settings)
	}, func(app core.App) error {
		settings := app.Settings()
		if settings.Meta.AppName == defaultSiteName {
			settings.Meta.AppName = "Acme"
			return app.Save(settings)
		}
		return nil
	})
}
