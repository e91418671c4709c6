// Package pages renders the public reading site with html/template: the home page, article,
// topic, author, search and callback pages, the confirmation of a callback request and the
// not-found page. Its input is the public content API's own JSON (so a page shows exactly
// what the API publishes); it imports no PocketBase and builds its templates once.
package pages

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"strconv"
	"strings"
	"time"

	"recoverycms/internal/callbackform"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Options are the parts of a page that come from outside the content.
type Options struct {
	// AssetURL maps a static file's URL to the URL it is served at (the content-hashed one);
	// nil leaves URLs as they are.
	AssetURL func(string) string
	// Sanitize cleans stored HTML (article bodies, author bios) once more before it is
	// embedded; nil embeds it as stored.
	Sanitize func(string) string
	// ShareImage is the site-relative URL of the image shared for pages without a cover.
	ShareImage string
}

// Renderer renders every page. It is safe for concurrent use.
type Renderer struct {
	opts  Options
	pages map[string]*template.Template
}

// New parses the templates once; a template error is a programming error, so it panics.
func New(opts Options) *Renderer {
	if opts.AssetURL == nil {
		opts.AssetURL = func(u string) string { return u }
	}
	if opts.Sanitize == nil {
		opts.Sanitize = func(s string) string { return s }
	}
	r := &Renderer{opts: opts, pages: map[string]*template.Template{}}
	base := template.Must(template.New("layout").Funcs(r.funcs()).ParseFS(templateFiles, "templates/layout.html", "templates/form.html", "templates/resources.html", "templates/comments.html"))
	for _, name := range []string{"home", "article", "author", "topic", "search", "help", "callback", "message", "commentform"} {
		r.pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFiles, "templates/"+name+".html"))
	}
	return r
}

// page is the data of the layout: the head's meta and the page's own part (Body).
type page struct {
	Site        Site
	Title       string
	ShareTitle  string
	Description string
	Canonical   string
	OGType      string
	Image       string
	ImageAlt    string
	JSONLD      template.JS
	NoIndex     bool
	Nav         string
	Body        any
	Form        *callbackform.Form
}

// render executes the named page template with p, filling the defaults every page shares.
func (r *Renderer) render(name string, p page) ([]byte, error) {
	if p.Title == "" {
		p.Title = p.Site.Name
	} else if !strings.Contains(p.Title, p.Site.Name) {
		p.Title += " | " + p.Site.Name
	}
	if p.ShareTitle == "" {
		p.ShareTitle = p.Title
	}
	if p.Description == "" {
		p.Description = p.Site.Description
	}
	if p.OGType == "" {
		p.OGType = "website"
	}
	if p.Image == "" {
		p.Image = p.Site.URL + r.opts.ShareImage
		p.ImageAlt = p.Site.Name
	}
	if p.Form != nil && p.Form.EmergencyText == "" {
		p.Form.EmergencyText = p.Site.EmergencyText
	}
	var buf bytes.Buffer
	if err := r.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pager holds the links to the neighbouring pages of a list.
type pager struct{ Prev, Next string }

// pagerFor links page n of total pages at base, which ends in the page parameter ("/?page=",
// "/search?q=x&page=", "/articles/x?comments="); page 1 is base without that parameter.
func pagerFor(base string, n, total int) pager {
	var p pager
	switch {
	case n == 2:
		p.Prev = base[:max(0, strings.LastIndexAny(base, "?&"))]
	case n > 2:
		p.Prev = base + strconv.Itoa(n-1)
	}
	if n < total {
		p.Next = base + strconv.Itoa(n+1)
	}
	return p
}

// canonicalPage is the canonical URL of page n of a list whose first page is first.
func canonicalPage(first string, n int) string {
	if n <= 1 {
		return first
	}
	if strings.Contains(first, "?") {
		return first + "&page=" + strconv.Itoa(n)
	}
	return first + "?page=" + strconv.Itoa(n)
}

// funcs are the template helpers.
func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": r.opts.AssetURL,
		// marked trusts a search snippet: the API escapes its text and adds only <mark> tags.
		"marked": func(s string) template.HTML { return template.HTML(s) },
		"safe":   func(s string) template.HTML { return template.HTML(r.opts.Sanitize(s)) },
		"date":   humanDate,
		"day":    isoDay,
		"toc":    nestTOC,
		"cards": func(items []Item, empty string) map[string]any {
			return map[string]any{"Items": items, "Empty": empty}
		},
		"person": func(label string, p *Person) map[string]any { return map[string]any{"Label": label, "Person": p} },
		"field": func(f *callbackform.Form, name string) map[string]any {
			return map[string]any{"Message": f.Errors[name], "Focus": f.Focus && f.FirstError() == name}
		},
		"commentForm": func(slug, id, title, token string) *CommentForm {
			return &CommentForm{Slug: slug, ArticleID: id, Title: title, Token: token}
		},
		"commentField": func(f *CommentForm, name string) map[string]any {
			return map[string]any{"Message": f.Errors[name], "Focus": f.Focus && f.firstError() == name}
		},
		"tel":       telURL,
		"kindLabel": func(kind string) string { return kindLabels[kind] },
		"thumb": func(img *Image) string {
			if t := img.Thumbs["320x320"]; t != "" {
				return t
			}
			return img.URL
		},
	}
}

// kindLabels name the kinds of help resource on the page.
var kindLabels = map[string]string{
	"helpline": "Helpline", "text_line": "Text line", "service": "Service",
	"support_group": "Support group", "website": "Website",
}

// telURL is the tel: link of a stored number (E.164 or the digits of a short number); any
// character but + and digits is dropped, so the link can only dial.
func telURL(number string) template.URL {
	var b strings.Builder
	for i, c := range number {
		if (c >= '0' && c <= '9') || (c == '+' && i == 0) {
			b.WriteRune(c)
		}
	}
	return template.URL("tel:" + b.String())
}

// humanDate writes an API time as "3 December 2026"; an unreadable value is shown as given.
func humanDate(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.UTC().Format("2 January 2006")
}

// isoDay is the date part of an API time, as a <time datetime> value.
func isoDay(s string) string {
	if len(s) >= len("2006-01-02") {
		return s[:len("2006-01-02")]
	}
	return s
}

// jsonLD makes the API's JSON-LD safe inside <script>: <, > and & (and U+2028/2029) are
// written as \u escapes, so no text in it can close the element.
func jsonLD(raw json.RawMessage) template.JS {
	if len(raw) == 0 || !json.Valid(raw) {
		return ""
	}
	var buf bytes.Buffer
	json.HTMLEscape(&buf, raw)
	return template.JS(buf.String())
}
