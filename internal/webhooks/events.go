package webhooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/publishing"
)

// ArticleChanged queues the event, if any, of an article create (before == nil) or update.
// Call it inside the save's transaction (app is the transaction), after the row is written:
// the delivery rows then commit with the change or not at all, and a crash can neither lose
// the event of a committed save nor announce one that rolled back. The worker sends them
// after the commit (see Wake). An error must fail the save.
func (s *Service) ArticleChanged(app core.App, before, after *core.Record) error {
	watermark, err := goLiveWatermark(app)
	if err != nil {
		return err
	}
	event := articleEvent(before != nil && announced(before, watermark), announced(after, watermark))
	switch event {
	case "":
		return nil
	case EventArticleUnpublished:
		_, err = s.enqueue(app, event, unpublishedView(before, after), s.cfg.Now())
	default:
		_, err = s.enqueue(app, event, after, s.cfg.Now())
	}
	return err
}

// unpublishedView is what an unpublished event may say: the article as the public last saw
// it, with only its new status. A draft's new title, slug or schedule stays private.
func unpublishedView(before, after *core.Record) *core.Record {
	view := before.Clone()
	view.Set("status", after.GetString("status"))
	return view
}

// ArticleDeleted queues article.deleted, in the delete's transaction like ArticleChanged,
// when the public had been told the article was live.
func (s *Service) ArticleDeleted(app core.App, record *core.Record) error {
	watermark, err := goLiveWatermark(app)
	if err != nil {
		return err
	}
	if !announced(record, watermark) {
		return nil
	}
	_, err = s.enqueue(app, EventArticleDeleted, record, s.cfg.Now())
	return err
}

// Wake tells the worker that deliveries may have been queued by a change that has just
// committed. It never blocks; without it the worker still finds them on its next poll.
func (s *Service) Wake() { s.worker.notify() }

// articleEvent names the transition between two announced states, or "" for none.
func articleEvent(wasLive, isLive bool) string {
	switch {
	case !wasLive && isLive:
		return EventArticlePublished
	case wasLive && isLive:
		return EventArticleUpdated
	case wasLive && !isLive:
		return EventArticleUnpublished
	}
	return ""
}

// announced reports whether the public has been told this state of the article is live:
// it is published, its published_at had come and its unpublish_at (if any) had not, each
// either when it was saved (the save hook sent the event) or by the last go-live check (the
// cron job sent it). Using the save time rather than the clock makes the two senders
// exclusive, so each going-live and each scheduled unpublish is announced exactly once.
func announced(article *core.Record, watermark types.DateTime) bool {
	if article.GetString("status") != publishing.StatusPublished {
		return false
	}
	pa := article.GetDateTime("published_at")
	if pa.IsZero() {
		return false
	}
	if ua := article.GetDateTime("unpublish_at"); !ua.IsZero() && reached(ua, article, watermark) {
		return false
	}
	return reached(pa, article, watermark)
}

// reached reports whether moment at had come when article was last saved or by the last
// go-live check.
func reached(at types.DateTime, article *core.Record, watermark types.DateTime) bool {
	return !at.Time().After(article.GetDateTime("updated").Time()) || !at.Time().After(watermark.Time())
}
