package hooks_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/staff"
)

// signInStep is one answer of the staff sign-in, decoded.
type signInStep struct {
	Status int
	MFAID  string `json:"mfaId"`
	OTPID  string `json:"otpId"`
	Token  string `json:"token"`
	Record struct {
		Email string `json:"email"`
	} `json:"record"`
	Cookie *http.Cookie
}

// signInRequest posts body to a staff auth route, with the cookie-session header when cookie is set.
func signInRequest(t *testing.T, h http.Handler, path, body string, cookie bool) signInStep {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if cookie {
		req.Header.Set(staff.SessionHeader, staff.SessionHeaderValue)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	step := signInStep{Status: rec.Code}
	if err := json.Unmarshal(rec.Body.Bytes(), &step); err != nil {
		t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == staff.SessionCookie {
			step.Cookie = c
		}
	}
	return step
}

// TestStaffSignInNeedsAnEmailedCode: a right password alone gives no token but an MFA step;
// the code emailed to the account (and only that code, with that step) finishes the sign-in;
// a code alone is not enough either.
func TestStaffSignInNeedsAnEmailedCode(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	h := serveMux(t, app)
	password := `{"identity":"` + hookstest.EditorEmail + `","password":"` + hookstest.Password + `"}`

	first := signInRequest(t, h, "/api/collections/staff/auth-with-password", password, false)
	if first.Status != http.StatusUnauthorized || first.MFAID == "" || first.Token != "" {
		t.Fatalf("password alone: %+v, want 401 with an mfaId and no token", first)
	}
	otp := signInRequest(t, h, "/api/collections/staff/request-otp", `{"email":"`+hookstest.EditorEmail+`"}`, false)
	if otp.Status != http.StatusOK || otp.OTPID == "" {
		t.Fatalf("request-otp: %+v", otp)
	}
	code := hookstest.SignInCode(t, app, hookstest.EditorEmail)

	wrong := "00000000"
	if code == wrong {
		wrong = "11111111"
	}
	bad := signInRequest(t, h, "/api/collections/staff/auth-with-otp",
		`{"otpId":"`+otp.OTPID+`","password":"`+wrong+`","mfaId":"`+first.MFAID+`"}`, false)
	if bad.Status != http.StatusBadRequest || bad.Token != "" {
		t.Fatalf("wrong code: %+v, want 400 and no token", bad)
	}
	// The code without the password's MFA step starts a new MFA step instead of signing in.
	alone := signInRequest(t, h, "/api/collections/staff/auth-with-otp",
		`{"otpId":"`+otp.OTPID+`","password":"`+code+`"}`, false)
	if alone.Status != http.StatusUnauthorized || alone.Token != "" {
		t.Fatalf("code alone: %+v, want 401 and no token", alone)
	}
	app.TestMailer.Reset()
	otp = signInRequest(t, h, "/api/collections/staff/request-otp", `{"email":"`+hookstest.EditorEmail+`"}`, false)
	code = hookstest.SignInCode(t, app, hookstest.EditorEmail)
	done := signInRequest(t, h, "/api/collections/staff/auth-with-otp",
		`{"otpId":"`+otp.OTPID+`","password":"`+code+`","mfaId":"`+first.MFAID+`"}`, false)
	if done.Status != http.StatusOK || done.Token == "" || done.Record.Email != hookstest.EditorEmail {
		t.Fatalf("password then code: %+v, want 200 with a token", done)
	}
}

// signInWithCode runs the whole staff sign-in (password, emailed code) and returns its last step.
func signInWithCode(t *testing.T, h http.Handler, app *tests.TestApp, email string, cookie bool) signInStep {
	t.Helper()
	first := signInRequest(t, h, "/api/collections/staff/auth-with-password",
		`{"identity":"`+email+`","password":"`+hookstest.Password+`"}`, cookie)
	if first.Status != http.StatusUnauthorized || first.MFAID == "" {
		t.Fatalf("password step: %+v", first)
	}
	if first.Cookie != nil {
		t.Fatalf("the password step alone set a session cookie: %+v", first.Cookie)
	}
	app.TestMailer.Reset()
	otp := signInRequest(t, h, "/api/collections/staff/request-otp", `{"email":"`+email+`"}`, cookie)
	code := hookstest.SignInCode(t, app, email)
	return signInRequest(t, h, "/api/collections/staff/auth-with-otp",
		`{"otpId":"`+otp.OTPID+`","password":"`+code+`","mfaId":"`+first.MFAID+`"}`, cookie)
}

// TestPanelSessionCookie: the panel's sign-in puts the token in an HttpOnly, SameSite=Strict
// cookie and not in the body; the cookie authenticates only with the session header, never
// alone, and DELETE /api/cms/session clears it.
func TestPanelSessionCookie(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	h := serveMux(t, app)
	done := signInWithCode(t, h, app, hookstest.ReviewerEmail, true)
	if done.Status != http.StatusOK || done.Token != "" || done.Cookie == nil {
		t.Fatalf("cookie sign-in: %+v, want 200, an empty token and a cookie", done)
	}
	c := done.Cookie
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Value == "" || c.MaxAge <= 0 {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Strict, Path=/, a lifetime", c)
	}

	call := func(method, path string, header bool) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, nil)
		req.AddCookie(&http.Cookie{Name: staff.SessionCookie, Value: c.Value})
		if header {
			req.Header.Set(staff.SessionHeader, staff.SessionHeaderValue)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := call(http.MethodGet, "/api/collections/callback_leads/records", true); rec.Code != http.StatusOK {
		t.Fatalf("reviewer inbox with the session: %d %s", rec.Code, rec.Body)
	}
	// A cookie without the header (a cross-site form, an <img>) is anonymous.
	if rec := call(http.MethodPost, "/api/collections/staff/auth-refresh", false); rec.Code != http.StatusUnauthorized {
		t.Fatalf("refresh with the cookie alone: %d, want 401", rec.Code)
	}
	if rec := call(http.MethodGet, "/api/collections/callback_leads/records", false); rec.Code == http.StatusOK &&
		!strings.Contains(rec.Body.String(), `"items":[]`) {
		t.Fatalf("the cookie alone listed leads: %s", rec.Body)
	}
	refreshed := call(http.MethodPost, "/api/collections/staff/auth-refresh", true)
	if refreshed.Code != http.StatusOK || strings.Contains(refreshed.Body.String(), c.Value) {
		t.Fatalf("refresh with the session: %d %s", refreshed.Code, refreshed.Body)
	}
	if len(refreshed.Result().Cookies()) != 1 {
		t.Fatalf("refresh set cookies %v, want a renewed session cookie", refreshed.Result().Cookies())
	}

	if rec := call(http.MethodDelete, "/api/cms/session", false); rec.Code != http.StatusBadRequest {
		t.Fatalf("sign-out without the header: %d, want 400", rec.Code)
	}
	out := call(http.MethodDelete, "/api/cms/session", true)
	cleared := out.Result().Cookies()
	if out.Code != http.StatusNoContent || len(cleared) != 1 || cleared[0].Name != staff.SessionCookie || cleared[0].MaxAge >= 0 {
		t.Fatalf("sign-out: %d, cookies %v; want 204 clearing the session cookie", out.Code, cleared)
	}
	// An explicit Authorization header wins over the cookie.
	req := httptest.NewRequest(http.MethodPost, "/api/collections/staff/auth-refresh", nil)
	req.AddCookie(&http.Cookie{Name: staff.SessionCookie, Value: c.Value})
	req.Header.Set(staff.SessionHeader, staff.SessionHeaderValue)
	req.Header.Set("Authorization", "not-a-token")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("a bad Authorization header beside a good cookie: %d, want 401", rec.Code)
	}
}

// TestSignInCodesWithoutMail: serve says on start that no SMTP server is configured; with
// RCMS_SIGNIN_CODES=console the codes are printed and nothing is emailed.
func TestSignInCodesWithoutMail(t *testing.T) {
	t.Parallel()
	var plain bytes.Buffer
	app := hookstest.NewWithOptions(t, hooks.Options{Console: &plain})
	hookstest.TriggerServe(t, app)
	if !strings.Contains(plain.String(), "No SMTP server is configured") {
		t.Fatalf("start-up notice without SMTP: %q", plain.String())
	}

	console := &syncBuffer{}
	app = hookstest.NewWithOptions(t, hooks.Options{Console: console, SignInCodesToConsole: true})
	h := serveMux(t, app)
	if !strings.Contains(console.String(), staff.SignInCodesEnv+"=console") {
		t.Fatalf("start-up notice in console mode: %q", console.String())
	}
	otp := signInRequest(t, h, "/api/collections/staff/request-otp", `{"email":"`+hookstest.EditorEmail+`"}`, false)
	if otp.Status != http.StatusOK {
		t.Fatalf("request-otp: %+v", otp)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(console.String(), "Staff sign-in code for "+hookstest.EditorEmail+": ") {
		if time.Now().After(deadline) {
			t.Fatalf("no code printed: %q", console.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := app.TestMailer.TotalSend(); n != 0 {
		t.Fatalf("console mode still emailed %d messages", n)
	}
}
