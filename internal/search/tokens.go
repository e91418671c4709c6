package search

import (
	"cmp"
	"slices"
	"sync"
	"unicode/utf8"

	porter "github.com/blevesearch/go-porterstemmer"
)

//go:generate go run ./internal/unicode61gen

// Tokens as articles_fts sees them ('porter unicode61 remove_diacritics 2'), so snippets can
// be made in Go from a hit's text instead of by FTS5's snippet(), which tokenizes every
// column of every hit again in translated C (most of an uncached search's time).
//
// unicode61: a token is a run of letters, numbers and private-use characters, lowercased,
// Latin diacritics dropped, by SQLite's own (older) Unicode tables, which
// unicode61_tables.go holds as read from SQLite (TestTokensMatchFTS5ForEveryCodePoint checks
// every code point). porter: a folded token of 3 to 64 bytes is stemmed. FTS5 stems bytes; the stemmer here works on
// runes and is used only for ASCII tokens, where the two agree (checked once against FTS5 on
// the 104,334 words of a dictionary, and by snippet_test.go on its corpus). Anything that still
// disagrees only changes which words a snippet marks: addSnippets falls back to FTS5 for a hit
// in which some query phrase is not found.

// span is one token of a text: its byte offsets.
type span struct{ start, end int }

// scanTokens appends the tokens of text to toks, and the index of every token that starts
// a sentence to firsts (the first token, and any token after whitespace that follows '.' or
// ':', as FTS5's snippet() decides).
func scanTokens(text string, toks []span, firsts []int) ([]span, []int) {
	i := 0
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if !asciiTokenByte(c) {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); !tokenRune(r) {
			i += size
			continue
		}
		start := i
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				if !asciiTokenByte(c) {
					break
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			if !tokenRune(r) {
				break
			}
			i += size
		}
		if len(toks) == 0 || startsSentence(text, start) {
			firsts = append(firsts, len(toks))
		}
		toks = append(toks, span{start, i})
	}
	return toks, firsts
}

// startsSentence: the token at byte start follows at least one whitespace byte, and before
// those a '.' or ':'.
func startsSentence(text string, start int) bool {
	i := start - 1
	for i >= 0 && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
		i--
	}
	return i != start-1 && i >= 0 && (text[i] == '.' || text[i] == ':')
}

func asciiTokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// tokenRune reports whether unicode61 takes r (outside ASCII) into tokens.
func tokenRune(r rune) bool {
	if r < rune(len(latinTokens)) {
		return latinTokens[r]
	}
	return tableToken(r)
}

// latinTokens holds tableToken of U+0000-U+036F, as latinFolds does tableFold.
var latinTokens = func() (t [0x370]bool) {
	for r := range rune(len(t)) {
		t[r] = tableToken(r)
	}
	return t
}()

// tableToken looks r up in unicode61Tokens.
func tableToken(r rune) bool {
	t := unicode61Tokens[:]
	i, _ := slices.BinarySearchFunc(t, r, func(rr runeRange, r rune) int { return cmp.Compare(rr.hi, r) })
	return i < len(t) && t[i].lo <= r
}

// runeRange is an inclusive range of characters.
type runeRange struct{ lo, hi rune }

// runeFold is what unicode61 folds a character to; -1 when it drops it.
type runeFold struct{ from, to rune }

// foldToken appends the folded form of token tok (lowercase, Latin diacritics removed) to buf.
func foldToken(buf []byte, tok string) []byte {
	for i := 0; i < len(tok); {
		c := tok[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(tok[i:])
		i += size
		if r = foldRune(r); r >= 0 {
			buf = utf8.AppendRune(buf, r)
		}
	}
	return buf
}

// foldRune is what unicode61 folds r (outside ASCII) to: lower case without Latin
// diacritics, or -1 for a combining mark it drops. The Latin blocks come from a table.
func foldRune(r rune) rune {
	if r < rune(len(latinFolds)) {
		return latinFolds[r]
	}
	return tableFold(r)
}

// latinFolds holds tableFold of U+0000-U+036F (Latin-1, Latin Extended-A and B, IPA, the
// combining marks), where most folding of a recovery article's text happens.
var latinFolds = func() (t [0x370]rune) {
	for r := range rune(len(t)) {
		t[r] = tableFold(r)
	}
	return t
}()

// tableFold looks r up in unicode61Folds.
func tableFold(r rune) rune {
	t := unicode61Folds[:]
	if i, ok := slices.BinarySearchFunc(t, r, func(f runeFold, r rune) int { return cmp.Compare(f.from, r) }); ok {
		return t[i].to
	}
	return r
}

// maxStemCache bounds the memo of stems; past it, the memo starts afresh.
const maxStemCache = 200_000

// stemMemo remembers the stem of each folded token seen: an article's vocabulary repeats.
var stemMemo = struct {
	sync.RWMutex
	m map[string]string
}{m: map[string]string{}}

// stem is the porter stem of folded token f (f itself when FTS5 would not stem it or when it
// is not ASCII).
func stem(f []byte) string {
	if len(f) < 3 || len(f) > 64 {
		return string(f)
	}
	stemMemo.RLock()
	s, ok := stemMemo.m[string(f)]
	stemMemo.RUnlock()
	if ok {
		return s
	}
	s = string(f)
	for _, c := range f {
		if c >= utf8.RuneSelf {
			return s
		}
	}
	s = string(porter.StemWithoutLowerCasing([]rune(s)))
	stemMemo.Lock()
	if len(stemMemo.m) >= maxStemCache {
		stemMemo.m = map[string]string{}
	}
	stemMemo.m[string(f)] = s
	stemMemo.Unlock()
	return s
}
