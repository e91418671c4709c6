package readability

import (
	"strings"
	"testing"

	"recoverycms/internal/markdown"
)

// BenchmarkPreview100KB reads and checks an article at the preview's size limit, from the
// rendered HTML on (what readability adds to a preview).
func BenchmarkPreview100KB(b *testing.B) {
	para := "## A heading\n\nIf you are worried about your drinking, talk to your GP. " + longSentence + " Some addicts said the urine test was clean.\n\n"
	src := strings.Repeat(para, markdown.MaxSourceBytes/len(para))
	res, err := markdown.New().Render(src)
	if err != nil {
		b.Fatal(err)
	}
	c := DefaultChecker()
	b.ReportAllocs()
	for b.Loop() {
		text := NewText(src, markdown.TextBlocks(res.HTML))
		_ = text.Measure()
		_ = c.Hints(text)
	}
}
