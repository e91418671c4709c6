package hooks_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"recoverycms/hooks/hookstest"
)

// scrape asks for /metrics from remote (host:port) with token and extra headers.
func scrape(h http.Handler, remote, token string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.RemoteAddr = remote
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// metricValue reads one sample of the text format; labels is the exact label set as printed.
func metricValue(t *testing.T, text, name, labels string) float64 {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name+labels) + ` (\S+)$`)
	m := re.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no sample %s%s in:\n%s", name, labels, text)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestMetricsAccess: /metrics answers admins, superusers and this machine without a proxy in
// between; anyone else, an editor, or a loopback request that came through a proxy gets 404.
func TestMetricsAccess(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	h := serveMux(t, app)
	const outside, loopback = "203.0.113.9:5000", "127.0.0.1:5000"
	cases := []struct {
		name   string
		remote string
		token  string
		header map[string]string
		want   int
	}{
		{"anonymous from outside", outside, "", nil, http.StatusNotFound},
		{"editor from outside", outside, hookstest.Token(t, app, hookstest.EditorEmail), nil, http.StatusNotFound},
		{"reviewer from outside", outside, hookstest.Token(t, app, hookstest.ReviewerEmail), nil, http.StatusNotFound},
		{"loopback through a proxy", loopback, "", map[string]string{"X-Forwarded-For": "198.51.100.7"}, http.StatusNotFound},
		{"loopback through a proxy (Forwarded)", loopback, "", map[string]string{"Forwarded": "for=198.51.100.7"}, http.StatusNotFound},
		{"ipv6 loopback", "[::1]:5000", "", nil, http.StatusOK},
		{"loopback", loopback, "", nil, http.StatusOK},
		{"admin from outside", outside, hookstest.Token(t, app, hookstest.AdminEmail), nil, http.StatusOK},
		{"superuser from outside", outside, hookstest.Token(t, app, hookstest.SuperuserEmail), nil, http.StatusOK},
	}
	for _, c := range cases {
		rec := scrape(h, c.remote, c.token, c.header)
		if rec.Code != c.want {
			t.Errorf("%s: %d, want %d", c.name, rec.Code, c.want)
		}
		if c.want == http.StatusOK && !strings.Contains(rec.Body.String(), "recoverycms_http_requests_total") {
			t.Errorf("%s: no request counter in %s", c.name, rec.Body)
		}
	}
}

// TestMetricsCountWhatOperatorsWatch: routes by pattern, leads by outcome, cache hits, the
// outbox and the last backup move with what happens.
func TestMetricsCountWhatOperatorsWatch(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	h := serveMux(t, app)
	lead, _ := json.Marshal(validLead(nil))
	if rec := send(h, http.MethodPost, leadsURL, "", string(lead)); rec.Code != http.StatusOK {
		t.Fatalf("lead: %d %s", rec.Code, rec.Body)
	}
	bad, _ := json.Marshal(validLead(map[string]any{"phone": "not a number"}))
	if rec := send(h, http.MethodPost, leadsURL, "", string(bad)); rec.Code != http.StatusBadRequest {
		t.Fatalf("bad lead: %d %s", rec.Code, rec.Body)
	}
	for i := 0; i < 3; i++ {
		if rec := send(h, http.MethodGet, "/api/cms/articles", "", ""); rec.Code != http.StatusOK {
			t.Fatalf("articles: %d", rec.Code)
		}
	}
	if err := app.CreateBackup(context.Background(), "metrics_test.zip"); err != nil {
		t.Fatal(err)
	}

	text := scrape(h, "127.0.0.1:1", "", nil).Body.String()
	if v := metricValue(t, text, "recoverycms_leads_total", `{outcome="accepted"}`); v != 1 {
		t.Errorf("accepted leads = %v, want 1", v)
	}
	if v := metricValue(t, text, "recoverycms_leads_total", `{outcome="refused"}`); v != 1 {
		t.Errorf("refused leads = %v, want 1", v)
	}
	if v := metricValue(t, text, "recoverycms_http_requests_total",
		`{code="200",method="GET",route="/api/cms/articles"}`); v != 3 {
		t.Errorf("article list requests = %v, want 3", v)
	}
	if strings.Contains(text, leadPhoneLocal) || strings.Contains(text, "sam@example.org") {
		t.Error("the metrics carry a lead's personal data")
	}
	if v := metricValue(t, text, "recoverycms_response_cache_hits_total", ""); v < 2 {
		t.Errorf("cache hits = %v, want at least 2 of 3 identical reads", v)
	}
	if v := metricValue(t, text, "recoverycms_outbox_readable", `{queue="webhook_deliveries"}`); v != 1 {
		t.Errorf("outbox readable = %v", v)
	}
	metricValue(t, text, "recoverycms_outbox_pending", `{queue="webhook_deliveries"}`)
	if v := metricValue(t, text, "recoverycms_outbox_readable", `{queue="lead_notifications"}`); v != 1 {
		t.Errorf("lead notifications readable = %v", v)
	}
	if v := metricValue(t, text, "recoverycms_backup_last_success_timestamp_seconds", ""); v <= 0 {
		t.Errorf("last backup = %v, want the backup's time", v)
	}
}
