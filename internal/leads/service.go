// Package leads is the callback-lead workflow: a member of the public asks to be called back,
// reviewers and admins work the lead, and in the end it is erased or purged. It holds every
// rule of that workflow (what a submission must carry, who sees which field, what the audit
// trail records, what a notification may say, how long a lead is kept, what the request log
// may keep) and the handlers package hooks binds to PocketBase's events and routes, plus the
// data-subject operations shared by the API, the commands and the retention job.
package leads

import (
	"time"

	"recoverycms/internal/groupcommit"
	"recoverycms/internal/siteconfig"
	"recoverycms/internal/storefault"
)

// Service is the lead workflow built once at start-up: its configuration, the one rate limiter
// of public submissions and the one clock of every time decision (the merge window,
// contacted_at, the rate window, retention), so a test can replace the clock.
type Service struct {
	cfg     Config
	limiter *Limiter
	lookups *Limiter
	now     func() time.Time
	// notifier sends the new-lead emails queued in lead_notifications.
	notifier *notifier
	// commits groups concurrent public submissions into shared transactions (one fsync each).
	commits *groupcommit.Committer
	// crisis finds the crisis phrases that mark a lead urgent (cfg.CrisisPhrases).
	crisis *CrisisMatcher
}

// Lookups by phone one staff member may make per window: enough for a shift's calls, too few
// to walk through numbers.
const (
	lookupLimit  = 30
	lookupWindow = 10 * time.Minute
)

// New returns the Service for cfg reading the time from now (nil means time.Now).
func New(cfg Config, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	limiter := NewLimiter(cfg.RateLimit, cfg.RateWindow)
	limiter.now = now
	lookups := NewLimiter(lookupLimit, lookupWindow)
	lookups.now = now
	if len(cfg.CrisisPhrases) == 0 {
		cfg.CrisisPhrases = DefaultCrisisPhrases()
	}
	if cfg.EmergencyText == "" {
		cfg.EmergencyText = siteconfig.DefaultEmergencyText
	}
	return &Service{cfg: cfg, limiter: limiter, lookups: lookups, now: now, notifier: newNotifier(),
		commits: groupcommit.New(groupcommit.DefaultMaxBatch, isStorageFault), crisis: NewCrisisMatcher(cfg.CrisisPhrases)}
}

// isStorageFault reports whether a submission's error means the storage failed, so that its
// whole shared transaction is abandoned (each of its submitters then gets the storage answer)
// rather than that submission alone.
func isStorageFault(err error) bool { return storefault.Find(err) != nil }

// SubmissionsWaiting reports how many public submissions wait for the next shared transaction.
func (s *Service) SubmissionsWaiting() int { return s.commits.Waiting() }
