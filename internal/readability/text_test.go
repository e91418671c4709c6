package readability

import (
	"strings"
	"testing"
)

// TestPunctuationRunsAreReadOnce: a block that is one long run of sentence punctuation (a
// hostile preview) is read once: one word, one sentence (BenchmarkPunctuationRun measures it).
func TestPunctuationRunsAreReadOnce(t *testing.T) {
	t.Parallel()
	for _, c := range []string{"?", "!", ".", "…", `."`} {
		src := strings.Repeat(c, 100_000/len(c)) + "x"
		text := NewText(src, []string{src})
		if len(text.words) != 1 || len(text.sentences) != 1 {
			t.Errorf("a run of %q: %d words, %d sentences", c, len(text.words), len(text.sentences))
		}
	}
}

// BenchmarkPunctuationRun reads 100 KB of "?" before one letter.
func BenchmarkPunctuationRun(b *testing.B) {
	src := strings.Repeat("?", 100_000) + "x"
	for b.Loop() {
		NewText(src, []string{src})
	}
}
