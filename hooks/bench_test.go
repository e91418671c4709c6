package hooks_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/internal/loadgen"
	"recoverycms/internal/testapp"
)

// benchArticles is the size of the benchmark database.
const benchArticles = 10000

var (
	benchOnce sync.Once
	benchApp  *tests.TestApp
	benchLR   *liveRouter
)

// benchRouter seeds one app with 10,000 generated articles (once per test binary) and returns
// its live router.
func benchRouter(b *testing.B) *liveRouter {
	benchOnce.Do(func() {
		benchApp = testapp.NewUnmanaged(b)
		started := time.Now()
		if err := loadgen.Seed(benchApp, loadgen.Options{Articles: benchArticles, Seed: 1}); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %d articles in %s", benchArticles, time.Since(started).Round(time.Millisecond))
		benchLR = newLiveRouter(b, benchApp)
	})
	if benchLR == nil {
		b.Fatal("benchmark app unavailable")
	}
	return benchLR
}

// benchEndpoint measures path uncached (the response cache emptied before every request, so
// the handler and its queries run each time) and cached (answered from memory).
func benchEndpoint(b *testing.B, path string) {
	lr := benchRouter(b)
	b.Run("uncached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			hooks.InvalidateContentCache(benchApp)
			if rec := lr.get(path); rec.Code != http.StatusOK {
				b.Fatalf("%d %s", rec.Code, rec.Body.String())
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		lr.get(path) // fill the cache before timing
		for b.Loop() {
			if rec := lr.get(path); rec.Code != http.StatusOK {
				b.Fatalf("%d", rec.Code)
			}
		}
	})
}

func BenchmarkListArticles(b *testing.B) { benchEndpoint(b, "/api/cms/articles") }

func BenchmarkListArticlesDeepPage(b *testing.B) {
	benchEndpoint(b, "/api/cms/articles?page=400&perPage=20")
}

func BenchmarkListArticlesByTopic(b *testing.B) { benchEndpoint(b, "/api/cms/articles?topic=ketamine") }

func BenchmarkArticleBySlug(b *testing.B) {
	benchEndpoint(b, "/api/cms/articles/generated-article-5000")
}

// BenchmarkSearch looks for a word 100 of the 10,000 articles contain, next to a common one.
func BenchmarkSearch(b *testing.B) { benchEndpoint(b, "/api/cms/search?q=relapses+marker42") }

// BenchmarkSearchCommonWords is the worst case: two words every article contains many times.
func BenchmarkSearchCommonWords(b *testing.B) {
	benchEndpoint(b, "/api/cms/search?q=relapses+naloxone")
}

func BenchmarkFeedRSS(b *testing.B) { benchEndpoint(b, "/feed.xml") }

func BenchmarkFeedJSON(b *testing.B) { benchEndpoint(b, "/feed.json") }
