package webhooks

import (
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// enqueue writes the pending deliveries of event in one transaction (app's own, when app is
// already a transaction) and returns how many.
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
