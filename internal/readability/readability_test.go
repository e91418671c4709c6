package readability

import (
	"math"
	"testing"
)

// measure reads plain paragraphs (one block each) that are also their own markdown source.
func measure(t *testing.T, blocks ...string) Report {
	t.Helper()
	return NewText(joinBlocks(blocks), blocks).Measure()
}

func joinBlocks(blocks []string) string {
	src := ""
	for i, b := range blocks {
		if i > 0 {
			src += "\n\n"
		}
		src += b
	}
	return src
}

// TestGradeOfKnownTexts compares the grade of texts whose syllables were counted from a
// dictionary (the want column, from Grade with those counts) with the estimate.
func TestGradeOfKnownTexts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text                string
		words, sentences, dictSyl int
	}{
		{"everyday advice",
			"If you are worried about your drinking, talk to your GP. They can help you find support near you. Many people cut down with a little help from friends and family.",
			31, 3, 41},
		{"service description",
			"Our team offers free and confidential advice to anyone affected by alcohol or drugs. You can call us, visit a local centre or chat online. We will listen without judging you and help you choose the next step.",
			38, 3, 56},
		{"clinical summary",
			"Pharmacological interventions for opioid use disorder, including methadone maintenance and buprenorphine, demonstrate considerable effectiveness in reducing mortality, although accessibility remains inconsistent across jurisdictions.",
			23, 1, 72},
	}
	for _, c := range cases {
		rep := measure(t, c.text)
		if rep.Words != c.words || rep.Sentences != c.sentences {
			t.Errorf("%s: %d words in %d sentences, want %d in %d", c.name, rep.Words, rep.Sentences, c.words, c.sentences)
		}
		want := Grade(c.words, c.sentences, c.dictSyl)
		if math.Abs(rep.Grade-want) > 0.6 {
			t.Errorf("%s: grade %.1f, want %.1f within 0.6", c.name, rep.Grade, want)
		}
		if age := int(math.Round(max(0, want) + 5)); abs(rep.ReadingAge-age) > 1 {
			t.Errorf("%s: reading age %d, want about %d", c.name, rep.ReadingAge, age)
		}
	}
}

// TestReadingAgeRange gives a very simple text the lowest age and a dense one a high age,
// and no text an age of 0.
func TestReadingAgeRange(t *testing.T) {
	t.Parallel()
	if rep := measure(t, "The cat sat on the mat. The dog ran to the park. We had fun."); rep.ReadingAge != 5 || rep.Grade != 0 {
		t.Errorf("simple text: age %d, grade %.1f; want 5 and 0", rep.ReadingAge, rep.Grade)
	}
	dense := "Notwithstanding considerable methodological heterogeneity, systematic evaluations consistently demonstrate that pharmacotherapeutic maintenance substantially diminishes mortality."
	if rep := measure(t, dense); rep.ReadingAge < 20 {
		t.Errorf("dense text: age %d, want at least 20", rep.ReadingAge)
	}
	if rep := measure(t); rep.ReadingAge != 0 || rep.Words != 0 || rep.LongSentences == nil {
		t.Errorf("no text: %+v", rep)
	}
}

// TestSentences cuts at sentence ends but not at abbreviations, initials, decimals or a full
// stop before a lower-case word, and ends a sentence at every block.
func TestSentences(t *testing.T) {
	t.Parallel()
	cases := []struct {
		blocks []string
		want   int
	}{
		{[]string{"One. Two! Three? Four…"}, 4},
		{[]string{"Dr. Patel and J. Smith said it costs 1.5 times more, e.g. for rent."}, 1},
		{[]string{`"Are you sure?" she asked. "Yes."`}, 2},
		{[]string{"Getting help", "Call us today", "Text us"}, 3},
		{[]string{"..."}, 0},
	}
	for _, c := range cases {
		if got := measure(t, c.blocks...).Sentences; got != c.want {
			t.Errorf("%q: %d sentences, want %d", c.blocks, got, c.want)
		}
	}
}

// TestSyllables checks the estimate against a dictionary on common words of the articles.
func TestSyllables(t *testing.T) {
	t.Parallel()
	dict := map[string]int{
		"the": 1, "recovery": 4, "alcohol": 3, "disorder": 3, "people": 2, "treatment": 2,
		"addiction": 3, "naloxone": 3, "hope": 1, "hoped": 1, "hopes": 1, "wanted": 2,
		"boxes": 2, "table": 2, "whole": 1, "worried": 2, "someone": 2, "family": 3,
		"support": 2, "little": 2, "medication": 4, "places": 2, "changes": 2, "lives": 1,
		"needed": 2, "used": 1, "uses": 2, "don't": 1, "free": 1, "canoe": 2, "you": 1,
		"yes": 1, "every": 3, "relapse": 2, "confidential": 4, "2024": 1, "made": 1, "time": 1,
		"centre": 2, "more": 1, "anyone": 3,
	}
	wrong := 0
	for w, n := range dict {
		if got := syllables(w); got != n {
			wrong++
			t.Logf("%s: %d syllables, dictionary %d", w, got, n)
		}
	}
	if wrong > len(dict)/10 {
		t.Errorf("%d of %d words wrong, want at most 10%%", wrong, len(dict))
	}
}

func abs(n int) int { return max(n, -n) }
