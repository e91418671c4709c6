package site

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/callbackform"
	"recoverycms/internal/frontend"
	"recoverycms/internal/pages"
	"recoverycms/internal/publishing"
)

// ShareImage is the image shared for pages without a cover of their own.
const ShareImage = "/assets/share.png"

// Pages renders the reading site's pages (it is the content API's PageRenderer) with the
// site name of the app's settings (Settings().Meta.AppName), the description and emergency
// note read at start-up, and callback forms carrying a token of this installation.
type Pages struct {
	render        *pages.Renderer
	description   string
	emergencyText string
	now           func() time.Time
}

// NewPages builds the site's renderer; now is the clock of the form tokens (nil: time.Now).
func NewPages(render *pages.Renderer, description, emergencyText string, now func() time.Time) *Pages {
	if now == nil {
		now = time.Now
	}
	return &Pages{render: render, description: description, emergencyText: emergencyText, now: now}
}

// site is what every page says about the service, read from the app's settings now.
func (p *Pages) site(app core.App) pages.Site {
	meta := app.Settings().Meta
	return pages.Site{Name: meta.AppName, Description: p.description, EmergencyText: p.emergencyText,
		URL: frontend.URLs{AppURL: meta.AppURL}.Site()}
}

// signer signs form tokens with a key derived from the superusers' token secret: random per
// installation and kept in the database, so a token of another installation is worthless.
func (p *Pages) signer(app core.App) (*callbackform.Signer, error) {
	key, err := publishing.InstallationKey(app, "recoverycms callback form v1")
	if err != nil {
		return nil, err
	}
	return callbackform.NewSigner(key, p.now), nil
}

// newForm is an empty callback form with a fresh token.
func (p *Pages) newForm(app core.App) (*callbackform.Form, error) {
	s, err := p.signer(app)
	if err != nil {
		return nil, err
	}
	return callbackform.New(s.Token()), nil
}

// Variant is the form token's window: cached pages carry a token that is still accepted.
func (p *Pages) Variant() string { return callbackform.NewSigner(nil, p.now).Window() }

// Home renders the home page.
func (p *Pages) Home(e *core.RequestEvent, list, topics []byte) ([]byte, error) {
	form, err := p.newForm(e.App)
	if err != nil {
		return nil, err
	}
	return p.render.Home(p.site(e.App), list, topics, form)
}

// Article renders an article page.
func (p *Pages) Article(e *core.RequestEvent, article []byte) ([]byte, error) {
	form, err := p.newForm(e.App)
	if err != nil {
		return nil, err
	}
	return p.render.Article(p.site(e.App), article, form)
}

// Author renders an author page.
func (p *Pages) Author(e *core.RequestEvent, author []byte) ([]byte, error) {
	return p.render.Author(p.site(e.App), author)
}

// Topic renders a topic page.
func (p *Pages) Topic(e *core.RequestEvent, topic []byte) ([]byte, error) {
	return p.render.Topic(p.site(e.App), topic)
}

// Search renders the search page.
func (p *Pages) Search(e *core.RequestEvent, q string, results []byte) ([]byte, error) {
	return p.render.Search(p.site(e.App), q, results)
}

// Help renders the help directory page.
func (p *Pages) Help(e *core.RequestEvent, directory []byte) ([]byte, error) {
	return p.render.Help(p.site(e.App), directory)
}

// Callback renders the callback page with an empty form.
func (p *Pages) Callback(e *core.RequestEvent) ([]byte, error) {
	form, err := p.newForm(e.App)
	if err != nil {
		return nil, err
	}
	return p.render.Callback(p.site(e.App), form)
}

// NotFound renders the one page of every missing or unpublished path.
func (p *Pages) NotFound(e *core.RequestEvent) ([]byte, error) {
	return p.render.Message(p.site(e.App), "Page not found",
		"This page does not exist or is no longer published.")
}

// Busy renders the page of a refused request under load.
func (p *Pages) Busy(e *core.RequestEvent) ([]byte, error) {
	return p.render.Message(p.site(e.App), "Please try again in a moment",
		"So many people are reading right now that this page could not be prepared. It will be back in a few seconds.")
}
