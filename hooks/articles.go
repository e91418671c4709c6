package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/contentcache"
	"recoverycms/internal/editorialcomments"
	"recoverycms/internal/linkcheck"
	"recoverycms/internal/publishing"
	"recoverycms/internal/review"
	"recoverycms/internal/search"
	"recoverycms/internal/webhooks"
)

// bindArticles binds the life of an article, in order. However the record is saved (API,
// panel, dashboard, import, Go code):
//
//  1. derive: the review fields are refused unless a clinician's approval or an import writes
//     them; body_html, toc, counts, summary, slug and published_at are overwritten; going
//     live needs a current clinical approval when reviews are required, and no unresolved
//     blocking editorial comment;
//  2. in one transaction with the row write (an outbox): the search index row, a revision
//     when title, summary, body or status changed (the editor's id comes from the API
//     request, when there is one), the approval record of an approval or import, and the
//     webhook delivery rows of the event, if any;
//  3. in that transaction, before the row write, an API update carrying If-Match with the
//     `updated` value the editor loaded is refused with 409 when someone saved in between;
//  4. after commit: the response cache is emptied and the webhook worker is woken.
//
// A delete removes the index row, the revisions, approvals, editorial comments and link check results and queues article.deleted in the
// delete's transaction. The files of an article (cover and thumbs) are served to the public
// only while it is public.
func bindArticles(app core.App, pub *publishing.Service, reviews *review.Service, cache *contentcache.Cache, announce *webhooks.Service) {
	rememberEditor := func(e *core.RecordRequestEvent) error {
		publishing.RememberEditor(e.Record, e.Auth)
		return e.Next()
	}
	app.OnRecordCreateRequest(publishing.Articles).BindFunc(rememberEditor)
	app.OnRecordUpdateRequest(publishing.Articles).BindFunc(rememberEditor)
	app.OnRecordUpdateRequest(publishing.Articles).BindFunc(func(e *core.RecordRequestEvent) error {
		if err := publishing.RememberLoadedVersion(e.Record, e.Request.Header.Get("If-Match")); err != nil {
			return e.BadRequestError("Failed to update record.", err)
		}
		return e.Next()
	})

	derive := func(e *core.RecordEvent) error {
		if err := review.Guard(e.Record); err != nil {
			return err
		}
		if err := pub.DeriveArticle(e.App, e.Record); err != nil {
			return err
		}
		reviews.Derive(e.Record)
		if err := reviews.Gate(e.Record); err != nil {
			return err
		}
		if err := editorialcomments.Gate(e.App, e.Record, pub.Now()); err != nil {
			return err
		}
		reviews.SetStatus(e.Record)
		return e.Next()
	}
	app.OnRecordCreate(publishing.Articles).BindFunc(derive)
	app.OnRecordUpdate(publishing.Articles).BindFunc(derive)

	app.OnRecordCreateExecute(publishing.Articles).BindFunc(func(e *core.RecordEvent) error {
		return withinTransaction(e, func(tx core.App) error {
			if err := search.Insert(tx, e.Record); err != nil {
				return err
			}
			if err := pub.SaveRevision(tx, e.Record); err != nil {
				return err
			}
			if err := review.RecordApproval(tx, e.Record); err != nil {
				return err
			}
			return announce.ArticleChanged(tx, nil, e.Record)
		})
	})
	app.OnRecordUpdateExecute(publishing.Articles).BindFunc(func(e *core.RecordEvent) error {
		before := e.Record.Original()
		revise := publishing.NeedsRevision(e.Record)
		return withinTransaction(e, func(tx core.App) error {
			if err := search.Index(tx, e.Record); err != nil {
				return err
			}
			if revise {
				if err := pub.SaveRevision(tx, e.Record); err != nil {
					return err
				}
			}
			if err := review.RecordApproval(tx, e.Record); err != nil {
				return err
			}
			return announce.ArticleChanged(tx, before, e.Record)
		})
	})
	// Bound after the transaction above, so it runs inside it, before the row write.
	app.OnRecordUpdateExecute(publishing.Articles).BindFunc(func(e *core.RecordEvent) error {
		if err := publishing.CheckEditConflict(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnRecordDeleteExecute(publishing.Articles).BindFunc(func(e *core.RecordEvent) error {
		return withinTransaction(e, func(tx core.App) error {
			if err := search.Remove(tx, e.Record.Id); err != nil {
				return err
			}
			if err := publishing.DeleteRevisions(tx, e.Record.Id); err != nil {
				return err
			}
			if err := review.DeleteApprovals(tx, e.Record.Id); err != nil {
				return err
			}
			if err := editorialcomments.DeleteFor(tx, e.Record.Id); err != nil {
				return err
			}
			if err := linkcheck.DeleteFor(tx, e.Record.Id); err != nil {
				return err
			}
			return announce.ArticleDeleted(tx, e.Record)
		})
	})

	app.OnFileDownloadRequest(publishing.Articles).BindFunc(func(e *core.FileDownloadRequestEvent) error {
		if !publishing.MayDownload(e.App, e.Record, e.Auth, e.Request.URL.Query().Get("token"), pub.Now()) {
			return e.NotFoundError("Missing file.", nil)
		}
		return e.Next()
	})

	// API answers and realtime events carry the review_status of this moment.
	app.OnRecordEnrich(publishing.Articles).BindFunc(func(e *core.RecordEnrichEvent) error {
		reviews.Enrich(e.Record)
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
