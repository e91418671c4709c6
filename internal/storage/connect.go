// Package storage opens the SQLite databases with the durability recoverycms needs.
package storage

import (
	"github.com/pocketbase/dbx"
	_ "modernc.org/sqlite"
)

// pragmas match PocketBase's defaults except synchronous=FULL and the page cache: in WAL mode
// NORMAL can lose the last acknowledged commits on power loss, and a callback lead answered
// with 2xx must survive that. Each connection keeps at most 8 MB of pages (PocketBase: 32 MB):
// the pool keeps up to 15 idle connections, and at 32 MB each a read flood that touched them
// all took the process past 250 MB; pages beyond it come from the OS's file cache. Transactions begin IMMEDIATE (_txlock): a deferred one that reads first and
// writes later fails at once with SQLITE_BUSY_SNAPSHOT (517, no busy wait, no retry) when
// another process committed in between, which an import running beside the server, or the
// server beside an import, then reports as "database is locked". Taking the write lock at
// BEGIN waits its turn under busy_timeout instead.
const pragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)" +
	"&_pragma=synchronous(FULL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-8000)" +
	"&_txlock=immediate"

// Connect opens dbPath for pocketbase.Config.DBConnect.
func Connect(dbPath string) (*dbx.DB, error) {
	return dbx.Open("sqlite", dbPath+pragmas)
}
