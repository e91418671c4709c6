package hooks

import (
	"strings"
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

// isLeadRequestLog reports whether a request log entry is about callback leads (by collection
// name or id), the lead routes under /api/cms/leads, or a batch request that may contain leads.
func isLeadRequestLog(app core.App, data map[string]any) bool {
	url, _ := data["url"].(string)
	if url == "" {
		return false
	}
	path, _, _ := strings.Cut(url, "?")
	switch {
	case strings.HasPrefix(path, "/api/cms/leads"), strings.HasPrefix(path, "/api/batch"):
		return true
	case strings.HasPrefix(path, "/api/collections/"):
		name, _, _ := strings.Cut(strings.TrimPrefix(path, "/api/collections/"), "/")
		if name == leads.LeadsCollection || name == leads.EventsCollection {
			return true
		}
		col, err := app.FindCachedCollectionByNameOrId(name)
		return err == nil && (col.Name == leads.LeadsCollection || col.Name == leads.EventsCollection)
	}
	return false
}
