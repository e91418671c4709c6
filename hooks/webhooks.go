package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/publishing"
	"recoverycms/internal/webhooks"
)

// bindWebhooks binds the webhooks collection (URL and secret checked on every save), the
// read-only delivery log, the go-live cron job and the delivery worker (started on serve,
// stopped on terminate). Article events are bound in bindArticleWebhooks.
func bindWebhooks(app core.App, svc *webhooks.Service) {
	normalize := func(e *core.RecordEvent) error {
		if err := svc.Normalize(e.Record); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate(webhooks.Collection).BindFunc(normalize)
	app.OnRecordUpdate(webhooks.Collection).BindFunc(normalize)

	readOnly := func(e *core.RecordRequestEvent) error {
		return e.ForbiddenError("The delivery log is written by the server only.", nil)
	}
	app.OnRecordCreateRequest(webhooks.DeliveriesCollection).BindFunc(readOnly)
	app.OnRecordUpdateRequest(webhooks.DeliveriesCollection).BindFunc(readOnly)
	app.OnRecordDeleteRequest(webhooks.DeliveriesCollection).BindFunc(readOnly)

	app.Cron().MustAdd(webhooks.GoLiveJobID, webhooks.GoLiveSchedule, func() {
		if _, err := svc.AnnounceGoLive(app); err != nil {
			app.Logger().Error("Scheduled go-live check failed", "error", err)
		}
	})
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		svc.Start(e.App)
		return e.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		svc.Stop()
		return e.Next()
	})
}

// bindArticleWebhooks wakes the delivery worker after every committed article save and
// delete. The delivery rows themselves are written in the change's transaction (bindArticles);
// the worker also finds them on its own poll, so a missed wake only delays a delivery.
func bindArticleWebhooks(app core.App, svc *webhooks.Service) {
	wake := func(e *core.RecordEvent) error {
		svc.Wake()
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess(publishing.Articles).BindFunc(wake)
	app.OnRecordAfterUpdateSuccess(publishing.Articles).BindFunc(wake)
	app.OnRecordAfterDeleteSuccess(publishing.Articles).BindFunc(wake)
}
