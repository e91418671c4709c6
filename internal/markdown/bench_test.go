package markdown

import (
	"os"
	"strings"
	"testing"
)

// BenchmarkRender measures the whole pipeline on a typical ~8 KB article.
func BenchmarkRender(b *testing.B) {
	src, err := os.ReadFile("testdata/article.md")
	if err != nil {
		b.Fatal(err)
	}
	r := New()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(string(src)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderParallel measures one shared Renderer under concurrent use,
// as the app uses it.
func BenchmarkRenderParallel(b *testing.B) {
	src, err := os.ReadFile("testdata/article.md")
	if err != nil {
		b.Fatal(err)
	}
	r := New()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.Render(string(src)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRender8KB is BenchmarkRender under the name the load target uses.
func BenchmarkRender8KB(b *testing.B) { BenchmarkRender(b) }

// pathologicalInputs are MaxSourceBytes of the constructs that once cost
// seconds in goldmark's inline link parser: unclosed link and image openers.
func pathologicalInputs() map[string]string {
	fill := func(unit string) string { return strings.Repeat(unit, MaxSourceBytes/len(unit)) }
	return map[string]string{
		"brackets": fill("[]("),
		"links":    fill("[a]("),
		"images":   fill("![a]("),
	}
}

// heavyInputs are other 100 KB bodies that are costly after the link fix:
// 25,000 footnote references (linear, but every one becomes markup), and
// never-closed raw-text blocks, each of which makes Render parse again.
func heavyInputs() map[string]string {
	n := MaxSourceBytes
	return map[string]string{
		"footnotes": strings.Repeat("[^a]", n/4-4) + "\n\n[^a]: x\n",
		"rawblocks": strings.Repeat("[](", n/3-100) + "\n\n" + strings.Repeat("<style>\n\n", 20),
	}
}

// BenchmarkRenderPathological renders each pathological 100 KB body.
func BenchmarkRenderPathological(b *testing.B) {
	r := New()
	inputs := pathologicalInputs()
	for k, v := range heavyInputs() {
		inputs[k] = v
	}
	for _, name := range []string{"brackets", "links", "images", "footnotes", "rawblocks"} {
		src := inputs[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := r.Render(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
