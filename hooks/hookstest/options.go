package hookstest

import (
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
)

// NewWithOptions is New with hooks registered from opts (an unset Markdown renderer means the
// shared one), for tests that tune the hooks: fast webhook retries, their own clock or
// front-end configuration. It is cleaned up when t ends.
func NewWithOptions(t testing.TB, opts hooks.Options) *tests.TestApp {
	t.Helper()
	templateOnce.Do(func() { templateDir, templateErr = buildTemplate() })
	if templateErr != nil {
		t.Fatalf("building the test data dir: %v", templateErr)
	}
	app, err := tests.NewTestApp(templateDir)
	if err != nil {
		t.Fatalf("starting the test app: %v", err)
	}
	if opts.Markdown == nil {
		opts.Markdown = renderer
	}
	hooks.Register(app, opts)
	t.Cleanup(app.Cleanup)
	return app
}
