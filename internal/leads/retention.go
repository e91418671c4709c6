package leads

import "github.com/pocketbase/pocketbase/core"

// PurgeExpired is the body of the nightly retention job: it deletes the closed and spam leads
// untouched for RetentionDays before the service's clock, keeping their events stripped of
// personal data. A cron job has no caller to answer, so the outcome is logged.
func (s *Service) PurgeExpired(app core.App) {
	ids, err := Purge(app, s.cfg.RetentionDays, s.now(), false, Actor{Name: "retention"})
	if err != nil {
		app.Logger().Error("Lead retention purge failed", "error", err)
		return
	}
	app.Logger().Info("Lead retention purge", "deleted", len(ids))
}
