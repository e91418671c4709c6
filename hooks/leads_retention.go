package hooks

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
)

// leadRetentionJob is the cron job id of the daily purge.
const leadRetentionJob = "rcmsLeadRetention"

// registerLeadRetention deletes closed and spam leads untouched for cfg.RetentionDays every
// night at 03:30 (UTC), keeping their events stripped of personal data.
func registerLeadRetention(app core.App, cfg leads.Config) {
	app.Cron().MustAdd(leadRetentionJob, "30 3 * * *", func() {
		ids, err := leads.Purge(app, cfg.RetentionDays, time.Now(), false, leads.Actor{Name: "retention"})
		if err != nil {
			app.Logger().Error("Lead retention purge failed", "error", err)
			return
		}
		app.Logger().Info("Lead retention purge", "deleted", len(ids))
	})
}
