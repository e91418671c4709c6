// Package groupcommit commits concurrent writes in one SQLite transaction, so that they share
// one fsync. With synchronous=FULL every commit waits for the disk; a request that waits for
// its own commit alone caps the write rate at the disk's flush rate and makes requests queue
// behind each other's fsyncs. A Committer lets whatever was submitted while the previous
// transaction was committing go into the next one, each submission in a savepoint of its own,
// and answers each only after that transaction has committed (or failed).
package groupcommit

import (
	"errors"
	"fmt"
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// DefaultMaxBatch bounds how many submissions share one transaction, so one batch's write
// lock is held for a bounded time and a reader never waits long.
const DefaultMaxBatch = 128

// Committer groups submissions into shared transactions. Its zero value is not usable; build
// it with New. It holds no goroutine of its own: the first submitter to find no transaction
// running leads the next batch, and hands the lead to a waiting submitter after the batch, so
// nothing needs to be started or stopped with the app.
type Committer struct {
	maxBatch int
	// fatal reports whether a submission's error means the shared transaction itself is
	// broken (a storage fault), so the whole batch fails instead of that submission alone.
	fatal func(error) bool

	mu      sync.Mutex
	queue   []*job
	running bool
}

// job is one submission waiting for its transaction.
type job struct {
	app core.App
	fn  func(tx core.App) error
	// signals carries either the lead (lead == true) or the submission's outcome.
	signals chan signal
	err     error
	panic   any
}

type signal struct {
	lead bool
}

// New returns a Committer of at most maxBatch submissions per transaction (DefaultMaxBatch when
// maxBatch < 1); fatal (nil means none) tells which errors of a submission abort its whole batch.
func New(maxBatch int, fatal func(error) bool) *Committer {
	if maxBatch < 1 {
		maxBatch = DefaultMaxBatch
	}
	if fatal == nil {
		fatal = func(error) bool { return false }
	}
	return &Committer{maxBatch: maxBatch, fatal: fatal}
}

// Waiting reports how many submissions wait for the next transaction (not counting the batch
// being committed): how a caller or a test sees that submissions are being grouped.
func (c *Committer) Waiting() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.queue)
}

// savepoint is the name of each submission's savepoint inside the shared transaction.
const savepoint = "rcms_groupcommit"

// Run runs fn inside a transaction of app's database, in a savepoint of its own, and returns
// once that transaction has ended: nil means fn's writes are committed (and the transaction's
// after-commit callbacks, such as PocketBase's response writes and after-success hooks, have
// run). When fn returns an error only fn's writes are rolled back and Run returns that error;
// the other submissions of the batch still commit. When the transaction itself fails (a
// storage fault, a failed commit) every submission of the batch gets that error.
//
// fn runs on another goroutine while Run's caller waits, so it must use only the tx it is given
// and state the caller does not touch until Run returns. A panic in fn is raised again in Run's
// caller. When app is already inside a transaction, fn simply runs in it (there is nothing to
// group: the caller's transaction decides when to commit).
func (c *Committer) Run(app core.App, fn func(tx core.App) error) error {
	if app.IsTransactional() {
		return app.RunInTransaction(fn)
	}
	j := &job{app: app, fn: fn, signals: make(chan signal, 2)}
	c.mu.Lock()
	c.queue = append(c.queue, j)
	lead := !c.running
	c.running = true
	c.mu.Unlock()
	if lead {
		c.lead()
	}
	for {
		if s := <-j.signals; s.lead {
			c.lead()
			continue
		}
		if j.panic != nil {
			panic(j.panic)
		}
		return j.err
	}
}

// lead commits the next batch, then hands the lead to the first submitter still waiting, so a
// leader is answered after its own batch rather than after every batch that follows.
func (c *Committer) lead() {
	c.mu.Lock()
	batch := c.takeBatch()
	c.mu.Unlock()

	c.commit(batch)

	c.mu.Lock()
	if len(c.queue) == 0 {
		c.running = false
		c.mu.Unlock()
	} else {
		next := c.queue[0]
		c.mu.Unlock()
		next.signals <- signal{lead: true}
	}
	for _, j := range batch {
		j.signals <- signal{}
	}
}

// takeBatch removes from the queue the first submissions of one app, at most maxBatch.
// The caller holds c.mu.
func (c *Committer) takeBatch() []*job {
	app := c.queue[0].app
	n := 0
	for n < len(c.queue) && n < c.maxBatch && c.queue[n].app == app {
		n++
	}
	batch := make([]*job, n)
	copy(batch, c.queue[:n])
	c.queue = c.queue[n:]
	return batch
}

// commit runs the batch in one transaction, each submission in its own savepoint, and records
// each submission's outcome.
func (c *Committer) commit(batch []*job) {
	var failed []*job // submissions rolled back alone; they keep their own error
	txErr := batch[0].app.RunInTransaction(func(tx core.App) error {
		failed = failed[:0]
		for _, j := range batch {
			if err := exec(tx, "SAVEPOINT "+savepoint); err != nil {
				return err
			}
			err := j.run(tx)
			if err == nil {
				if err := exec(tx, "RELEASE "+savepoint); err != nil {
					return err
				}
				continue
			}
			if j.panic == nil && c.fatal(err) {
				return err
			}
			if rbErr := exec(tx, "ROLLBACK TO "+savepoint); rbErr != nil {
				return errors.Join(err, rbErr)
			}
			if rbErr := exec(tx, "RELEASE "+savepoint); rbErr != nil {
				return errors.Join(err, rbErr)
			}
			failed = append(failed, j)
		}
		return nil
	})
	alone := make(map[*job]bool, len(failed))
	for _, j := range failed {
		alone[j] = true
	}
	for _, j := range batch {
		if !alone[j] {
			j.err, j.panic = txErr, nil
		}
	}
}

// run runs the submission's fn, turning a panic into an error (raised again in its submitter).
func (j *job) run(tx core.App) (err error) {
	defer func() {
		if p := recover(); p != nil {
			j.panic = p
			err = fmt.Errorf("groupcommit: submission panicked: %v", p)
		}
	}()
	j.err = j.fn(tx)
	return j.err
}

func exec(tx core.App, sql string) error {
	_, err := tx.NonconcurrentDB().NewQuery(sql).Execute()
	return err
}
