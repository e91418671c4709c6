package hookstest

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Router runs app's serve hooks once on PocketBase's real router (the stock routes plus every
// route recoverycms binds) and returns the built handler, for tests that send several
// requests to one app. It does not listen; wrap it in httptest.NewServer for a real socket.
func Router(t testing.TB, app core.App) http.Handler {
	t.Helper()
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return mux
}

// TriggerServe runs app's serve hooks on a fresh real router without building it, for tests
// of what happens on start (seeding, workers, index rebuilds); it may run more than once.
func TriggerServe(t testing.TB, app core.App) {
	t.Helper()
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(*core.ServeEvent) error { return nil }); err != nil {
		t.Fatal(err)
	}
}
