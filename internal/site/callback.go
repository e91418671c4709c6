package site

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/callbackform"
	"recoverycms/internal/publishing"
)

// leadCreatePath is the lead API route both doors of the callback form go through.
const leadCreatePath = "/api/collections/callback_leads/records"

// CallbackPost answers POST /callback, the form that works without JavaScript. It refuses a
// cross-site submission and a token this installation did not issue recently, then sends the
// lead through api (the server's own handler) to the same route as the JSON form, so
// validation, honeypot, rate limit, repeat handling and durability are one implementation;
// the answer is a page: what happens next, or the form again with each message beside its
// field and the values kept. The JavaScript form posts here too and swaps in the result.
func (p *Pages) CallbackPost(api func() (http.Handler, error)) func(*core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		e.Response.Header().Set("Cache-Control", "no-store")
		if callbackform.CrossSite(e.Request) {
			return p.message(e, http.StatusForbidden, "This form can only be sent from our own site",
				"Please open the callback page on our site and send the form from there.")
		}
		if err := e.Request.ParseForm(); err != nil {
			return p.message(e, http.StatusBadRequest, "The form could not be read", "Please go back and send it again.")
		}
		signer, err := p.signer(e.App)
		if err != nil {
			return err
		}
		// The page may be older than its article: a lead is never refused for page details.
		if id := e.Request.PostForm.Get("article"); id != "" {
			if a, err := e.App.FindRecordById("articles", id); err != nil || !publishing.IsPublic(a, p.now()) {
				e.Request.PostForm.Del("article")
			}
		}
		values, payload := callbackform.Parse(e.Request.PostForm)
		form := callbackform.New(signer.Token())
		form.Values, form.ArticleID, form.SourceURL = values, values["article"], values["source_url"]
		if !signer.Valid(e.Request.PostForm.Get("form_token")) {
			form.Errors["_form"] = "This form was open for a long time, so for your safety it has to be sent again. Your answers are still here: please press the button once more."
			form.Focus = true
			return p.formPage(e, http.StatusForbidden, form)
		}
		h, err := api()
		if err != nil {
			return err
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, apiRequest(e.Request, leadCreatePath, payload))
		switch {
		case rec.Code < 300:
			form.Confirmed(rec.Body.Bytes(), callbackform.WhenText(values["preferred_time"]))
			return p.formPage(e, http.StatusOK, form)
		case rec.Code >= 500:
			if ra := rec.Header().Get("Retry-After"); ra != "" {
				e.Response.Header().Set("Retry-After", ra)
			} else {
				e.Response.Header().Set("Retry-After", "30")
			}
			form.Errors["_form"] = "Your request could not be saved just now. Please try again in a minute, or use the numbers at the top of this page."
		default:
			form.Errors = callbackform.ErrorsFrom(rec.Body.Bytes())
			if rec.Code == http.StatusTooManyRequests {
				ra := rec.Header().Get("Retry-After")
				if ra == "" {
					ra = "60"
				}
				e.Response.Header().Set("Retry-After", ra)
			}
		}
		form.Focus = true
		return p.formPage(e, rec.Code, form)
	}
}

// apiRequest is the JSON request an API route (path) gets for a posted form: same client
// address and proxy headers (so the rate limit sees the same person), no cookies.
func apiRequest(r *http.Request, path string, payload []byte) *http.Request {
	req := httptest.NewRequestWithContext(context.WithoutCancel(r.Context()), http.MethodPost, path, bytes.NewReader(payload))
	for k, v := range r.Header {
		switch strings.ToLower(k) {
		case "content-type", "content-length", "accept-encoding", "cookie", "authorization":
			continue
		}
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.RemoteAddr = r.RemoteAddr
	req.Host = r.Host
	return req
}

// formPage answers with the callback page showing form.
func (p *Pages) formPage(e *core.RequestEvent, status int, form *callbackform.Form) error {
	body, err := p.render.Callback(p.site(e.App), form)
	if err != nil {
		return err
	}
	return e.Blob(status, "text/html; charset=utf-8", body)
}

// message answers with a short page.
func (p *Pages) message(e *core.RequestEvent, status int, heading, text string) error {
	body, err := p.render.Message(p.site(e.App), heading, text)
	if err != nil {
		return err
	}
	return e.Blob(status, "text/html; charset=utf-8", body)
}
