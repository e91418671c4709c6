package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// WordsPerMinute is the reading speed behind ReadingMinutes, a common
// figure for adult silent reading of non-technical prose.
const WordsPerMinute = 220

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
// being gathered first and copied again. It counts words as it goes:
// whitespace-separated tokens that contain a letter or a digit, so task
// markers, arrows and dashes are not words.
type collapser struct {
	b       strings.Builder
	gap     bool // whitespace was written since the last non-space
	words   int  // tokens so far with a letter or digit
	counted bool // the current token is among words
}

// Grow reserves room for n more bytes.
func (c *collapser) Grow(n int) { c.b.Grow(n) }

// Space records a word boundary, as a whitespace character would.
func (c *collapser) Space() { c.gap = true }

// WriteString appends s, collapsing its whitespace with what came before.
func (c *collapser) WriteString(s string) {
	for i := 0; i < len(s); {
		start := i
		// A run of ASCII bytes other than space is copied at once.
		var class byte
		for i < len(s) && byteClass[s[i]] < asciiSpace {
			class |= byteClass[s[i]]
			i++
		}
		if i > start {
			c.word(s[start:i], class == asciiAlnum)
			continue
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			c.gap = true
		} else {
			c.word(s[i:i+size], unicode.IsLetter(r) || unicode.IsNumber(r))
		}
		i += size
	}
}

// word appends a piece of a token; alnum says it has a letter or digit.
func (c *collapser) word(w string, alnum bool) {
	if c.gap || c.b.Len() == 0 {
		c.counted = false // a new token starts
		if c.b.Len() > 0 {
			c.b.WriteByte(' ')
		}
	}
	c.gap = false
	if alnum && !c.counted {
		c.counted = true
		c.words++
	}
	c.b.WriteString(w)
}

// String returns the collapsed text, without leading or trailing space.
func (c *collapser) String() string { return c.b.String() }

// Words returns the number of words written so far.
func (c *collapser) Words() int { return c.words }

// The classes of byteClass: other ASCII (punctuation, controls), ASCII
// letters and digits, ASCII space (as unicode.IsSpace), and bytes of
// multi-byte characters. asciiOther | asciiAlnum stays below asciiSpace.
const (
	asciiOther byte = iota
	asciiAlnum
	asciiSpace
	multiByte
)

// byteClass is the class of every byte value.
var byteClass = func() (t [256]byte) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = multiByte
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == ' ':
			t[c] = asciiSpace
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
			t[c] = asciiAlnum
		}
	}
	return t
}()
