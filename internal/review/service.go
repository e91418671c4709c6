package review

import (
	"database/sql"
	"errors"
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/publishing"
)

// Approvals is the collection recording who approved which text of which article, and when.
const Approvals = "article_approvals"

// Service applies the review rules with the app's one clock.
type Service struct {
	cfg Config
	now func() time.Time
	// sections are the daily email's parts beyond the articles (AddDigestSection).
	sections []DigestSection
}

// New makes the service; now nil means time.Now.
func New(cfg Config, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultInterval
	}
	return &Service{cfg: cfg, now: now}
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Derive runs on every article save after the other derived fields: an imported review gets
// the fingerprint of the text being saved and, without a date of its own, the next review
// date from its review date.
func (s *Service) Derive(article *core.Record) {
	if grant(article) != grantImport || article.GetString("reviewed_by") == "" {
		return
	}
	article.Set("reviewed_hash", ContentHash(article))
	if at := article.GetDateTime("reviewed_at"); !at.IsZero() && article.GetDateTime("next_review_at").IsZero() {
		article.Set("next_review_at", at.Time().Add(s.cfg.Interval))
	}
}

// SetStatus stores article's review_status as of now; it runs on every save.
func (s *Service) SetStatus(article *core.Record) {
	article.Set("review_status", Status(article, s.now()))
}

// RefreshStatuses stores the review_status of every article whose status has moved with
// time (approved to due, due to overdue) since its last save. It writes the derived column
// alone, without a save: nothing else about the article changed, so no revision, webhook or
// new updated time.
func (s *Service) RefreshStatuses(app core.App) (int, error) {
	var rows []struct {
		ID     string `db:"id"`
		Status string `db:"review_status"`
	}
	if err := app.DB().Select("id", "review_status").From("articles").
		Where(dbx.NewExp("next_review_at != ''")).All(&rows); err != nil {
		return 0, err
	}
	changed := 0
	for _, row := range rows {
		r, err := app.FindRecordById("articles", row.ID)
		if err != nil {
			return changed, err
		}
		if now := Status(r, s.now()); now != row.Status {
			if _, err := app.DB().Update("articles", dbx.Params{"review_status": now}, dbx.HashExp{"id": row.ID}).Execute(); err != nil {
				return changed, err
			}
			changed++
		}
	}
	return changed, nil
}

// DeleteApprovals removes the approval records of an article, in its delete's transaction.
func DeleteApprovals(app core.App, articleID string) error {
	_, err := app.DB().Delete(Approvals, dbx.HashExp{"article": articleID}).Execute()
	return err
}

// Gate refuses, without a current approval when reviews are required, any save after which
// an article that is not public now would be public or scheduled to be: publishing,
// scheduling, editing a scheduled article, clearing a take-down time that has passed
// (data.status.code = clinical_review_required). An article already public keeps being
// saved (an edit shows as changed since review and drops the public reviewer claim).
func (s *Service) Gate(article *core.Record) error {
	now := s.now()
	if !s.cfg.Required || article.GetString("status") != "published" || publishing.Unpublished(article, now) {
		return nil
	}
	if !article.IsNew() && publishing.IsPublic(article.Original(), now) {
		return nil
	}
	if Publishable(Status(article, s.now())) {
		return nil
	}
	return validation.Errors{"status": validation.NewError("clinical_review_required",
		"A clinician must approve this text before it is published.")}
}

// Approve signs off the stored text of article as clinician: reviewed_by becomes their author
// profile, reviewed_at now, next_review_at now plus the interval, and the approval is recorded
// with the revision it covers (RecordApproval, in the save's transaction). A staff member who
// is not a clinician, or has no author profile to sign with, is refused with a field error.
func (s *Service) Approve(app core.App, article, clinician *core.Record) error {
	if clinician == nil || clinician.Collection().Name != "staff" || !clinician.GetBool("clinician") {
		return router.NewApiError(http.StatusForbidden, "Only a clinician can approve an article.",
			validation.Errors{"reviewed_by": validation.NewError("clinician_required", "Only a clinician can approve an article.")})
	}
	profile := clinician.GetString("author")
	if profile == "" {
		return router.NewBadRequestError("Your staff account has no public author profile to sign with.",
			validation.Errors{"author": validation.NewError("clinician_profile_required",
				"Ask an admin to link your staff account to your author profile first.")})
	}
	now := s.now().UTC()
	article.Set(grantKey, clinician.Id)
	article.Set("reviewed_by", profile)
	article.Set("reviewed_at", now)
	article.Set("next_review_at", now.Add(s.cfg.Interval))
	article.Set("reviewed_hash", ContentHash(article))
	return app.Save(article)
}

// RecordApproval writes the approval or import row of a save that carried one (see Approve
// and MarkImported). Call it inside the article save's transaction, after the row write and
// the revision, so the record commits with the review or not at all.
func RecordApproval(tx core.App, article *core.Record) error {
	who := grant(article)
	if who == "" || article.GetString("reviewed_by") == "" {
		return nil
	}
	col, err := tx.FindCachedCollectionByNameOrId(Approvals)
	if err != nil {
		return err
	}
	var revision string
	err = tx.DB().NewQuery("SELECT id FROM article_revisions WHERE article = {:id} ORDER BY created DESC, rowid DESC LIMIT 1").
		Bind(dbx.Params{"id": article.Id}).Row(&revision)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	row := core.NewRecord(col)
	row.Set("article", article.Id)
	row.Set("reviewer", article.GetString("reviewed_by"))
	row.Set("revision", revision)
	row.Set("content_hash", article.GetString("reviewed_hash"))
	row.Set("reviewed_at", article.GetDateTime("reviewed_at"))
	if who == grantImport {
		row.Set("source", "import")
	} else {
		row.Set("source", "approval")
		row.Set("clinician", who)
	}
	return tx.SaveNoValidate(row)
}

// DueItem is one article in the review-due list.
type DueItem struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	Slug         string `json:"slug"`
	Status       string `json:"status"`
	ReviewStatus string `json:"review_status"`
	// Overdue is true once next_review_at has passed, whatever else the status says.
	Overdue      bool   `json:"overdue"`
	ReviewedAt   string `json:"reviewed_at"`
	NextReviewAt string `json:"next_review_at"`
}

// Due lists the articles whose next review is within DueWindow or past, soonest first.
func (s *Service) Due(app core.App) ([]DueItem, error) {
	now := s.now()
	limit, err := types.ParseDateTime(now.Add(DueWindow))
	if err != nil {
		return nil, err
	}
	records, err := app.FindRecordsByFilter("articles",
		"next_review_at != '' && next_review_at <= {:limit} && status != 'archived'", "next_review_at", 0, 0,
		dbx.Params{"limit": limit.String()})
	if err != nil {
		return nil, err
	}
	items := make([]DueItem, 0, len(records))
	for _, r := range records {
		items = append(items, DueItem{
			ID: r.Id, Title: r.GetString("title"), Slug: r.GetString("slug"), Status: r.GetString("status"),
			ReviewStatus: Status(r, now), Overdue: !r.GetDateTime("next_review_at").Time().After(now),
			ReviewedAt:   r.GetDateTime("reviewed_at").String(),
			NextReviewAt: r.GetDateTime("next_review_at").String(),
		})
	}
	return items, nil
}
