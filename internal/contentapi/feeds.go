package contentapi

import (
	"encoding/xml"
	"html"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// feedSize is how many of the latest published articles every feed carries.
const feedSize = 20

// feedData is what the three feed formats are built from.
type feedData struct {
	title   string
	site    string
	self    string
	updated string
	items   []articleItem
}

func (api *API) loadFeed(e *core.RequestEvent, path string) (*feedData, error) {
	page, err := api.listPublished(e.App, articleFilter{}, 1, feedSize)
	if err != nil {
		return nil, err
	}
	urls := api.urls(e.App)
	f := &feedData{title: siteName(e.App), site: urls.Site(), self: urls.Site() + path, items: page.Items}
	for _, it := range page.Items {
		if it.Updated > f.updated {
			f.updated = it.Updated
		}
	}
	if f.updated == "" {
		f.updated = "1970-01-01T00:00:00.000Z"
	}
	return f, nil
}

// siteName is the site's name as the app settings give it, the feeds' title and the JSON-LD
// publisher's name.
func siteName(app core.App) string {
	if name := app.Settings().Meta.AppName; name != "" {
		return name
	}
	return "recoverycms"
}

// rfc822 formats an RFC 3339 time the way RSS 2.0 wants it.
func rfc822(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return ""
	}
	return t.UTC().Format(time.RFC1123Z)
}

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Description string    `xml:"description"`
	SelfLink    rssSelf   `xml:"atom:link"`
	Items       []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        string   `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Description string   `xml:"description"`
	Author      string   `xml:"dc:creator,omitempty"`
	Categories  []string `xml:"category"`
}

// rssFeed answers GET /feed.xml (RSS 2.0).
func (api *API) rssFeed(e *core.RequestEvent) (string, []byte, error) {
	f, err := api.loadFeed(e, "/feed.xml")
	if err != nil {
		return "", nil, err
	}
	ch := rssChannel{Title: f.title, Link: f.site, Description: html.EscapeString("Latest articles from " + f.title),
		SelfLink: rssSelf{Href: f.self, Rel: "self", Type: "application/rss+xml"}}
	for _, it := range f.items {
		item := rssItem{Title: it.Title, Link: it.URL, GUID: it.URL, PubDate: rfc822(it.PublishedAt),
			// RSS 2.0 descriptions are HTML: the plain-text summary is escaped as HTML here and
			// then as XML by the encoder, so a reader shows "<" and "&" as written.
			Description: html.EscapeString(it.Summary)}
		if it.Author != nil {
			item.Author = it.Author.Name
		}
		for _, t := range it.Topics {
			item.Categories = append(item.Categories, t.Name)
		}
		ch.Items = append(ch.Items, item)
	}
	return xmlBody("application/rss+xml; charset=utf-8", rssDoc{Version: "2.0", Atom: "http://www.w3.org/2005/Atom",
		DC: "http://purl.org/dc/elements/1.1/", Channel: ch})
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	ID        string         `xml:"id"`
	Title     string         `xml:"title"`
	Updated   string         `xml:"updated"`
	Published string         `xml:"published"`
	Summary   string         `xml:"summary"`
	Link      atomLink       `xml:"link"`
	Author    *atomAuthor    `xml:"author,omitempty"`
	Category  []atomCategory `xml:"category"`
}

type atomAuthor struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// atomFeed answers GET /feed.atom (Atom 1.0).
func (api *API) atomFeed(e *core.RequestEvent) (string, []byte, error) {
	f, err := api.loadFeed(e, "/feed.atom")
	if err != nil {
		return "", nil, err
	}
	doc := atomFeed{ID: f.site + "/", Title: f.title, Updated: f.updated, Links: []atomLink{
		{Href: f.self, Rel: "self", Type: "application/atom+xml"}, {Href: f.site, Rel: "alternate"},
	}}
	for _, it := range f.items {
		entry := atomEntry{ID: it.URL, Title: it.Title, Updated: it.Updated, Published: it.PublishedAt,
			Summary: it.Summary, Link: atomLink{Href: it.URL, Rel: "alternate"}}
		if it.Author != nil {
			entry.Author = &atomAuthor{Name: it.Author.Name, URI: it.Author.URL}
		}
		for _, t := range it.Topics {
			entry.Category = append(entry.Category, atomCategory{Term: t.Name})
		}
		doc.Entries = append(doc.Entries, entry)
	}
	return xmlBody("application/atom+xml; charset=utf-8", doc)
}

type jsonFeedDoc struct {
	Version     string         `json:"version"`
	Title       string         `json:"title"`
	HomePageURL string         `json:"home_page_url"`
	FeedURL     string         `json:"feed_url"`
	Items       []jsonFeedItem `json:"items"`
}

type jsonFeedItem struct {
	ID            string           `json:"id"`
	URL           string           `json:"url"`
	Title         string           `json:"title"`
	Summary       string           `json:"summary"`
	ContentText   string           `json:"content_text"`
	Image         string           `json:"image,omitempty"`
	DatePublished string           `json:"date_published"`
	DateModified  string           `json:"date_modified"`
	Authors       []jsonFeedAuthor `json:"authors,omitempty"`
	Tags          []string         `json:"tags,omitempty"`
}

type jsonFeedAuthor struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// jsonFeed answers GET /feed.json (JSON Feed 1.1).
func (api *API) jsonFeed(e *core.RequestEvent) (string, []byte, error) {
	f, err := api.loadFeed(e, "/feed.json")
	if err != nil {
		return "", nil, err
	}
	doc := jsonFeedDoc{Version: "https://jsonfeed.org/version/1.1", Title: f.title, HomePageURL: f.site,
		FeedURL: f.self, Items: []jsonFeedItem{}}
	for _, it := range f.items {
		item := jsonFeedItem{ID: it.URL, URL: it.URL, Title: it.Title, Summary: it.Summary, ContentText: it.Summary,
			DatePublished: it.PublishedAt, DateModified: it.Updated}
		if it.Cover != nil {
			item.Image = it.Cover.URL
		}
		if it.Author != nil {
			item.Authors = []jsonFeedAuthor{{Name: it.Author.Name, URL: it.Author.URL}}
		}
		for _, t := range it.Topics {
			item.Tags = append(item.Tags, t.Name)
		}
		doc.Items = append(doc.Items, item)
	}
	_, body, err := jsonBody(doc)
	return "application/feed+json; charset=utf-8", body, err
}

// xmlBody marshals v with the XML declaration.
func xmlBody(contentType string, v any) (string, []byte, error) {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return "", nil, err
	}
	return contentType, append([]byte(xml.Header), b...), nil
}
