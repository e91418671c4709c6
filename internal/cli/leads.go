package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"recoverycms/internal/leads"
)

// NewLeadsCommand returns `leads erase|export|opt-out|purge`: the data-subject requests (erase,
// export or stop contact for everything held under a phone number) and the retention purge,
// for operators.
func NewLeadsCommand(app core.App, cfg leads.Config) *cobra.Command {
	root := &cobra.Command{
		Use:   "leads",
		Short: "Data-subject requests and retention for callback leads",
	}
	root.AddCommand(leadsEraseCommand(app, cfg), leadsExportCommand(app, cfg), leadsPurgeCommand(app, cfg),
		leadsOptOutCommand(app, cfg), leadsRotateKeyCommand(app, os.Getenv))
	return root
}

func phoneFlag(cmd *cobra.Command, phone *string) {
	cmd.Flags().StringVar(phone, "phone", "", "the person's phone number (national numbers use RCMS_DEFAULT_REGION)")
	_ = cmd.MarkFlagRequired("phone")
}

// phoneCommand is a leads subcommand about one phone number: --phone is required, migrated
// and normalised to E.164 before run sees it.
func phoneCommand(app core.App, cfg leads.Config, use, short string, run func(cmd *cobra.Command, e164 string) error) *cobra.Command {
	var phone string
	cmd := &cobra.Command{
		Use:          use,
		Short:        short,
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			e164, err := prepareLeadsCommand(app, cfg, phone)
			if err != nil {
				return err
			}
			return run(cmd, e164)
		},
	}
	phoneFlag(cmd, &phone)
	return cmd
}

func leadsEraseCommand(app core.App, cfg leads.Config) *cobra.Command {
	return phoneCommand(app, cfg, "erase --phone NUMBER", "Delete every lead with NUMBER and strip personal data from their events",
		func(cmd *cobra.Command, e164 string) error {
			ids, err := leads.Erase(app, e164, leads.Actor{Name: "cli"})
			if err != nil {
				return fmt.Errorf("erase failed, nothing was deleted: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "erased %d lead(s) for %s\n", len(ids), e164)
			return nil
		})
}

func leadsExportCommand(app core.App, cfg leads.Config) *cobra.Command {
	return phoneCommand(app, cfg, "export --phone NUMBER", "Print everything held about NUMBER (leads and their events) as JSON",
		func(cmd *cobra.Command, e164 string) error {
			out, err := leads.Export(app, e164)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "  ")
			if err := enc.Encode(out); err != nil {
				return err
			}
			// The export is part of each lead's trail like any other.
			for _, lead := range out.Leads {
				id, _ := lead["id"].(string)
				if err := leads.RecordEvent(app, id, leads.Actor{Name: "cli"}, leads.ActionExport, "", "data-subject export"); err != nil {
					return err
				}
			}
			return nil
		})
}

func leadsPurgeCommand(app core.App, cfg leads.Config) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:          "purge [--dry-run]",
		Short:        "Delete closed and spam leads older than RCMS_LEAD_RETENTION_DAYS (events kept, stripped)",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			ids, err := leads.Purge(app, cfg.RetentionDays, time.Now(), dryRun, leads.Actor{Name: "cli"})
			if err != nil {
				return err
			}
			verb := "deleted"
			if dryRun {
				verb = "would delete"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %d lead(s) closed or spam for more than %d days\n", verb, len(ids), cfg.RetentionDays)
			for _, id := range ids {
				fmt.Fprintln(cmd.OutOrStdout(), id)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "only list the leads that would be deleted")
	return cmd
}

func prepareLeadsCommand(app core.App, cfg leads.Config, phone string) (string, error) {
	e164, err := leads.NormalizePhone(phone, cfg.DefaultRegion)
	if err != nil {
		return "", fmt.Errorf("%q is not a valid phone number", phone)
	}
	return e164, app.RunAllMigrations()
}
