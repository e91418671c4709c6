package exporter

import "testing"

// TestNormalizeBodyWritesWhatAnImportStores: the body in a file is exactly what an import of
// the file stores, so a second export of that import gives the same bytes.
func TestNormalizeBodyWritesWhatAnImportStores(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                        "",
		"\n\n":                    "",
		"Text":                    "Text\n",
		"\n\n## Heading\n\nText":  "## Heading\n\nText\n",
		"One\r\nTwo\r\n":          "One\nTwo\n",
		"One\rTwo\r\r\nThree":     "One\nTwo\n\nThree\n",
		"Ends in blank lines\n\n": "Ends in blank lines\n\n",
	} {
		if got := normalizeBody(in); got != want {
			t.Errorf("normalizeBody(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEncodeIsStable: fields in struct order, two-space lists, quoted times, a blank line
// before the body and no body section when there is none.
func TestEncodeIsStable(t *testing.T) {
	t.Parallel()
	type doc struct {
		Title  string   `yaml:"title"`
		Topics []string `yaml:"topics,omitempty"`
		At     string   `yaml:"at,omitempty"`
	}
	got, err := encode(doc{Title: "Ketamine: a guide", Topics: []string{"b", "a"}, At: "2026-07-21T08:30:00Z"}, "Body")
	want := "---\ntitle: 'Ketamine: a guide'\ntopics:\n  - b\n  - a\nat: \"2026-07-21T08:30:00Z\"\n---\n\nBody\n"
	if err != nil || string(got) != want {
		t.Errorf("encode = %q, %v\nwant %q", got, err, want)
	}
	got, _ = encode(doc{Title: "Topic"}, "")
	if string(got) != "---\ntitle: Topic\n---\n" {
		t.Errorf("encode without body = %q", got)
	}
}
