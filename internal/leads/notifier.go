package leads

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
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
	notificationGather      = 50 * time.Millisecond
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
		// A burst of leads wakes the loop once per lead; waiting a moment lets one pass
		// claim them together instead of a pass (and a write transaction) per lead.
		select {
		case <-ctx.Done():
			return notificationPoll
		case <-time.After(notificationGather):
		}
		if err := s.SendPendingNotifications(ctx, app); err != nil && ctx.Err() == nil {
			app.Logger().Error("Lead notifier failed", "error", err)
		}
		return notificationPoll
	})
}

// notificationJob is one claimed row of lead_notifications.
type notificationJob struct {
	ID       string `db:"id"`
	Lead     string `db:"lead"`
	Attempts int    `db:"attempts"`
	Kind     string `db:"kind"`
	Created  string `db:"created"`
	Row      int64  `db:"row"`
}

// claimDueSQL claims up to {:limit} due jobs, oldest first, for the lease in one statement:
// the write transaction it runs in sees the latest rows, so two senders never claim one job.
const claimDueSQL = "UPDATE {{" + NotificationsTable + "}} SET [[next_attempt_at]] = {:lease} " +
	"WHERE [[rowid]] IN (SELECT [[rowid]] FROM {{" + NotificationsTable + "}} " +
	"WHERE [[state]] = {:pending} AND [[next_attempt_at]] <= {:now} ORDER BY [[created]], [[rowid]] LIMIT {:limit}) " +
	"RETURNING [[id]], [[lead]], [[attempts]], [[kind]], [[created]], [[rowid]] AS [[row]]"

// SendPendingNotifications sends every due notification job and records each outcome on its
// row. Send failures are logged and retried later, never returned; the error is about the
// queue itself. Jobs are claimed, their leads and recipients read and their outcomes written
// a batch at a time, so a burst of new leads costs the queue a few statements, not a few
// per lead.
func (s *Service) SendPendingNotifications(ctx context.Context, app core.App) error {
	for ctx.Err() == nil {
		claimed, err := s.claimDue(app)
		if err != nil || len(claimed.jobs) == 0 {
			return err
		}
		complete, err := s.sendBatch(ctx, app, claimed)
		if err != nil {
			return err
		}
		if complete && len(claimed.jobs) < notificationBatch {
			return nil
		}
	}
	return nil
}

// claim is one batch of jobs taken for a lease.
type claim struct {
	jobs  []notificationJob
	at    time.Time
	lease string // the next_attempt_at the claim wrote: a job still holding it is still ours
}

// claimDue takes up to notificationBatch due jobs for notificationLease, in queue order.
func (s *Service) claimDue(app core.App) (claim, error) {
	c := claim{at: s.now()}
	c.lease = dbTime(c.at.Add(notificationLease))
	err := app.DB().NewQuery(claimDueSQL).Bind(dbx.Params{
		"lease": c.lease, "now": dbTime(c.at),
		"pending": notificationPending, "limit": notificationBatch,
	}).All(&c.jobs)
	slices.SortFunc(c.jobs, func(a, b notificationJob) int {
		return cmp.Or(strings.Compare(a.Created, b.Created), cmp.Compare(a.Row, b.Row))
	})
	return c, err
}

// sendBatch sends the claimed jobs in order and records their outcomes; it reports whether it
// reached every job. It stops early when the context ends or half the lease has gone (a slow
// mail server), so that no job is sent after its lease could have passed to another sender;
// the jobs it did not reach are handed back at once, due again, and what was sent is marked
// sent even when the batch ends on an error.
func (s *Service) sendBatch(ctx context.Context, app core.App, c claim) (complete bool, err error) {
	ids := make([]string, len(c.jobs))
	for i, job := range c.jobs {
		ids[i] = job.Lead
	}
	found, err := app.FindRecordsByIds(LeadsCollection, ids)
	if err != nil {
		return false, errors.Join(err, s.release(app, c, c.jobs))
	}
	byID := make(map[string]*core.Record, len(found))
	for _, lead := range found {
		byID[lead.Id] = lead
	}
	who := &recipients{app: app}
	var sent, cancelled []string
	var sendErr error
	reached := 0
	for _, job := range c.jobs {
		if ctx.Err() != nil || (reached > 0 && s.now().Sub(c.at) > notificationLease/2) {
			break
		}
		reached++
		lead := byID[job.Lead]
		if lead == nil || (job.Kind == notificationOverdue && !stillOverdue(lead)) {
			cancelled = append(cancelled, job.ID)
			continue
		}
		ok, err := s.sendNotification(app, who, job, lead)
		if err != nil {
			sendErr = fmt.Errorf("notification %s: %w", job.ID, err)
			break // this job keeps its lease and is retried when it runs out
		}
		if ok {
			sent = append(sent, job.ID)
		}
	}
	err = errors.Join(sendErr,
		s.markNotifications(app, cancelled, dbx.Params{"state": notificationCancelled}),
		s.markNotifications(app, sent, dbx.Params{"state": notificationSent, "sent_at": dbTime(s.now()), "error": ""}),
		s.release(app, c, c.jobs[reached:]))
	return reached == len(c.jobs), err
}

// release hands jobs of claim c that were not sent back to the queue, due now, unless
// another sender took them meanwhile (their lease is no longer c's).
func (s *Service) release(app core.App, c claim, jobs []notificationJob) error {
	if len(jobs) == 0 {
		return nil
	}
	ids := make([]any, len(jobs))
	for i, job := range jobs {
		ids[i] = job.ID
	}
	_, err := app.DB().Update(NotificationsTable, dbx.Params{"next_attempt_at": dbTime(s.now())},
		dbx.And(dbx.In("id", ids...), dbx.HashExp{"state": notificationPending, "next_attempt_at": c.lease})).Execute()
	return err
}

// sendNotification emails one job's recipients. It reports whether every email went out;
// after a failure it has already scheduled the job's next attempt (or given it up).
func (s *Service) sendNotification(app core.App, who *recipients, job notificationJob, lead *core.Record) (bool, error) {
	messages, err := s.messagesFor(app, who, lead, job.Kind)
	if err != nil {
		return false, err
	}
	var sendErr error
	for _, m := range messages {
		if err := app.NewMailClient().Send(m); err != nil {
			sendErr = err
			app.Logger().Warn("Lead notification failed", "lead", job.Lead, "error", err)
		}
	}
	if sendErr == nil {
		return true, nil
	}
	attempts := job.Attempts + 1
	update := dbx.Params{"attempts": attempts, "error": truncateError(sendErr.Error())}
	if attempts >= notificationMaxAttempts {
		update["state"] = notificationFailed
	} else {
		update["next_attempt_at"] = dbTime(s.now().Add(time.Duration(attempts) * notificationBackoff))
	}
	return false, s.markNotifications(app, []string{job.ID}, update)
}

// markNotifications writes update on the jobs ids, in one statement.
func (s *Service) markNotifications(app core.App, ids []string, update dbx.Params) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := app.DB().Update(NotificationsTable, update, dbx.In("id", anySlice(ids)...)).Execute()
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
