package cli

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"recoverycms/internal/exporter"
)

// NewExportCommand returns `export [DIR]`: write every topic, author and article (drafts
// too) to DIR (default "content-export") as the markdown files `import` reads, so content
// can be kept in git and restored with `import`.
func NewExportCommand(app core.App) *cobra.Command {
	var force bool
	cmd := dirCommand(app, "export [DIR]", "Export every topic, author and article as markdown files to DIR (default: content-export)", "content-export",
		func(cmd *cobra.Command, dir string) error {
			counts, err := exporter.Run(app, dir, force)
			if errors.Is(err, exporter.ErrNotEmpty) {
				return fmt.Errorf("export refused: %s is not empty (use --force to replace its topics/, authors/ and articles/)", dir)
			}
			if err != nil {
				return fmt.Errorf("export failed: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "exported %s to %s\n", counts, dir)
			return nil
		})
	cmd.Long = `Export every topic, author and article, drafts included, to DIR (default: content-export)
as markdown files with front matter in the layout "import" reads: topics/<slug>.md,
authors/<slug>.md and articles/<slug>.md. An article keeps its status, publish and unpublish
times, topics and its clinical review (reviewer and date) while the review covers its text.
Importing the export into an empty database and exporting again gives the same bytes.

Images are not exported (article covers, their alt text, author avatars): import cannot read them.

DIR must be empty or missing. With --force an existing DIR is written into: its topics/,
authors/ and articles/ are rewritten and their .md files that match no record are removed;
anything else in DIR (a .git folder, a README) is left alone.`
	cmd.Flags().BoolVar(&force, "force", false, "write into a non-empty DIR, replacing its content folders")
	return cmd
}
