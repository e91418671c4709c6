// Package readability estimates how hard an article is to read and points out stigmatising
// words, for the editor's preview. It works on the visible text of the rendered article, one
// string per block (markdown.TextBlocks), so headings, list items and table cells are never
// read as one run-on sentence, and it locates what it reports in the markdown source.
//
// # Reading age
//
// The grade is the Flesch-Kincaid grade level,
//
//	0.39 * words/sentences + 11.8 * syllables/words - 15.59
//
// clamped at 0 (below that the formula means nothing). A US school grade is the pupil's age
// minus about 5, so the UK reading age is grade + 5, reported rounded to a whole year (the
// panel says "about N"); the grade itself is rounded to one decimal. A text with no words
// has grade and reading age 0.
//
// A word is a run of letters and digits, with apostrophes and hyphens inside it
// ("don't", "ex-partner" are one word each). A sentence ends at ".", "!", "?" or "…" (after
// any closing quotes or brackets) followed by a space or the end of the block, unless the
// next word starts with a lower-case letter or the full stop ends a title or abbreviation
// ("Dr.", "e.g.", a single capital initial); every block ends a sentence.
//
// Syllables are estimated for English, not looked up (see syllables): each run of vowels
// (a, e, i, o, u, y) is one syllable, less one for a final "e", "-ed" or "-es" after a
// consonant, which is taken to be silent ("hope", "hoped", "hopes") unless it is "-le" or "-re"
// after a consonant ("table", "centre"), "-ed" after t or d ("wanted") or "-es" after c, g, s, x, z, ch or sh
// ("boxes");
// every word has at least one, and a word of digits alone counts as one. On common prose the
// estimate is within a syllable or so per sentence of a dictionary's count.
//
// # Offsets
//
// Every start and end is a rune (Unicode code point) offset into the markdown source the
// preview was asked for, half-open: source[start:end] is the sentence or term as the editor
// wrote it, markup inside it included. Each word of the visible text is found in the source in
// order, as a whole word, starting where the previous one was found; a sentence or term whose
// first or last word cannot be found that way (text written as an HTML entity, a footnote
// defined before the text that cites it) has start and end -1 and is reported by its text
// alone. A browser's textarea counts UTF-16 code units, so the panel converts.
package readability
