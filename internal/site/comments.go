package site

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/callbackform"
)

// commentCreatePath is the records API route both doors of the comment form go through.
const commentCreatePath = "/api/collections/comments/records"

// CommentPost answers POST /articles/{slug}/comments, the comment form that works without
// JavaScript. Like CallbackPost it refuses a cross-site submission and a stale token, then
// sends the comment through api (the server's own handler) to the records API, so the
// honeypot, rate limit, checks and pending status are one implementation; the answer is a
// short page: the comment awaits moderation, or what was wrong, with the help contacts.
func (p *Pages) CommentPost(api func() (http.Handler, error)) func(*core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		e.Response.Header().Set("Cache-Control", "no-store")
		if callbackform.CrossSite(e.Request) {
			return p.message(e, http.StatusForbidden, "This form can only be sent from our own site",
				"Please open the article on our site and send your comment from there.")
		}
		if err := e.Request.ParseForm(); err != nil {
			return p.message(e, http.StatusBadRequest, "The form could not be read", "Please go back and send it again.")
		}
		signer, err := p.signer(e.App)
		if err != nil {
			return err
		}
		if !signer.Valid(e.Request.PostForm.Get("form_token")) {
			return p.message(e, http.StatusForbidden, "Please send your comment again",
				"The page was open for a long time, so for your safety the comment has to be sent again from a freshly loaded page.")
		}
		form := e.Request.PostForm
		article := form.Get("article")
		if a, err := e.App.FindFirstRecordByData("articles", "slug", e.Request.PathValue("slug")); err == nil {
			article = a.Id // the address decides which article, whatever the hidden field says
		}
		payload, _ := json.Marshal(map[string]string{"article": article, "display_name": form.Get("display_name"),
			"body": form.Get("body"), "website": form.Get("website")})
		h, err := api()
		if err != nil {
			return err
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, apiRequest(e.Request, commentCreatePath, payload))
		switch {
		case rec.Code < 300:
			return p.message(e, http.StatusOK, "Thank you for your comment",
				"Your comment will appear once a moderator has read it.")
		case rec.Code == http.StatusTooManyRequests:
			e.Response.Header().Set("Retry-After", retryAfter(rec, "60"))
			return p.message(e, rec.Code, "Too many comments", "Please wait a few minutes before sending another comment.")
		case rec.Code >= 500:
			e.Response.Header().Set("Retry-After", retryAfter(rec, "30"))
			return p.message(e, http.StatusServiceUnavailable, "Your comment could not be saved just now", "Please try again in a minute.")
		}
		errs := callbackform.ErrorsFrom(rec.Body.Bytes())
		var parts []string
		for _, k := range []string{"article", "body", "display_name", "_form"} {
			if msg := errs[k]; msg != "" && !strings.HasPrefix(msg, "Please correct") {
				parts = append(parts, msg)
			}
		}
		return p.message(e, rec.Code, "Your comment was not sent", strings.Join(parts, " ")+" Please go back, correct it and send it again.")
	}
}

// retryAfter is the API's Retry-After, or fallback.
func retryAfter(rec *httptest.ResponseRecorder, fallback string) string {
	if ra := rec.Header().Get("Retry-After"); ra != "" {
		return ra
	}
	return fallback
}
