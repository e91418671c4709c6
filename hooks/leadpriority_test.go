package hooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/admission"
	"recoverycms/internal/leads"
)

// TestLeadWritesArePriorityWork: while a callback request is being handled, the pool of
// anonymous cache misses starts nothing new (a miss waiting for it is refused when its wait
// runs out); once the answer is sent, misses run again.
func TestLeadWritesArePriorityWork(t *testing.T) {
	t.Parallel()
	gate := admission.New(admission.Options{Workers: 2, Wait: 20 * time.Millisecond, RefuseDelay: -1})
	app := hookstest.NewWithOptions(t, hooks.Options{Admission: gate})
	var during error
	app.OnRecordCreateRequest(leads.LeadsCollection).BindFunc(func(e *core.RecordRequestEvent) error {
		_, during = gate.Do(context.Background(), "198.51.100.0/24", "a miss", func() (any, error) { return "built", nil })
		return e.Next()
	})
	mux := hookstest.Router(t, app)
	body, _ := json.Marshal(validLead(nil))
	req := httptest.NewRequest(http.MethodPost, "/api/collections/callback_leads/records", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("lead: %d %s", rec.Code, rec.Body)
	}
	if !errors.Is(during, admission.ErrBusy) {
		t.Errorf("a miss during a lead write: %v, want ErrBusy", during)
	}
	if v, err := gate.Do(context.Background(), "198.51.100.0/24", "a miss", func() (any, error) { return "built", nil }); err != nil || v != "built" {
		t.Errorf("a miss after the lead: %v %v", v, err)
	}
	// A search through the router is not held by anything.
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/cms/search?q=ketamine", nil))
	if rec.Code != 200 {
		t.Errorf("search after the lead: %d", rec.Code)
	}
}
