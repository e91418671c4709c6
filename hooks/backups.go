package hooks

import (
	"math"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"recoverycms/internal/backup"
)

// bindBackups makes every backup (the dashboard's, POST /api/backups and the scheduled ones,
// which all go through app.CreateBackup) with backup.Create instead of PocketBase's archive
// step, which reads the live database files and so lets a second process delete the WAL.
// It runs last, so any other OnBackupCreate handler still wraps it. Restores are PocketBase's,
// flagged by backup.MarkRestore (outermost) so that routes.go refuses writes meanwhile.
func bindBackups(app core.App) {
	app.OnBackupRestore().Bind(&hook.Handler[*core.BackupEvent]{
		Id:       "recoverycms.restore",
		Func:     backup.MarkRestore,
		Priority: math.MinInt,
	})
	app.OnBackupCreate().Bind(&hook.Handler[*core.BackupEvent]{
		Id:       "recoverycms.backup",
		Func:     backup.Create,
		Priority: math.MaxInt,
	})
}
