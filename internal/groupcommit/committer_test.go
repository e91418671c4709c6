package groupcommit

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// newApp is a real PocketBase app (its system schema only, in a fresh data dir) with one plain
// table whose primary key lets a submission fail at commit time.
func newApp(t *testing.T) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	if _, err := app.DB().NewQuery("CREATE TABLE gc_items (id TEXT PRIMARY KEY NOT NULL)").Execute(); err != nil {
		t.Fatal(err)
	}
	return app
}

func insert(tx core.App, id string) error {
	_, err := tx.NonconcurrentDB().NewQuery("INSERT INTO gc_items (id) VALUES ({:id})").Bind(map[string]any{"id": id}).Execute()
	return err
}

func stored(t *testing.T, app core.App) map[string]bool {
	t.Helper()
	var ids []string
	if err := app.DB().NewQuery("SELECT id FROM gc_items").Column(&ids); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// waitQueued waits until n submissions wait behind the running batch.
func waitQueued(t *testing.T, c *Committer, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		queued := c.Waiting()
		if queued == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d submissions queued, want %d", queued, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// batchTest holds the lead with a first submission that blocks, queues the given submissions
// behind it in order, then lets everything run. It returns each queued submission's error and
// the transaction each one ran in.
func batchTest(t *testing.T, c *Committer, app core.App, fns ...func(tx core.App) error) ([]error, []core.App) {
	t.Helper()
	release := make(chan struct{})
	inFirst := make(chan struct{})
	firstDone := make(chan error, 1)
	go func() {
		firstDone <- c.Run(app, func(tx core.App) error {
			close(inFirst)
			<-release
			return insert(tx, "first")
		})
	}()
	<-inFirst

	errs := make([]error, len(fns))
	txs := make([]core.App, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = c.Run(app, func(tx core.App) error {
				txs[i] = tx
				return fn(tx)
			})
		}()
		waitQueued(t, c, i+1)
	}
	close(release)
	wg.Wait()
	if err := <-firstDone; err != nil {
		t.Fatalf("first submission: %v", err)
	}
	return errs, txs
}

func TestOneFailingSubmissionFailsOnlyItself(t *testing.T) {
	app := newApp(t)
	c := New(0, nil)
	errs, txs := batchTest(t, c, app,
		func(tx core.App) error { return insert(tx, "a") },
		func(tx core.App) error {
			if err := insert(tx, "b"); err != nil {
				return err
			}
			return insert(tx, "a") // a unique constraint failure at commit time
		},
		func(tx core.App) error { return insert(tx, "c") },
	)
	if errs[0] != nil || errs[2] != nil {
		t.Fatalf("the valid submissions failed: %v, %v", errs[0], errs[2])
	}
	if errs[1] == nil {
		t.Fatal("the conflicting submission succeeded")
	}
	if txs[0] != txs[1] || txs[1] != txs[2] {
		t.Fatal("the queued submissions did not share one transaction")
	}
	got := stored(t, app)
	for _, id := range []string{"first", "a", "c"} {
		if !got[id] {
			t.Errorf("row %q of a committed submission is missing", id)
		}
	}
	if got["b"] {
		t.Error("a write of the failed submission was committed")
	}
}

func TestStorageFaultFailsTheWholeBatch(t *testing.T) {
	app := newApp(t)
	fault := errors.New("disk I/O error")
	c := New(0, func(err error) bool { return errors.Is(err, fault) })
	errs, _ := batchTest(t, c, app,
		func(tx core.App) error { return insert(tx, "a") },
		func(tx core.App) error { return fmt.Errorf("saving: %w", fault) },
		func(tx core.App) error { return insert(tx, "c") },
	)
	for i, err := range errs {
		if !errors.Is(err, fault) {
			t.Errorf("submission %d: got %v, want the storage fault", i, err)
		}
	}
	got := stored(t, app)
	if got["a"] || got["c"] {
		t.Errorf("rows of a failed transaction were committed: %v", got)
	}
	if !got["first"] {
		t.Error("the earlier batch was lost")
	}
}

func TestBatchIsBounded(t *testing.T) {
	app := newApp(t)
	c := New(2, nil)
	errs, txs := batchTest(t, c, app,
		func(tx core.App) error { return insert(tx, "a") },
		func(tx core.App) error { return insert(tx, "b") },
		func(tx core.App) error { return insert(tx, "c") },
	)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("submission %d: %v", i, err)
		}
	}
	if txs[0] != txs[1] || txs[1] == txs[2] {
		t.Fatal("batches of at most 2 expected: a and b together, c in the next")
	}
	if got := stored(t, app); len(got) != 4 {
		t.Fatalf("stored %v", got)
	}
}

func TestPanicIsRaisedInItsSubmitter(t *testing.T) {
	app := newApp(t)
	c := New(0, nil)
	var recovered any
	func() {
		defer func() { recovered = recover() }()
		_ = c.Run(app, func(tx core.App) error {
			_ = insert(tx, "a")
			panic("boom")
		})
	}()
	if recovered != "boom" {
		t.Fatalf("recovered %v, want the submission's panic", recovered)
	}
	if err := c.Run(app, func(tx core.App) error { return insert(tx, "b") }); err != nil {
		t.Fatalf("the committer did not recover from the panic: %v", err)
	}
	if got := stored(t, app); got["a"] || !got["b"] {
		t.Fatalf("stored %v, want only b", got)
	}
}

func TestInsideATransactionJoinsIt(t *testing.T) {
	app := newApp(t)
	c := New(0, nil)
	err := app.RunInTransaction(func(outer core.App) error {
		if err := c.Run(outer, func(tx core.App) error {
			if tx != outer {
				t.Error("the submission did not run in the caller's transaction")
			}
			return insert(tx, "a")
		}); err != nil {
			return err
		}
		return errors.New("caller rolls back")
	})
	if err == nil {
		t.Fatal("expected the caller's error")
	}
	if got := stored(t, app); got["a"] {
		t.Fatal("a write committed despite the caller's rollback")
	}
}
