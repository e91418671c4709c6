// Package comments is reader comments, moderation first: a member of the public sends a
// comment on a public article, it waits as pending until an editor or admin approves,
// rejects or marks it spam, and only approved comments are ever shown. It holds every rule
// of that life (what a public create may set, the honeypot and rate limit, which comments
// are held with flags, what a moderation changes and logs) for package hooks to bind.
package comments

import (
	"strings"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/leads"
	"recoverycms/internal/publishing"
)

// Collection and EventsCollection are the comments and their moderation log.
const (
	Collection       = "comments"
	EventsCollection = "comment_events"
)

// The statuses of a comment; only approved ones are public.
const (
	StatusPending  = "pending"
	StatusApproved = "approved"
	StatusRejected = "rejected"
	StatusSpam     = "spam"
)

// Anonymous is the name shown for a comment sent without one.
const Anonymous = "Anonymous"

// Config is the comments' configuration, read once at start-up.
type Config struct {
	// RateLimit is how many comments one network may send per RateWindow; 0 disables it.
	RateLimit  int
	RateWindow time.Duration
	// CrisisPhrases hold a comment with the crisis flag (the leads' list by default).
	CrisisPhrases []string
	// Region reads phone numbers written without a country code.
	Region string
	// EmergencyText is the help every answer to a comment carries.
	EmergencyText string
}

// Service is the comment workflow built once at start-up: its rate limiter, flag detector
// and the one clock.
type Service struct {
	cfg     Config
	limiter *leads.Limiter
	flags   *Detector
	now     func() time.Time
}

// New returns the Service for cfg reading the time from now (nil means time.Now).
func New(cfg Config, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	if len(cfg.CrisisPhrases) == 0 {
		cfg.CrisisPhrases = leads.DefaultCrisisPhrases()
	}
	if cfg.Region == "" {
		cfg.Region = "GB"
	}
	limiter := leads.NewLimiter(cfg.RateLimit, cfg.RateWindow)
	limiter.SetClock(now)
	return &Service{cfg: cfg, limiter: limiter, flags: NewDetector(cfg.CrisisPhrases, cfg.Region), now: now}
}

// DefaultConfig allows 5 comments per network every 10 minutes.
func DefaultConfig() Config {
	return Config{RateLimit: 5, RateWindow: 10 * time.Minute}
}

// CheckArticle says, as a field error on article, why a comment cannot be sent on the
// article with id: it is missing, not public now, or its comments are closed.
func CheckArticle(app core.App, id string, now time.Time) error {
	a, err := app.FindRecordById(publishing.Articles, id)
	if err != nil || !publishing.IsPublic(a, now) {
		return validation.Errors{"article": validation.NewError("article_missing", "There is no such article to comment on.")}
	}
	if !a.GetBool("comments_open") {
		return validation.Errors{"article": validation.NewError("comments_closed", "Comments are closed on this article.")}
	}
	return nil
}

// trimText trims the comment's text fields.
func trimText(c *core.Record) {
	for _, f := range []string{"display_name", "body", "reply"} {
		c.Set(f, strings.TrimSpace(c.GetString(f)))
	}
}
