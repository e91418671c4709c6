package hooks_test

import (
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks/hookstest"
)

// TestPublicGETsSkipTheSuccessLog checks the flag PocketBase's activity logger reads
// (apis.SkipSuccessActivityLog sets the same one): fast successful public GETs set it, errors
// are logged whatever the flag says, and the stock API is untouched.
func TestPublicGETsSkipTheSuccessLog(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	var mu sync.Mutex
	skipped := map[string]bool{}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(func(e *core.RequestEvent) error {
			err := e.Next()
			mu.Lock()
			skipped[e.Request.URL.RequestURI()] = e.Get("__skipSuccessActivityLogger") != nil
			mu.Unlock()
			return err
		})
		return se.Next()
	})
	lr := newLiveRouter(t, app)
	for _, p := range publicEndpoints {
		lr.get(p)
		if !skipped[p] {
			t.Errorf("GET %s would write a request log row", p)
		}
	}
	lr.get("/api/collections/articles/records")
	if skipped["/api/collections/articles/records"] {
		t.Error("the stock records API lost its request log")
	}
	lr.get("/api/cms/articles/no-such-article") // an error: logRequest ignores the flag for errors
	if skipped["/api/cms/articles/no-such-article"] {
		t.Error("a failed public GET is flagged as a quiet success")
	}
}
