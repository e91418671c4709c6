package webhooks

import (
	"database/sql"
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/publishing"
)

// GoLiveSchedule is how often the go-live check runs: every minute.
const GoLiveSchedule = "* * * * *"

// GoLiveJobID is the id of the cron job (every minute) that announces scheduled articles
// whose published_at or unpublish_at has come.
const GoLiveJobID = "rcms_webhooks_golive"

// goLiveKey is the cms_state row holding the moment up to which going-live was checked.
const goLiveKey = "webhooks_golive_checked"

// AnnounceGoLive queues article.published for every article that went live after the last
// check and up to now, and article.unpublished for every one whose unpublish_at came in that
// time, when no save has announced it (it was last saved before that moment). The events and
// the new watermark commit together, so a restart neither misses nor repeats one. It returns
// how many articles went live or down.
func (s *Service) AnnounceGoLive(app core.App) (int, error) {
	return s.announceGoLive(app, s.cfg.Now())
}

func (s *Service) announceGoLive(app core.App, now time.Time) (int, error) {
	to, err := types.ParseDateTime(now)
	if err != nil {
		return 0, err
	}
	queued, live := 0, 0
	err = app.RunInTransaction(func(tx core.App) error {
		from, err := goLiveWatermark(tx)
		if err != nil {
			return err
		}
		if from.IsZero() {
			// No record of earlier checks: start counting from now rather than announce
			// every article ever scheduled.
			return setGoLiveWatermark(tx, to)
		}
		if !to.Time().After(from.Time()) {
			return nil
		}
		articles, err := tx.FindAllRecords("articles",
			dbx.HashExp{"status": publishing.StatusPublished},
			dbx.NewExp("published_at > {:from} AND published_at <= {:to} AND updated < published_at",
				dbx.Params{"from": from.String(), "to": to.String()}),
		)
		if err != nil {
			return err
		}
		for _, a := range articles {
			n, err := s.enqueue(tx, EventArticlePublished, a, now)
			if err != nil {
				return err
			}
			queued += n
		}
		down, err := tx.FindAllRecords("articles",
			dbx.HashExp{"status": publishing.StatusPublished},
			dbx.NewExp("published_at != '' AND published_at <= {:to} AND unpublish_at > {:from} AND unpublish_at <= {:to} AND updated < unpublish_at",
				dbx.Params{"from": from.String(), "to": to.String()}),
		)
		if err != nil {
			return err
		}
		for _, a := range down {
			n, err := s.enqueue(tx, EventArticleUnpublished, a, now)
			if err != nil {
				return err
			}
			queued += n
		}
		live = len(articles) + len(down)
		return setGoLiveWatermark(tx, to)
	})
	if err != nil {
		return 0, err
	}
	if queued > 0 {
		s.worker.notify()
	}
	return live, nil
}

// goLiveWatermark reads the moment up to which going-live has been announced.
func goLiveWatermark(app core.App) (types.DateTime, error) {
	var value string
	err := app.DB().NewQuery("SELECT value FROM cms_state WHERE key = {:key}").
		Bind(dbx.Params{"key": goLiveKey}).Row(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return types.DateTime{}, nil
	}
	if err != nil {
		return types.DateTime{}, err
	}
	return types.ParseDateTime(value)
}

func setGoLiveWatermark(app core.App, at types.DateTime) error {
	_, err := app.DB().NewQuery(`INSERT INTO cms_state (key, value, updated) VALUES ({:key}, {:value}, {:value})
		ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated = excluded.updated`).
		Bind(dbx.Params{"key": goLiveKey, "value": at.String()}).Execute()
	return err
}
