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
		if r < utf8.RuneSelf {
			switch {
			case asciiSpace[r]:
				inWord = false
			case !inWord:
				inWord, counted = true, false
				fallthrough
			default:
				if !counted && ('a' <= r|0x20 && r|0x20 <= 'z' || '0' <= r && r <= '9') {
					counted = true
					n++
				}
			}
			continue
		}
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
	var c collapser
	c.Grow(len(s))
	c.WriteString(s)
	return c.String()
}

// collapser builds collapseSpace of everything written to it, piece by
// piece, so a document's text is collapsed as it is walked instead of
// being gathered first and copied again.
type collapser struct {
	b   strings.Builder
	gap bool // whitespace was written since the last non-space
}

// Grow reserves room for n more bytes.
func (c *collapser) Grow(n int) { c.b.Grow(n) }

// Space records a word boundary, as a whitespace character would.
func (c *collapser) Space() { c.gap = true }

// WriteString appends s, collapsing its whitespace with what came before.
func (c *collapser) WriteString(s string) {
	for i := 0; i < len(s); {
		start := i
		// A run of ASCII non-space bytes is copied at once.
		for i < len(s) && s[i] < utf8.RuneSelf && !asciiSpace[s[i]] {
			i++
		}
		if i > start {
			c.word(s[start:i])
			continue
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			c.gap = true
		} else {
			c.word(s[i : i+size])
		}
		i += size
	}
}

func (c *collapser) word(w string) {
	if c.gap && c.b.Len() > 0 {
		c.b.WriteByte(' ')
	}
	c.gap = false
	c.b.WriteString(w)
}

// String returns the collapsed text, without leading or trailing space.
func (c *collapser) String() string { return c.b.String() }

// asciiSpace marks the ASCII bytes unicode.IsSpace reports as space.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
