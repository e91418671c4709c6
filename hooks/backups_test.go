package hooks_test

import (
	"archive/zip"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
)

// backupEntries lists the names in a backup archive of app's local backups dir.
func backupEntries(t *testing.T, app *tests.TestApp, name string) []string {
	t.Helper()
	zr, err := zip.OpenReader(filepath.Join(app.DataDir(), core.LocalBackupsDirName, name))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	return names
}

// checkSnapshotArchive fails unless the archive is one backup.Create made: the two databases
// and no live -wal/-shm file (PocketBase's own archive step copies those).
func checkSnapshotArchive(t *testing.T, names []string) {
	t.Helper()
	joined := "," + strings.Join(names, ",") + ","
	for _, want := range []string{",data.db,", ",auxiliary.db,"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the archive lacks %s: %v", strings.Trim(want, ","), names)
		}
	}
	for _, n := range names {
		if strings.HasSuffix(n, "-wal") || strings.HasSuffix(n, "-shm") {
			t.Errorf("the archive holds the live file %s", n)
		}
	}
}

// TestBackupCreateUsesSnapshots checks that Register puts backup.Create in place of
// PocketBase's archive step for a backup asked for by name.
func TestBackupCreateUsesSnapshots(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	if err := app.CreateBackup(context.Background(), "manual.zip"); err != nil {
		t.Fatal(err)
	}
	checkSnapshotArchive(t, backupEntries(t, app, "manual.zip"))
	if app.Store().Has(core.StoreKeyActiveBackup) {
		t.Error("the backup-in-progress flag is still set")
	}
}

// TestBackupScheduledUsesSnapshots runs the job that Settings -> Backups schedules and checks
// that it goes through the same hook.
func TestBackupScheduledUsesSnapshots(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	settings := app.Settings()
	settings.Backups.Cron = "0 3 * * *"
	if err := app.Save(settings); err != nil {
		t.Fatal(err)
	}
	var ran bool
	for _, job := range app.Cron().Jobs() {
		if job.Id() == "__pbAutoBackup__" {
			job.Run()
			ran = true
		}
	}
	if !ran {
		t.Fatal("no scheduled backup job after setting Backups.Cron")
	}
	fsys, err := app.NewBackupsFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	files, err := fsys.List("@auto_pb_backup_")
	if err != nil || len(files) != 1 {
		t.Fatalf("scheduled backups: %d, %v", len(files), err)
	}
	checkSnapshotArchive(t, backupEntries(t, app, files[0].Key))
}

// TestBackupRestoreRefusesWrites restores a backup through PocketBase's RestoreBackup and, at
// the moment it would re-execute the process, sends a lead and a read through the real
// router: the lead is refused with 503 (it would be written into the database being
// discarded), the read is served; once the restore returns, leads are accepted again.
func TestBackupRestoreRefusesWrites(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	mux := serveMux(t, app)
	if err := app.CreateBackup(context.Background(), "restore.zip"); err != nil {
		t.Fatal(err)
	}
	lead := func(n int) string {
		return fmt.Sprintf(`{"name":"Sam %d","phone":"+4474009%05d","consent":true,"consent_text":"I agree to be called back.","preferred_time":"anytime"}`, n, n)
	}
	var during, read int
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		if !e.IsRestart {
			return e.Next()
		}
		during, _ = sendText(mux, http.MethodPost, "/api/collections/callback_leads/records", "", lead(1))
		read, _ = sendText(mux, http.MethodGet, "/api/health", "", "")
		return nil // a test cannot re-exec itself
	})
	if err := app.RestoreBackup(context.Background(), "restore.zip"); err != nil {
		t.Fatal(err)
	}
	if during != http.StatusServiceUnavailable || read != http.StatusOK {
		t.Errorf("during the restore: lead %d (want 503), health %d (want 200)", during, read)
	}
	if code, body := sendText(mux, http.MethodPost, "/api/collections/callback_leads/records", "", lead(2)); code != http.StatusOK {
		t.Errorf("after the restore: lead %d %s, want 200", code, body)
	}
}
