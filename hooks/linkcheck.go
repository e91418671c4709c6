package hooks

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/frontend"
	"recoverycms/internal/linkcheck"
)

// bindLinkCheck builds the link checker and binds its life: the results are written by the
// server only, the check runs daily on the cron (stopped with the app), and an article's
// results go with it (bindArticles). Links to the site's own front end are not checked.
func bindLinkCheck(app core.App, cfg linkcheck.Config, front frontend.Config, now func() time.Time) *linkcheck.Service {
	cfg.SiteURLs = append(slices.Clone(cfg.SiteURLs), front.ArticleURL, front.AuthorURL, front.TopicURL)
	svc := linkcheck.New(cfg, now)

	readOnly := func(e *core.RecordRequestEvent) error {
		return e.ForbiddenError("Link check results are written by the server only.", nil)
	}
	app.OnRecordCreateRequest(linkcheck.Collection).BindFunc(readOnly)
	app.OnRecordUpdateRequest(linkcheck.Collection).BindFunc(readOnly)
	app.OnRecordDeleteRequest(linkcheck.Collection).BindFunc(readOnly)

	ctx, cancel := context.WithCancel(context.Background())
	app.Cron().MustAdd(linkcheck.JobID, linkcheck.Schedule, func() {
		sum, err := svc.Run(ctx, app)
		if err != nil && !errors.Is(err, linkcheck.ErrRunning) && ctx.Err() == nil {
			app.Logger().Error("Scheduled link check failed", "error", err)
			return
		}
		app.Logger().Info("Link check done", "checked", sum.Checked, "broken", sum.Broken)
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		cancel()
		return e.Next()
	})
	return svc
}
