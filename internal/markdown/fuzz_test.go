package markdown

import (
	"testing"

	"recoverycms/internal/htmlcheck"
)

// FuzzRender feeds arbitrary markdown through Render and requires every
// invariant checkRendered knows: no error, HTML that htmlcheck accepts,
// Sanitize as a no-op on the output, and derived fields that agree with it.
// Seeded from the shared hostile corpus, this package's own corpus and the
// golden inputs, so `go test` alone replays all of them.
//
//	go test -fuzz=FuzzRender -fuzztime=60s ./internal/markdown
func FuzzRender(f *testing.F) {
	for _, src := range loadCorpus(f, publicCorpus) {
		f.Add(src)
	}
	for _, src := range loadCorpus(f, ownCorpus) {
		f.Add(src)
	}
	for _, tc := range goldenCases {
		f.Add(tc.in)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > MaxSourceBytes {
			t.Skip("callers reject bodies over MaxSourceBytes")
		}
		first := checkRendered(t, r, src)
		again, err := r.Render(src)
		if err != nil || !sameResult(first, again) {
			t.Errorf("Render(%q) is not deterministic:\n%q\n%q", src, first.HTML, again.HTML)
		}
	})
}

// FuzzSanitize feeds arbitrary HTML through Sanitize alone, the path other
// code uses for HTML that did not come from markdown.
//
//	go test -fuzz=FuzzSanitize -fuzztime=60s ./internal/markdown
func FuzzSanitize(f *testing.F) {
	for _, src := range loadCorpus(f, publicCorpus) {
		f.Add(src)
	}
	for _, src := range loadCorpus(f, ownCorpus) {
		f.Add(src)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		out := r.Sanitize(src)
		for _, v := range htmlcheck.Violations(out) {
			t.Errorf("Sanitize(%q) = %q is unsafe: %s", src, out, v)
		}
		if again := r.Sanitize(out); again != out {
			t.Errorf("Sanitize is not idempotent for %q:\n%q\n%q", src, out, again)
		}
	})
}
