package hooks_test

import (
	"net/http"
	"testing"
	"time"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/loadgen"
)

// benchArticles is the size of the benchmark database.
const benchArticles = 10000

// BenchmarkPublicAPI seeds one app with 10,000 generated articles of about 8 KB and measures
// the list, slug, search and feed handlers and the site's pages through the real router, each uncached (the
// response cache emptied before every request, so the handler and its queries run) and
// cached (answered from memory).
func BenchmarkPublicAPI(b *testing.B) {
	app := hookstest.New(b) // removed when the benchmark ends
	started := time.Now()
	if err := loadgen.Seed(app, loadgen.Options{Articles: benchArticles, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d articles in %s", benchArticles, time.Since(started).Round(time.Millisecond))
	lr := newLiveRouter(b, app)

	for _, c := range []struct{ name, path string }{
		{"ListArticles", "/api/cms/articles"},
		{"ListArticlesDeepPage", "/api/cms/articles?page=400&perPage=20"},
		{"ListArticlesByTopic", "/api/cms/articles?topic=ketamine"},
		{"ArticleBySlug", "/api/cms/articles/generated-article-5000"},
		// A word 100 of the 10,000 articles contain, next to a common one.
		{"Search", "/api/cms/search?q=relapses+marker42"},
		// The worst case: two words every article contains many times.
		{"SearchCommonWords", "/api/cms/search?q=relapses+naloxone"},
		// The reading site's pages, built from the same answers.
		{"PageHome", "/"},
		{"PageArticle", "/articles/generated-article-5000"},
		{"PageSearch", "/search?q=relapses+marker42"},
		{"FeedRSS", "/feed.xml"},
		{"FeedJSON", "/feed.json"},
	} {
		b.Run(c.name+"/uncached", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				hooks.InvalidateContentCache(app)
				if rec := lr.get(c.path); rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body.String())
				}
			}
		})
		b.Run(c.name+"/cached", func(b *testing.B) {
			b.ReportAllocs()
			lr.get(c.path) // fill the cache before timing
			for b.Loop() {
				if rec := lr.get(c.path); rec.Code != http.StatusOK {
					b.Fatalf("%d", rec.Code)
				}
			}
		})
	}
}
