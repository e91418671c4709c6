package hooks_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/cli"
)

func TestImportCommandPrintsCounts(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	cmd := cli.NewImportCommand(app)
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"../content"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != "0 created, 0 updated, 11 unchanged" {
		t.Fatalf("output %q", got)
	}
}

func TestImportCommandNamesTheBrokenFile(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "articles"), 0o755); err != nil {
		t.Fatal(err)
	}
	broken := "---\ntitle: Broken\nauthor: ghost-writer\n---\nText\n"
	if err := os.WriteFile(filepath.Join(dir, "articles", "broken.md"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := cli.NewImportCommand(app)
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	cmd.SetArgs([]string{dir})
	err := cmd.Execute()
	want := filepath.Join(dir, "articles", "broken.md") + `:3: unknown author "ghost-writer"`
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("error %v, want it to contain %q", err, want)
	}
}
