package publishing

import (
	"encoding/json"
	"errors"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/markdown"
)

// DeriveArticle renders the body and overwrites body_html, toc, word_count and
// reading_minutes; fills an empty slug or summary; stamps published_at on first publish. It
// runs before every article save, however the record is saved, so what a client sends for
// these fields never survives.
func (s *Service) DeriveArticle(app core.App, record *core.Record) error {
	normalizeLineEndings(record, "title", "summary", "body")
	if err := validateArticleInput(record); err != nil {
		return err
	}
	if record.GetString("status") == "" {
		record.Set("status", StatusDraft)
	}

	result, err := s.md.Render(record.GetString("body"))
	if err != nil {
		return renderError("body", err)
	}
	toc, err := json.Marshal(NonNilTOC(result.TOC))
	if err != nil {
		return err
	}
	record.Set("body_html", result.HTML)
	record.Set("toc", types.JSONRaw(toc))
	record.Set("word_count", result.WordCount)
	record.Set("reading_minutes", max(1, result.ReadingMinutes))

	deriveSummary(record, result.Summary)

	if record.GetString("status") == StatusPublished && record.GetDateTime("published_at").IsZero() {
		record.Set("published_at", s.now().UTC())
	}
	if err := validateSchedule(record); err != nil {
		return err
	}
	return AssignSlug(app, record, "title", "article")
}

// deriveSummary fills an empty summary from the first paragraph. A summary that was itself
// derived from the previous body (read from the stored HTML, not rendered again) follows
// the body when it changes.
func deriveSummary(record *core.Record, derived string) {
	summary := strings.TrimSpace(record.GetString("summary"))
	if summary != "" && !record.IsNew() {
		original := record.Original()
		if original.GetString("body") != record.GetString("body") &&
			summary == strings.TrimSpace(original.GetString("summary")) &&
			summary == markdown.Describe(original.GetString("body_html")).Summary {
			summary = ""
		}
	}
	if summary == "" {
		summary = derived
	}
	record.Set("summary", summary)
}

// normalizeLineEndings stores fields with \n line endings: a browser sends form text with
// \r\n, and the same text must keep its revision history and its clinical sign-off whichever
// way it was saved.
func normalizeLineEndings(record *core.Record, fields ...string) {
	for _, f := range fields {
		v := record.GetString(f)
		if strings.Contains(v, "\r") {
			record.Set(f, strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n"))
		}
	}
}

// validateArticleInput gives clear field errors for what the schema alone cannot express.
func validateArticleInput(record *core.Record) error {
	errs := validation.Errors{}
	if len(record.GetString("body")) > markdown.MaxSourceBytes {
		errs["body"] = validation.NewError("body_too_large", "The body must be at most 100 KB of markdown.")
	}
	if hasCover(record) && strings.TrimSpace(record.GetString("cover_alt")) == "" {
		errs["cover_alt"] = validation.NewError("cover_alt_required", "Describe the cover image for people who cannot see it.")
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// validateSchedule refuses an unpublish_at that is not after published_at (once published_at
// is known, stamped on first publish included): the article would never be public.
func validateSchedule(record *core.Record) error {
	until, from := record.GetDateTime("unpublish_at"), record.GetDateTime("published_at")
	if until.IsZero() || from.IsZero() || until.Time().After(from.Time()) {
		return nil
	}
	return validation.Errors{"unpublish_at": validation.NewError("unpublish_before_publish",
		"The unpublish time must be after the publish time.")}
}

// hasCover reports whether the article keeps or receives a cover image. A new upload is a
// file value, not yet a file name, so the stored name alone would miss it.
func hasCover(record *core.Record) bool {
	return record.GetString("cover") != "" || len(record.GetUnsavedFiles("cover")) > 0
}

// renderError turns a pipeline failure into a field error on field.
func renderError(field string, err error) error {
	if errors.Is(err, markdown.ErrTooComplex) {
		return validation.Errors{field: validation.NewError(field+"_too_complex",
			"The tables in this text are too large; split them into smaller tables.")}
	}
	return validation.Errors{field: validation.NewError(field+"_unrenderable", "This text could not be rendered.")}
}

// NonNilTOC is toc, or an empty list for a body without headings (JSON [] rather than null).
func NonNilTOC(toc []markdown.Heading) []markdown.Heading {
	if toc == nil {
		return []markdown.Heading{}
	}
	return toc
}

// DeriveAuthor overwrites bio_html with the rendered bio and fills an empty slug from the name.
func (s *Service) DeriveAuthor(app core.App, record *core.Record) error {
	result, err := s.md.Render(record.GetString("bio"))
	if err != nil {
		return renderError("bio", err)
	}
	record.Set("bio_html", result.HTML)
	return AssignSlug(app, record, "name", "author")
}

// DeriveTopic keeps every topic's slug unique, deriving it from the name when empty.
func (s *Service) DeriveTopic(app core.App, record *core.Record) error {
	return AssignSlug(app, record, "name", "topic")
}
