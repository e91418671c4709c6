package readability

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is an article's visible text cut into blocks, sentences and words, with every word
// located in the markdown source. Build it once per preview with NewText and hand it to both
// Measure and Checker.Hints.
type Text struct {
	source    string
	blocks    []string
	words     []word
	sentences []sentence
	runes     runeCounter
}

// word is one word of a block: block[off:off+len(text)] == text, and when src >= 0 also
// source[src:src+len(text)] == text (byte offsets).
type word struct {
	text     string
	block    int
	off      int
	src      int
	sentence int
}

// sentence is block[start:end] of one block, holding words[first:last+1].
type sentence struct {
	block, start, end int
	first, last       int
}

// NewText reads blocks (the visible text of the rendered source, one string per block, as
// markdown.TextBlocks gives it) and finds its words in source.
func NewText(source string, blocks []string) *Text {
	t := &Text{source: source, blocks: blocks, runes: runeCounter{s: source}}
	for b, block := range blocks {
		t.readBlock(b, block)
	}
	locateWords(source, t.words)
	return t
}

// readBlock appends the words and sentences of one block.
func (t *Text) readBlock(b int, block string) {
	start, first := 0, len(t.words)
	for i := 0; i < len(block); {
		r, size := utf8.DecodeRuneInString(block[i:])
		if isWordRune(r) {
			end := wordEnd(block, i)
			t.words = append(t.words, word{text: block[i:end], block: b, off: i, src: -1, sentence: len(t.sentences)})
			i = end
			continue
		}
		end, ok := sentenceEnd(block, i, t.words[first:])
		if ok {
			t.addSentence(b, block, start, end, first)
			start, first, i = end, len(t.words), end
			continue
		}
		i = max(end, i+size)
	}
	t.addSentence(b, block, start, len(block), first)
}

// addSentence records block[start:end] as a sentence if it holds a word.
func (t *Text) addSentence(b int, block string, start, end, first int) {
	if first == len(t.words) {
		return
	}
	for start < end && block[start] == ' ' {
		start++
	}
	t.sentences = append(t.sentences, sentence{block: b, start: start, end: end, first: first, last: len(t.words) - 1})
}

// text returns what the sentence says, as the reader sees it.
func (t *Text) text(s sentence) string {
	return strings.TrimSpace(t.blocks[s.block][s.start:s.end])
}

// wordEnd returns where the word starting at i ends: letters and digits, with single
// apostrophes or hyphens between them.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			i += size
			continue
		}
		if r == '\'' || r == '’' || r == '-' {
			if next, _ := utf8.DecodeRuneInString(s[i+size:]); isWordRune(next) {
				i += size
				continue
			}
		}
		break
	}
	return i
}

// sentenceEnd reports whether the rune at p ends a sentence; end is then just past any
// closing quotes or brackets after it. When it does not, end is past the run of punctuation
// it looked at (0 when p holds none), so the caller goes on from there: a block of ten
// thousand "?" is read once, not once per character. words are the sentence's words so far.
func sentenceEnd(block string, p int, words []word) (end int, ok bool) {
	r, size := utf8.DecodeRuneInString(block[p:])
	if r != '.' && r != '!' && r != '?' && r != '…' {
		return 0, false
	}
	i := p + size
	for i < len(block) {
		c, size := utf8.DecodeRuneInString(block[i:])
		if !strings.ContainsRune(`.!?"')]”’»`, c) {
			break
		}
		i += size
	}
	if i < len(block) && block[i] != ' ' {
		return i, false // "1.5", "e.g.," or "?!" with more to come
	}
	if next, _ := utf8.DecodeRuneInString(strings.TrimLeft(block[i:], ` "'(“‘`)); unicode.IsLower(next) {
		return i, false
	}
	if r == '.' && len(words) > 0 {
		if last := words[len(words)-1]; last.off+len(last.text) == p && isAbbreviation(last.text) {
			return i, false
		}
	}
	return i, true
}

// abbreviations end in a full stop that does not end the sentence ("Dr. Patel").
var abbreviations = map[string]bool{
	"dr": true, "mr": true, "mrs": true, "ms": true, "mx": true, "prof": true, "st": true,
	"vs": true, "approx": true, "cf": true, "fig": true,
}

// isAbbreviation reports a title or abbreviation, or a single letter other than "I" (an
// initial, or the end of "e.g.").
func isAbbreviation(w string) bool {
	if r, size := utf8.DecodeRuneInString(w); size == len(w) && r != 'I' {
		return true
	}
	return abbreviations[strings.ToLower(w)]
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r)
}
