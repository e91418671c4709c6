package readability

import (
	"sort"
	"strings"
	"unicode/utf8"
)

const (
	// searchWindow is how far past the previous word the next one is looked for first: far
	// enough for a link's address, an image or a table's delimiter row between two words.
	searchWindow = 1024
	// maxLongSearches bounds the searches of the whole rest of the source (after an HTML
	// comment or a removed script, say), so text that is not in the source at all costs
	// linear time.
	maxLongSearches = 64
)

// locateWords sets each word's src to where it is found in source, in order, as a whole
// word; a word not found (see the package comment) keeps src -1 and moves nothing on.
func locateWords(source string, words []word) {
	cursor, long := 0, 0
	for i := range words {
		at := findWord(source, words[i].text, cursor, cursor+searchWindow)
		if at < 0 && long < maxLongSearches {
			long++
			at = findWord(source, words[i].text, cursor, len(source))
			// A far match counts only if the next word follows it closely.
			if at >= 0 && i+1 < len(words) {
				after := at + len(words[i].text)
				if findWord(source, words[i+1].text, after, after+searchWindow) < 0 {
					at = -1
				}
			}
		}
		if at >= 0 {
			words[i].src = at
			cursor = at + len(words[i].text)
		}
	}
}

// findWord returns the first byte offset in source[from:limit] at which w stands as a whole
// word, or -1.
func findWord(source, w string, from, limit int) int {
	limit = min(limit, len(source))
	for from < limit {
		j := strings.Index(source[from:limit], w)
		if j < 0 {
			return -1
		}
		at := from + j
		if wholeWordAt(source, at, at+len(w)) {
			return at
		}
		from = at + 1
	}
	return -1
}

// wholeWordAt reports whether source[start:end] is not part of a longer word.
func wholeWordAt(source string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(source[:start])
	after, _ := utf8.DecodeRuneInString(source[end:])
	return !isWordRune(before) && !isWordRune(after)
}

// span returns the rune offsets in the source of block[start:end] of block b, or -1, -1
// when the word at either edge was not found. start and end may fall inside words, or on
// punctuation around them: punctuation is included where the source has it too.
func (t *Text) span(b, start, end int) (int, int) {
	first, last := t.wordAt(b, start, true), t.wordAt(b, end, false)
	if first < 0 || last < 0 || t.words[first].src < 0 || t.words[last].src < 0 {
		return -1, -1
	}
	fw, lw, block := t.words[first], t.words[last], t.blocks[b]
	srcStart := fw.src + max(0, start-fw.off)
	srcEnd := lw.src + min(len(lw.text), end-lw.off)
	if start < fw.off && strings.HasSuffix(t.source[:srcStart], block[start:fw.off]) {
		srcStart -= fw.off - start
	}
	if tail := lw.off + len(lw.text); end > tail && strings.HasPrefix(t.source[srcEnd:], block[tail:end]) {
		srcEnd += end - tail
	}
	return t.runes.at(srcStart), t.runes.at(srcEnd)
}

// wordAt returns the index of the word of block b that holds offset off, or -1: for the
// start of a span the first word ending after off, for the end the last word starting before.
func (t *Text) wordAt(b, off int, isStart bool) int {
	i := sort.Search(len(t.words), func(i int) bool {
		w := t.words[i]
		if w.block != b {
			return w.block > b
		}
		if isStart {
			return w.off+len(w.text) > off
		}
		return w.off >= off
	})
	if !isStart {
		i--
	}
	if i < 0 || i >= len(t.words) || t.words[i].block != b {
		return -1
	}
	return i
}

// runeCounter turns byte offsets into rune offsets, cheaply when asked in ascending order.
type runeCounter struct {
	s             string
	byteAt, runes int
}

func (c *runeCounter) at(b int) int {
	if b < c.byteAt {
		c.byteAt, c.runes = 0, 0
	}
	c.runes += utf8.RuneCountInString(c.s[c.byteAt:b])
	c.byteAt = b
	return c.runes
}
