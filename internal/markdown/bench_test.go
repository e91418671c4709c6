package markdown

import (
	"os"
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
