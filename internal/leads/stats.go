package leads

import (
	"net/http"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// statsWindows are the periods of the first-contact figures, by their key in the answer.
var statsWindows = []struct {
	key  string
	days int
}{{"last_7_days", 7}, {"last_30_days", 30}}

// Stats is the answer of GET /api/cms/leads/stats.
type Stats struct {
	// ByStatus counts every stored lead by status (each status present, 0 when none).
	ByStatus map[string]int `json:"by_status"`
	// PastDue counts the new leads whose due time passed more than the SLA ago.
	PastDue int `json:"past_due"`
	// SLAMinutes is RCMS_LEAD_SLA, for the panel to flag leads the sweep has not reached yet.
	SLAMinutes int `json:"sla_minutes"`
	// FirstContact is the time from submission to first contact per period (see statsWindows).
	FirstContact map[string]FirstContact `json:"first_contact"`
}

// FirstContact sums up how long the leads submitted in one period waited for a first
// contact: the first call attempt or the first move away from new, whichever came first.
// Spam is left out. The median and 90th percentile are nearest-rank values in whole seconds
// over the contacted leads, null when there are none.
type FirstContact struct {
	Leads         int    `json:"leads"`
	Contacted     int    `json:"contacted"`
	MedianSeconds *int64 `json:"median_seconds"`
	P90Seconds    *int64 `json:"p90_seconds"`
}

// LeadStats answers GET /api/cms/leads/stats: counts only, no personal data, so it is not
// an audited look. It checks no role itself: bind it behind staff.Require(...,
// staff.LeadReviewers...).
func (s *Service) LeadStats(e *core.RequestEvent) error {
	stats, err := s.ComputeStats(e.App)
	if err != nil {
		return e.InternalServerError("The callback statistics could not be computed.", err)
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, stats)
}

// ComputeStats reads the figures of Stats at the service's now, in one read transaction so
// they agree with each other.
func (s *Service) ComputeStats(app core.App) (Stats, error) {
	now := s.now()
	stats := Stats{ByStatus: map[string]int{}, SLAMinutes: int(s.SLA().Minutes()), FirstContact: map[string]FirstContact{}}
	for _, st := range []string{StatusNew, StatusContacted, StatusScheduled, StatusClosed, StatusSpam} {
		stats.ByStatus[st] = 0
	}
	err := app.RunInTransaction(func(tx core.App) error {
		var counts []struct {
			Status string `db:"status"`
			N      int    `db:"n"`
		}
		if err := tx.DB().Select("status", "COUNT(*) AS n").From(LeadsCollection).GroupBy("status").All(&counts); err != nil {
			return err
		}
		for _, c := range counts {
			stats.ByStatus[c.Status] = c.N
		}
		var pastDue int
		err := tx.DB().Select("COUNT(*)").From(LeadsCollection).Where(dbx.HashExp{"status": StatusNew}).
			AndWhere(dbx.NewExp("due_at != '' AND due_at <= {:due}", dbx.Params{"due": dbTime(now.Add(-s.SLA()))})).Row(&pastDue)
		if err != nil {
			return err
		}
		stats.PastDue = pastDue
		for _, w := range statsWindows {
			waits, total, err := firstContactWaits(tx, now.AddDate(0, 0, -w.days))
			if err != nil {
				return err
			}
			stats.FirstContact[w.key] = summarize(waits, total)
		}
		return nil
	})
	return stats, err
}

// firstContactWaits returns how long each lead submitted since since (spam aside) waited
// for its first contact, of those contacted, and how many leads there were.
func firstContactWaits(tx core.App, since time.Time) ([]time.Duration, int, error) {
	var rows []struct {
		Created   string `db:"created"`
		Attempt   string `db:"attempt"`
		Moved     string `db:"moved"`
		Contacted string `db:"contacted"`
	}
	err := tx.DB().NewQuery(`SELECT l.created AS created,
			COALESCE((SELECT MIN(a.at) FROM call_attempts a WHERE a.lead = l.id), '') AS attempt,
			COALESCE((SELECT MIN(e.created) FROM lead_events e
				WHERE e.lead = l.id AND e.action = 'status' AND e."from" = 'new'), '') AS moved,
			l.contacted_at AS contacted
		FROM callback_leads l WHERE l.created >= {:since} AND l.status != 'spam'`).
		Bind(dbx.Params{"since": dbTime(since)}).All(&rows)
	if err != nil {
		return nil, 0, err
	}
	var waits []time.Duration
	for _, r := range rows {
		created, err := types.ParseDateTime(r.Created)
		if err != nil || created.IsZero() {
			continue
		}
		var first time.Time
		for _, v := range []string{r.Attempt, r.Moved, r.Contacted} {
			if t, err := types.ParseDateTime(v); err == nil && !t.IsZero() && (first.IsZero() || t.Time().Before(first)) {
				first = t.Time()
			}
		}
		if !first.IsZero() {
			waits = append(waits, max(0, first.Sub(created.Time())))
		}
	}
	return waits, len(rows), nil
}

// summarize is the FirstContact of waits among total leads.
func summarize(waits []time.Duration, total int) FirstContact {
	fc := FirstContact{Leads: total, Contacted: len(waits)}
	if len(waits) == 0 {
		return fc
	}
	slices.Sort(waits)
	median, p90 := int64(NearestRank(waits, 50).Seconds()), int64(NearestRank(waits, 90).Seconds())
	fc.MedianSeconds, fc.P90Seconds = &median, &p90
	return fc
}

// NearestRank is the p-th percentile (0 < p <= 100) of sorted by the nearest-rank method:
// the smallest value that at least p percent of the values do not exceed (the element at
// rank ceil(p/100 × n)). It is always one of the values, so it is exact on known data.
func NearestRank(sorted []time.Duration, p int) time.Duration {
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank, 1)-1]
}
