package hooks_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
)

// TestSlowMailerNeverSendsPastTheLease: the notifier claims new-lead jobs a batch at a time
// for a lease. When the mail server is so slow that the lease could run out mid-batch, the
// jobs not reached yet are handed back and claimed again, so no email goes out for a job
// another sender could have claimed meanwhile, and each lead is announced exactly once.
func TestSlowMailerNeverSendsPastTheLease(t *testing.T) {
	t.Parallel()
	clock := hookstest.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clock.Now})
	ids := []string{"leaselead000001", "leaselead000002", "leaselead000003"}

	var mu sync.Mutex
	sends := map[string]int{}
	var late []string
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		mu.Lock()
		defer mu.Unlock()
		for _, id := range ids {
			if !strings.Contains(e.Message.Text, id) {
				continue
			}
			sends[id]++
			var lease string
			_ = app.DB().NewQuery("SELECT next_attempt_at FROM lead_notifications WHERE lead = {:id} AND state = 'pending'").
				Bind(map[string]any{"id": id}).Row(&lease)
			if now := clock.Now().UTC().Format("2006-01-02 15:04:05.000Z"); lease <= now {
				late = append(late, id+" sent at "+now+" with its lease ending "+lease)
			}
		}
		clock.Advance(70 * time.Second) // a mail server taking more than a minute per email
		return e.Next()
	})

	// One transaction, so the three jobs are due together and claimed in one batch.
	if err := app.RunInTransaction(func(tx core.App) error {
		for i, id := range ids {
			saveLead(t, tx, id, map[string]any{"phone": "+44740090020" + string(rune('1'+i))})
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "every job sent", func() bool {
		var n int
		_ = app.DB().NewQuery("SELECT COUNT(*) FROM lead_notifications WHERE state = 'sent'").Row(&n)
		return n == len(ids)
	})
	mu.Lock()
	defer mu.Unlock()
	for _, l := range late {
		t.Error(l)
	}
	for _, id := range ids {
		if sends[id] == 0 || sends[id] != sends[ids[0]] {
			t.Errorf("emails per lead %v, want the same non-zero count for each", sends)
			break
		}
	}
}
