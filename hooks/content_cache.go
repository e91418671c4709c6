package hooks

import (
	"database/sql"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/contentcache"
)

// NewContentCache builds the public response cache of app: now is its clock (nil for
// time.Now), and it expires by itself when the next scheduled article is due. Pass it in
// Options.ContentCache to share it with other code; call its Invalidate after changing public
// content behind the record hooks' back.
func NewContentCache(app core.App, now func() time.Time) *contentcache.Cache {
	return contentcache.New(contentcache.Options{
		Now: now,
		// The cache lives as long as app and runs outside any transaction, so it may hold app.
		NextChange: func(at time.Time) (time.Time, error) { return nextGoLive(app, at) },
		OnError: func(err error) {
			app.Logger().Warn("Next scheduled article lookup failed", "error", err)
		},
	})
}

// contentCacheKey is where Register keeps the app's response cache in app.Store().
const contentCacheKey = "recoverycms.contentCache"

// ContentCacheOf returns the public response cache Register set up for app, or nil.
func ContentCacheOf(app core.App) *contentcache.Cache {
	c, _ := app.Store().Get(contentCacheKey).(*contentcache.Cache)
	return c
}

// InvalidateContentCache drops every cached public response of app. Record saves and deletes
// of articles, authors and topics already do this; call it after changing what the public API
// shows in any other way (raw SQL, a new kind of content embedded in articles).
func InvalidateContentCache(app core.App) {
	if c := ContentCacheOf(app); c != nil {
		c.Invalidate()
	}
}

// nextGoLive returns the published_at of the next published article due after now, or the
// zero time when none is scheduled. It reads only the (status, published_at) index.
func nextGoLive(app core.App, now time.Time) (time.Time, error) {
	var next sql.NullString
	err := app.ConcurrentDB().Select("MIN(published_at)").From("articles").
		Where(dbx.NewExp("status = 'published' AND published_at > {:now}", dbx.Params{"now": dbTime(now)})).
		Row(&next)
	if err != nil || !next.Valid || next.String == "" {
		return time.Time{}, err
	}
	d, err := types.ParseDateTime(next.String)
	if err != nil {
		return time.Time{}, err
	}
	return d.Time(), nil
}

// registerCacheInvalidation drops every cached public response after any committed change to
// articles, authors or topics (an author rename changes every article that embeds them), and
// after a settings change (the application URL and name appear in links and feeds).
func registerCacheInvalidation(app core.App, cache *contentcache.Cache) {
	invalidate := func(e *core.RecordEvent) error {
		cache.Invalidate()
		return e.Next()
	}
	for _, name := range []string{"articles", "authors", "topics"} {
		app.OnRecordAfterCreateSuccess(name).BindFunc(invalidate)
		app.OnRecordAfterUpdateSuccess(name).BindFunc(invalidate)
		app.OnRecordAfterDeleteSuccess(name).BindFunc(invalidate)
	}
	app.OnSettingsReload().BindFunc(func(e *core.SettingsReloadEvent) error {
		cache.Invalidate()
		return e.Next()
	})
}
