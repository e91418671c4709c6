package search

import "testing"

// TestQueryIsPlainTerms: nothing in a visitor's input acts as FTS5 syntax.
func TestQueryIsPlainTerms(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"ketamine":                   `"ketamine"`,
		`say "hi" NEAR(a b) -x OR *`: `"say" """hi""" "NEAR(a" "b)" "-x" "OR"`,
		"title:secret":               `"title:secret"`,
		"* - ()":                     "",
		"  ":                         "",
		"a\uE000b\uE001c":            `"abc"`,
		"re\x00lapse\x1f\x7fx":       `"re" "lapse" "x"`,
	}
	for in, want := range cases {
		if got := Query(in); got != want {
			t.Errorf("Query(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestHighlightEscapesBeforeMarking(t *testing.T) {
	t.Parallel()
	if got := highlight("<b>" + markOpen + "relapse" + markClose + "</b>"); got != "&lt;b&gt;<mark>relapse</mark>&lt;/b&gt;" {
		t.Errorf("highlight = %s", got)
	}
}
