package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

func TestSlugify(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"Location":                  "location",
		"Über uns":                  "uber-uns",
		"  Getting   Started!  ":    "getting-started",
		"Don't panic":               "dont-panic",
		"Don’t panic":               "dont-panic",
		"Straße & Æsir":             "strasse-aesir",
		"Crème brûlée":              "creme-brulee",
		"Łódź":                      "lodz",
		"ﬁnding ＡＢＣ":                "finding-abc",
		"Step 1: call 0800-123":     "step-1-call-0800-123",
		"__proto__":                 "proto",
		"日本語":                       "",
		"🙂":                         "",
		"":                          "",
		"a--b__c":                   "a-b-c",
		"<script>alert(1)</script>": "script-alert-1-script",
	}
	for in, want := range cases {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlugifyCapsLengthAtAWord(t *testing.T) {
	t.Parallel()
	got := slugify(strings.Repeat("recovery ", 20))
	if len(got) > maxSlugBytes || strings.HasSuffix(got, "-") || !strings.HasSuffix(got, "recovery") {
		t.Errorf("slugify(long) = %q (%d bytes), want whole words within %d bytes", got, len(got), maxSlugBytes)
	}
	one := slugify(strings.Repeat("a", 200))
	if len(one) != maxSlugBytes {
		t.Errorf("slugify(one long word) has %d bytes, want %d", len(one), maxSlugBytes)
	}
}

func TestHeadingIDsAreUniqueAndStable(t *testing.T) {
	t.Parallel()
	ids := newHeadingIDs()
	ids.Put([]byte("h-reserved"))
	var got []string
	for _, text := range []string{"Intro", "Intro", "intro!", "Intro 1", "", "?", "Reserved", "Intro"} {
		got = append(got, string(ids.Generate([]byte(text), ast.KindHeading)))
	}
	want := []string{"h-intro", "h-intro-1", "h-intro-2", "h-intro-1-1", "h-section", "h-section-1", "h-reserved-1", "h-intro-3"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ids\n got: %q\nwant: %q", got, want)
	}
}

// TestManyDuplicateHeadingsStayFast guards the per-base counter: numbering
// thousands of identical headings must not be quadratic. It asserts the
// result, not a timing; a regression shows up as a very slow test.
func TestManyDuplicateHeadingsStayFast(t *testing.T) {
	t.Parallel()
	ids := newHeadingIDs()
	var last []byte
	for i := 0; i < 50000; i++ {
		last = ids.Generate([]byte("FAQ"), ast.KindHeading)
	}
	if string(last) != "h-faq-49999" {
		t.Errorf("last id = %q, want h-faq-49999", last)
	}
}
