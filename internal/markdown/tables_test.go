package markdown

import (
	"errors"
	"recoverycms/internal/htmlcheck"
	"strings"
	"testing"
)

func TestHugeTablesAreRefused(t *testing.T) {
	t.Parallel()
	r := New()
	wide := "|" + strings.Repeat("a|", 2000) + "\n|" + strings.Repeat("-|", 2000) + "\n" + strings.Repeat("|x\n", 3000)
	quoted := "> |a|b|\n> |" + strings.Repeat("-|", 500) + "\n" + strings.Repeat("> x\n", 200)
	listed := "- |a|\n  |" + strings.Repeat("-|", 300) + "\n" + strings.Repeat("  x\n", 200)
	for name, src := range map[string]string{"wide": wide, "in a quote": quoted, "in a list": listed} {
		if _, err := r.Render(src); !errors.Is(err, ErrTooComplex) {
			t.Errorf("%s: err = %v, want ErrTooComplex", name, err)
		}
	}
}

func TestOrdinaryTablesRender(t *testing.T) {
	t.Parallel()
	r := New()
	src := "| Day | What to expect |\n| --- | :-- |\n" + strings.Repeat("| 1 | Cravings |\n", 200)
	res, err := r.Render(src)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(res.HTML, "<tr>") != 201 {
		t.Fatalf("got %d rows", strings.Count(res.HTML, "<tr>"))
	}
}

func TestTableCellBoundNeverUndercounts(t *testing.T) {
	t.Parallel()
	// goldmark pads 3000 rows to 2000 columns here; the bound must see at least that.
	src := "|" + strings.Repeat("a|", 2000) + "\n|" + strings.Repeat("-|", 2000) + "\n" + strings.Repeat("|x\n", 3000)
	if got := paddedCellBound(src); got < 1999*3000 && got <= MaxPaddedTableCells {
		t.Fatalf("bound %d", got)
	}
}

// TestOpenTagsAreClosed keeps a pasted, never-closed tag from spilling into the page.
func TestOpenTagsAreClosed(t *testing.T) {
	t.Parallel()
	r := New()
	for _, src := range []string{
		`<a href="https://evil.example/login">`,
		"<table><td>cell",
		"<em><strong>text",
	} {
		res, err := r.Render(src)
		if err != nil {
			t.Fatal(err)
		}
		if v := htmlcheck.Violations(res.HTML); len(v) > 0 {
			t.Errorf("Render(%q) = %q: %v", src, res.HTML, v)
		}
	}
}

// TestDescribeMatchesRender checks that deriving from stored HTML gives what Render gave.
func TestDescribeMatchesRender(t *testing.T) {
	t.Parallel()
	r := New()
	res, err := r.Render("First *paragraph* here.\n\n## Part one\n\nMore words.\n")
	if err != nil {
		t.Fatal(err)
	}
	got := Describe(res.HTML)
	if got.Summary != res.Summary || got.WordCount != res.WordCount || len(got.TOC) != len(res.TOC) || got.PlainText != res.PlainText {
		t.Fatalf("Describe = %+v, Render = %+v", got, res)
	}
}
