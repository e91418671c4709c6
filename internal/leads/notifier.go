package leads

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/routine"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/wakeloop"
)

// States of a lead_notifications row.
const (
	notificationPending   = "pending"
	notificationSent      = "sent"
	notificationFailed    = "failed"    // gave up after notificationMaxAttempts
	notificationCancelled = "cancelled" // the lead was gone before it could be announced
)

// The notifier polls every notificationPoll (it is also woken after each new lead), loads
// up to notificationBatch due jobs at once and gives a job up after notificationMaxAttempts
// failed sends, waiting attempt × notificationBackoff between them.
const (
	notificationPoll        = 30 * time.Second
	notificationBatch       = 50
	notificationMaxAttempts = 5
	notificationBackoff     = time.Minute
	// notificationLease is how long a sender owns a job it claimed: a second sender (a
	// command running beside the server) skips it, and a sender that crashed mid-job has its
	// job sent again once the lease runs out.
	notificationLease = 2 * time.Minute
)

// notifier is the one goroutine that sends the pending rows of lead_notifications. The
// queue lives in the database, so a restart sends what the last process had not; a job is
// marked sent only after its emails went out, so each new lead is announced at least once.
type notifier struct {
	wake chan struct{}

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

func newNotifier() *notifier { return &notifier{wake: make(chan struct{}, 1)} }

// StartNotifier runs the notification sender on app until StopNotifier; jobs left pending
// by earlier processes are sent first. A second start is ignored.
func (s *Service) StartNotifier(app core.App) {
	n := s.notifier
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cancel != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	n.cancel, n.done = cancel, make(chan struct{})
	go s.notifyLoop(ctx, app, n.done)
}

// StopNotifier ends the sender and waits for it; unsent jobs stay pending.
func (s *Service) StopNotifier() {
	n := s.notifier
	n.mu.Lock()
	cancel, done := n.cancel, n.done
	n.cancel, n.done = nil, nil
	n.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// NotificationsCommitted is called after a new lead commits. While the notifier runs it
// is woken (never blocking); in a process that does not serve (a command, Go code, a test)
// the pending jobs are sent in the background right away. Claims keep two senders from
// sending one job twice.
func (s *Service) NotificationsCommitted(app core.App) {
	n := s.notifier
	n.mu.Lock()
	running := n.cancel != nil
	n.mu.Unlock()
	if !running {
		routine.FireAndForget(func() {
			if !app.IsBootstrapped() {
				return // the app closed meanwhile (a command or test ending); the rows wait in the outbox
			}
			if err := s.SendPendingNotifications(context.Background(), app); err != nil {
				app.Logger().Error("Sending lead notifications failed", "error", err)
			}
		})
		return
	}
	wakeloop.Wake(n.wake)
}

func (s *Service) notifyLoop(ctx context.Context, app core.App, done chan struct{}) {
	wakeloop.Run(ctx, s.notifier.wake, done, func(ctx context.Context) time.Duration {
		if err := s.SendPendingNotifications(ctx, app); err != nil && ctx.Err() == nil {
			app.Logger().Error("Lead notifier failed", "error", err)
		}
		return notificationPoll
	})
}

// notificationJob is one due row of lead_notifications.
type notificationJob struct {
	ID       string `db:"id"`
	Lead     string `db:"lead"`
	Attempts int    `db:"attempts"`
	Kind     string `db:"kind"`
}

// SendPendingNotifications sends every due notification job and records each outcome on its
// row. Send failures are logged and retried later, never returned; the error is about the
// queue itself.
func (s *Service) SendPendingNotifications(ctx context.Context, app core.App) error {
	for ctx.Err() == nil {
		var jobs []notificationJob
		err := app.DB().Select("id", "lead", "attempts", "kind").From(NotificationsTable).
			Where(dbx.HashExp{"state": notificationPending}).
			AndWhere(dbx.NewExp("next_attempt_at <= {:now}", dbx.Params{"now": dbTime(s.now())})).
			OrderBy("created", "rowid").Limit(notificationBatch).All(&jobs)
		if err != nil || len(jobs) == 0 {
			return err
		}
		for _, job := range jobs {
			if ctx.Err() != nil {
				return nil
			}
			claimed, err := s.claimNotification(app, job.ID)
			if err != nil {
				return err
			}
			if !claimed {
				continue // another sender has it
			}
			if err := s.sendNotification(app, job); err != nil {
				return fmt.Errorf("notification %s: %w", job.ID, err)
			}
		}
		if len(jobs) < notificationBatch {
			return nil
		}
	}
	return nil
}

// sendNotification emails one job's recipients and marks the job sent, or schedules its
// next attempt.
func (s *Service) sendNotification(app core.App, job notificationJob) error {
	lead, err := app.FindRecordById(LeadsCollection, job.Lead)
	if errors.Is(err, sql.ErrNoRows) {
		return s.markNotification(app, job.ID, dbx.Params{"state": notificationCancelled})
	}
	if err != nil {
		return err
	}
	if job.Kind == notificationOverdue && !stillOverdue(lead) {
		return s.markNotification(app, job.ID, dbx.Params{"state": notificationCancelled})
	}
	messages, err := s.messagesFor(app, lead, job.Kind)
	if err != nil {
		return err
	}
	var sendErr error
	for _, m := range messages {
		if err := app.NewMailClient().Send(m); err != nil {
			sendErr = err
			app.Logger().Warn("Lead notification failed", "lead", job.Lead, "error", err)
		}
	}
	if sendErr == nil {
		return s.markNotification(app, job.ID, dbx.Params{"state": notificationSent, "sent_at": dbTime(s.now()), "error": ""})
	}
	attempts := job.Attempts + 1
	update := dbx.Params{"attempts": attempts, "error": truncateError(sendErr.Error())}
	if attempts >= notificationMaxAttempts {
		update["state"] = notificationFailed
	} else {
		update["next_attempt_at"] = dbTime(s.now().Add(time.Duration(attempts) * notificationBackoff))
	}
	return s.markNotification(app, job.ID, update)
}

// claimNotification takes a due job for notificationLease by moving its next attempt on;
// it reports false when another sender took it first.
func (s *Service) claimNotification(app core.App, id string) (bool, error) {
	now := s.now()
	res, err := app.DB().Update(NotificationsTable,
		dbx.Params{"next_attempt_at": dbTime(now.Add(notificationLease))},
		dbx.And(dbx.HashExp{"id": id, "state": notificationPending},
			dbx.NewExp("next_attempt_at <= {:now}", dbx.Params{"now": dbTime(now)})),
	).Execute()
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (s *Service) markNotification(app core.App, id string, update dbx.Params) error {
	_, err := app.DB().Update(NotificationsTable, update, dbx.HashExp{"id": id}).Execute()
	return err
}

// dbTime formats t the way PocketBase stores dates, so stored times compare as text.
func dbTime(t time.Time) string {
	dt, _ := types.ParseDateTime(t.UTC())
	return dt.String()
}

func truncateError(s string) string {
	if len(s) > 2000 {
		return s[:2000]
	}
	return s
}
