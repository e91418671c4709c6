package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"recoverycms/hooks/hookstest"
)

// TestExportRoundTripThroughTheBinary: `export` of the imported sample content, imported into
// a second data dir (clinical review required, as in production) and exported again, gives
// the same files; an export into a non-empty directory exits with status 1 unless --force.
func TestExportRoundTripThroughTheBinary(t *testing.T) {
	t.Parallel()
	bin := builtBinary(t)
	dir := t.TempDir()
	run := func(args ...string) (string, error) {
		out, err := exec.Command(bin, args...).CombinedOutput()
		return string(out), err
	}
	first, second := filepath.Join(dir, "first"), filepath.Join(dir, "second")
	steps := [][]string{
		{"import", "content", "--dir=" + filepath.Join(dir, "a")},
		{"export", first, "--dir=" + filepath.Join(dir, "a")},
		{"import", first, "--dir=" + filepath.Join(dir, "b")},
		{"export", second, "--dir=" + filepath.Join(dir, "b")},
	}
	for _, args := range steps {
		if out, err := run(args...); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	hookstest.SameTree(t, first, second)

	out, err := run("export", second, "--dir="+filepath.Join(dir, "b"))
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(out, "--force") {
		t.Fatalf("export into a non-empty dir: %v, want exit status 1\n%s", err, out)
	}
	if out, err := run("export", second, "--force", "--dir="+filepath.Join(dir, "b")); err != nil {
		t.Fatalf("export --force: %v\n%s", err, out)
	}
	hookstest.SameTree(t, first, second)
}
