// Package admission bounds the expensive public work a server does at once: a small pool of
// workers with a short queue, a fair share of it per client network, and one computation for
// identical concurrent requests. Anything beyond is refused at once with ErrBusy, which the
// caller answers 503 with Retry-After.
//
// Why: an uncached search or list costs tens of milliseconds of CPU and SQLite page cache;
// anonymous clients can make every request a miss (random words, random pages), and without
// a bound fifty of them took the CPU and gigabytes of memory from the callback requests that
// people in crisis send. Cache hits and lead writes never come here.
package admission

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"time"
)

// ErrBusy is returned when the pool and its queue are full, the client's network already holds
// its share, or the wait in the queue ran out.
var ErrBusy = errors.New("admission: too many requests in progress")

// Options size a Gate; a zero field takes its default.
type Options struct {
	// Workers is how many computations run at once; default GOMAXPROCS, at least 2.
	Workers int
	// Queue is how many computations may wait for a worker; default 4 per worker, negative
	// for none.
	Queue int
	// NetworkWorkers is how many of the workers one client network may hold at once; default
	// half of them (at least 1), so another network always finds a worker soon.
	NetworkWorkers int
	// PerNetwork is how many computations one client network may have running or waiting;
	// default its workers plus half the queue, so other networks always find a place in it.
	PerNetwork int
	// Wait is the longest time a computation waits in the queue; default 1 s.
	Wait time.Duration
	// RetryAfter is what a refused client is told to wait; default 1 s.
	RetryAfter time.Duration
	// PriorityWorkers is how many computations may start while priority work (a lead
	// write, see Prioritize) is in progress; default 0, negative for no limit. Running ones
	// finish; the others wait in the queue as usual.
	PriorityWorkers int
	// RefuseDelay is how long a refused call waits before ErrBusy returns; default
	// RetryAfter, negative for none. A client that retries at once would otherwise keep the CPU busy
	// with refusals (a flood of fifty connections took 9 in 10 lead writes that way); the
	// wait costs only an idle goroutine per client connection.
	RefuseDelay time.Duration
}

// Gate admits computations into a bounded pool. The zero value is not usable; call New.
type Gate struct {
	opts Options

	mu       sync.Mutex
	running  int
	queue    []*waiter
	admitted map[string]int // per network: running or waiting
	holding  map[string]int // per network: running
	flights  map[string]*flight
	// priority is how many priority works (Prioritize) are in progress.
	priority int
	stats    Stats
}

// Stats counts what a Gate did since it was built, for metrics and tests.
type Stats struct {
	// Ran is how many computations ran.
	Ran uint64
	// Shared is how many calls took the result of an identical computation instead of running.
	Shared uint64
	// Refused is how many calls got ErrBusy (queue wait ran out included).
	Refused uint64
	// Running and Waiting are the computations running and queued now.
	Running, Waiting int
}

// waiter is one computation in the queue; granted is set (under Gate.mu) when a worker is
// handed to it, and ready is closed then.
type waiter struct {
	network string
	ready   chan struct{}
	granted bool
}

// flight is one computation and the identical requests waiting for its result.
type flight struct {
	done chan struct{}
	val  any
	err  error
}

// New returns a Gate sized by opts.
func New(opts Options) *Gate {
	if opts.Workers <= 0 {
		opts.Workers = max(2, runtime.GOMAXPROCS(0))
	}
	if opts.Queue < 0 {
		opts.Queue = 0
	} else if opts.Queue == 0 {
		opts.Queue = 4 * opts.Workers
	}
	if opts.NetworkWorkers <= 0 {
		opts.NetworkWorkers = max(1, opts.Workers/2)
	}
	if opts.PerNetwork <= 0 {
		opts.PerNetwork = opts.NetworkWorkers + opts.Queue/2
	}
	if opts.Wait <= 0 {
		opts.Wait = time.Second
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = time.Second
	}
	if opts.PriorityWorkers < 0 {
		opts.PriorityWorkers = opts.Workers
	}
	if opts.RefuseDelay < 0 {
		opts.RefuseDelay = 0
	} else if opts.RefuseDelay == 0 {
		opts.RefuseDelay = opts.RetryAfter
	}
	return &Gate{opts: opts, admitted: map[string]int{}, holding: map[string]int{}, flights: map[string]*flight{}}
}

// Stats returns the gate's counters.
func (g *Gate) Stats() Stats {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := g.stats
	s.Running, s.Waiting = g.running, len(g.queue)
	return s
}

// Options returns the sizes the gate runs with, defaults filled in.
func (g *Gate) Options() Options { return g.opts }

// RetryAfterSeconds is the Retry-After a refused client is sent, in whole seconds (at least 1).
func (g *Gate) RetryAfterSeconds() int {
	return max(1, int((g.opts.RetryAfter+time.Second-1)/time.Second))
}

// Do runs fn for key within the pool, charged to network, and returns its result. While fn
// runs or waits for a worker, every other Do with the same key waits for that result instead
// of running fn again (whatever its network), so a burst of identical misses costs one
// computation. It returns ErrBusy without running fn when there is no room, and ctx's error
// when ctx ends first. A panic in fn is passed on to its caller; the waiting ones get ErrBusy.
func (g *Gate) Do(ctx context.Context, network, key string, fn func() (any, error)) (any, error) {
	g.mu.Lock()
	if f := g.flights[key]; f != nil {
		g.stats.Shared++
		g.mu.Unlock()
		select {
		case <-f.done:
			return f.val, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if g.admitted[network] >= g.opts.PerNetwork {
		g.stats.Refused++
		g.mu.Unlock()
		return nil, g.refuse(ctx)
	}
	var w *waiter
	if g.running < g.workers() && g.holding[network] < g.opts.NetworkWorkers {
		g.running++
		g.holding[network]++
	} else if len(g.queue) < g.opts.Queue {
		w = &waiter{network: network, ready: make(chan struct{})}
		g.queue = append(g.queue, w)
	} else {
		g.stats.Refused++
		g.mu.Unlock()
		return nil, g.refuse(ctx)
	}
	g.admitted[network]++
	f := &flight{done: make(chan struct{})}
	g.flights[key] = f
	g.mu.Unlock()

	if w != nil {
		if err := g.wait(ctx, w); err != nil {
			g.finish(network, key, f, nil, err, false)
			return nil, err
		}
	}
	return g.run(network, key, f, fn)
}

// refuse waits RefuseDelay (or until ctx ends) and returns ErrBusy.
func (g *Gate) refuse(ctx context.Context) error {
	if g.opts.RefuseDelay > 0 {
		t := time.NewTimer(g.opts.RefuseDelay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
	return ErrBusy
}

// wait blocks until w is handed a worker, the queue wait runs out (ErrBusy) or ctx ends. When
// it gives up, w leaves the queue; a worker handed over at the same moment is kept and used.
func (g *Gate) wait(ctx context.Context, w *waiter) error {
	timer := time.NewTimer(g.opts.Wait)
	defer timer.Stop()
	var err error
	select {
	case <-w.ready:
		return nil
	case <-timer.C:
		err = ErrBusy
	case <-ctx.Done():
		err = ctx.Err()
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if w.granted {
		return nil
	}
	if err == ErrBusy {
		g.stats.Refused++
	}
	for i, q := range g.queue {
		if q == w {
			g.queue = append(g.queue[:i], g.queue[i+1:]...)
			break
		}
	}
	return err
}

// run calls fn holding a worker and releases it however fn ends.
func (g *Gate) run(network, key string, f *flight, fn func() (any, error)) (val any, err error) {
	g.mu.Lock()
	g.stats.Ran++
	g.mu.Unlock()
	finished := false
	defer func() {
		if !finished {
			g.finish(network, key, f, nil, ErrBusy, true)
		}
	}()
	val, err = fn()
	finished = true
	g.finish(network, key, f, val, err, true)
	return val, err
}

// finish publishes a flight's result and forgets it; when it held a worker, the worker goes to
// the first waiting computations whose network is under its share of workers.
func (g *Gate) finish(network, key string, f *flight, val any, err error, heldWorker bool) {
	g.mu.Lock()
	decrement(g.admitted, network)
	delete(g.flights, key)
	if heldWorker {
		g.running--
		decrement(g.holding, network)
		g.dispatch()
	}
	g.mu.Unlock()
	f.val, f.err = val, err
	close(f.done)
}

// dispatch hands free workers to waiting computations in queue order, skipping those whose
// network already holds its share. Called with g.mu held.
func (g *Gate) dispatch() {
	for i := 0; i < len(g.queue) && g.running < g.workers(); {
		w := g.queue[i]
		if g.holding[w.network] >= g.opts.NetworkWorkers {
			i++
			continue
		}
		g.queue = append(g.queue[:i], g.queue[i+1:]...)
		g.running++
		g.holding[w.network]++
		w.granted = true
		close(w.ready)
	}
}

// Prioritize marks work that matters more than anything the gate admits (a callback lead
// being written) as in progress until release is called: meanwhile at most PriorityWorkers
// computations run, so the CPU and the database go to that work first. The computations
// already running finish; new ones wait in the queue (and are refused as ever when it is full
// or their wait runs out), and the workers go to them once no priority work is left.
func (g *Gate) Prioritize() (release func()) {
	g.mu.Lock()
	g.priority++
	g.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			g.priority--
			g.dispatch()
			g.mu.Unlock()
		})
	}
}

// workers is how many computations may run now. Called with g.mu held.
func (g *Gate) workers() int {
	if g.priority > 0 {
		return g.opts.PriorityWorkers
	}
	return g.opts.Workers
}

// decrement lowers m[k] by one, forgetting it at zero so the maps stay as small as the traffic.
func decrement(m map[string]int, k string) {
	if n := m[k] - 1; n > 0 {
		m[k] = n
	} else {
		delete(m, k)
	}
}
