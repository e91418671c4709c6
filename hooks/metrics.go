package hooks

import (
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"recoverycms/internal/contentcache"
	"recoverycms/internal/metrics"
)

// bindMetrics counts every routed request (bound before PocketBase's own middleware, so the
// time includes them), records each completed backup and serves GET /metrics.
func bindMetrics(app core.App, cache *contentcache.Cache) {
	m := metrics.New(app, cache.Stats)
	app.OnBackupCreate().Bind(&hook.Handler[*core.BackupEvent]{
		Id: "recoverycmsMetricsBackup",
		Func: func(e *core.BackupEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			m.BackupDone(time.Now())
			return nil
		},
		Priority: -100, // outside whatever writes the archive
	})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       "recoverycmsMetrics",
			Func:     m.Observe,
			Priority: apis.DefaultCorsMiddlewarePriority - 1,
		})
		se.Router.GET("/metrics", m.Serve)
		return se.Next()
	})
}
