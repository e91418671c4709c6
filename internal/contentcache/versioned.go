package contentcache

import "sync/atomic"

// Versioned keeps one value for the newest content version (Cache.Version) asked for: state
// derived from the public content, such as the list order or the search terms' scores, that
// stays right until the next invalidation. The zero value is ready to use.
type Versioned[T any] struct{ cur atomic.Pointer[versioned[T]] }

type versioned[T any] struct {
	version uint64
	value   *T
}

// For returns the value of version, built with fresh when it is not held yet. A value built
// for a version older than the one held is handed out but not kept, so a slow request that
// read the version before an invalidation cannot throw away the current state.
func (v *Versioned[T]) For(version uint64, fresh func() *T) *T {
	for {
		cur := v.cur.Load()
		if cur != nil && cur.version == version {
			return cur.value
		}
		next := &versioned[T]{version: version, value: fresh()}
		if cur != nil && cur.version > version {
			return next.value
		}
		if v.cur.CompareAndSwap(cur, next) {
			return next.value
		}
	}
}
