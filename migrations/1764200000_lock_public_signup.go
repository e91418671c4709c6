package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// staffSignInRule slows password guessing against staff accounts, whose sign-in opens the
// callback leads: 10 attempts a minute per client address.
var staffSignInRule = core.RateLimitRule{Label: "staff:authWithPassword", MaxRequests: 10, Duration: 60}

func init() {
	m.Register(func(app core.App) error {
		// PocketBase's stock `users` collection is unused here; its public sign-up would only
		// let strangers create accounts and upload files.
		users, err := app.FindCollectionByNameOrId("users")
		if err == nil {
			users.CreateRule = nil
			if err := app.Save(users); err != nil {
				return err
			}
		}
		// Only this rule: PocketBase's sample rules (disabled by default) would also throttle
		// public reads and lead submissions, which have limits of their own.
		settings := app.Settings()
		settings.RateLimits.Enabled = true
		settings.RateLimits.Rules = []core.RateLimitRule{staffSignInRule}
		return app.Save(settings)
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err == nil {
			users.CreateRule = types.Pointer("")
			if err := app.Save(users); err != nil {
				return err
			}
		}
		settings := app.Settings()
		settings.RateLimits.Enabled = false
		settings.RateLimits.Rules = nil
		return app.Save(settings)
	})
}
