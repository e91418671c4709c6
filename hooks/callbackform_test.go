package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/callbackform"
)

// formSite is a test app's router with helpers to load and post the callback form.
type formSite struct {
	t   *testing.T
	app core.App
	mux http.Handler
}

func newFormSite(t *testing.T, opts hooks.Options) *formSite {
	app := hookstest.NewWithOptions(t, opts)
	return &formSite{t: t, app: app, mux: hookstest.Router(t, app)}
}

var tokenField = regexp.MustCompile(`name="form_token" value="([^"]+)"`)

// token loads path and returns the form token of its callback form.
func (s *formSite) token(path string) string {
	s.t.Helper()
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	m := tokenField.FindStringSubmatch(rec.Body.String())
	if m == nil {
		s.t.Fatalf("%s has no form token: %s", path, rec.Body.String())
	}
	return m[1]
}

// post sends the callback form as a browser does (urlencoded), with header pairs.
func (s *formSite) post(form url.Values, header ...string) *httptest.ResponseRecorder {
	return s.postTo("/callback", form, header...)
}

// postTo sends a form to path as a browser does (urlencoded), with header pairs.
func (s *formSite) postTo(path string, form url.Values, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "203.0.113.7:51000"
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, req)
	return rec
}

func (s *formSite) leads() []*core.Record {
	s.t.Helper()
	records, err := s.app.FindAllRecords("callback_leads")
	if err != nil {
		s.t.Fatal(err)
	}
	return records
}

// validForm is a complete, valid submission carrying token.
func validForm(token string) url.Values {
	return url.Values{"form_token": {token}, "name": {"  Sam Okoro "}, "phone": {"07400 123456"},
		"preferred_time": {"evening"}, "message": {"Worried about my brother."}, "consent": {"on"}, "website": {""}}
}

// TestCallbackFormWithoutJavaScript: the plain form POST stores the lead through the same
// route as the API and answers with what happens next and the emergency numbers.
func TestCallbackFormWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s := newFormSite(t, hooks.Options{})
	article, _ := s.app.FindFirstRecordByData("articles", "slug", hookstest.PublishedSlug)
	form := validForm(s.token("/articles/" + hookstest.PublishedSlug))
	form.Set("article", article.Id)
	form.Set("source_url", "http://localhost:8090/articles/"+hookstest.PublishedSlug)
	form.Set("timezone", "America/New_York")
	rec := s.post(form, "Sec-Fetch-Site", "same-origin", "Origin", "http://example.com")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("POST /callback: %d %q %s", rec.Code, rec.Header().Get("Cache-Control"), body)
	}
	for _, want := range []string{"Thank you. Your request has reached us.", "A counsellor will phone you in the evening.",
		"In an emergency call 999. Samaritans: 116 123"} {
		if !strings.Contains(body, want) {
			t.Errorf("confirmation lacks %q", want)
		}
	}
	leads := s.leads()
	if len(leads) != 1 {
		t.Fatalf("%d leads stored", len(leads))
	}
	l := leads[0]
	if l.GetString("name") != "Sam Okoro" || l.GetString("phone") != "+447400123456" || l.GetString("preferred_time") != "evening" ||
		l.GetString("article") != article.Id || !l.GetBool("consent") || l.GetString("consent_text") != callbackform.ConsentText ||
		l.GetString("timezone") != "America/New_York" || l.GetBool("consent_unmatched") {
		t.Errorf("stored lead %v", l.FieldsData())
	}
	// A message that reads as a crisis gets the advice not to wait, first and prominent.
	crisis := validForm(form.Get("form_token"))
	crisis.Set("phone", "07400 111999")
	crisis.Set("message", "I can't go on like this")
	if rec := s.post(crisis); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `<div class="urgent-help" role="alert">`) ||
		!strings.Contains(rec.Body.String(), "Please do not wait for our call") {
		t.Fatalf("a crisis message's confirmation: %d", rec.Code)
	}
	if strings.Contains(s.post(validForm(form.Get("form_token"))).Body.String(), "urgent-help") {
		t.Error("an ordinary request's confirmation is marked urgent")
	}
	// A page older than its article (deleted since) still sends the lead, without the article.
	stale := validForm(form.Get("form_token"))
	stale.Set("phone", "07400 765432")
	stale.Set("article", "deletedarticle0")
	if rec := s.post(stale); rec.Code != http.StatusOK {
		t.Fatalf("a form naming a missing article: %d %s", rec.Code, rec.Body.String())
	}
	if n := len(s.leads()); n != 3 {
		t.Fatalf("%d leads after the stale page's", n)
	}
	// The same person again within minutes is a repeat, merged as the API merges it.
	if again := s.post(validForm(form.Get("form_token"))); again.Code != http.StatusOK {
		t.Fatalf("repeat: %d", again.Code)
	}
	if n := len(s.leads()); n != 3 {
		t.Errorf("a repeat made %d leads", n)
	}
}

// TestCallbackFormErrorsBesideFields: invalid input comes back as the form with each message
// beside its field, the values kept and the focus on the first field in error; nothing is stored.
func TestCallbackFormErrorsBesideFields(t *testing.T) {
	t.Parallel()
	s := newFormSite(t, hooks.Options{})
	form := validForm(s.token("/callback"))
	form.Set("name", "")
	form.Set("phone", "12")
	form.Del("consent")
	form.Set("message", "Please call <after> 6 & not before")
	rec := s.post(form)
	body := rec.Body.String()
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("invalid form: %d", rec.Code)
	}
	for _, want := range []string{
		`<p class="error" id="cb-name-error">Tell us what to call you.</p>`,
		`<p class="error" id="cb-phone-error">Enter a phone number`,
		`<p class="error" id="cb-consent-error">Consent is needed before we can call you back.</p>`,
		`value="12" aria-describedby="cb-phone-hint cb-phone-error" aria-invalid="true"`,
		`>Please call &lt;after&gt; 6 &amp; not before</textarea>`,
		`<option value="evening" selected>`,
		`role="alert">Please correct the fields marked below.</p>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	if n := strings.Count(body, " autofocus"); n != 1 || !strings.Contains(body, `id="cb-name" name="name" type="text" autocomplete="name" required maxlength="100" value="" aria-describedby="cb-name-error" aria-invalid="true" autofocus`) {
		t.Errorf("%d autofocus, want one on the name field", n)
	}
	if n := len(s.leads()); n != 0 {
		t.Errorf("%d leads stored", n)
	}
}

// TestCallbackFormRefusesCrossSiteAndForeignTokens: another site cannot post the form from a
// visitor's browser, and a token not issued here recently is refused; nothing is stored.
func TestCallbackFormRefusesCrossSiteAndForeignTokens(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Now()}
	s := newFormSite(t, hooks.Options{Now: clk.Now})
	token := s.token("/callback")
	other := newFormSite(t, hooks.Options{Now: clk.Now})
	// Test apps copy one database; each real installation has a random secret of its own.
	su, err := other.app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	su.AuthToken.Secret = security.RandomString(50)
	if err := other.app.Save(su); err != nil {
		t.Fatal(err)
	}
	otherToken := other.token("/callback")
	// A token signed with no key.
	unsigned := callbackform.NewSigner(nil, clk.Now).Token()
	cases := []struct {
		name   string
		form   url.Values
		header []string
	}{
		{"cross-site fetch metadata", validForm(token), []string{"Sec-Fetch-Site", "cross-site"}},
		{"foreign origin", validForm(token), []string{"Origin", "https://evil.example"}},
		{"no token", validForm(""), nil},
		{"garbage token", validForm("not-a-token"), nil},
		{"unsigned token", validForm(unsigned), nil},
		{"another installation's token", validForm(otherToken), nil},
	}
	if otherToken == token {
		t.Fatal("two installations issue the same token")
	}
	for _, c := range cases {
		rec := s.post(c.form, c.header...)
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s: %d", c.name, rec.Code)
		}
		if c.header == nil && !strings.Contains(rec.Body.String(), `value="07400 123456"`) {
			t.Errorf("%s: the answers were not kept", c.name)
		}
	}
	if n := len(s.leads()); n != 0 {
		t.Fatalf("%d leads stored", n)
	}
	// A token lasts its own window and the next, then is refused with a fresh one.
	clk.Set(clk.Now().Add(callbackform.TokenWindow))
	if rec := s.post(validForm(token)); rec.Code != http.StatusOK {
		t.Fatalf("token one window later: %d", rec.Code)
	}
	clk.Set(clk.Now().Add(callbackform.TokenWindow))
	rec := s.post(validForm(token))
	fresh := tokenField.FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusForbidden || fresh == nil || fresh[1] == token {
		t.Fatalf("token two windows later: %d", rec.Code)
	}
	if rec := s.post(validForm(fresh[1])); rec.Code != http.StatusOK {
		t.Errorf("the fresh token: %d", rec.Code)
	}
}

// TestCallbackFormSharesHoneypotAndRateLimit: the form's door has the API's honeypot (same
// answer, nothing stored) and the API's rate limit for the caller's network (429 with
// Retry-After, counted across both doors).
func TestCallbackFormSharesHoneypotAndRateLimit(t *testing.T) {
	t.Parallel()
	s := newFormSite(t, hooks.Options{})
	token := s.token("/callback")
	bot := validForm(token)
	bot.Set("website", "https://spam.example")
	if rec := s.post(bot); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Thank you. Your request has reached us.") {
		t.Fatalf("honeypot: %d", rec.Code)
	}
	if n := len(s.leads()); n != 0 {
		t.Fatalf("the honeypot stored %d leads", n)
	}
	// The bot's submission counted; three more by the API and one by the form fill the five.
	for i := 0; i < 3; i++ {
		req := httptest.NewRequest(http.MethodPost, leadsURL, jsonBody(t, validLead(map[string]any{"phone": "+1 202 555 01" + strconv.Itoa(10+i)})))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "203.0.113.7:40000"
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("API lead %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	if rec := s.post(validForm(token)); rec.Code != http.StatusOK {
		t.Fatalf("fifth: %d", rec.Code)
	}
	form := validForm(token)
	form.Set("phone", "07400 999888")
	rec := s.post(form)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" ||
		!strings.Contains(rec.Body.String(), "Too many callback requests from your network.") ||
		!strings.Contains(rec.Body.String(), `value="07400 999888"`) {
		t.Fatalf("sixth: %d Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	if n := len(s.leads()); n != 4 {
		t.Errorf("%d leads stored, want 4", n)
	}
}
