package readability

import (
	"strings"
	"testing"

	"recoverycms/internal/markdown"
)

// rendered reads src the way the preview does: through the markdown pipeline's own text.
func rendered(t *testing.T, src string) *Text {
	t.Helper()
	res, err := markdown.New().Render(src)
	if err != nil {
		t.Fatal(err)
	}
	return NewText(src, markdown.TextBlocks(res.HTML))
}

// runeSlice is src[start:end] in runes, the way the offsets count.
func runeSlice(src string, start, end int) string {
	r := []rune(src)
	if start < 0 || end > len(r) || start > end {
		return "<out of range>"
	}
	return string(r[start:end])
}

const longSentence = "When you first ask for **help** it can feel like a very big step, but our " +
	"[support workers](https://example.org/support) have walked this road with many people and will " +
	"stay with you for as long as you need them."

// TestLongSentenceOffsetsPointAtTheSentence lists only the sentence over 25 words, with its
// offsets in runes into the markdown source covering it exactly, markup included, after a
// heading, a list and text that is not ASCII.
func TestLongSentenceOffsetsPointAtTheSentence(t *testing.T) {
	t.Parallel()
	src := "## Getting help — today\n\n- Call us\n- Café drop-in\n\nShort one here. " + longSentence + " Another short one.\n"
	rep := rendered(t, src).Measure()
	if len(rep.LongSentences) != 1 {
		t.Fatalf("long sentences = %+v, want one", rep.LongSentences)
	}
	got := rep.LongSentences[0]
	if got.Words != 37 {
		t.Errorf("words = %d, want 37", got.Words)
	}
	if !strings.HasPrefix(got.Text, "When you first ask for help it") || !strings.HasSuffix(got.Text, "need them.") {
		t.Errorf("text = %q", got.Text)
	}
	if at := runeSlice(src, got.Start, got.End); at != longSentence {
		t.Errorf("source[%d:%d] = %q\nwant %q", got.Start, got.End, at, longSentence)
	}
	if rep.Sentences != 6 {
		t.Errorf("sentences = %d, want 6 (heading, two items, three in the paragraph)", rep.Sentences)
	}
}

// TestHeadingsAndItemsDoNotMerge keeps a run of short headings, items and cells short, though
// together they have more than 25 words and no full stop.
func TestHeadingsAndItemsDoNotMerge(t *testing.T) {
	t.Parallel()
	var src strings.Builder
	for range 6 {
		src.WriteString("## A heading of five words\n\n- an item of five words\n\n| a cell of four | and another one |\n|---|---|\n| x | y |\n\n")
	}
	if rep := rendered(t, src.String()).Measure(); len(rep.LongSentences) != 0 || rep.Sentences != 6*6 {
		t.Errorf("sentences = %d, long = %+v; want 36 and none", rep.Sentences, rep.LongSentences)
	}
}

// TestUnfoundTextHasNoOffsets reports a sentence whose first word the source does not spell
// out (an HTML entity) by its text alone, and finds the words after a long comment again.
func TestUnfoundTextHasNoOffsets(t *testing.T) {
	t.Parallel()
	src := "Caf&eacute; " + strings.Repeat("word ", 26) + "end.\n\n<!-- " + strings.Repeat("note ", 400) + "-->\n\n" + longSentence
	rep := rendered(t, src).Measure()
	if len(rep.LongSentences) != 2 {
		t.Fatalf("long sentences = %+v, want two", rep.LongSentences)
	}
	if first := rep.LongSentences[0]; first.Start != -1 || first.End != -1 || !strings.HasPrefix(first.Text, "Café word") {
		t.Errorf("sentence starting with an entity: %+v", first)
	}
	if second := rep.LongSentences[1]; runeSlice(src, second.Start, second.End) != longSentence {
		t.Errorf("after a long comment: source[%d:%d] = %q", second.Start, second.End, runeSlice(src, second.Start, second.End))
	}
}
