package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
)

func TestMain(m *testing.M) { hookstest.Main(m) }

// serveMux is the app's real router with every serve hook run, for multi-request tests.
func serveMux(t testing.TB, app *tests.TestApp) http.Handler { return hookstest.Router(t, app) }
