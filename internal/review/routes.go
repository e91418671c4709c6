package review

import (
	"database/sql"
	"errors"
	"net/http"

	"github.com/pocketbase/pocketbase/core"
)

// ApproveArticle answers POST /api/cms/articles/{id}/approve: the signed-in clinician signs
// off the article's stored text. The answer is the article as staff see it, with its
// review_status.
func (s *Service) ApproveArticle(e *core.RequestEvent) error {
	article, err := e.App.FindRecordById("articles", e.Request.PathValue("id"))
	if errors.Is(err, sql.ErrNoRows) {
		return e.NotFoundError("Missing article.", err)
	}
	if err != nil {
		return err
	}
	if err := s.Approve(e.App, article, e.Auth); err != nil {
		return err
	}
	// A fresh copy: the saved instance still holds the save's in-memory markers.
	saved, err := e.App.FindRecordById("articles", article.Id)
	if err != nil {
		return err
	}
	s.Enrich(saved)
	return e.JSON(http.StatusOK, saved)
}

// ReviewDue answers GET /api/cms/editorial/review-due: the articles due for review within
// DueWindow or overdue, soonest first.
func (s *Service) ReviewDue(e *core.RequestEvent) error {
	items, err := s.Due(e.App)
	if err != nil {
		return err
	}
	overdue := 0
	for _, it := range items {
		if it.Overdue {
			overdue++
		}
	}
	return e.JSON(http.StatusOK, map[string]any{"items": items, "due": len(items) - overdue, "overdue": overdue})
}

// Enrich gives article's answer the review_status of this moment (the stored one is
// refreshed daily, and due and overdue come with time).
func (s *Service) Enrich(article *core.Record) {
	article.Set("review_status", Status(article, s.now()))
}
