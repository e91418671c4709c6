package markdown

import (
	"os"
	"reflect"
	"testing"
)

func TestTOCListsH2AndH3WithHTMLIDs(t *testing.T) {
	t.Parallel()
	src := "# Title\n\n## Getting *started*\n\n### Step [one](/one)\n\n#### Too deep\n\n## Getting started\n\n" +
		"> ## Quoted heading\n\n- ### In a list\n\n<h2>Pasted, no id</h2>\n\n## `code` & more\n"
	res := checkRendered(t, New(), src)
	want := []Heading{
		{Level: 2, ID: "h-getting-started", Text: "Getting started"},
		{Level: 3, ID: "h-step-one", Text: "Step one"},
		{Level: 2, ID: "h-getting-started-1", Text: "Getting started"},
		{Level: 2, ID: "h-quoted-heading", Text: "Quoted heading"},
		{Level: 3, ID: "h-in-a-list", Text: "In a list"},
		{Level: 2, ID: "h-code-more", Text: "code & more"},
	}
	if !reflect.DeepEqual(res.TOC, want) {
		t.Errorf("TOC\n got: %+v\nwant: %+v", res.TOC, want)
	}
}

func TestTOCOfArticle(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/article.md")
	if err != nil {
		t.Fatal(err)
	}
	res := checkRendered(t, New(), string(src))
	wantIDs := []string{
		"h-why-the-first-ninety-days-matter",
		"h-what-changes-in-the-first-week",
		"h-what-changes-by-the-end-of-the-first-month",
		"h-building-a-daily-routine",
		"h-handling-cravings",
		"h-sleep-in-early-recovery",
		"h-talking-to-family-and-friends",
		"h-setting-boundaries",
		"h-when-things-go-wrong",
		"h-finding-the-right-kind-of-help",
		"h-looking-after-your-physical-health",
		"h-money-work-and-practical-worries",
		"h-questions-people-often-ask",
		"h-planning-for-the-next-ninety-days",
	}
	var got []string
	for _, h := range res.TOC {
		got = append(got, h.ID)
	}
	if !reflect.DeepEqual(got, wantIDs) {
		t.Errorf("TOC ids\n got: %q\nwant: %q", got, wantIDs)
	}
	if res.TOC[1].Level != 3 || res.TOC[1].Text != "What changes in the first week" {
		t.Errorf("TOC[1] = %+v", res.TOC[1])
	}
}

func TestTOCEmptyWithoutHeadings(t *testing.T) {
	t.Parallel()
	res := checkRendered(t, New(), "Just a paragraph.\n\n# Only an h1\n")
	if res.TOC == nil || len(res.TOC) != 0 {
		t.Errorf("TOC = %#v, want an empty, non-nil slice (JSON [])", res.TOC)
	}
}
