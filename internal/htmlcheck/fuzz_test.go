package htmlcheck

import (
	"slices"
	"testing"
)

// FuzzViolations makes sure the checker itself never panics on hostile
// markup and reports the same findings every time.
func FuzzViolations(f *testing.F) {
	for _, seed := range []string{
		`<p>ok</p>`, `<script>x</script>`, `<a href="javascript:x">`, `<svg onload=x>`,
		`<body onload=x>`, `<h2 id="h-x">t</h2>`, `<!-- c -->`, `<a href="https://e.org" rel="nofollow noopener noreferrer">`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, fragment string) {
		if a, b := Violations(fragment), Violations(fragment); !slices.Equal(a, b) {
			t.Errorf("Violations(%q) is not deterministic: %q vs %q", fragment, a, b)
		}
	})
}
