// Package review makes the clinical sign-off of an article true: only a clinician approves,
// under their own public author profile, and the approval covers the exact title, summary and
// body they saw. Any later change of that text shows as "changed since review", and (when
// required) an article cannot go live without a current approval. It also keeps the review
// cadence: the next review date and which articles are due.
package review

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// The review statuses an article shows in the panel and the staff API (review_status).
const (
	StatusNone     = "none"
	StatusApproved = "approved"
	StatusChanged  = "changed_since_review"
	StatusDue      = "due"
	StatusOverdue  = "overdue"
)

// DueWindow is how long before next_review_at an article counts as due.
const DueWindow = 30 * 24 * time.Hour

// DefaultInterval is the time from an approval to the next review (RCMS_REVIEW_INTERVAL).
const DefaultInterval = 365 * 24 * time.Hour

// Config is read once at start-up.
type Config struct {
	// Required refuses to publish an article without a current approval
	// (RCMS_REQUIRE_CLINICAL_REVIEW, true unless set to false).
	Required bool
	// Interval is added to an approval's date for next_review_at.
	Interval time.Duration
}

// FromEnv reads RCMS_REQUIRE_CLINICAL_REVIEW and RCMS_REVIEW_INTERVAL (a Go duration such as
// "8760h", or a number of days such as "365d") through getenv.
func FromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{Required: true, Interval: DefaultInterval}
	if v := strings.TrimSpace(getenv("RCMS_REQUIRE_CLINICAL_REVIEW")); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return cfg, fmt.Errorf("RCMS_REQUIRE_CLINICAL_REVIEW %q is not true or false", v)
		}
		cfg.Required = b
	}
	if v := strings.TrimSpace(getenv("RCMS_REVIEW_INTERVAL")); v != "" {
		d, err := parseInterval(v)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("RCMS_REVIEW_INTERVAL %q is not a positive duration such as 365d or 8760h", v)
		}
		cfg.Interval = d
	}
	return cfg, nil
}

func parseInterval(v string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		return time.Duration(n) * 24 * time.Hour, err
	}
	return time.ParseDuration(v)
}

// ContentHash is the fingerprint of what a clinician reads and approves: title, summary and
// body. An approval covers an article while its stored reviewed_hash equals this.
func ContentHash(article *core.Record) string {
	h := sha256.New()
	for _, f := range []string{"title", "summary", "body"} {
		h.Write([]byte(article.GetString(f)))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Covers reports whether article's approval covers its current text.
func Covers(article *core.Record) bool {
	stored := article.GetString("reviewed_hash")
	return stored != "" && article.GetString("reviewed_by") != "" && stored == ContentHash(article)
}

// Status is article's review_status at now.
func Status(article *core.Record, now time.Time) string {
	if article.GetString("reviewed_by") == "" || article.GetString("reviewed_hash") == "" {
		return StatusNone
	}
	if !Covers(article) {
		return StatusChanged
	}
	next := article.GetDateTime("next_review_at")
	switch {
	case next.IsZero():
		return StatusApproved
	case !next.Time().After(now):
		return StatusOverdue
	case next.Time().Sub(now) <= DueWindow:
		return StatusDue
	}
	return StatusApproved
}

// Publishable reports whether a status lets the article go live: approved, or approved and
// due for its next review but not past it.
func Publishable(status string) bool { return status == StatusApproved || status == StatusDue }
