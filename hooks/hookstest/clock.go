package hookstest

import (
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
)

// Clock is a settable clock for hooks.Options.Now, safe for the background senders.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock showing now.
func NewClock(now time.Time) *Clock { return &Clock{now: now} }

// Now is the clock's time; pass the method value as hooks.Options.Now.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to now.
func (c *Clock) Set(now time.Time) {
	c.mu.Lock()
	c.now = now
	c.mu.Unlock()
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// FactoryWith is a tests.ApiScenario TestAppFactory whose apps register the hooks from opts
// (their own clock, for one).
func FactoryWith(opts hooks.Options) func(testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp { return newRegistered(t, opts) }
}
