package storage_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"recoverycms/internal/storage"
)

// TestWatchDataVersionSeesOnlyOtherConnections: a commit through another connection is
// reported, one through the watched connection is not.
func TestWatchDataVersionSeesOnlyOtherConnections(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "data.db")
	watched, err := storage.Connect(path)
	if err != nil {
		t.Fatal(err)
	}
	defer watched.Close()
	watched.DB().SetMaxOpenConns(1)
	other, err := storage.Connect(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := watched.NewQuery("CREATE TABLE t (x)").Execute(); err != nil {
		t.Fatal(err)
	}

	var changes atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go storage.WatchDataVersion(ctx, watched, 10*time.Millisecond, func() { changes.Add(1) })
	time.Sleep(50 * time.Millisecond)

	if _, err := watched.NewQuery("INSERT INTO t VALUES (1)").Execute(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if n := changes.Load(); n != 0 {
		t.Fatalf("a commit on the watched connection itself was reported %d times", n)
	}
	if _, err := other.NewQuery("INSERT INTO t VALUES (2)").Execute(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for changes.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("a commit by another connection was not reported")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
