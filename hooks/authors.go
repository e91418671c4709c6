package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/contentcache"
	"recoverycms/internal/publishing"
)

// bindAuthors binds the life of an author: derive (bio_html, slug) on every save; after
// commit, empty the response cache (every article embeds its author).
func bindAuthors(app core.App, pub *publishing.Service, cache *contentcache.Cache) {
	derive := func(e *core.RecordEvent) error {
		if err := pub.DeriveAuthor(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate(publishing.Authors).BindFunc(derive)
	app.OnRecordUpdate(publishing.Authors).BindFunc(derive)
	invalidateAfterCommit(app, cache, publishing.Authors)
}
