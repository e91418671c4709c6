package callbackform

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

func TestTokenWindows(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	clock := func() time.Time { return now }
	s := NewSigner([]byte("key one"), clock)
	token := s.Token()
	if !s.Valid(token) {
		t.Fatal("a fresh token is refused")
	}
	if NewSigner([]byte("key two"), clock).Valid(token) {
		t.Error("another key accepts the token")
	}
	for _, bad := range []string{"", ".", "x.y", token + "x", "1." + token[len(token)-10:]} {
		if s.Valid(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
	now = now.Add(TokenWindow)
	if !s.Valid(token) {
		t.Error("refused in the next window")
	}
	now = now.Add(TokenWindow)
	if s.Valid(token) {
		t.Error("accepted two windows later")
	}
}

func TestCrossSite(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		fetchSite, origin string
		cross             bool
	}{
		{"same-origin", "", false}, {"none", "", false}, {"same-site", "", true}, {"cross-site", "", true},
		{"cross-site", "http://site.example", true}, {"same-origin", "https://evil.example", false},
		{"", "", false}, {"", "null", false}, {"", "http://site.example", false}, {"", "https://evil.example", true},
		{"", "http://site.example.evil.example", true}, {"", "::bad", true},
	} {
		r := httptest.NewRequest("POST", "http://site.example/callback", nil)
		if c.fetchSite != "" {
			r.Header.Set("Sec-Fetch-Site", c.fetchSite)
		}
		if c.origin != "" {
			r.Header.Set("Origin", c.origin)
		}
		if got := CrossSite(r); got != c.cross {
			t.Errorf("Sec-Fetch-Site %q Origin %q: cross-site %v", c.fetchSite, c.origin, got)
		}
	}
}

func TestParseAndErrors(t *testing.T) {
	t.Parallel()
	values, payload := Parse(url.Values{"name": {" Ann "}, "phone": {"0740"}, "consent": {"on"}, "website": {" "},
		"article": {"abc"}, "preferred_time": {"morning"}})
	var body map[string]any
	if err := json.Unmarshal(payload, &body); err != nil {
		t.Fatal(err)
	}
	if values["name"] != "Ann" || body["name"] != "Ann" || body["consent"] != true || body["consent_text"] != ConsentText ||
		body["article"] != "abc" || body["website"] != " " || body["preferred_time"] != "morning" {
		t.Errorf("payload %s", payload)
	}
	empty := map[string]any{}
	if _, p := Parse(url.Values{}); json.Unmarshal(p, &empty) != nil || empty["consent"] != false || empty["article"] != nil {
		t.Errorf("empty payload %s", p)
	}
	errs := ErrorsFrom([]byte(`{"message":"Failed.","data":{"phone":{"code":"phone_invalid","message":"Bad phone."},"consent_text":{"message":"Bad consent."}}}`))
	if errs["phone"] != "Bad phone." || errs["consent"] != "Bad consent." || errs["_form"] == "" {
		t.Errorf("errors %v", errs)
	}
	if errs := ErrorsFrom([]byte(`{"message":"Too many.","data":{}}`)); errs["_form"] != "Too many." {
		t.Errorf("errors %v", errs)
	}
	if errs := ErrorsFrom([]byte(`{"message":"Nope.","data":{"source_url":{"message":"Too long."}}}`)); errs["_form"] != "Nope. Too long." {
		t.Errorf("errors %v", errs)
	}
	if errs := ErrorsFrom([]byte(`<html>`)); errs["_form"] == "" {
		t.Error("an unreadable answer gave no message")
	}
	f := New("t")
	f.Errors = map[string]string{"consent": "x", "phone": "y"}
	if f.FirstError() != "phone" {
		t.Errorf("first error %q", f.FirstError())
	}
}
