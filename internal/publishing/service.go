package publishing

import (
	"time"

	"recoverycms/internal/markdown"
	"recoverycms/internal/readability"
)

// Service derives the server-owned fields of published content. It is built once at start-up
// with the one markdown renderer and the one clock of the app.
type Service struct {
	md       *markdown.Renderer
	now      func() time.Time
	previews *previewLimiter
	language *readability.Checker
}

// New returns a Service rendering with md and stamping times from now (nil means time.Now).
func New(md *markdown.Renderer, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{md: md, now: now, previews: newPreviewLimiter(PreviewsPerWindow, PreviewWindow),
		language: readability.DefaultChecker()}
}

// CheckLanguageWith makes previews check wording against c instead of the default list
// (readability.DefaultTerms); nil keeps the default. Call it at start-up, before serving.
func (s *Service) CheckLanguageWith(c *readability.Checker) {
	if c != nil {
		s.language = c
	}
}

// Now is the service's clock: what "now" means for every visibility decision.
func (s *Service) Now() time.Time { return s.now() }
