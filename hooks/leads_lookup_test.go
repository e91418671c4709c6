package hooks_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/leads"
)

// TestLeadLookupByPhone: reviewers and admins find a caller's leads by number (in any
// format), each lookup recorded per lead shown and naming the staff member; everyone else is
// refused; bad numbers are field errors; lookups are limited per staff member.
func TestLeadLookupByPhone(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	mux := hookstest.Router(t, app)
	mine := saveLead(t, app, "", nil)
	other := saveLead(t, app, "", map[string]any{"phone": "+447400999888", "name": "Other Person"})
	get := func(query, token string) *httptest.ResponseRecorder {
		return send(mux, http.MethodGet, "/api/cms/leads/lookup"+query, token, "")
	}
	q := "?phone=" + url.QueryEscape("07400 123456")
	for email, want := range map[string]int{"": 401, hookstest.OutsiderEmail: 403, hookstest.EditorEmail: 403} {
		token := ""
		if email != "" {
			token = hookstest.Token(t, app, email)
		}
		if rec := get(q, token); rec.Code != want || strings.Contains(rec.Body.String(), leadPhone) {
			t.Errorf("%q lookup: %d %s", email, rec.Code, rec.Body.String())
		}
	}
	for _, email := range []string{hookstest.ReviewerEmail, hookstest.AdminEmail} {
		token := hookstest.Token(t, app, email)
		rec := get(q, token)
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-store" {
			t.Fatalf("%s lookup: %d %s", email, rec.Code, rec.Body.String())
		}
		var out struct {
			Phone string           `json:"phone"`
			Items []map[string]any `json:"items"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		if out.Phone != leadPhone || len(out.Items) != 1 || out.Items[0]["id"] != mine.Id || out.Items[0]["phone"] != leadPhone ||
			out.Items[0]["name"] == nil || out.Items[0]["repeats"] == nil || strings.Contains(rec.Body.String(), other.Id) {
			t.Fatalf("%s lookup answer: %s", email, rec.Body.String())
		}
		staffRecord, err := app.FindAuthRecordByEmail("staff", email)
		if err != nil {
			t.Fatal(err)
		}
		n, err := app.CountRecords("lead_events", dbx.HashExp{"lead": mine.Id, "action": leads.ActionLookup, "staff": staffRecord.Id})
		if err != nil || n != 1 {
			t.Fatalf("%s lookup events: %d, %v", email, n, err)
		}
	}
	if n, _ := app.CountRecords("lead_events", dbx.HashExp{"lead": other.Id, "action": leads.ActionLookup}); n != 0 {
		t.Fatalf("a lead not shown got %d lookup events", n)
	}
	reviewer := hookstest.Token(t, app, hookstest.ReviewerEmail)
	for query, code := range map[string]string{"": "phone_required", "?phone=12": "phone_invalid", "?phone=abc": "phone_invalid"} {
		rec := get(query, reviewer)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"code":"`+code+`"`) {
			t.Errorf("lookup %q: %d %s", query, rec.Code, rec.Body.String())
		}
	}
	limited := false
	for range 40 {
		if rec := get(q, reviewer); rec.Code == http.StatusTooManyRequests {
			limited = rec.Header().Get("Retry-After") != ""
			break
		}
	}
	if !limited {
		t.Fatal("40 lookups by one reviewer were never limited")
	}
}
