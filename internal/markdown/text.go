package markdown

import (
	"strings"
	"unicode"
)

// WordsPerMinute is the reading speed behind ReadingMinutes, a common
// figure for adult silent reading of non-technical prose.
const WordsPerMinute = 220

// countWords counts whitespace-separated tokens that contain a letter or a
// digit, so task markers, arrows and dashes are not words.
func countWords(plain string) int {
	n := 0
	for _, f := range strings.Fields(plain) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0 {
			n++
		}
	}
	return n
}

// readingMinutes rounds up so a short note still reads as "1 min".
func readingMinutes(words int) int {
	if words <= 0 {
		return 1
	}
	return (words + WordsPerMinute - 1) / WordsPerMinute
}

// collapseSpace trims s and replaces every run of whitespace with one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
