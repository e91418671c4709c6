package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/contentcache"
	"recoverycms/internal/publishing"
)

// bindTopics binds the life of a topic: a unique slug on every save; after commit, empty the
// response cache.
func bindTopics(app core.App, pub *publishing.Service, cache *contentcache.Cache) {
	derive := func(e *core.RecordEvent) error {
		if err := pub.DeriveTopic(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate(publishing.Topics).BindFunc(derive)
	app.OnRecordUpdate(publishing.Topics).BindFunc(derive)
	invalidateAfterCommit(app, cache, publishing.Topics)
}
