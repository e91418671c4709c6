package wakeloop_test

import (
	"context"
	"testing"
	"time"

	"recoverycms/internal/wakeloop"
)

// TestRunWorksAtStartOnWakeAndStops: work runs at once, again when woken (though its own wait
// is an hour), and the loop closes done when its context ends.
func TestRunWorksAtStartOnWakeAndStops(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	wake := make(chan struct{}, 1)
	done := make(chan struct{})
	runs := make(chan struct{}, 10)
	go wakeloop.Run(ctx, wake, done, func(context.Context) time.Duration {
		runs <- struct{}{}
		return time.Hour
	})
	wait := func(what string) {
		t.Helper()
		select {
		case <-runs:
		case <-time.After(5 * time.Second):
			t.Fatalf("no run %s", what)
		}
	}
	wait("at start")
	wakeloop.Wake(wake)
	wakeloop.Wake(wake) // a second wake while one is pending does not block
	wait("after a wake")
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the loop did not stop")
	}
}
