package cli

import (
	"sync/atomic"

	"github.com/spf13/cobra"
)

// failed records that one of our commands returned an error. PocketBase's Execute prints a
// command's error but never returns it, so without this `recoverycms import` or
// `recoverycms leads erase` would exit 0 after failing and a script could not tell.
var failed atomic.Bool

// TrackFailures wraps the RunE of cmd and of every command below it, so Failed reports
// whether any of them failed.
func TrackFailures(cmd *cobra.Command) *cobra.Command {
	if run := cmd.RunE; run != nil {
		cmd.RunE = func(c *cobra.Command, args []string) error {
			err := run(c, args)
			if err != nil {
				failed.Store(true)
			}
			return err
		}
	}
	for _, sub := range cmd.Commands() {
		TrackFailures(sub)
	}
	return cmd
}

// Failed reports whether a tracked command failed; main then exits with status 1.
func Failed() bool { return failed.Load() }
