package testapp

import (
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
)

// NewWithOptions is New with the hooks registered from opts, for tests that need their own
// clock or front-end configuration. An unset Markdown gets the shared renderer.
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
