package publishing

import (
	"time"

	"recoverycms/internal/markdown"
)

// Service derives the server-owned fields of published content. It is built once at start-up
// with the one markdown renderer and the one clock of the app.
type Service struct {
	md       *markdown.Renderer
	now      func() time.Time
	previews *previewLimiter
}

// New returns a Service rendering with md and stamping times from now (nil means time.Now).
func New(md *markdown.Renderer, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{md: md, now: now, previews: newPreviewLimiter(PreviewsPerWindow, PreviewWindow)}
}

// Now is the service's clock: what "now" means for every visibility decision.
func (s *Service) Now() time.Time { return s.now() }
