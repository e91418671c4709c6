package readability

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func defaultChecker(t *testing.T) *Checker {
	t.Helper()
	c, err := NewChecker(DefaultTerms())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestHintsFlagged finds each stigmatising term, plurals and any case included, at offsets
// that point at it in the markdown source.
func TestHintsFlagged(t *testing.T) {
	t.Parallel()
	c := defaultChecker(t)
	cases := []struct{ src, text, term, suggestion string }{
		{"**Addicts** deserve care.", "Addicts", "addict", "person with a substance use disorder, or person who uses drugs"},
		{"Treatment for substance abuse works.", "substance abuse", "substance abuse", "substance use"},
		{"Treatment for substance\nabuse works.", "substance abuse", "substance abuse", "substance use"},
		{"She gave a clean urine test.", "clean", "clean", "testing negative"},
		{"His sample came back dirty.", "dirty", "dirty", "testing positive"},
		{"Was she clean on the drug-test?", "clean", "clean", "testing negative"},
		{"Some abusers seek help.", "abusers", "abuser", "person who uses drugs"},
		{"My dad was an alcoholic.", "alcoholic", "alcoholic", "person with alcohol use disorder"},
		{"Nobody is a junkie.", "junkie", "junkie", "person who uses drugs"},
		{"Calling it a drug habit hurts.", "drug habit", "drug habit", "substance use disorder"},
		{"An ex-addict's story.", "addict", "addict", "person with a substance use disorder, or person who uses drugs"},
	}
	for _, tc := range cases {
		hints := c.Hints(rendered(t, tc.src))
		if len(hints) != 1 {
			t.Errorf("%q: hints = %+v, want one", tc.src, hints)
			continue
		}
		h := hints[0]
		if h.Text != tc.text || h.Term != tc.term || h.Suggestion != tc.suggestion || h.Note == "" {
			t.Errorf("%q: %+v", tc.src, h)
		}
		if at := strings.Join(strings.Fields(runeSlice(tc.src, h.Start, h.End)), " "); at != tc.text {
			t.Errorf("%q: source[%d:%d] = %q, want %q", tc.src, h.Start, h.End, at, tc.text)
		}
	}
}

// TestHintsNotFlagged leaves alone the same words in other senses, longer words that contain
// a term, and words the guidance does not object to.
func TestHintsNotFlagged(t *testing.T) {
	t.Parallel()
	c := defaultChecker(t)
	for _, src := range []string{
		"Clean the kitchen before the visit.",
		"Wash the dirty dishes.",
		"Clean the kitchen. Then take the test.", // the test is in another sentence
		"Clean the kitchen before the big test.", // and more than three words away
		"Relapse is part of many people's recovery.",
		"Addiction is a treatable condition; she was addicted to opioids.",
		"Substance use disorder is common.",
		"<!-- an addict --> A note in a comment.",
		"See [help](https://example.org/addict) today.",
	} {
		if hints := c.Hints(rendered(t, src)); len(hints) != 0 {
			t.Errorf("%q: hints = %+v, want none", src, hints)
		}
	}
}

// TestHintsInOrder reports every use in the order of the text, "substance abuser" as an
// abuser only.
func TestHintsInOrder(t *testing.T) {
	t.Parallel()
	src := "## Junkies and addicts\n\nA substance abuser is a person. Clean tests matter."
	hints := defaultChecker(t).Hints(rendered(t, src))
	var got []string
	for _, h := range hints {
		got = append(got, h.Text)
	}
	if strings.Join(got, ",") != "Junkies,addicts,abuser,Clean" {
		t.Errorf("hints = %q", got)
	}
}

// TestLanguageListFromFile replaces the default list with a file's, and refuses a list with a
// term that has no suggestion.
func TestLanguageListFromFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "terms.json")
	if err := os.WriteFile(path, []byte(`[{"term":"user","suggestion":"person who uses drugs","note":"House style."}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := FromEnv(func(k string) string {
		if k == LanguageHintsFileEnv {
			return path
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	hints := c.Hints(rendered(t, "Users and addicts."))
	if len(hints) != 1 || hints[0].Text != "Users" || hints[0].Note != "House style." {
		t.Errorf("hints = %+v, want only Users", hints)
	}
	if def, err := FromEnv(func(string) string { return "" }); err != nil || len(def.terms) != len(DefaultTerms()) {
		t.Errorf("unset: %v, %v", def, err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`[{"term":"user"}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := FromEnv(func(string) string { return bad }); err == nil {
		t.Error("a term without a suggestion was accepted")
	}
	if _, err := FromEnv(func(string) string { return filepath.Join(dir, "missing.json") }); err == nil {
		t.Error("a missing file was accepted")
	}
	var none *Checker
	if hints := none.Hints(rendered(t, "addicts")); hints == nil || len(hints) != 0 {
		t.Errorf("nil checker: %v", hints)
	}
}
