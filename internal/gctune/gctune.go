// Package gctune sets the Go garbage collector for the server. Its work is many small,
// short-lived allocations (a lead submission, a cache miss): with Go's default, a collection
// each time the heap doubles its live size (GOGC=100), marking took about a tenth of the CPU
// of lead intake. Collecting at three times the live size halves that; a soft memory limit
// keeps the larger goal from raising the process's memory where it matters, under floods
// with a large live heap, because near the limit the collector runs sooner whatever the
// percentage says. GOGC and GOMEMLIMIT in the environment win, so an operator can set either.
package gctune

import (
	"os"
	"runtime/debug"
)

// Defaults applied when the environment sets neither variable.
const (
	// DefaultPercent is the heap growth, in per cent of the live heap, that starts a collection.
	DefaultPercent = 200
	// DefaultLimit is the soft limit on the Go runtime's memory, in bytes.
	DefaultLimit = 128 << 20
)

// Settings are the collector settings to apply: a zero field means "leave as it is" (the
// environment's value, which the runtime has read already).
type Settings struct {
	Percent int
	Limit   int64
}

// For returns the settings to apply given the environment (lookup is os.LookupEnv); an
// empty variable counts as unset, as it does for the runtime.
func For(lookup func(string) (string, bool)) Settings {
	var s Settings
	if v, _ := lookup("GOGC"); v == "" {
		s.Percent = DefaultPercent
	}
	if v, _ := lookup("GOMEMLIMIT"); v == "" {
		s.Limit = DefaultLimit
	}
	return s
}

// Apply sets the collector for this process; call it first thing in main.
func Apply() Settings {
	s := For(os.LookupEnv)
	if s.Percent != 0 {
		debug.SetGCPercent(s.Percent)
	}
	if s.Limit != 0 {
		debug.SetMemoryLimit(s.Limit)
	}
	return s
}
