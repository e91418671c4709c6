package webhooks

import (
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/publishing"
)

// ArticleChanged queues the event, if any, of an article create (before == nil) or update
// that has committed. A failure is logged and never undoes or fails the save.
func (s *Service) ArticleChanged(app core.App, before, after *core.Record) {
	watermark, err := goLiveWatermark(app)
	if err != nil {
		app.Logger().Warn("Webhook event skipped", "article", after.Id, "error", err)
		return
	}
	event := articleEvent(before != nil && announced(before, watermark), announced(after, watermark))
	switch event {
	case "":
	case EventArticleUnpublished:
		s.queue(app, event, unpublishedView(before, after))
	default:
		s.queue(app, event, after)
	}
}

// unpublishedView is what an unpublished event may say: the article as the public last saw
// it, with only its new status. A draft's new title, slug or schedule stays private.
func unpublishedView(before, after *core.Record) *core.Record {
	view := before.Clone()
	view.Set("status", after.GetString("status"))
	return view
}

// ArticleDeleted queues article.deleted when the public had been told the article was live.
func (s *Service) ArticleDeleted(app core.App, record *core.Record) {
	watermark, err := goLiveWatermark(app)
	if err != nil {
		app.Logger().Warn("Webhook event skipped", "article", record.Id, "error", err)
		return
	}
	if announced(record, watermark) {
		s.queue(app, EventArticleDeleted, record)
	}
}

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

// announced reports whether article.published has been sent for this state of the article:
// it is published and its published_at had come either when it was saved (the save hook
// sent the event) or by the last go-live check (the cron job sent it). Using the save time
// rather than the clock makes the two senders exclusive, so each going-live is announced
// exactly once.
func announced(article *core.Record, watermark types.DateTime) bool {
	if article.GetString("status") != publishing.StatusPublished {
		return false
	}
	pa := article.GetDateTime("published_at")
	if pa.IsZero() {
		return false
	}
	return !pa.Time().After(article.GetDateTime("updated").Time()) || !pa.Time().After(watermark.Time())
}

// queue stores one pending delivery per active webhook subscribed to event and wakes the
// worker. Errors are logged: the article is already saved.
func (s *Service) queue(app core.App, event string, article *core.Record) {
	n, err := s.enqueue(app, event, article, s.cfg.Now())
	if err != nil {
		app.Logger().Error("Webhook event not queued", "event", event, "article", article.Id, "error", err)
		return
	}
	if n > 0 {
		s.worker.notify()
	}
}

// enqueue writes the pending deliveries of event in one transaction and returns how many.
func (s *Service) enqueue(app core.App, event string, article *core.Record, now time.Time) (int, error) {
	targets, err := app.FindRecordsByFilter(Collection, "active = true", "created", 0, 0)
	if err != nil {
		return 0, err
	}
	targets = slices.DeleteFunc(targets, func(h *core.Record) bool {
		return !slices.Contains(h.GetStringSlice("events"), event)
	})
	if len(targets) == 0 {
		return 0, nil
	}
	payload, err := buildPayload(app, s.cfg.ArticleURL, event, article, now)
	if err != nil {
		return 0, err
	}
	due, err := types.ParseDateTime(now)
	if err != nil {
		return 0, err
	}
	err = app.RunInTransaction(func(tx core.App) error {
		col, err := tx.FindCachedCollectionByNameOrId(DeliveriesCollection)
		if err != nil {
			return err
		}
		for _, h := range targets {
			d := core.NewRecord(col)
			d.Set("webhook", h.Id)
			d.Set("event", event)
			d.Set("article", article.Id)
			d.Set("attempt", 1)
			d.Set("state", "pending")
			d.Set("payload", string(payload))
			d.Set("next_attempt_at", due)
			if err := tx.Save(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(targets), nil
}
