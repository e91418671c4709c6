package publishing

import (
	"math"
	"net/http"
	"strconv"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/markdown"
	"recoverycms/internal/readability"
)

// previewRequest is the body of POST /api/cms/preview.
type previewRequest struct {
	Markdown string `json:"markdown"`
}

// previewResponse is what the panel shows beside the editor: exactly what a save would store,
// and advice on the text that a save never checks.
type previewResponse struct {
	HTML           string             `json:"html"`
	TOC            []markdown.Heading `json:"toc"`
	WordCount      int                `json:"word_count"`
	ReadingMinutes int                `json:"reading_minutes"`
	Readability    readability.Report `json:"readability"`
	LanguageHints  []readability.Hint `json:"language_hints"`
}

// PreviewMarkdown answers POST /api/cms/preview for staff: markdown in, the server's own
// rendered and sanitized HTML out, so the live preview never differs from the stored article.
// Each signed-in account gets PreviewsPerWindow previews per PreviewWindow; beyond that it is
// answered 429 with Retry-After, before any rendering. The answer also carries the reading age,
// the long sentences and the language hints of the rendered text, located in body.Markdown;
// they are advice only, and no save looks at them.
func (s *Service) PreviewMarkdown(e *core.RequestEvent) error {
	if ok, wait := s.previews.allow(previewKey(e.Auth), s.now()); !ok {
		e.Response.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		return e.TooManyRequestsError("Too many previews in the last minute; wait a moment and try again.", nil)
	}
	var body previewRequest
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("The preview request could not be read.", err)
	}
	if len(body.Markdown) > markdown.MaxSourceBytes {
		return e.BadRequestError("The markdown is too large to preview.", validation.Errors{
			"markdown": validation.NewError("markdown_too_large", "The body must be at most 100 KB of markdown."),
		})
	}
	result, err := s.md.Render(body.Markdown)
	if err != nil {
		return e.BadRequestError("The markdown could not be rendered.", validation.Errors{
			"markdown": validation.NewError("markdown_unrenderable", "The markdown could not be rendered."),
		})
	}
	text := readability.NewText(body.Markdown, markdown.TextBlocks(result.HTML))
	return e.JSON(http.StatusOK, previewResponse{
		HTML:           result.HTML,
		TOC:            NonNilTOC(result.TOC),
		WordCount:      result.WordCount,
		ReadingMinutes: max(1, result.ReadingMinutes),
		Readability:    text.Measure(),
		LanguageHints:  s.language.Hints(text),
	})
}

// previewKey names the account a preview is counted against; the collection is part of it so
// a staff member and a superuser that happen to share an id are counted apart.
func previewKey(auth *core.Record) string {
	if auth == nil {
		return ""
	}
	return auth.Collection().Id + "/" + auth.Id
}
