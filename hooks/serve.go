package hooks

import (
	"context"
	"io/fs"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/contentcache"
	"recoverycms/internal/importer"
	"recoverycms/internal/search"
	"recoverycms/internal/storage"
)

// bindSettings empties the response cache after a settings change: the application URL and
// name appear in links and feeds.
func bindSettings(app core.App, cache *contentcache.Cache) {
	app.OnSettingsReload().BindFunc(func(e *core.SettingsReloadEvent) error {
		cache.Invalidate()
		return e.Next()
	})
}

// bindStartup runs the start-up steps of serve, in order: rebuild the search index when it
// does not match the published articles (a restored database, an import made before the
// index existed), then, when seed is set and the database has no articles, import the sample
// content so a first run shows real pages. Failures are logged; the server still starts.
func bindStartup(app core.App, cache *contentcache.Cache, seed fs.FS) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		rebuilt, err := search.RebuildIfStale(se.App)
		if err != nil {
			se.App.Logger().Error("Search index rebuild failed", "error", err)
		} else if rebuilt {
			cache.Invalidate()
		}
		if seed != nil {
			counts, err := importer.SeedIfEmpty(se.App, seed)
			if err != nil {
				se.App.Logger().Error("Sample content import failed", "error", err)
			} else if counts.Created > 0 {
				se.App.Logger().Info("Imported sample content", "created", counts.Created)
			}
		}
		watchOtherProcesses(se.App, cache)
		return se.Next()
	})
}

// otherProcessCheck is how often serve looks for commits made by other processes.
const otherProcessCheck = 500 * time.Millisecond

// watchOtherProcesses empties the response cache, within otherProcessCheck, after another
// process (an import or a lead erasure from the CLI, a restore by hand) commits to the
// database: the server's own saves invalidate through their hooks, these cannot.
func watchOtherProcesses(app core.App, cache *contentcache.Cache) {
	ctx, cancel := context.WithCancel(context.Background())
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		cancel()
		return e.Next()
	})
	go storage.WatchDataVersion(ctx, app.NonconcurrentDB(), otherProcessCheck, func() {
		cache.Invalidate()
		app.Logger().Debug("Response cache emptied after a change by another process")
	})
}
