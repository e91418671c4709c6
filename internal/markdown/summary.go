package markdown

import (
	"strings"
	"unicode"
)

// SummaryMaxRunes bounds Result.Summary, sized for meta descriptions and
// article cards.
const SummaryMaxRunes = 300

// ellipsis marks a summary that was cut.
const ellipsis = "…"

// Summarize collapses whitespace in plain and, if it is longer than max
// runes, cuts it at the last word boundary that leaves room for "…" and
// appends it, so the result never exceeds max runes. A single word longer
// than max is cut mid-word. Exported so callers that take a summary from
// elsewhere (an editor's own text) cut it the same way.
func Summarize(plain string, max int) string {
	s := collapseSpace(plain)
	if max <= 0 {
		return ""
	}
	runes := []rune(s)
	if len(runes) <= max {
		return s
	}
	limit := max - 1
	cut := limit
	if runes[limit] != ' ' {
		for cut > 0 && runes[cut-1] != ' ' {
			cut--
		}
		if cut == 0 {
			cut = limit
		}
	}
	head := strings.TrimRightFunc(string(runes[:cut]), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—", r)
	})
	return head + ellipsis
}
