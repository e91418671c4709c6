package hooks_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/webhooks"
)

const (
	fixtureWebhookID  = "whfixture000001"
	fixtureDeliveryID = "dlfixture000001"
)

// seedWebhook saves one webhook and one logged delivery with known ids.
func seedWebhook(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("webhooks")
	if err != nil {
		t.Fatal(err)
	}
	h := core.NewRecord(col)
	h.Id = fixtureWebhookID
	h.Set("url", "https://hooks.example.org/cms")
	h.Set("events", []string{webhooks.EventArticlePublished})
	h.Set("secret", webhookSecret)
	h.Set("active", false)
	if err := app.Save(h); err != nil {
		t.Fatal(err)
	}
	dcol, err := app.FindCollectionByNameOrId("webhook_deliveries")
	if err != nil {
		t.Fatal(err)
	}
	d := core.NewRecord(dcol)
	d.Id = fixtureDeliveryID
	d.Set("webhook", h.Id)
	d.Set("event", webhooks.EventArticlePublished)
	d.Set("attempt", 1)
	d.Set("state", "succeeded")
	d.Set("status_code", 200)
	d.Set("payload", `{"event":"article.published"}`)
	if err := app.Save(d); err != nil {
		t.Fatal(err)
	}
}

func TestWebhookAccessByRole(t *testing.T) {
	t.Parallel()
	for _, r := range roles {
		admin := r.name == "admin" || r.name == "superuser"
		headers := r.headers(t)
		total := pick(admin, `"totalItems":1`, `"totalItems":0`)
		listEvents := pickEvents(admin,
			map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": 1},
			map[string]int{"*": 0, "OnRecordsListRequest": 1})
		denied := []string{`"data":{}`}
		scenarios := []tests.ApiScenario{{
			Name:            r.name + " lists webhooks",
			Method:          http.MethodGet,
			URL:             "/api/collections/webhooks/records",
			ExpectedStatus:  200,
			ExpectedContent: []string{total},
			ExpectedEvents:  listEvents,
		}, {
			Name:               r.name + " views a webhook",
			Method:             http.MethodGet,
			URL:                "/api/collections/webhooks/records/" + fixtureWebhookID,
			ExpectedStatus:     pick(admin, 200, 404),
			ExpectedContent:    pick(admin, []string{`"url":"https://hooks.example.org/cms"`, `"secret":"` + webhookSecret + `"`}, denied),
			NotExpectedContent: pick(admin, nil, []string{webhookSecret}),
			ExpectedEvents:     pickEvents(admin, map[string]int{"*": 0, "OnRecordViewRequest": 1, "OnRecordEnrich": 1}, map[string]int{"*": 0}),
		}, {
			Name:            r.name + " creates a webhook",
			Method:          http.MethodPost,
			URL:             "/api/collections/webhooks/records",
			Body:            strings.NewReader(`{"url":"https://build.example.org/rebuild","events":["article.published","article.deleted"],"active":true}`),
			ExpectedStatus:  pick(admin, 200, 400),
			ExpectedContent: pick(admin, []string{`"url":"https://build.example.org/rebuild"`, `"active":true`}, denied),
			ExpectedEvents: pickEvents(admin,
				map[string]int{"OnRecordCreateRequest": 1, "OnRecordCreate": 1, "OnRecordAfterCreateSuccess": 1},
				map[string]int{"*": 0}),
		}, {
			Name:            r.name + " updates a webhook",
			Method:          http.MethodPatch,
			URL:             "/api/collections/webhooks/records/" + fixtureWebhookID,
			Body:            strings.NewReader(`{"active":true}`),
			ExpectedStatus:  pick(admin, 200, 404),
			ExpectedContent: pick(admin, []string{`"active":true`}, denied),
			ExpectedEvents: pickEvents(admin,
				map[string]int{"OnRecordUpdateRequest": 1, "OnRecordUpdate": 1, "OnRecordAfterUpdateSuccess": 1},
				map[string]int{"*": 0}),
		}, {
			Name:            r.name + " deletes a webhook",
			Method:          http.MethodDelete,
			URL:             "/api/collections/webhooks/records/" + fixtureWebhookID,
			ExpectedStatus:  pick(admin, 204, 404),
			ExpectedContent: pick(admin, nil, denied),
			ExpectedEvents: pickEvents(admin,
				// The logged delivery goes with its webhook.
				map[string]int{"OnRecordDeleteRequest": 1, "OnRecordDelete": 2, "OnRecordAfterDeleteSuccess": 2},
				map[string]int{"*": 0}),
		}, {
			Name:            r.name + " lists webhook deliveries",
			Method:          http.MethodGet,
			URL:             "/api/collections/webhook_deliveries/records",
			ExpectedStatus:  200,
			ExpectedContent: []string{total},
			ExpectedEvents:  listEvents,
		}}
		for _, s := range scenarios {
			s.Headers = headers
			s.BeforeTestFunc = seedWebhook
			s.TestAppFactory = hookstest.Factory
			s.Test(t)
		}
	}
}

var requestEvent = map[string]string{
	http.MethodPost:   "OnRecordCreateRequest",
	http.MethodPatch:  "OnRecordUpdateRequest",
	http.MethodDelete: "OnRecordDeleteRequest",
}

// Not even a superuser edits the delivery log: it records what the server did.
func TestWebhookDeliveriesAreNotWritableThroughTheAPI(t *testing.T) {
	t.Parallel()
	for _, email := range []string{hookstest.AdminEmail, hookstest.SuperuserEmail} {
		headers := map[string]string{"Authorization": hookstest.Token(t, hookstest.New(t), email)}
		scenarios := []tests.ApiScenario{{
			Name:   email + " creates a delivery",
			Method: http.MethodPost,
			URL:    "/api/collections/webhook_deliveries/records",
			Body: strings.NewReader(`{"webhook":"` + fixtureWebhookID + `","event":"article.published","attempt":1,` +
				`"state":"pending","payload":"{}"}`),
		}, {
			Name:   email + " edits a delivery",
			Method: http.MethodPatch,
			URL:    "/api/collections/webhook_deliveries/records/" + fixtureDeliveryID,
			Body:   strings.NewReader(`{"state":"pending"}`),
		}, {
			Name:   email + " deletes a delivery",
			Method: http.MethodDelete,
			URL:    "/api/collections/webhook_deliveries/records/" + fixtureDeliveryID,
		}}
		for _, s := range scenarios {
			s.Headers = headers
			s.BeforeTestFunc = seedWebhook
			s.TestAppFactory = hookstest.Factory
			s.ExpectedStatus = 403
			// Admins are stopped by the collection rules (none: superusers only), the
			// superuser by the request hook; nothing is saved either way.
			s.ExpectedEvents = map[string]int{"*": 0}
			if email == hookstest.SuperuserEmail {
				s.ExpectedEvents[requestEvent[s.Method]] = 1
			}
			s.ExpectedContent = []string{`"data":{}`}
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				d, err := app.FindRecordById("webhook_deliveries", fixtureDeliveryID)
				if err != nil || d.GetString("state") != "succeeded" {
					t.Fatalf("the logged delivery changed: %v", err)
				}
				if n, _ := app.CountRecords("webhook_deliveries"); n != 1 {
					t.Fatalf("%d deliveries, want 1", n)
				}
			}
			s.Test(t)
		}
	}
}

func TestWebhookInputIsValidated(t *testing.T) {
	t.Parallel()
	headers := map[string]string{"Authorization": hookstest.Token(t, hookstest.New(t), hookstest.AdminEmail)}
	body := func(url, secret string) *strings.Reader {
		return jsonBody(t, map[string]any{"url": url, "secret": secret, "events": []string{"article.published"}, "active": true})
	}
	bad := []struct{ name, url, secret, field, code string }{
		{"ftp scheme", "ftp://example.org/hook", "", "url", "url_scheme_invalid"},
		{"javascript scheme", "javascript:alert(1)", "", "url", "url_scheme_invalid"},
		{"file scheme", "file:///etc/passwd", "", "url", "url_scheme_invalid"},
		{"no scheme", "example.org/hook", "", "url", "url_scheme_invalid"},
		{"no host", "http://", "", "url", "url_invalid"},
		{"spaces", "https://example.org/a hook", "", "url", "url_invalid"},
		{"credentials", "https://user:pw@example.org/hook", "", "url", "url_credentials"},
		{"metadata endpoint", "http://169.254.169.254/latest/meta-data", "", "url", "url_target_forbidden"},
		{"unspecified address", "http://[::]:8080/hook", "", "url", "url_target_forbidden"},
		{"empty", "", "", "url", "url_required"},
		{"short secret", "https://example.org/hook", "tooshort", "secret", "secret_too_short"},
	}
	var scenarios []tests.ApiScenario
	for _, c := range bad {
		scenarios = append(scenarios, tests.ApiScenario{
			Name:            "refuses " + c.name,
			Method:          http.MethodPost,
			URL:             "/api/collections/webhooks/records",
			Body:            body(c.url, c.secret),
			ExpectedStatus:  400,
			ExpectedContent: []string{`"` + c.field + `":{"code":"` + c.code + `"`},
			ExpectedEvents:  map[string]int{"OnRecordCreateRequest": 1, "OnRecordCreate": 1, "OnRecordAfterCreateSuccess": 0},
		})
	}
	scenarios = append(scenarios, tests.ApiScenario{
		Name:            "refuses an unknown event",
		Method:          http.MethodPost,
		URL:             "/api/collections/webhooks/records",
		Body:            jsonBody(t, map[string]any{"url": "https://example.org/hook", "events": []string{"article.exploded"}}),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"events":{"code":`},
		ExpectedEvents:  map[string]int{"OnRecordAfterCreateSuccess": 0},
	}, tests.ApiScenario{
		Name:            "refuses a non-http URL on update",
		Method:          http.MethodPatch,
		URL:             "/api/collections/webhooks/records/" + fixtureWebhookID,
		Body:            strings.NewReader(`{"url":"gopher://example.org/"}`),
		BeforeTestFunc:  seedWebhook,
		ExpectedStatus:  400,
		ExpectedContent: []string{`"url":{"code":"url_scheme_invalid"`},
		ExpectedEvents:  map[string]int{"OnRecordUpdate": 1, "OnRecordAfterUpdateSuccess": 0},
	}, tests.ApiScenario{
		Name:            "generates a secret when none is given",
		Method:          http.MethodPost,
		URL:             "/api/collections/webhooks/records",
		Body:            body("  https://example.org/hook  ", ""),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"url":"https://example.org/hook"`},
		ExpectedEvents:  map[string]int{"OnRecordAfterCreateSuccess": 1},
		AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
			var got struct {
				Secret string `json:"secret"`
			}
			if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(got.Secret) {
				t.Fatalf("generated secret %q", got.Secret)
			}
		},
	})
	for _, s := range scenarios {
		s.Headers = headers
		s.TestAppFactory = hookstest.Factory
		s.Test(t)
	}
}

func TestWebhookPrivateTargetsCanBeBlocked(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, func(c *webhooks.Config) { c.AllowPrivate = false })
	col, err := app.FindCollectionByNameOrId("webhooks")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/hook", "http://[::1]/hook", "http://192.168.0.10/hook"} {
		r := core.NewRecord(col)
		r.Set("url", u)
		r.Set("events", []string{webhooks.EventArticlePublished})
		err := app.Save(r)
		if err == nil || !strings.Contains(err.Error(), "url_target_forbidden") && !strings.Contains(err.Error(), "cannot receive webhooks") {
			t.Fatalf("%s saved with error %v", u, err)
		}
	}
	r := core.NewRecord(col)
	r.Set("url", "https://hooks.example.org/cms")
	r.Set("events", []string{webhooks.EventArticlePublished})
	if err := app.Save(r); err != nil {
		t.Fatalf("a public target was refused: %v", err)
	}
}

func TestWebhookArticleURLDefaultsToTheAppURL(t *testing.T) {
	t.Parallel()
	app := newWebhookApp(t, func(c *webhooks.Config) { c.ArticleURL = "" })
	app.Settings().Meta.AppURL = "https://cms.example.org/"
	hook := createWebhook(t, app, "https://hooks.example.org/cms", true, webhooks.EventArticlePublished)
	saveArticle(t, app, newDraft(t, app, "Default address").Id, map[string]any{"status": "published"})
	rows := deliveryRows(t, app, hook.Id)
	if len(rows) != 1 {
		t.Fatalf("%d deliveries", len(rows))
	}
	var p webhooks.Payload
	if err := json.Unmarshal([]byte(rows[0].GetString("payload")), &p); err != nil {
		t.Fatal(err)
	}
	if p.Article.URL != "https://cms.example.org/articles/default-address" {
		t.Fatalf("article url %q", p.Article.URL)
	}
}
