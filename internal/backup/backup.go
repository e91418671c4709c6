// Package backup makes PocketBase's backups without reading the live database files.
//
// PocketBase's own archive step zips pb_data from inside the server process: opening and then
// closing data.db drops every POSIX lock the process holds on it (pocketbase/pocketbase#7810),
// so the next process that opens and closes the database (a CLI command, sqlite3) believes it
// is the last connection and deletes the -wal and -shm files the server is still writing to.
// Here the databases are copied through SQLite itself (VACUUM INTO on the app's own
// connection pool) and the zip is built from those copies, with the layout PocketBase's
// restore and the dashboard expect.
package backup

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/inflector"
	"github.com/pocketbase/pocketbase/tools/security"
)

// Database file names inside pb_data, as PocketBase names them and as its restore expects
// them at the root of a backup archive.
const (
	DataDBName      = "data.db"
	AuxiliaryDBName = "auxiliary.db"
)

// liveSuffixes are the files SQLite keeps next to a database; none of them is ever opened by
// a backup, because opening and closing any of them from the server process is what drops
// its locks.
var liveSuffixes = []string{"", "-wal", "-shm", "-journal"}

// Create is an OnBackupCreate handler that replaces PocketBase's archive step: it snapshots
// data.db and auxiliary.db with VACUUM INTO, zips them with the rest of pb_data (minus
// e.Exclude and the live database files) and uploads the zip to the backups filesystem as
// e.Name. It never calls e.Next(), so the default archive is never made. CreateBackup itself
// still sets and clears the "backup in progress" flag around the hook, and scheduled backups
// go through CreateBackup too.
func Create(e *core.BackupEvent) error {
	if e.Name == "" {
		e.Name = defaultName(e.App)
	}

	// The work dir sits under pb_data's own temp dir: it is excluded from every backup and
	// restore, and PocketBase empties it on start-up if a crash leaves it behind.
	workDir := filepath.Join(e.App.DataDir(), core.LocalTempDirName, "pb_backup_"+security.PseudorandomString(8))
	if err := os.MkdirAll(workDir, 0o700); err != nil {
		return fmt.Errorf("failed to create the backup work dir: %w", err)
	}
	defer os.RemoveAll(workDir)

	dataSnap := filepath.Join(workDir, DataDBName)
	if err := Snapshot(e.App.DB(), dataSnap); err != nil {
		return fmt.Errorf("failed to snapshot %s: %w", DataDBName, err)
	}
	auxSnap := filepath.Join(workDir, AuxiliaryDBName)
	if err := Snapshot(e.App.AuxDB(), auxSnap); err != nil {
		return fmt.Errorf("failed to snapshot %s: %w", AuxiliaryDBName, err)
	}

	zipPath := filepath.Join(workDir, "backup.zip")
	err := writeArchive(zipPath, e.App.DataDir(), skipList(e.Exclude), map[string]string{
		DataDBName:      dataSnap,
		AuxiliaryDBName: auxSnap,
	})
	if err != nil {
		return fmt.Errorf("failed to write the backup archive: %w", err)
	}

	return upload(e, zipPath)
}

// Snapshot writes a transactionally consistent copy of the database behind db to path with
// VACUUM INTO. It runs on db's existing connection (a read transaction, so writers carry on in
// WAL mode) and opens no new handle on the live database file. path must not exist.
func Snapshot(db dbx.Builder, path string) error {
	_, err := db.NewQuery("VACUUM INTO {:path}").Bind(dbx.Params{"path": path}).Execute()
	return err
}

// skipList is exclude plus every live database file at the root of pb_data.
func skipList(exclude []string) []string {
	skip := slices.Clone(exclude)
	for _, db := range []string{DataDBName, AuxiliaryDBName} {
		for _, suffix := range liveSuffixes {
			skip = append(skip, db+suffix)
		}
	}
	return skip
}

func skipped(name string, skip []string) bool {
	for _, s := range skip {
		s = filepath.ToSlash(filepath.Clean(s))
		if name == s || strings.HasPrefix(name, s+"/") {
			return true
		}
	}
	return false
}

// writeArchive zips the files of dataDir, except those in skip, and adds the files of extra
// (archive name -> path on disk) at the archive's root.
func writeArchive(zipPath, dataDir string, skip []string, extra map[string]string) (err error) {
	zf, err := os.Create(zipPath)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := zf.Close(); err == nil {
			err = cerr
		}
	}()
	zw := zip.NewWriter(zf)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})

	fsys := os.DirFS(dataDir)
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && skipped(name, skip) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		return addFile(zw, name, fsys, name)
	})
	if err != nil {
		return err
	}
	for name, path := range extra {
		dir, base := filepath.Split(path)
		if err := addFile(zw, name, os.DirFS(dir), base); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return zf.Sync()
}

func addFile(zw *zip.Writer, archiveName string, fsys fs.FS, name string) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	h, err := zip.FileInfoHeader(info)
	if err != nil {
		return err
	}
	h.Name = archiveName
	h.Method = zip.Deflate
	w, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, f)
	return err
}

func upload(e *core.BackupEvent, zipPath string) error {
	fsys, err := e.App.NewBackupsFilesystem()
	if err != nil {
		return err
	}
	defer fsys.Close()
	fsys.SetContext(e.Context)

	file, err := filesystem.NewFileFromPath(zipPath)
	if err != nil {
		return err
	}
	file.OriginalName = e.Name
	file.Name = e.Name
	return fsys.UploadFile(file, e.Name)
}

// defaultName is the name PocketBase gives a backup made without one.
func defaultName(app core.App) string {
	appName := inflector.Snakecase(app.Settings().Meta.AppName)
	if len(appName) > 50 {
		appName = appName[:50]
	}
	return fmt.Sprintf("pb_backup_%s_%s.zip", appName, time.Now().UTC().Format("20060102150405"))
}
