package hooks

import (
	"io/fs"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/importer"
)

// registerSeed imports the sample content when the server starts on a database with no
// articles, so a first run shows real pages. It never touches a database that has content.
func registerSeed(app core.App, seed fs.FS) {
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if err := seedIfEmpty(e.App, seed); err != nil {
			e.App.Logger().Error("Sample content import failed", "error", err)
		}
		return e.Next()
	})
}

func seedIfEmpty(app core.App, seed fs.FS) error {
	n, err := app.CountRecords("articles")
	if err != nil || n > 0 {
		return err
	}
	counts, err := importer.Run(app, seed, "content")
	if err != nil {
		return err
	}
	app.Logger().Info("Imported sample content", "created", counts.Created)
	return nil
}
