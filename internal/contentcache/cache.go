// Package contentcache keeps the rendered bytes of public responses in memory, each with a
// strong ETag, and forgets them all at once when content changes. It knows nothing of
// PocketBase: the app tells it about changes through Invalidate and, for scheduled content,
// through a NextChange function that says when the public view will change by itself.
package contentcache

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"recoverycms/internal/compress"
)

// Memory bounds: when the cache holds this many responses, or this many body bytes, it drops
// the responses nobody asked for since the last time it was full (and starts afresh only
// when every one was asked for).
const (
	DefaultMaxEntries = 4096
	// 32 MB of bodies (about twice that in memory) holds every popular page many times over
	// and keeps the server within its 250 MB under a flood of one-off pages.
	DefaultMaxBytes = 32 << 20
)

// Entry is one cached response, in its exact bytes and in the compressed codings clients ask
// for. Each coding is built at most once per entry, on the first request that wants it, so a
// cache hit never compresses. Use it through a pointer (it holds sync.Once values).
type Entry struct {
	// ContentType is the response's Content-Type header.
	ContentType string
	// Body is the exact response body.
	Body []byte
	// ETag is a strong validator (a quoted hash of Body), so it changes whenever Body does.
	ETag string

	// varies is true when the content type is compressible: its answers carry
	// Vary: Accept-Encoding. offered is true when compressed codings are also worth sending.
	varies, offered bool
	encoded         [3]encoded // indexed by compress.Encoding; Identity's stays unused
	compressions    atomic.Int32
	// header values shared by every answer (capacity = length, so an Add elsewhere copies)
	etagValues        [3][]string
	contentTypeValues []string
	lengthValues      []string // Content-Length of Body
	// used records a Get since the cache was last full: a flood of one-off responses (random
	// search words, random pages) then evicts itself, not the pages readers keep asking for.
	used atomic.Bool
}

// encoded is one compressed representation of an Entry's body.
type encoded struct {
	once         sync.Once
	etag         string
	body         []byte
	lengthValues []string // Content-Length of body
}

// NewEntry builds an Entry and its ETags from a response body.
func NewEntry(contentType string, body []byte) *Entry {
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:16])
	e := &Entry{ContentType: contentType, Body: body, ETag: `"` + hash + `"`}
	e.varies = compress.Compressible(contentType)
	e.offered = compress.Worth(contentType, len(body))
	if e.offered {
		for _, enc := range []compress.Encoding{compress.Gzip, compress.Brotli} {
			e.encoded[enc].etag = `"` + hash + enc.ETagSuffix() + `"`
		}
	}
	for _, enc := range []compress.Encoding{compress.Identity, compress.Gzip, compress.Brotli} {
		e.etagValues[enc] = []string{e.ETagOf(enc)}
	}
	e.contentTypeValues = []string{contentType}
	e.lengthValues = []string{strconv.Itoa(len(body))}
	return e
}

// Header values of e ready to be put into an http.Header without allocating: the ETag of
// the representation in enc, and the Content-Type. Callers must not write into them.
func (e *Entry) ETagValues(enc compress.Encoding) []string { return e.etagValues[enc] }

// ContentTypeValues is the Content-Type header value of e, as ETagValues.
func (e *Entry) ContentTypeValues() []string { return e.contentTypeValues }

// Varies reports whether the entry's answers depend on Accept-Encoding (its content type is
// compressible), so that they must carry Vary: Accept-Encoding, 304s included.
func (e *Entry) Varies() bool { return e.varies }

// Choose returns the coding e is sent in for a request's Accept-Encoding header: Identity
// for small or incompressible bodies, else what compress.Negotiate picks.
func (e *Entry) Choose(acceptEncoding string) compress.Encoding {
	if !e.offered {
		return compress.Identity
	}
	return compress.Negotiate(acceptEncoding)
}

// ETagOf is the strong ETag of e's representation in enc ("<hash>-gz" for gzip), known
// without compressing, so a revalidation costs no compression.
func (e *Entry) ETagOf(enc compress.Encoding) string {
	if enc == compress.Identity || !e.offered {
		return e.ETag
	}
	return e.encoded[enc].etag
}

// BodyOf returns e's body in enc, compressing it on the first call for that coding only.
func (e *Entry) BodyOf(enc compress.Encoding) []byte {
	body, _ := e.Payload(enc)
	return body
}

// Payload is BodyOf with that body's Content-Length header value, shared like ETagValues,
// so an answer can say its length (no chunked framing) without formatting it each time.
func (e *Entry) Payload(enc compress.Encoding) (body []byte, contentLength []string) {
	if enc == compress.Identity || !e.offered {
		return e.Body, e.lengthValues
	}
	v := &e.encoded[enc]
	v.once.Do(func() {
		e.compressions.Add(1)
		v.body = compress.Encode(enc, e.Body)
		v.lengthValues = []string{strconv.Itoa(len(v.body))}
	})
	return v.body, v.lengthValues
}

// Compressions is how many times e's body has been compressed: at most once per coding,
// whatever the number of requests (tests check it; the metrics may report it).
func (e *Entry) Compressions() int { return int(e.compressions.Load()) }

// Options configure a Cache.
type Options struct {
	// Now is the clock; nil means time.Now. Tests inject their own to cross a publish time.
	Now func() time.Time
	// NextChange returns the earliest future moment at which the public content changes on
	// its own (a scheduled article going live), or the zero time when none is pending. It is
	// asked again after every Invalidate. Nil means content never changes by itself.
	NextChange func(now time.Time) (time.Time, error)
	// MaxEntries bounds the number of cached responses; zero means DefaultMaxEntries.
	MaxEntries int
	// MaxBytes bounds the total size of cached bodies and their keys (a key holds the
	// request's query, which a visitor chooses); zero means DefaultMaxBytes.
	MaxBytes int
	// OnError, when set, hears about NextChange failures (the cache then stores nothing).
	OnError func(error)
}

// Cache is safe for concurrent use. The zero value is not usable; call New.
type Cache struct {
	opts Options

	mu        sync.RWMutex
	version   uint64
	entries   map[string]*Entry
	bytes     int
	next      time.Time
	nextKnown bool

	hits, misses atomic.Uint64
}

// Stats returns how many lookups found an entry and how many did not, since start, for the
// metrics endpoint.
func (c *Cache) Stats() (hits, misses uint64) { return c.hits.Load(), c.misses.Load() }

// New returns an empty cache.
func New(opts Options) *Cache {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxEntries <= 0 {
		opts.MaxEntries = DefaultMaxEntries
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	return &Cache{opts: opts, entries: map[string]*Entry{}}
}

// Now is the cache's clock, shared with the queries that decide what is public.
func (c *Cache) Now() time.Time { return c.opts.Now() }

// Invalidate drops every cached response and forgets the next scheduled change. Call it after
// any change that can alter a public response (record saves, deletes, imports).
func (c *Cache) Invalidate() {
	c.mu.Lock()
	c.invalidateLocked()
	c.mu.Unlock()
}

func (c *Cache) invalidateLocked() {
	c.version++
	c.entries = map[string]*Entry{}
	c.bytes = 0
	c.nextKnown = false
	c.next = time.Time{}
}

// Version is a counter bumped by every invalidation, for callers that keep derived state.
func (c *Cache) Version() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.version
}

// Get returns the cached entry for key. On a miss it returns the version a later Put must
// carry, so a response built from data older than an invalidation is never stored. When the
// clock has passed the next scheduled change, everything cached is dropped first.
func (c *Cache) Get(key string) (*Entry, uint64, bool) {
	entry, version, ok := c.get(key)
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return entry, version, ok
}

func (c *Cache) get(key string) (*Entry, uint64, bool) {
	now := c.opts.Now()
	c.mu.RLock()
	known, next, version := c.nextKnown, c.next, c.version
	entry, ok := c.entries[key]
	c.mu.RUnlock()

	if !known {
		c.learnNextChange(version, now)
		c.mu.RLock()
		known, next, version = c.nextKnown, c.next, c.version
		entry, ok = c.entries[key]
		c.mu.RUnlock()
		if !known {
			return nil, 0, false
		}
	}
	if ok && !entry.used.Load() {
		entry.used.Store(true)
	}
	if !next.IsZero() && !now.Before(next) {
		c.mu.Lock()
		if c.version == version {
			c.invalidateLocked()
		}
		c.mu.Unlock()
		c.learnNextChange(c.Version(), now)
		return nil, c.Version(), false
	}
	return entry, version, ok
}

// learnNextChange asks NextChange and records the answer unless an invalidation intervened.
func (c *Cache) learnNextChange(version uint64, now time.Time) {
	var next time.Time
	if c.opts.NextChange != nil {
		t, err := c.opts.NextChange(now)
		if err != nil {
			if c.opts.OnError != nil {
				c.opts.OnError(err)
			}
			return
		}
		next = t
	}
	c.mu.Lock()
	if c.version == version && !c.nextKnown {
		c.next, c.nextKnown = next, true
	}
	c.mu.Unlock()
}

// Put stores entry under key if no invalidation happened since the Get that returned version.
func (c *Cache) Put(key string, version uint64, entry *Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version || !c.nextKnown {
		return
	}
	size := entrySize(key, entry)
	if size > c.opts.MaxBytes {
		return
	}
	if c.full(size) {
		c.evictUnusedLocked()
	}
	if c.full(size) {
		c.entries = map[string]*Entry{}
		c.bytes = 0
	}
	if old, ok := c.entries[key]; ok {
		c.bytes -= entrySize(key, old)
	}
	c.entries[key] = entry
	c.bytes += size
}

// entrySize is what an entry counts against MaxBytes: its body and its key.
func entrySize(key string, e *Entry) int { return len(key) + len(e.Body) }

// full reports whether adding a body of size would pass a bound. Called with c.mu held.
func (c *Cache) full(size int) bool {
	return len(c.entries) >= c.opts.MaxEntries || c.bytes+size > c.opts.MaxBytes
}

// evictUnusedLocked drops the entries no Get returned since the last eviction and starts the
// survivors' record afresh (a second-chance, or clock, eviction). Called with c.mu held.
func (c *Cache) evictUnusedLocked() {
	for k, e := range c.entries {
		if e.used.Swap(false) {
			continue
		}
		delete(c.entries, k)
		c.bytes -= entrySize(k, e)
	}
}

// Len is the number of cached responses.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}
