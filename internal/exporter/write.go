package exporter

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ErrNotEmpty is returned for an export into a directory that already holds files, without
// force: an export never mixes its files with others unasked.
var ErrNotEmpty = errors.New("directory is not empty")

// write puts files below dir, creating it when missing. With force, a non-empty dir is
// accepted and the .md files of its content folders that are not among files are removed,
// so the folders mirror the database; it returns how many were removed.
func write(dir string, files map[string][]byte, force bool) (int, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return 0, err
	case len(entries) > 0 && !force:
		return 0, fmt.Errorf("%s: %w", dir, ErrNotEmpty)
	}
	removed, err := removeStale(dir, files)
	if err != nil {
		return removed, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return removed, err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return removed, err
		}
	}
	return removed, nil
}

// removeStale deletes the .md files of dir's content folders that files does not hold.
func removeStale(dir string, files map[string][]byte) (int, error) {
	removed := 0
	for _, folder := range folders {
		entries, err := os.ReadDir(filepath.Join(dir, folder))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return removed, err
		}
		for _, entry := range entries {
			name := folder + "/" + entry.Name()
			if entry.IsDir() || !strings.HasSuffix(name, ".md") || files[name] != nil {
				continue
			}
			if err := os.Remove(filepath.Join(dir, folder, entry.Name())); err != nil {
				return removed, err
			}
			removed++
		}
	}
	return removed, nil
}
