package markdown

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"recoverycms/internal/htmlcheck"
)

// publicCorpus is the shared hostile corpus maintained beside the repos.
const publicCorpus = "../../../shared/xss/public-corpus.json"

// ownCorpus holds this package's extra hostile cases.
const ownCorpus = "testdata/hostile.json"

// loadCorpus reads a JSON array of markdown strings. A missing or empty file
// fails the test: silently skipping would turn the security check off.
func loadCorpus(tb testing.TB, path string) []string {
	tb.Helper()
	data, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		tb.Fatalf("hostile corpus %s is required: %v", path, err)
	}
	var entries []string
	if err := json.Unmarshal(data, &entries); err != nil {
		tb.Fatalf("hostile corpus %s: %v", path, err)
	}
	if len(entries) == 0 {
		tb.Fatalf("hostile corpus %s is empty", path)
	}
	return entries
}

func TestPublicCorpusIsSafe(t *testing.T) {
	t.Parallel()
	entries := loadCorpus(t, publicCorpus)
	if len(entries) < 81 {
		t.Fatalf("public corpus has %d entries, want at least 81", len(entries))
	}
	r := New()
	for _, src := range entries {
		checkRendered(t, r, src)
	}
}

func TestOwnCorpusIsSafe(t *testing.T) {
	t.Parallel()
	r := New()
	for _, src := range loadCorpus(t, ownCorpus) {
		checkRendered(t, r, src)
	}
}

// TestCorpusSanitizeIsSafe runs the corpus through Sanitize alone, as other
// code will for HTML that did not come from markdown.
func TestCorpusSanitizeIsSafe(t *testing.T) {
	t.Parallel()
	r := New()
	for _, src := range append(loadCorpus(t, publicCorpus), loadCorpus(t, ownCorpus)...) {
		out := r.Sanitize(src)
		for _, v := range htmlcheck.Violations(out) {
			t.Errorf("Sanitize(%q) = %q is unsafe: %s", src, out, v)
		}
	}
}

// TestHostileByteInput covers input JSON cannot carry: invalid UTF-8 and NULs.
func TestHostileByteInput(t *testing.T) {
	t.Parallel()
	r := New()
	for _, src := range []string{
		"\xff\xfe<img src=x onerror=alert(1)>",
		"a\x00<script>alert(1)</script>\x00b",
		"<a href=\"java\x00script:alert(1)\">x</a>",
		"<a href=\"\x01javascript:alert(1)\">x</a>",
		"[x](java\x00script:alert(1))",
		"## \xc3\x28 bad\n\n<h2 id=\"h-\xff\">x</h2>",
		strings.Repeat("\r", 10) + "<svg onload=alert(1)>\r\n",
	} {
		checkRendered(t, r, src)
	}
}
