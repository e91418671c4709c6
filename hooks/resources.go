package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/contentcache"
	"recoverycms/internal/helpdir"
)

// bindResources binds the life of a help resource: however it is saved, the country, phone
// numbers, hours and languages are checked and normalised and the verification fields keep
// their stored values unless the save is a verification or an import; after commit, the
// response cache is emptied (the directory, the help page and articles' help blocks show it).
func bindResources(app core.App, help *helpdir.Service, cache *contentcache.Cache) {
	derive := func(e *core.RecordEvent) error {
		if err := help.Derive(e.Record); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate(helpdir.Collection).BindFunc(derive)
	app.OnRecordUpdate(helpdir.Collection).BindFunc(derive)
	invalidateAfterCommit(app, cache, helpdir.Collection)
}
