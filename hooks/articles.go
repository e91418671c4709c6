package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/contentcache"
	"recoverycms/internal/publishing"
	"recoverycms/internal/search"
	"recoverycms/internal/webhooks"
)

// bindArticles binds the life of an article, in order. However the record is saved (API,
// panel, dashboard, import, Go code):
//
//  1. derive: body_html, toc, counts, summary, slug and published_at are overwritten;
//  2. revision: a snapshot when title, summary, body or status changed, in the save's
//     transaction (the editor's id comes from the API request, when there is one);
//  3. search index: the FTS row follows the record inside the same database write;
//  4. after commit: the response cache is emptied, then the webhook event, if any, is queued.
//
// A delete removes the revisions and the index row in the delete's transaction. The files of
// an article (cover and thumbs) are served to the public only while it is public.
func bindArticles(app core.App, pub *publishing.Service, cache *contentcache.Cache, announce *webhooks.Service) {
	rememberEditor := func(e *core.RecordRequestEvent) error {
		publishing.RememberEditor(e.Record, e.Auth)
		return e.Next()
	}
	app.OnRecordCreateRequest(publishing.Articles).BindFunc(rememberEditor)
	app.OnRecordUpdateRequest(publishing.Articles).BindFunc(rememberEditor)

	save := func(e *core.RecordEvent) error {
		if err := pub.DeriveArticle(e.App, e.Record); err != nil {
			return err
		}
		revise := publishing.NeedsRevision(e.Record)
		if err := e.Next(); err != nil {
			return err
		}
		if !revise {
			return nil
		}
		return pub.SaveRevision(e.App, e.Record)
	}
	app.OnRecordCreate(publishing.Articles).BindFunc(save)
	app.OnRecordUpdate(publishing.Articles).BindFunc(save)
	app.OnRecordDelete(publishing.Articles).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return publishing.DeleteRevisions(e.App, e.Record.Id)
	})

	app.OnRecordCreateExecute(publishing.Articles).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return search.Insert(e.App, e.Record)
	})
	app.OnRecordUpdateExecute(publishing.Articles).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return search.Index(e.App, e.Record)
	})
	app.OnRecordDeleteExecute(publishing.Articles).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return search.Remove(e.App, e.Record.Id)
	})

	app.OnFileDownloadRequest(publishing.Articles).BindFunc(func(e *core.FileDownloadRequestEvent) error {
		if !publishing.MayDownload(e.App, e.Record, e.Auth, e.Request.URL.Query().Get("token"), pub.Now()) {
			return e.NotFoundError("Missing file.", nil)
		}
		return e.Next()
	})

	invalidateAfterCommit(app, cache, publishing.Articles)
	bindArticleWebhooks(app, announce)
}

// invalidateAfterCommit empties the response cache after every committed create, update and
// delete of collection (an author rename changes every article that embeds them).
func invalidateAfterCommit(app core.App, cache *contentcache.Cache, collection string) {
	invalidate := func(e *core.RecordEvent) error {
		cache.Invalidate()
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess(collection).BindFunc(invalidate)
	app.OnRecordAfterUpdateSuccess(collection).BindFunc(invalidate)
	app.OnRecordAfterDeleteSuccess(collection).BindFunc(invalidate)
}
