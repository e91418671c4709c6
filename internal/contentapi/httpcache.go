package contentapi

import (
	"database/sql"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"recoverycms/internal/compress"
	"recoverycms/internal/contentcache"
)

// publicCacheControl lets browsers and CDNs reuse a public response for a minute and serve
// it stale while revalidating for five more.
const publicCacheControl = "public, max-age=60, stale-while-revalidate=300"

// slowRequest is the duration above which a successful public GET is still logged.
const slowRequest = 500 * time.Millisecond

// skipSuccessLogKey is the request-store key PocketBase's activity logger reads to leave a
// successful request out of the logs (apis.SkipSuccessActivityLog sets the same key).
const skipSuccessLogKey = "__skipSuccessActivityLogger"

// QuietSuccessLog keeps fast successful public GETs out of the request log: at thousands of
// requests a second a row each would cost more than serving them. Errors and slow requests
// are still logged.
func QuietSuccessLog(e *core.RequestEvent) error {
	started := time.Now()
	err := e.Next()
	if err == nil && time.Since(started) < slowRequest {
		e.Set(skipSuccessLogKey, true)
	}
	return err
}

// builder renders one public response: its content type and exact body.
type builder func(e *core.RequestEvent) (contentType string, body []byte, err error)

// cached serves build's response from the in-memory cache when it can, with a strong ETag,
// the public Cache-Control header and 304 for a matching If-None-Match. Errors are never cached.
// The cache key is the path plus only the query parameters the handler reads (params), in a
// fixed order, so junk parameters cannot multiply entries.
func (api *API) cached(build builder, params ...string) func(*core.RequestEvent) error {
	return api.cachedAs(build, refuseJSON, func(e *core.RequestEvent) string { return cacheKey(e.Request.URL, params) })
}

// cachedAs is cached with the cache key made by keyOf and refuse writing the answer to a miss
// the admission gate turns away.
func (api *API) cachedAs(build builder, refuse func(*core.RequestEvent) error, keyOf func(*core.RequestEvent) string) func(*core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		key := keyOf(e)
		entry, version, ok := api.cache.Get(key)
		if !ok {
			var err error
			if entry, err = api.miss(e, build, key, version, refuse); err == errRefusalSent {
				return nil
			} else if err != nil {
				return serverFault(e, err)
			}
		}
		return writeCached(e.Response, e.Request, entry)
	}
}

// faultMessage answers a build that failed for a reason of ours that is not storage.
const faultMessage = "Something went wrong on our side; please try again in a moment."

// serverFault passes on a build's answer for the request (an ApiError: bad input, not
// found), errNoPage and sql.ErrNoRows (not found), and makes anything else a 500 with
// Retry-After: PocketBase would answer a plain error 400, telling a client its request was
// wrong. A storage fault inside stays findable, so storefault still answers it 503; the
// activity log records the cause as for any failed request.
func serverFault(e *core.RequestEvent, err error) error {
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) || errors.Is(err, errNoPage) || errors.Is(err, sql.ErrNoRows) {
		return err
	}
	e.Response.Header().Set("Retry-After", "1")
	e.Response.Header().Set("Cache-Control", "no-store")
	fault := router.NewApiError(http.StatusInternalServerError, faultMessage, err)
	fault.Data = map[string]any{}
	return fault
}

// writeCached answers r with entry in the coding its Accept-Encoding asks for (brotli, gzip
// or identity, compress.Negotiate): that representation's ETag, the public Cache-Control
// header, Vary: Accept-Encoding when the entry is compressible, and either a 304 for a
// matching If-None-Match or the body with its content type and Content-Encoding (the same
// writes as e.NoContent and e.Blob). The router's handler and the fast path both answer
// through it.
func writeCached(w http.ResponseWriter, r *http.Request, entry *contentcache.Entry) error {
	return writeEntry(w, r, entry, true)
}

// writeEntry is writeCached; addVary false means the caller has set Vary already.
func writeEntry(w http.ResponseWriter, r *http.Request, entry *contentcache.Entry, addVary bool) error {
	h := w.Header()
	enc := entry.Choose(r.Header.Get("Accept-Encoding"))
	etag := entry.ETagOf(enc)
	h["Etag"] = entry.ETagValues(enc) // shared values: set without allocating
	h["Cache-Control"] = publicCacheControlValues
	if addVary && entry.Varies() {
		h.Add("Vary", "Accept-Encoding")
	}
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if h.Get("Content-Type") == "" {
		h["Content-Type"] = entry.ContentTypeValues()
	}
	if enc != compress.Identity {
		h["Content-Encoding"] = contentEncoding[enc]
	}
	body, length := entry.Payload(enc)
	if enc == compress.Identity && len(body) > netHTTPBuffered {
		h["Content-Length"] = length
	}
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(body)
	return err
}

// netHTTPBuffered is how much of a body net/http holds before it must choose between
// Content-Length and chunked framing: a body that fits is sent with a Content-Length it
// computes itself. A larger plain body gets its length set here, so it is not chunked. A
// compressed answer (small, and one key more: Content-Encoding) is left to net/http: a
// ninth header key makes the fresh header map of every request grow, which measured
// costlier than chunked framing (bench/targets/compress.sh, article over gzip: 0.69 of the
// bare server with the header, 0.81 without).
const netHTTPBuffered = 2048

// publicCacheControlValues is publicCacheControl as a shared header value.
var publicCacheControlValues = []string{publicCacheControl}

// contentEncoding holds the shared Content-Encoding header values (nothing writes into them;
// the capacity is the length, so an Add elsewhere copies).
var contentEncoding = [...][]string{
	compress.Gzip:   {"gzip"},
	compress.Brotli: {"br"},
}

// cacheKey is the path followed by each param's values, in params order.
func cacheKey(u *url.URL, params []string) string {
	if len(params) == 0 {
		return u.Path
	}
	var q url.Values // nil, read as empty, when there is no query: no map to parse and allocate
	if u.RawQuery != "" {
		q = u.Query()
	}
	var b strings.Builder
	b.Grow(len(u.Path) + 8*len(params))
	b.WriteString(u.Path)
	for _, p := range params {
		b.WriteByte('?')
		b.WriteString(p)
		for _, v := range q[p] {
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}

// etagMatches applies If-None-Match's weak comparison: a list of tags or "*".
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, part := range strings.Split(header, ",") {
		tag := strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if tag == "*" || tag == etag {
			return true
		}
	}
	return false
}
