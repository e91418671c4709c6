package contentcache

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"recoverycms/internal/compress"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestGetPutInvalidate(t *testing.T) {
	t.Parallel()
	c := New(Options{})
	if _, v, ok := c.Get("a"); ok || v != 0 {
		t.Fatal("hit in an empty cache")
	}
	_, v, _ := c.Get("a")
	c.Put("a", v, NewEntry("text/plain", []byte("one")))
	e, _, ok := c.Get("a")
	if !ok || string(e.Body) != "one" || e.ETag == "" || e.ETag[0] != '"' {
		t.Fatalf("miss after put: %+v", e)
	}
	c.Invalidate()
	if _, _, ok := c.Get("a"); ok {
		t.Fatal("hit after invalidate")
	}
	if c.Len() != 0 {
		t.Fatal("entries survive an invalidation")
	}
}

func TestPutAfterInvalidationIsDropped(t *testing.T) {
	t.Parallel()
	c := New(Options{})
	_, v, _ := c.Get("a")
	c.Invalidate() // content changed while the response was being built
	c.Put("a", v, NewEntry("text/plain", []byte("stale")))
	if _, _, ok := c.Get("a"); ok {
		t.Fatal("a response built before an invalidation was cached")
	}
}

func TestETagFollowsBody(t *testing.T) {
	t.Parallel()
	a, b, a2 := NewEntry("x", []byte("a")), NewEntry("x", []byte("b")), NewEntry("x", []byte("a"))
	if a.ETag == b.ETag || a.ETag != a2.ETag {
		t.Fatalf("etags: %s %s %s", a.ETag, b.ETag, a2.ETag)
	}
}

func TestExpiresAtTheNextScheduledChange(t *testing.T) {
	t.Parallel()
	clk := &fakeClock{now: time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC)}
	goLive := clk.now.Add(time.Hour)
	asked := 0
	c := New(Options{Now: clk.Now, NextChange: func(now time.Time) (time.Time, error) {
		asked++
		if now.Before(goLive) {
			return goLive, nil
		}
		return time.Time{}, nil
	}})
	_, v, _ := c.Get("k")
	c.Put("k", v, NewEntry("x", []byte("before")))
	clk.Add(59*time.Minute + 59*time.Second)
	if _, _, ok := c.Get("k"); !ok {
		t.Fatal("expired early")
	}
	clk.Add(time.Second)
	if _, _, ok := c.Get("k"); ok {
		t.Fatal("still cached at the go-live time")
	}
	_, v, _ = c.Get("k")
	c.Put("k", v, NewEntry("x", []byte("after")))
	clk.Add(24 * time.Hour)
	if e, _, ok := c.Get("k"); !ok || string(e.Body) != "after" {
		t.Fatal("nothing more is scheduled, the new entry should stay")
	}
	if asked < 2 {
		t.Fatalf("NextChange asked %d times", asked)
	}
}

func TestNextChangeErrorStoresNothing(t *testing.T) {
	t.Parallel()
	var heard error
	c := New(Options{
		NextChange: func(time.Time) (time.Time, error) { return time.Time{}, errors.New("db down") },
		OnError:    func(err error) { heard = err },
	})
	_, v, _ := c.Get("k")
	c.Put("k", v, NewEntry("x", []byte("body")))
	if _, _, ok := c.Get("k"); ok || heard == nil {
		t.Fatal("cached without knowing the next scheduled change")
	}
}

func TestMaxEntries(t *testing.T) {
	t.Parallel()
	c := New(Options{MaxEntries: 2})
	for _, k := range []string{"a", "b", "c"} {
		_, v, _ := c.Get(k)
		c.Put(k, v, NewEntry("x", []byte(k)))
	}
	if c.Len() > 2 {
		t.Fatalf("%d entries", c.Len())
	}
	small := New(Options{MaxBytes: 10})
	for _, k := range []string{"a", "b", "c"} {
		_, v, _ := small.Get(k)
		small.Put(k, v, NewEntry("x", []byte("12345")))
	}
	if small.Len() > 2 {
		t.Fatalf("%d entries of 5 bytes under a 10-byte budget", small.Len())
	}
	_, v, _ := small.Get("big")
	small.Put("big", v, NewEntry("x", make([]byte, 11)))
	if _, _, ok := small.Get("big"); ok {
		t.Fatal("a body larger than the budget was cached")
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	c := New(Options{NextChange: func(time.Time) (time.Time, error) { return time.Time{}, nil }})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				key := string(rune('a' + i%5))
				if _, v, ok := c.Get(key); !ok {
					c.Put(key, v, NewEntry("x", []byte(key)))
				}
				if i%97 == 0 {
					c.Invalidate()
				}
			}
		}()
	}
	wg.Wait()
	if e, v, ok := c.Get("a"); ok && string(e.Body) != "a" || v == 0 {
		t.Fatalf("entry %v, version %d", e, v)
	}
}

func TestEntryCompressesOncePerCoding(t *testing.T) {
	t.Parallel()
	body := []byte(strings.Repeat("<item><title>Recovery</title></item>", 100))
	e := NewEntry("application/rss+xml; charset=utf-8", body)
	if !e.Varies() || e.Choose("gzip, br") != compress.Brotli || e.Choose("gzip") != compress.Gzip || e.Choose("") != compress.Identity {
		t.Fatalf("negotiation: varies %v, %q, %q", e.Varies(), e.Choose("gzip, br").Token(), e.Choose("gzip").Token())
	}
	tags := map[string]bool{e.ETagOf(compress.Identity): true, e.ETagOf(compress.Gzip): true, e.ETagOf(compress.Brotli): true}
	if len(tags) != 3 || e.ETagOf(compress.Identity) != e.ETag || e.ETagOf(compress.Gzip) != strings.TrimSuffix(e.ETag, `"`)+`-gz"` {
		t.Errorf("ETags per representation: %v", tags)
	}
	if e.Compressions() != 0 {
		t.Fatal("compressed before anyone asked")
	}
	var wg sync.WaitGroup
	for range 50 {
		for _, enc := range []compress.Encoding{compress.Gzip, compress.Brotli, compress.Identity} {
			wg.Go(func() {
				if got := e.BodyOf(enc); enc != compress.Identity && !bytes.Equal(got, e.BodyOf(enc)) {
					t.Error("two calls gave different bytes")
				}
			})
		}
	}
	wg.Wait()
	if e.Compressions() != 2 {
		t.Errorf("%d compressions for 150 requests in two codings, want 2", e.Compressions())
	}
	if !bytes.Equal(e.BodyOf(compress.Identity), body) || len(e.BodyOf(compress.Gzip)) >= len(body) {
		t.Error("identity changed or gzip did not shrink")
	}
}

func TestSmallOrBinaryEntriesStayIdentity(t *testing.T) {
	t.Parallel()
	small := NewEntry("application/json", []byte(`{"items":[]}`))
	if !small.Varies() || small.Choose("gzip, br") != compress.Identity || small.ETagOf(compress.Gzip) != small.ETag {
		t.Error("a tiny JSON body is offered compressed")
	}
	img := NewEntry("image/png", bytes.Repeat([]byte{1}, 4096))
	if img.Varies() || img.Choose("gzip") != compress.Identity || img.Compressions() != 0 {
		t.Error("an image is offered compressed")
	}
	img.BodyOf(compress.Gzip)
	if img.Compressions() != 0 {
		t.Error("an image was compressed")
	}
}

func TestAFloodOfOneOffResponsesKeepsTheAskedForOnes(t *testing.T) {
	c := New(Options{MaxEntries: 4})
	put := func(key string) {
		_, v, _ := c.Get(key)
		c.Put(key, v, NewEntry("text/plain", []byte(key)))
	}
	put("/popular")
	if _, _, ok := c.Get("/popular"); !ok {
		t.Fatal("popular page not cached")
	}
	// One-off misses fill the cache again and again; the popular page is asked for in between.
	for i := range 20 {
		put("/search?q=" + string(rune('a'+i)))
		if _, _, ok := c.Get("/popular"); !ok {
			t.Fatalf("popular page evicted by one-off %d", i)
		}
	}
	if n := c.Len(); n > 4 {
		t.Fatalf("%d entries, bound 4", n)
	}
	// When everything was asked for, the cache still stays within its bound.
	for _, k := range []string{"/a", "/b", "/c", "/d", "/e"} {
		put(k)
		c.Get(k)
	}
	if n := c.Len(); n > 4 {
		t.Fatalf("%d entries, bound 4", n)
	}
}

// TestVersionedKeepsTheNewestVersion: a value is built once per version; a caller still on an
// older version gets a fresh value without replacing the newer one.
func TestVersionedKeepsTheNewestVersion(t *testing.T) {
	t.Parallel()
	var v Versioned[int]
	builds := 0
	fresh := func() *int { builds++; n := builds; return &n }
	if a, b := v.For(2, fresh), v.For(2, fresh); a != b || builds != 1 {
		t.Fatalf("version 2 built %d times", builds)
	}
	if old := v.For(1, fresh); *old != 2 {
		t.Fatalf("an older version got %d", *old)
	}
	if cur := v.For(2, fresh); *cur != 1 {
		t.Fatalf("an older version replaced the current value (got %d)", *cur)
	}
	if next := v.For(3, fresh); *next != 3 || v.For(3, fresh) != next {
		t.Fatal("a newer version did not replace the held one")
	}
}

// TestKeysCountAgainstMaxBytes: a key holds the request's query, which a visitor chooses, so
// long keys with small bodies must not grow the cache past MaxBytes either.
func TestKeysCountAgainstMaxBytes(t *testing.T) {
	t.Parallel()
	const budget = 1 << 20
	c := New(Options{MaxBytes: budget, MaxEntries: 10000})
	var keys []string
	for i := range 200 {
		key := fmt.Sprintf("/api/cms/search?q=%d%s", i, strings.Repeat("x", 100<<10))
		keys = append(keys, key)
		_, v, _ := c.Get(key)
		c.Put(key, v, NewEntry("application/json", []byte(`{"items":[]}`)))
	}
	held := 0
	for _, k := range keys {
		if e, _, ok := c.Get(k); ok {
			held += len(k) + len(e.Body)
		}
	}
	if held > budget || c.Len() == 0 {
		t.Fatalf("%d entries hold %d bytes of keys and bodies, budget %d", c.Len(), held, budget)
	}
}
