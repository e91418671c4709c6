package importer

import (
	"io/fs"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/helpdir"
)

// SeedIfEmpty imports seed (the sample content and its help resources) when app has no
// articles, so a first run shows real pages, and reports what it created. It never touches a database with content.
func SeedIfEmpty(app core.App, seed fs.FS) (Counts, error) {
	n, err := app.CountRecords("articles")
	if err != nil || n > 0 {
		return Counts{}, err
	}
	counts, err := Run(app, seed, "content")
	if err != nil {
		return counts, err
	}
	resources, err := helpdir.ImportSample(app, seed)
	counts.Created += resources
	return counts, err
}
