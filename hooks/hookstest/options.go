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
	app := newRegistered(t, opts)
	t.Cleanup(app.Cleanup)
	return app
}
