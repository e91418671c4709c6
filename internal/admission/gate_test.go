package admission_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"recoverycms/internal/admission"
)

// hold starts a computation for key on network that runs until the returned release is called,
// and returns once it is running.
func hold(t *testing.T, g *admission.Gate, network, key string) (release func(), result <-chan error) {
	t.Helper()
	running := make(chan struct{})
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := g.Do(context.Background(), network, key, func() (any, error) {
			close(running)
			<-stop
			return "held", nil
		})
		done <- err
	}()
	<-running
	var once sync.Once
	release = func() { once.Do(func() { close(stop) }) }
	t.Cleanup(release)
	return release, done
}

func ok() (any, error) { return "ok", nil }

func TestFullPoolRefusesWithoutRunning(t *testing.T) {
	g := admission.New(admission.Options{Workers: 1, Queue: -1, NetworkWorkers: 1})
	release, held := hold(t, g, "10.0.0.0/24", "a")

	ran := false
	_, err := g.Do(context.Background(), "10.0.1.0/24", "b", func() (any, error) { ran = true; return nil, nil })
	if !errors.Is(err, admission.ErrBusy) || ran {
		t.Fatalf("full pool: err %v, ran %v; want ErrBusy without running", err, ran)
	}
	release()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	if v, err := g.Do(context.Background(), "10.0.1.0/24", "b", ok); err != nil || v != "ok" {
		t.Fatalf("after release: %v %v", v, err)
	}
	if s := g.Stats(); s.Refused != 1 || s.Ran != 2 {
		t.Fatalf("stats %+v", s)
	}
}

func TestQueuedWaitsForAFreeWorker(t *testing.T) {
	g := admission.New(admission.Options{Workers: 1, Queue: 1, NetworkWorkers: 1, PerNetwork: 2, Wait: time.Hour})
	release, _ := hold(t, g, "a", "held")
	done := make(chan error, 1)
	go func() {
		_, err := g.Do(context.Background(), "b", "queued", ok)
		done <- err
	}()
	for g.Stats().Waiting != 1 {
		runtime.Gosched() // until the second call is in the queue
	}
	// The queue holds one: a third call is refused while the second waits.
	if _, err := g.Do(context.Background(), "c", "third", ok); !errors.Is(err, admission.ErrBusy) {
		t.Fatalf("third call: %v, want ErrBusy", err)
	}
	release()
	if err := <-done; err != nil {
		t.Fatalf("queued call: %v", err)
	}
}

func TestOneNetworkCannotTakeThePool(t *testing.T) {
	g := admission.New(admission.Options{Workers: 2, Queue: 4, NetworkWorkers: 1, PerNetwork: 3})
	hold(t, g, "198.51.100.0/24", "a1")

	// The busy network's next calls wait, up to its share, then are refused.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var queued sync.WaitGroup
	for _, key := range []string{"a2", "a3"} {
		queued.Add(1)
		go func() {
			defer queued.Done()
			g.Do(ctx, "198.51.100.0/24", key, ok)
		}()
	}
	for g.Stats().Refused == 0 {
		if _, err := g.Do(ctx, "198.51.100.0/24", "a4", ok); err != nil && !errors.Is(err, admission.ErrBusy) {
			t.Fatal(err)
		}
	}
	// Another network still gets the free worker at once, while the first holds its share.
	if v, err := g.Do(context.Background(), "203.0.113.0/24", "b", ok); err != nil || v != "ok" {
		t.Fatalf("other network: %v %v", v, err)
	}
	cancel()
	queued.Wait()
}

func TestIdenticalConcurrentCallsRunOnce(t *testing.T) {
	g := admission.New(admission.Options{Workers: 1, Queue: 1})
	var calls atomic.Int32
	started := make(chan struct{})
	stop := make(chan struct{})
	build := func() (any, error) {
		if calls.Add(1) == 1 {
			close(started)
		}
		<-stop
		return "page", nil
	}
	const n = 8
	results := make(chan any, n)
	go func() {
		v, _ := g.Do(context.Background(), "n0", "same", build)
		results <- v
	}()
	<-started
	for i := 1; i < n; i++ {
		go func() {
			v, err := g.Do(context.Background(), "n"+string(rune('0'+i)), "same", build)
			if err != nil {
				v = err
			}
			results <- v
		}()
	}
	for g.Stats().Shared < n-1 {
		runtime.Gosched() // until every other call has joined the running one
	}
	close(stop)
	for i := 0; i < n; i++ {
		if v := <-results; v != "page" {
			t.Fatalf("result %d: %v", i, v)
		}
	}
	if c := calls.Load(); c != 1 {
		t.Fatalf("build ran %d times for %d identical calls, want 1", c, n)
	}
}

func TestErrorsAndPanicsReleaseTheWorker(t *testing.T) {
	g := admission.New(admission.Options{Workers: 1, Queue: -1})
	boom := errors.New("boom")
	if _, err := g.Do(context.Background(), "a", "k", func() (any, error) { return nil, boom }); err != boom {
		t.Fatalf("error: %v", err)
	}
	func() {
		defer func() { _ = recover() }()
		g.Do(context.Background(), "a", "k", func() (any, error) { panic("build failed") })
	}()
	if v, err := g.Do(context.Background(), "a", "k", ok); err != nil || v != "ok" {
		t.Fatalf("worker not released: %v %v", v, err)
	}
}

func TestNetwork(t *testing.T) {
	for ip, want := range map[string]string{
		"192.0.2.77":           "192.0.2.0/24",
		"192.0.2.1":            "192.0.2.0/24",
		"::ffff:192.0.2.9":     "192.0.2.0/24",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2::ffff":   "2001:db8:1:2::/64",
		"fe80::1%eth0":         "fe80::/64",
		"not an address":       "not an address",
	} {
		if got := admission.Network(ip); got != want {
			t.Errorf("Network(%q) = %q, want %q", ip, got, want)
		}
	}
}

// TestPriorityWorkHoldsNewComputations: while a lead write is in progress, a new computation
// waits in the queue (one already running goes on) and runs once the priority work ends; a
// wait that runs out during it is refused; PriorityWorkers lets that many run meanwhile.
func TestPriorityWorkHoldsNewComputations(t *testing.T) {
	g := admission.New(admission.Options{Workers: 2, Queue: 4, Wait: 5 * time.Second, RefuseDelay: -1})
	releaseRunning, running := hold(t, g, "10.0.0.0/24", "running")
	release := g.Prioritize()
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := g.Do(context.Background(), "10.0.1.0/24", "new", func() (any, error) { close(started); return nil, nil })
		done <- err
	}()
	for g.Stats().Waiting != 1 {
		runtime.Gosched()
	}
	select {
	case <-started:
		t.Fatal("a computation started during priority work")
	case <-time.After(50 * time.Millisecond):
	}
	releaseRunning()
	if err := <-running; err != nil {
		t.Fatal(err)
	}
	if s := g.Stats(); s.Waiting != 1 || s.Running != 0 {
		t.Fatalf("a freed worker went to the queue during priority work: %+v", s)
	}
	release()
	release() // a second call does nothing
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	<-started

	short := admission.New(admission.Options{Workers: 2, Queue: 4, Wait: 20 * time.Millisecond, RefuseDelay: -1})
	releaseShort := short.Prioritize()
	defer releaseShort()
	if _, err := short.Do(context.Background(), "10.0.2.0/24", "k", ok); !errors.Is(err, admission.ErrBusy) {
		t.Fatalf("wait ran out during priority work: %v, want ErrBusy", err)
	}

	some := admission.New(admission.Options{Workers: 2, PriorityWorkers: 1, RefuseDelay: -1})
	releaseSome := some.Prioritize()
	defer releaseSome()
	if v, err := some.Do(context.Background(), "10.0.3.0/24", "k", ok); err != nil || v != "ok" {
		t.Fatalf("PriorityWorkers 1: %v %v", v, err)
	}
}
