package storage

import (
	"context"
	"time"

	"github.com/pocketbase/dbx"
)

// WatchDataVersion calls onChange whenever SQLite's data_version on db changes, checking
// every interval until ctx ends. data_version moves when a connection other than the one
// asking commits, so on the server's write connection it reveals exactly the commits of other
// processes (`recoverycms import`, `leads erase`, sqlite3), which no hook of the server sees.
// A recycled connection starts its own count, which reads as one more change: harmless for a
// caller that only drops caches.
func WatchDataVersion(ctx context.Context, db dbx.Builder, interval time.Duration, onChange func()) {
	read := func() (int64, bool) {
		var v int64
		if err := db.NewQuery("PRAGMA data_version").WithContext(ctx).Row(&v); err != nil {
			return 0, false
		}
		return v, true
	}
	last, ok := read()
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		v, got := read()
		if !got {
			continue
		}
		if ok && v != last {
			onChange()
		}
		last, ok = v, true
	}
}
