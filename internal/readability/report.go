package readability

import "math"

// LongSentenceWords is the most words a sentence may have before the editor is shown it.
const LongSentenceWords = 25

// Report is the readability part of a preview.
type Report struct {
	// ReadingAge is the UK reading age, Grade + 5, rounded to a whole year; 0 for no text.
	ReadingAge int `json:"reading_age"`
	// Grade is the Flesch-Kincaid grade level, at least 0, rounded to one decimal.
	Grade     float64 `json:"grade"`
	Words     int     `json:"words"`
	Sentences int     `json:"sentences"`
	// LongSentences are the sentences of more than LongSentenceWords words, in order.
	LongSentences []LongSentence `json:"long_sentences"`
}

// LongSentence is one sentence the editor may want to split.
type LongSentence struct {
	Text string `json:"text"`
	// Start and End are rune offsets into the markdown source, or -1 (see the package comment).
	Start int `json:"start"`
	End   int `json:"end"`
	Words int `json:"words"`
}

// Measure computes the reading age and lists the long sentences of t.
func (t *Text) Measure() Report {
	rep := Report{Words: len(t.words), Sentences: len(t.sentences), LongSentences: []LongSentence{}}
	if rep.Words == 0 {
		return rep
	}
	syl := 0
	for _, w := range t.words {
		syl += syllables(w.text)
	}
	grade := max(0, Grade(rep.Words, rep.Sentences, syl))
	rep.Grade = math.Round(grade*10) / 10
	rep.ReadingAge = int(math.Round(grade + 5))
	for _, s := range t.sentences {
		if n := s.last - s.first + 1; n > LongSentenceWords {
			start, end := t.span(s.block, s.start, s.end)
			rep.LongSentences = append(rep.LongSentences, LongSentence{Text: t.text(s), Start: start, End: end, Words: n})
		}
	}
	return rep
}

// Grade is the Flesch-Kincaid grade level of a text with these counts.
func Grade(words, sentences, syllables int) float64 {
	if words == 0 || sentences == 0 {
		return 0
	}
	return 0.39*float64(words)/float64(sentences) + 11.8*float64(syllables)/float64(words) - 15.59
}
