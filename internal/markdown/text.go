package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// WordsPerMinute is the reading speed behind ReadingMinutes, a common
// figure for adult silent reading of non-technical prose.
const WordsPerMinute = 220

// countWords counts whitespace-separated tokens that contain a letter or a
// digit, so task markers, arrows and dashes are not words.
func countWords(plain string) int {
	n, inWord, counted := 0, false, false
	for _, r := range plain {
		if unicode.IsSpace(r) {
			inWord = false
			continue
		}
		if !inWord {
			inWord, counted = true, false
		}
		if !counted && (unicode.IsLetter(r) || unicode.IsNumber(r)) {
			counted = true
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

// collapseSpace trims s and replaces every run of whitespace with one space,
// in one pass (it runs over the whole text of every article).
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			gap = true
		} else {
			if gap && b.Len() > 0 {
				b.WriteByte(' ')
			}
			gap = false
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
