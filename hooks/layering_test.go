package hooks_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestFeaturePackagesDoNotImportHooks keeps the dependency direction main -> hooks -> feature
// packages -> pure packages: no package under internal/ may depend on hooks, directly or
// through another package, in its production code or its tests.
func TestFeaturePackagesDoNotImportHooks(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-test", "-deps",
		"-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "recoverycms/internal/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || !strings.HasPrefix(fields[0], "recoverycms/internal/") {
			continue
		}
		for _, imp := range fields[1:] {
			if imp == "recoverycms/hooks" || strings.HasPrefix(imp, "recoverycms/hooks/") {
				t.Errorf("%s imports %s", fields[0], imp)
			}
		}
	}
}

// TestPureInternalPackagesImportNoPocketBase keeps the pure packages free of PocketBase, so
// they stay testable and reusable on their own.
func TestPureInternalPackagesImportNoPocketBase(t *testing.T) {
	t.Parallel()
	for _, pkg := range []string{"markdown", "htmlcheck", "slug", "contentcache", "frontend", "admission", "wakeloop", "pages", "callbackform", "readability", "leadcrypt"} {
		out, err := exec.Command("go", "list", "-deps", "recoverycms/internal/"+pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, "github.com/pocketbase/") || dep == "recoverycms/hooks" {
				t.Errorf("internal/%s depends on %s", pkg, dep)
			}
		}
	}
}
