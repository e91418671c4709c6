package importer

import (
	"io/fs"

	"github.com/pocketbase/pocketbase/core"
)

// SeedIfEmpty imports seed (the sample content) when app has no articles, so a first run
// shows real pages, and reports what it created. It never touches a database with content.
func SeedIfEmpty(app core.App, seed fs.FS) (Counts, error) {
	n, err := app.CountRecords("articles")
	if err != nil || n > 0 {
		return Counts{}, err
	}
	return Run(app, seed, "content")
}
