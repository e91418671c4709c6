// Package wakeloop runs the background senders (webhook deliveries, lead notifications): a
// job runs at start, whenever it is woken and after the wait it asked for, until stopped.
package wakeloop

import (
	"context"
	"time"
)

// Run calls work at once, then again each time wake receives or the wait work returned has
// passed, until ctx ends; then it closes done. Wakes that arrive while work runs are not lost
// if wake is buffered (one pending wake is enough: work looks at the whole queue).
func Run(ctx context.Context, wake <-chan struct{}, done chan<- struct{}, work func(ctx context.Context) time.Duration) {
	defer close(done)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-wake:
		}
		timer.Reset(work(ctx))
	}
}

// Wake asks the loop listening on wake to run soon, without blocking: a wake already pending
// covers this one.
func Wake(wake chan<- struct{}) {
	select {
	case wake <- struct{}{}:
	default:
	}
}
