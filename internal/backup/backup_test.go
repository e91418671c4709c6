package backup_test

import (
	"archive/zip"
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	_ "modernc.org/sqlite"

	"recoverycms/internal/backup"
	_ "recoverycms/migrations"
)

// newApp is a real app on our migrations with backup.Create bound as PocketBase's archive
// step, and a backup_probe collection to count rows in.
func newApp(t *testing.T) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	app.OnBackupCreate().BindFunc(backup.Create)
	probe := core.NewBaseCollection("backup_probe")
	probe.Fields.Add(&core.TextField{Name: "n"})
	if err := app.Save(probe); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		addProbe(t, app, i)
	}
	return app
}

func addProbe(t testing.TB, app core.App, n int) {
	col, err := app.FindCachedCollectionByNameOrId("backup_probe")
	if err != nil {
		t.Error(err)
		return
	}
	r := core.NewRecord(col)
	r.Set("n", fmt.Sprint(n))
	if err := app.Save(r); err != nil {
		t.Error(err)
	}
}

// TestBackupHoldsConsistentSnapshotsAndStorage takes a backup while rows are being written
// and checks the archive: both databases pass integrity_check when opened on their own and
// hold every row written before the backup began, the storage files are there, and nothing
// live (-wal, -shm, backups/, the temp dir) is.
func TestBackupHoldsConsistentSnapshotsAndStorage(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	storageFile := filepath.Join(app.DataDir(), "storage", "pbc_probe", "rec1", "note.txt")
	if err := os.MkdirAll(filepath.Dir(storageFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(storageFile, []byte("uploaded file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := app.AuxSave(&core.Log{Message: "before the backup", Level: 0, Data: map[string]any{}}); err != nil {
		t.Fatal(err)
	}

	// Writers keep going during the backup; the snapshot must still be a whole database.
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1000; !stop.Load(); i++ {
			addProbe(t, app, i)
		}
	}()
	before := countRows(t, app, "backup_probe")
	if err := app.CreateBackup(context.Background(), "live.zip"); err != nil {
		t.Fatal(err)
	}
	stop.Store(true)
	wg.Wait()
	after := countRows(t, app, "backup_probe")

	files := unzip(t, filepath.Join(app.DataDir(), core.LocalBackupsDirName, "live.zip"), t.TempDir())
	for name := range files {
		if strings.HasSuffix(name, "-wal") || strings.HasSuffix(name, "-shm") ||
			strings.HasPrefix(name, core.LocalBackupsDirName+"/") || strings.HasPrefix(name, core.LocalTempDirName+"/") {
			t.Errorf("the archive holds %s", name)
		}
	}
	if got := string(files["storage/pbc_probe/rec1/note.txt"]); got != "uploaded file" {
		t.Errorf("storage file in the archive = %q", got)
	}
	data := openExtracted(t, files, backup.DataDBName)
	aux := openExtracted(t, files, backup.AuxiliaryDBName)
	for name, db := range map[string]*sql.DB{backup.DataDBName: data, backup.AuxiliaryDBName: aux} {
		var check string
		if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
			t.Errorf("%s integrity_check = %q, %v", name, check, err)
		}
	}
	var n int
	if err := data.QueryRow("SELECT COUNT(*) FROM backup_probe").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n < before || n > after {
		t.Errorf("the snapshot holds %d probe rows, want between %d and %d", n, before, after)
	}
	var logs int
	if err := aux.QueryRow("SELECT COUNT(*) FROM _logs WHERE message = 'before the backup'").Scan(&logs); err != nil || logs != 1 {
		t.Errorf("the auxiliary snapshot holds %d of the log rows written before the backup (%v)", logs, err)
	}
	t.Logf("snapshot: %d probe rows (%d before the backup, %d after)", n, before, after)
}

// TestBackupKeepsTheServersLocks is the cause of pocketbase/pocketbase#7810 seen from inside:
// after a backup the process must still hold its POSIX lock on data.db, or another process
// closing the database will think it is the last one and delete the WAL.
func TestBackupKeepsTheServersLocks(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	dbPath := filepath.Join(app.DataDir(), backup.DataDBName)
	if !holdsLock(t, dbPath) {
		t.Skip("this system does not show the process's lock on data.db in /proc/locks")
	}
	if err := app.CreateBackup(context.Background(), "locks.zip"); err != nil {
		t.Fatal(err)
	}
	if !holdsLock(t, dbPath) {
		t.Fatal("the backup dropped the process's lock on data.db")
	}
}

// TestBackupRestoresThroughPocketBase restores an archive with PocketBase's own RestoreBackup
// (stopping short of the process restart) and opens the restored data.db on its own: the
// rows from before the backup are back and the one written after it is gone.
func TestBackupRestoresThroughPocketBase(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	if err := app.CreateBackup(context.Background(), "restore.zip"); err != nil {
		t.Fatal(err)
	}
	before := countRows(t, app, "backup_probe")
	addProbe(t, app, 999999)

	restarted := false
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		if e.IsRestart {
			restarted = true
			return nil // a test cannot re-exec itself; the files are already in place
		}
		return e.Next()
	})
	if err := app.RestoreBackup(context.Background(), "restore.zip"); err != nil {
		t.Fatal(err)
	}
	if !restarted {
		t.Fatal("RestoreBackup did not ask for a restart")
	}
	db, err := sql.Open("sqlite", filepath.Join(app.DataDir(), backup.DataDBName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n, late int
	if err := db.QueryRow("SELECT COUNT(*), COUNT(CASE WHEN n = '999999' THEN 1 END) FROM backup_probe").Scan(&n, &late); err != nil {
		t.Fatal(err)
	}
	if n != before || late != 0 {
		t.Errorf("restored data.db holds %d probe rows (%d written after the backup), want %d and 0", n, late, before)
	}
}

func countRows(t *testing.T, app core.App, table string) int {
	t.Helper()
	var n int
	if err := app.DB().NewQuery("SELECT COUNT(*) FROM " + table).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// unzip extracts every file of the archive into dir and returns their contents by name.
func unzip(t *testing.T, path, dir string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
		dest := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dest, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// openExtracted writes one database of the archive to its own dir and opens it read-only.
func openExtracted(t *testing.T, files map[string][]byte, name string) *sql.DB {
	t.Helper()
	b, ok := files[name]
	if !ok {
		t.Fatalf("the archive has no %s", name)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// holdsLock reports whether /proc/locks lists a POSIX lock of this process on path's inode.
func holdsLock(t *testing.T, path string) bool {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("/proc/locks")
	if err != nil {
		return false
	}
	defer f.Close()
	pid, ino := fmt.Sprint(os.Getpid()), fmt.Sprintf(":%d", st.Ino)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 1: POSIX  ADVISORY  READ 27604 fe:00:9977994 1073741826 1073742335
		fields := strings.Fields(sc.Text())
		if len(fields) >= 6 && fields[1] == "POSIX" && fields[4] == pid && strings.HasSuffix(fields[5], ino) {
			return true
		}
	}
	return false
}
