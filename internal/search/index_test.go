package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestIndexTextCannotForgeMarkers: whatever bytes surround the markers in stored text, what
// is indexed holds none (removing one must not join its neighbours into another).
func TestIndexTextCannotForgeMarkers(t *testing.T) {
	t.Parallel()
	pieces := []string{"\xEE", "\x80", "\x81", "\xEE\x80", markOpen, markClose, "a"}
	var walk func(s string, depth int)
	walk = func(s string, depth int) {
		out := indexText(s)
		if strings.Contains(out, markOpen) || strings.Contains(out, markClose) || !utf8.ValidString(out) {
			t.Fatalf("indexText(%q) = %q", s, out)
		}
		if depth == 0 {
			return
		}
		for _, p := range pieces {
			walk(s+p, depth-1)
		}
	}
	walk("", 6)
	if got := indexText("caf\xe9 \uE000x\uE001"); got != "caf\uFFFD x" {
		t.Errorf("indexText kept or lost too much: %q", got)
	}
}
