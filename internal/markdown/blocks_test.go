package markdown

import (
	"reflect"
	"strings"
	"testing"
)

// TestTextBlocksKeepBlocksApart cuts the rendered text at headings, list items and table
// cells, and joins them back into exactly the plain text that word counts use.
func TestTextBlocksKeepBlocksApart(t *testing.T) {
	t.Parallel()
	src := "## Getting help\n\nCall **us** today.\nWe listen.\n\n- one item\n- two\n\n| A | B |\n|---|---|\n| x | y |\n\nA note.[^1]\n\n[^1]: The source."
	res, err := New().Render(src)
	if err != nil {
		t.Fatal(err)
	}
	got := TextBlocks(res.HTML)
	want := []string{"Getting help", "Call us today. We listen.", "one item", "two", "A", "B", "x", "y", "A note.", "The source."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TextBlocks = %q\nwant %q", got, want)
	}
	if joined := strings.Join(got, " "); joined != res.PlainText {
		t.Errorf("joined blocks %q differ from PlainText %q", joined, res.PlainText)
	}
}
