package contentapi

import (
	"encoding/base64"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// The public list's order, kept per content version.
//
// Why: OFFSET makes SQLite step over every row before the page (page 500 of 20 read 10,000
// index entries) and the total was a COUNT(*) over all of them, on every uncached request.
// The order of the public articles only changes when the content version does (a save, a
// delete, a scheduled article coming due; contentcache.Cache.Version), so a listOrder keeps,
// per version and filter, the (published_at, id) keys of every public article newest first:
// the total is its length, page N starts after key (N-1)*perPage, and the page itself is a
// keyset query that seeks the list index there and reads perPage rows. An ?after= cursor
// (opaque: the key of the last article a client saw) skips the page arithmetic entirely.

// listKey is the position of an article in the public list: newest first, then by id.
type listKey struct {
	PublishedAt string `db:"published_at"`
	ID          string `db:"id"`
}

// maxListOrders bounds the filters (all, one author, one topic) a version keeps keys for.
const maxListOrders = 256

// listOrder holds the public list's keys of one content version, per filter.
type listOrder struct {
	mu   sync.Mutex
	keys map[articleFilter][]listKey
}

// keysOf returns the keys of the articles public at now that match f, newest first, read
// once per content version.
func (api *API) keysOf(app core.App, f articleFilter, now time.Time) ([]listKey, error) {
	var version uint64
	if api.cache != nil {
		version = api.cache.Version()
	}
	lo := api.order.For(version, func() *listOrder { return &listOrder{keys: map[articleFilter][]listKey{}} })
	lo.mu.Lock()
	keys, ok := lo.keys[f]
	lo.mu.Unlock()
	if ok && api.cache != nil {
		return keys, nil
	}
	keys = []listKey{}
	err := app.ConcurrentDB().Select("articles.published_at", "articles.id").From("articles").
		Where(dbx.And(f.exps(now)...)).OrderBy("articles.published_at DESC", "articles.id DESC").All(&keys)
	if err != nil {
		return nil, err
	}
	lo.mu.Lock()
	if len(lo.keys) >= maxListOrders {
		lo.keys = map[articleFilter][]listKey{}
	}
	lo.keys[f] = keys
	lo.mu.Unlock()
	return keys, nil
}

// encodeCursor is the opaque ?after= value that continues the list after k.
func encodeCursor(k listKey) string {
	return base64.RawURLEncoding.EncodeToString([]byte(k.PublishedAt + "|" + k.ID))
}

// errBadCursor is a cursor this server did not make.
var errBadCursor = errors.New("malformed list cursor")

// decodeCursor reads an ?after= value made by encodeCursor.
func decodeCursor(s string) (listKey, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return listKey{}, errBadCursor
	}
	at, id, ok := strings.Cut(string(b), "|")
	if !ok || at == "" || id == "" || len(b) > 64 {
		return listKey{}, errBadCursor
	}
	return listKey{PublishedAt: at, ID: id}, nil
}

// after is the position in keys of the first article after k (len(keys) when none).
func after(keys []listKey, k listKey) int {
	lo, hi := 0, len(keys)
	for lo < hi {
		m := (lo + hi) / 2
		if keyBefore(keys[m], k) || keys[m] == k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// keyBefore reports whether a comes before b in the list (newer, or as new with a greater id).
func keyBefore(a, b listKey) bool {
	if a.PublishedAt != b.PublishedAt {
		return a.PublishedAt > b.PublishedAt
	}
	return a.ID > b.ID
}
