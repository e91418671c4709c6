package webhooks

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/netguard"
	"recoverycms/internal/wakeloop"
)

// webhookBatch is how many due deliveries the worker loads at once, and webhookParallel how
// many it sends at the same time (one slow receiver must not hold up the others).
const (
	webhookBatch    = 50
	webhookParallel = 4
)

// worker sends the pending rows of webhook_deliveries. The queue lives in the
// database, so a restart picks up where the last process stopped.
type worker struct {
	cfg    Config
	client *http.Client
	wake   chan struct{}

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

func newWorker(cfg Config) *worker {
	transport := netguard.Transport(cfg.Timeout, !cfg.AllowPrivate, webhookParallel)
	return &worker{
		cfg: cfg,
		client: &http.Client{
			Transport: transport,
			Timeout:   cfg.Timeout,
			// A redirect is not a delivery: it counts as a failed attempt.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		wake: make(chan struct{}, 1),
	}
}

// start runs the worker loop on app until stop. A second start is ignored.
func (w *worker) start(app core.App) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cancel != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel, w.done = cancel, make(chan struct{})
	go w.loop(ctx, app, w.done)
}

// stop ends the loop, aborting attempts in flight (they stay pending), and waits for it.
func (w *worker) stop() {
	w.mu.Lock()
	cancel, done := w.cancel, w.done
	w.cancel, w.done = nil, nil
	w.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// notify wakes the loop without blocking.
func (w *worker) notify() { wakeloop.Wake(w.wake) }

func (w *worker) loop(ctx context.Context, app core.App, done chan struct{}) {
	wakeloop.Run(ctx, w.wake, done, func(ctx context.Context) time.Duration {
		if err := w.deliverDue(ctx, app); err != nil && ctx.Err() == nil {
			app.Logger().Error("Webhook worker failed", "error", err)
			return w.cfg.PollInterval
		}
		return w.untilNextDue(app)
	})
}

// untilNextDue is the wait until the earliest pending delivery, at most PollInterval.
func (w *worker) untilNextDue(app core.App) time.Duration {
	var next string
	err := app.DB().NewQuery("SELECT COALESCE(MIN(next_attempt_at), '') FROM webhook_deliveries WHERE state = 'pending'").Row(&next)
	if err != nil || next == "" {
		return w.cfg.PollInterval
	}
	at, err := types.ParseDateTime(next)
	if err != nil {
		return w.cfg.PollInterval
	}
	return max(0, min(at.Time().Sub(w.cfg.Now()), w.cfg.PollInterval))
}

// deliverDue sends every pending delivery whose time has come.
func (w *worker) deliverDue(ctx context.Context, app core.App) error {
	for ctx.Err() == nil {
		now, err := types.ParseDateTime(w.cfg.Now())
		if err != nil {
			return err
		}
		due, err := app.FindRecordsByFilter(DeliveriesCollection,
			"state = 'pending' && next_attempt_at <= {:now}", "next_attempt_at", webhookBatch, 0,
			dbx.Params{"now": now.String()})
		if err != nil || len(due) == 0 {
			return err
		}
		sem := make(chan struct{}, webhookParallel)
		var wg sync.WaitGroup
		var mu sync.Mutex
		var errs []error
		for _, d := range due {
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				if err := w.attempt(ctx, app, d); err != nil && ctx.Err() == nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("delivery %s: %w", d.Id, err))
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(errs) > 0 {
			// Rows that could not be recorded stay due; wait a poll interval, not a busy loop.
			return errors.Join(errs...)
		}
		if len(due) < webhookBatch {
			return nil
		}
	}
	return nil
}

// attempt sends one delivery and records the outcome on its row; a failure that may be
// retried queues the next attempt as a new pending row.
func (w *worker) attempt(ctx context.Context, app core.App, d *core.Record) error {
	hook, err := app.FindRecordById(Collection, d.GetString("webhook"))
	if errors.Is(err, sql.ErrNoRows) {
		return nil // the webhook was deleted and its deliveries with it
	}
	if err != nil {
		return err
	}
	if !hook.GetBool("active") {
		d.Set("state", "cancelled")
		d.Set("error", "The webhook was switched off before delivery.")
		return app.Save(d)
	}

	status, sendErr := w.send(ctx, hook, d)
	if ctx.Err() != nil {
		return nil // stopping: the row stays pending and is sent after the restart
	}
	now := w.cfg.Now()
	d.Set("attempted_at", now)
	d.Set("status_code", status)
	if sendErr != nil {
		d.Set("error", truncate(sendErr.Error(), 2000))
	} else if status < 200 || status > 299 {
		d.Set("error", fmt.Sprintf("The receiver answered %d.", status))
	}
	if sendErr == nil && status >= 200 && status <= 299 {
		d.Set("state", "succeeded")
		return app.Save(d)
	}
	attempt := d.GetInt("attempt")
	if attempt >= w.cfg.MaxAttempts {
		d.Set("state", "exhausted")
		app.Logger().Warn("Webhook delivery gave up", "webhook", hook.Id, "event", d.GetString("event"), "attempts", attempt)
		return app.Save(d)
	}
	d.Set("state", "failed")
	return app.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(d); err != nil {
			return err
		}
		next := core.NewRecord(d.Collection())
		for _, f := range []string{"webhook", "event", "article", "payload"} {
			next.Set(f, d.Get(f))
		}
		next.Set("attempt", attempt+1)
		next.Set("state", "pending")
		next.Set("next_attempt_at", now.Add(w.cfg.backoff(attempt)))
		return tx.Save(next)
	})
}

// send POSTs the stored payload, signed with the webhook's current secret.
func (w *worker) send(ctx context.Context, hook, d *core.Record) (int, error) {
	body := []byte(d.GetString("payload"))
	ctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.GetString("url"), bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "recoverycms-webhooks/1")
	req.Header.Set(HeaderEvent, d.GetString("event"))
	req.Header.Set(HeaderSignature, Sign(hook.GetString("secret"), body))
	res, err := w.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return 0, fmt.Errorf("no answer within %s", w.cfg.Timeout)
		}
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	return res.StatusCode, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
