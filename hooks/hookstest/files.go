package hookstest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// ReadTree returns every file below dir by its slash-separated path, for comparing exports.
func ReadTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = src
		return err
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return files
}

// SameTree fails t unless dirs want and got hold the same files with the same bytes.
func SameTree(t testing.TB, want, got string) {
	t.Helper()
	a, b := ReadTree(t, want), ReadTree(t, got)
	for name, src := range a {
		other, ok := b[name]
		switch {
		case !ok:
			t.Errorf("%s is missing from %s", name, got)
		case !bytes.Equal(src, other):
			t.Errorf("%s differs:\n--- %s\n%s\n--- %s\n%s", name, want, src, got, other)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s is in %s only", name, got)
		}
	}
	if len(a) == 0 {
		t.Errorf("%s holds no files", want)
	}
}
