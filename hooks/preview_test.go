package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/frontend"
)

func TestPreviewLinkByRole(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	draftID := articleBySlug(t, app, hookstest.DraftSlug).Id
	statuses := map[string]int{"guest": 401, "outsider": 403, "editor": 200, "reviewer": 403, "admin": 200, "superuser": 200}
	for _, r := range roles {
		status := statuses[r.name]
		s := tests.ApiScenario{
			Name:           r.name + " asks for a preview link",
			Method:         http.MethodPost,
			URL:            "/api/cms/articles/" + draftID + "/preview-link",
			Headers:        r.headers(t),
			ExpectedStatus: status,
			ExpectedEvents: map[string]int{"*": 0},
			TestAppFactory: hookstest.Factory,
		}
		if status == 200 {
			s.ExpectedContent = []string{`"url":"http://localhost:8090/api/cms/preview/` + draftID + `.`, `"expires_at":"`}
		} else {
			s.ExpectedContent = []string{`"status":` + map[int]string{401: "401", 403: "403"}[status]}
			s.NotExpectedContent = []string{`"token"`}
		}
		s.Test(t)
	}
	(&tests.ApiScenario{
		Name: "editor asks for an unknown article", Method: http.MethodPost,
		URL: "/api/cms/articles/nosuchid/preview-link", Headers: roles[2].headers(t),
		ExpectedStatus: 404, ExpectedContent: []string{`"message":"Missing article."`},
		ExpectedEvents: map[string]int{"*": 0}, TestAppFactory: hookstest.Factory,
	}).Test(t)
}

func TestPreviewTokenShowsDraftThenExpires(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Now()}
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now,
		Frontend: frontend.Config{PreviewURL: "https://example.org/preview?token={token}"}})
	lr := newLiveRouter(t, app)
	draft := articleBySlug(t, app, hookstest.DraftSlug)

	rec := lr.do(http.MethodPost, "/api/cms/articles/"+draft.Id+"/preview-link",
		"Authorization", hookstest.Token(t, app, hookstest.EditorEmail))
	var link struct{ URL, Token, ExpiresAt string }
	must(t, json.Unmarshal(rec.Body.Bytes(), &link))
	if rec.Code != 200 || link.URL != "https://example.org/preview?token="+link.Token {
		t.Fatalf("preview link: %d %s", rec.Code, rec.Body.String())
	}

	got := lr.get("/api/cms/preview/" + link.Token)
	if got.Code != 200 || !strings.Contains(got.Body.String(), hookstest.SecretWord) ||
		!strings.Contains(got.Body.String(), `"body_html":"\u003ch2`) {
		t.Fatalf("preview: %d %s", got.Code, got.Body.String())
	}
	if got.Header().Get("Cache-Control") != "no-store" || got.Header().Get("ETag") != "" {
		t.Errorf("preview headers: %v", got.Header())
	}
	// Same shape as the slug endpoint.
	var preview, public map[string]any
	must(t, json.Unmarshal(got.Body.Bytes(), &preview))
	must(t, json.Unmarshal(lr.get("/api/cms/articles/"+hookstest.PublishedSlug).Body.Bytes(), &public))
	for k := range public {
		if _, ok := preview[k]; !ok {
			t.Errorf("preview lacks %q", k)
		}
	}

	bad := []string{
		link.Token[:len(link.Token)-2] + "xx",                             // signature changed
		strings.Replace(link.Token, draft.Id, strings.Repeat("a", 15), 1), // other article, same signature
		"not-a-token",
		link.Token + ".extra",
	}
	for _, tok := range bad {
		rec := lr.get("/api/cms/preview/" + tok)
		if rec.Code != 401 || strings.Contains(rec.Body.String(), hookstest.SecretWord) ||
			!strings.Contains(rec.Body.String(), `"message":"Invalid or expired preview link."`) {
			t.Errorf("tampered token %q: %d %s", tok, rec.Code, rec.Body.String())
		}
	}

	clk.Set(clk.Now().Add(frontend.DefaultPreviewTTL + time.Second))
	expired := lr.get("/api/cms/preview/" + link.Token)
	if expired.Code != 401 || strings.Contains(expired.Body.String(), hookstest.SecretWord) {
		t.Fatalf("expired token: %d %s", expired.Code, expired.Body.String())
	}
	if expired.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("error without no-store: %v", expired.Header())
	}
}

func TestPreviewTokensDependOnTheSecret(t *testing.T) {
	t.Parallel()
	a := hookstest.NewWithOptions(t, hooks.Options{Frontend: frontend.Config{PreviewSecret: "first secret"}})
	b := hookstest.NewWithOptions(t, hooks.Options{Frontend: frontend.Config{PreviewSecret: "second secret"}})
	id := articleBySlug(t, a, hookstest.DraftSlug).Id
	lrA := newLiveRouter(t, a)
	rec := lrA.do(http.MethodPost, "/api/cms/articles/"+id+"/preview-link",
		"Authorization", hookstest.Token(t, a, hookstest.AdminEmail))
	var link struct{ Token string }
	must(t, json.Unmarshal(rec.Body.Bytes(), &link))
	if lrA.get("/api/cms/preview/"+link.Token).Code != 200 {
		t.Fatal("the token does not work with its own secret")
	}
	if newLiveRouter(t, b).get("/api/cms/preview/"+link.Token).Code != 401 {
		t.Fatal("the token works with another secret")
	}
}
