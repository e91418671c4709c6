package site

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/callbackform"
	"recoverycms/internal/pages"
	"recoverycms/internal/publishing"
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
		form := e.Request.PostForm
		a, err := e.App.FindFirstRecordByData(publishing.Articles, "slug", e.Request.PathValue("slug"))
		if err != nil || !publishing.IsPublic(a, p.now()) {
			return p.message(e, http.StatusNotFound, "This article is no longer published",
				"Your comment was not sent, because the article it was about is no longer on our site.")
		}
		// The address decides which article, whatever the hidden field says; what was
		// written comes back with a fresh token if the comment is not sent.
		again := &pages.CommentForm{Slug: a.GetString("slug"), ArticleID: a.Id, Title: a.GetString("title"),
			Token: signer.Token(), Errors: map[string]string{}, Focus: true,
			Values: map[string]string{"display_name": form.Get("display_name"), "body": form.Get("body")}}
		if !signer.Valid(form.Get("form_token")) {
			again.Errors["_form"] = "The page was open for a long time, so for your safety the comment has to be sent again. What you wrote is still here: please press the button once more."
			return p.commentFormPage(e, http.StatusForbidden, again)
		}
		payload, _ := json.Marshal(map[string]string{"article": a.Id, "display_name": form.Get("display_name"),
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
			again.Errors["_form"] = "Too many comments have been sent from your network. Please wait a few minutes, then send it again: what you wrote is still here."
		case rec.Code >= 500:
			e.Response.Header().Set("Retry-After", retryAfter(rec, "30"))
			rec.Code = http.StatusServiceUnavailable
			again.Errors["_form"] = "Your comment could not be saved just now. Please try again in a minute: what you wrote is still here."
		default:
			// Messages beside the name and the text; anything else (the article closed for
			// comments meanwhile) is about the whole form.
			again.Errors = callbackform.FieldErrors(rec.Body.Bytes(), []string{"display_name", "body"})
		}
		return p.commentFormPage(e, rec.Code, again)
	}
}

// commentFormPage answers with the comment form on its own page.
func (p *Pages) commentFormPage(e *core.RequestEvent, status int, form *pages.CommentForm) error {
	body, err := p.render.CommentFormPage(p.site(e.App), form)
	if err != nil {
		return err
	}
	return e.Blob(status, "text/html; charset=utf-8", body)
}

// retryAfter is the API's Retry-After, or fallback.
func retryAfter(rec *httptest.ResponseRecorder, fallback string) string {
	if ra := rec.Header().Get("Retry-After"); ra != "" {
		return ra
	}
	return fallback
}
