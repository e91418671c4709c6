package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
)

func TestMain(m *testing.M) { hookstest.Main(m) }

// serveMux is the app's real router with every serve hook run, for multi-request tests.
func serveMux(t testing.TB, app *tests.TestApp) http.Handler { return hookstest.Router(t, app) }

// send runs one request through h and returns the answer. token, when set, is the
// Authorization header; a non-empty body is sent as JSON.
func send(h http.Handler, method, path, token, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// sendText is send reduced to the status and the body text, for comparing answers.
func sendText(h http.Handler, method, path, token, body string) (int, string) {
	rec := send(h, method, path, token, body)
	return rec.Code, rec.Body.String()
}
