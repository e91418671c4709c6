package markdown

import (
	"os"
	"strings"
	"sync"
	"testing"
)

// TestRenderIsDeterministic requires byte-identical output for the same
// markdown, across calls, across Renderers, and from concurrent goroutines
// sharing one Renderer (run with -race to check the sharing too).
func TestRenderIsDeterministic(t *testing.T) {
	t.Parallel()
	article, err := os.ReadFile("testdata/article.md")
	if err != nil {
		t.Fatal(err)
	}
	inputs := []string{string(article)}
	for _, tc := range goldenCases {
		inputs = append(inputs, tc.in)
	}
	inputs = append(inputs, loadCorpus(t, ownCorpus)...)

	shared := New()
	want := make([]Result, len(inputs))
	for i, src := range inputs {
		if want[i], err = shared.Render(src); err != nil {
			t.Fatalf("Render(%q): %v", src, err)
		}
		other, err := New().Render(src)
		if err != nil || !sameResult(other, want[i]) {
			t.Fatalf("a second Renderer differs for %q:\n got: %+v\nwant: %+v", src, other, want[i])
		}
	}

	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan string, workers*len(inputs))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(offset int) {
			defer wg.Done()
			for k := range inputs {
				i := (k + offset) % len(inputs)
				got, err := shared.Render(inputs[i])
				if err != nil || !sameResult(got, want[i]) {
					errs <- inputs[i]
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for src := range errs {
		t.Errorf("concurrent Render differs for %q", src)
	}
}

func sameResult(a, b Result) bool {
	if a.HTML != b.HTML || a.WordCount != b.WordCount || a.ReadingMinutes != b.ReadingMinutes ||
		a.Summary != b.Summary || a.PlainText != b.PlainText || len(a.TOC) != len(b.TOC) {
		return false
	}
	for i := range a.TOC {
		if a.TOC[i] != b.TOC[i] {
			return false
		}
	}
	return true
}

// TestNewBuildsIndependentPolicies guards the "no package global" rule: each
// Renderer owns its policy, so tests or callers can build their own.
func TestNewBuildsIndependentPolicies(t *testing.T) {
	t.Parallel()
	a, b := New(), New()
	if a.policy == nil || a.policy == b.policy {
		t.Fatalf("New must build a fresh policy per Renderer (got %p and %p)", a.policy, b.policy)
	}
}

// TestRenderIsDeterministicInRawTextElements covers pasted raw-text elements, inside which
// the generated heading ids are not attributes but text.
func TestRenderIsDeterministicInRawTextElements(t *testing.T) {
	t.Parallel()
	r := New()
	for _, src := range []string{
		"<xmp>\n\n## Heading\n\n</xmp>",
		"<textarea>\n\n## Heading [^1]\n\n</textarea>\n\n[^1]: note",
		"<plaintext>\n\n## Heading\n\n",
	} {
		first, err := r.Render(src)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 5; i++ {
			again, _ := New().Render(src)
			if again.HTML != first.HTML {
				t.Fatalf("%q renders differently:\n%s\n%s", src, first.HTML, again.HTML)
			}
		}
		if strings.Contains(first.HTML, idMarker([]byte(src))) {
			t.Fatalf("%q leaks the id marker: %s", src, first.HTML)
		}
	}
}
