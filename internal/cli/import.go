// Package cli holds the extra commands of the recoverycms binary.
package cli

import (
	"fmt"
	"os"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"recoverycms/internal/importer"
)

// NewImportCommand returns `import [DIR]`: upsert the markdown content of DIR (default
// "content") by slug in one transaction, or write nothing when any file is wrong.
func NewImportCommand(app core.App) *cobra.Command {
	return dirCommand(app, "import [DIR]", "Import markdown topics, authors and articles from DIR (default: content)", "content",
		func(cmd *cobra.Command, dir string) error {
			counts, err := importer.Run(app, os.DirFS(dir), dir)
			if err != nil {
				return fmt.Errorf("import failed, nothing was written: %w", err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), counts)
			return nil
		})
}

// dirCommand is a content command over an optional DIR (fallback without one): the app's
// migrations have run before run sees the directory, since commands start before them.
func dirCommand(app core.App, use, short, fallback string, run func(cmd *cobra.Command, dir string) error) *cobra.Command {
	return &cobra.Command{
		Use:          use,
		Short:        short,
		Args:         cobra.MaximumNArgs(1),
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := fallback
			if len(args) == 1 {
				dir = args[0]
			}
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			return run(cmd, dir)
		},
	}
}
