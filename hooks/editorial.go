package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/review"
)

// bindEditorial schedules the daily editorial job: review statuses moved on by time, then the
// review-due email to editors and clinicians.
func bindEditorial(app core.App, reviews *review.Service) {
	app.Cron().MustAdd(review.DigestJobID, review.DigestSchedule, func() {
		if err := reviews.Daily(app); err != nil {
			app.Logger().Error("Daily review job failed", "error", err)
		}
	})
}
