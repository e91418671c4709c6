package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"recoverycms/internal/leads"
)

// leadsOptOutCommand is `leads opt-out --phone NUMBER`: every lead of the number is marked
// do-not-contact (recorded as the cli). The number is not printed: terminals and job logs
// keep their output.
func leadsOptOutCommand(app core.App, cfg leads.Config) *cobra.Command {
	return phoneCommand(app, cfg, "opt-out --phone NUMBER", "Mark every lead with NUMBER do-not-contact (the person asked not to be called)",
		func(cmd *cobra.Command, e164 string) error {
			ids, err := leads.OptOut(app, e164, leads.Actor{Name: "cli"}, time.Now())
			if errors.Is(err, leads.ErrPhoneUnknown) {
				return errors.New("no lead has that phone number; nothing was changed")
			}
			if err != nil {
				return fmt.Errorf("opt-out failed, nothing was changed: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "marked %d lead(s) do-not-contact\n", len(ids))
			return nil
		})
}
