package pages

import (
	"encoding/json"
	"net/url"
	"strconv"

	"recoverycms/internal/callbackform"
)

// TopicLink is a topic listed on the home page.
type TopicLink struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// Home renders the home page: page n of the latest articles (list is the API's list JSON),
// the topics (a JSON list of name and slug) and the callback form.
func (r *Renderer) Home(site Site, list, topicList []byte, form *callbackform.Form) ([]byte, error) {
	var l List
	if err := json.Unmarshal(list, &l); err != nil {
		return nil, err
	}
	var topics []TopicLink
	if err := json.Unmarshal(topicList, &topics); err != nil {
		return nil, err
	}
	p := page{Site: site, Nav: "home", Canonical: canonicalPage(site.URL+"/", l.Page), Form: form,
		Body: map[string]any{"List": l, "Topics": topics, "Pager": pagerFor("/?page=", l.Page, l.TotalPages)}}
	if l.Page > 1 {
		p.Title = "Latest articles, page " + strconv.Itoa(l.Page)
	}
	return r.render("home", p)
}

// Article renders a published article (the API's article JSON) with its form.
func (r *Renderer) Article(site Site, article []byte, form *callbackform.Form) ([]byte, error) {
	var a Article
	if err := json.Unmarshal(article, &a); err != nil {
		return nil, err
	}
	p := page{Site: site, Title: a.MetaTitle, Description: a.MetaDescription, Canonical: a.URL, OGType: "article",
		JSONLD: jsonLD(a.JSONLD), Body: a, Form: form}
	if p.Title == "" {
		p.Title = a.Title
	}
	p.ShareTitle = p.Title
	if p.Description == "" {
		p.Description = a.Summary
	}
	if a.Cover != nil {
		p.Image, p.ImageAlt = a.Cover.URL, a.Cover.Alt
	}
	form.ArticleID = a.ID
	form.SourceURL = a.URL
	return r.render("article", p)
}

// Author renders an author's page (the API's author JSON).
func (r *Renderer) Author(site Site, author []byte) ([]byte, error) {
	var a Author
	if err := json.Unmarshal(author, &a); err != nil {
		return nil, err
	}
	n := a.Articles.Page
	p := page{Site: site, Title: a.Name, Description: a.Name + ": articles on " + site.Name + ".",
		Canonical: canonicalPage(a.URL, n), OGType: "profile",
		Body: map[string]any{"Author": a, "Pager": pagerFor("/authors/"+url.PathEscape(a.Slug)+"?page=", n, a.Articles.TotalPages)}}
	if a.Credentials != "" {
		p.Description = a.Name + ", " + a.Credentials + ": articles on " + site.Name + "."
	}
	if a.Avatar != nil {
		p.Image = a.Avatar.URL
	}
	return r.render("author", p)
}

// Topic renders a topic's page (the API's topic JSON).
func (r *Renderer) Topic(site Site, topic []byte) ([]byte, error) {
	var t Topic
	if err := json.Unmarshal(topic, &t); err != nil {
		return nil, err
	}
	n := t.Articles.Page
	p := page{Site: site, Title: t.Name, Description: t.Description, Canonical: canonicalPage(t.URL, n),
		Body: map[string]any{"Topic": t, "Pager": pagerFor("/topics/"+url.PathEscape(t.Slug)+"?page=", n, t.Articles.TotalPages)}}
	return r.render("topic", p)
}

// Search renders the search page: the form alone when q is blank, else the API's results.
func (r *Renderer) Search(site Site, q string, results []byte) ([]byte, error) {
	body := map[string]any{"Query": q}
	p := page{Site: site, Title: "Search", Nav: "search", Canonical: site.URL + "/search", Body: body}
	if q != "" {
		var l List
		if err := json.Unmarshal(results, &l); err != nil {
			return nil, err
		}
		body["List"] = l
		body["Pager"] = pagerFor("/search?q="+url.QueryEscape(q)+"&page=", l.Page, l.TotalPages)
		p.Title = "Search: " + q
		p.Canonical = site.URL + "/search?q=" + url.QueryEscape(q)
	}
	return r.render("search", p)
}

// Help renders the help directory page (the API's help directory JSON): a GET form of
// country, topic and kind, and the resources with tel: links and whether each is open now.
func (r *Renderer) Help(site Site, directory []byte) ([]byte, error) {
	var d HelpDirectory
	if err := json.Unmarshal(directory, &d); err != nil {
		return nil, err
	}
	p := page{Site: site, Title: "Get help now", Nav: "help", Canonical: site.URL + "/help", Body: d,
		Description: "Helplines, text lines, services and websites to turn to now, with their opening hours."}
	if d.Topic != "" || d.Kind != "" || d.OpenNow {
		p.NoIndex = true // filtered views are not separate pages for search engines
	}
	return r.render("help", p)
}

// Callback renders the callback page: the form, or what happens next once form is Done.
func (r *Renderer) Callback(site Site, form *callbackform.Form) ([]byte, error) {
	p := page{Site: site, Title: "Free callback", Nav: "callback", Canonical: site.URL + "/callback", Form: form,
		Description: "Leave your number and a trained counsellor will phone you back. Free and confidential."}
	if form.Done {
		p.Title, p.NoIndex = "Your callback is on its way", true
	}
	return r.render("callback", p)
}

// Message renders a short page with a heading and a sentence (not found, busy, refused),
// always with the emergency note and the ways on. It is never indexed.
func (r *Renderer) Message(site Site, heading, text string) ([]byte, error) {
	return r.render("message", page{Site: site, Title: heading, NoIndex: true,
		Body: map[string]string{"Heading": heading, "Text": text}})
}
