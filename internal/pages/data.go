package pages

import (
	"encoding/json"
	"net/url"
)

// The types below read the public content API's JSON answers (package contentapi), so a page
// shows exactly what the API publishes and nothing else.

// Image is an uploaded image: the original and its thumbs, as absolute URLs.
type Image struct {
	URL    string            `json:"url"`
	Alt    string            `json:"alt"`
	Thumbs map[string]string `json:"thumbs"`
}

// Person is an author or clinical reviewer as embedded in an article.
type Person struct {
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	Credentials string `json:"credentials"`
	URL         string `json:"url"`
	Avatar      *Image `json:"avatar"`
}

// TopicRef is a topic as embedded in an article.
type TopicRef struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	URL  string `json:"url"`
}

// Item is an article in a list: the home page, a topic or author page, search results.
type Item struct {
	ID             string     `json:"id"`
	Slug           string     `json:"slug"`
	Title          string     `json:"title"`
	Summary        string     `json:"summary"`
	URL            string     `json:"url"`
	PublishedAt    string     `json:"published_at"`
	Updated        string     `json:"updated"`
	ReadingMinutes int        `json:"reading_minutes"`
	Cover          *Image     `json:"cover"`
	Author         *Person    `json:"author"`
	Topics         []TopicRef `json:"topics"`
	// Snippet is HTML-escaped text with <mark> around matched words (search results only).
	Snippet string `json:"snippet"`
}

// List is one page of articles.
type List struct {
	Page       int    `json:"page"`
	PerPage    int    `json:"perPage"`
	TotalItems int    `json:"totalItems"`
	TotalPages int    `json:"totalPages"`
	Items      []Item `json:"items"`
}

// Heading is one entry of an article's table of contents.
type Heading struct {
	Level int    `json:"level"`
	ID    string `json:"id"`
	Text  string `json:"text"`
}

// Article is the API's published article.
type Article struct {
	Item
	ReviewedAt      string    `json:"reviewed_at"`
	NextReviewAt    string    `json:"next_review_at"`
	MetaTitle       string    `json:"meta_title"`
	MetaDescription string    `json:"meta_description"`
	BodyHTML        string    `json:"body_html"`
	TOC             []Heading `json:"toc"`
	ReviewedBy      *Person   `json:"reviewed_by"`
	Related         []Item    `json:"related"`
	// Help is the article's "Get help now" block.
	Help []Resource `json:"help"`
	// CommentsOpen says whether the comment form is shown; Comments are the approved ones.
	CommentsOpen bool            `json:"comments_open"`
	Comments     CommentPage     `json:"comments"`
	JSONLD       json.RawMessage `json:"jsonld"`
}

// Comment is an approved reader comment: plain text, shown escaped with its line breaks.
type Comment struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	Body        string `json:"body"`
	Created     string `json:"created"`
	Reply       string `json:"reply"`
}

// CommentPage is the first page of an article's approved comments, newest first.
type CommentPage struct {
	Page       int       `json:"page"`
	TotalItems int       `json:"totalItems"`
	TotalPages int       `json:"totalPages"`
	Items      []Comment `json:"items"`
}

// Pager links the neighbouring pages of comments under the article at slug: Prev to the
// newer ones, Next to the older ones.
func (c CommentPage) Pager(slug string) pager {
	return pagerFor("/articles/"+url.PathEscape(slug)+"?comments=", c.Page, c.TotalPages)
}

// Resource is a published help resource: a helpline, text line, service, support group or
// website.
type Resource struct {
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	Kind         string     `json:"kind"`
	Description  string     `json:"description"`
	Phone        string     `json:"phone"`
	PhoneDisplay string     `json:"phone_display"`
	TextNumber   string     `json:"text_number"`
	URL          string     `json:"url"`
	Area         string     `json:"area"`
	AlwaysOpen   bool       `json:"always_open"`
	OpenNow      *bool      `json:"open_now"`
	Cost         string     `json:"cost"`
	Topics       []TopicRef `json:"topics"`
}

// OpenState is "open" or "closed" now, or "" where the answer does not say (an article's
// help block) or the resource is always open.
func (r Resource) OpenState() string {
	switch {
	case r.AlwaysOpen || r.OpenNow == nil:
		return ""
	case *r.OpenNow:
		return "open"
	default:
		return "closed"
	}
}

// Country is a country a visitor may choose on the help page.
type Country struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// HelpDirectory is the API's help page data: the chosen filters, their choices and the
// matching resources.
type HelpDirectory struct {
	Country   string     `json:"country"`
	Topic     string     `json:"topic"`
	Kind      string     `json:"kind"`
	OpenNow   bool       `json:"open_now"`
	Countries []Country  `json:"countries"`
	Topics    []TopicRef `json:"topics"`
	Kinds     []string   `json:"kinds"`
	Items     []Resource `json:"items"`
}

// Author is the API's author page: the profile and a page of their articles.
type Author struct {
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	URL         string `json:"url"`
	Credentials string `json:"credentials"`
	BioHTML     string `json:"bio_html"`
	Avatar      *Image `json:"avatar"`
	Articles    List   `json:"articles"`
}

// Topic is the API's topic page: the topic and a page of its articles.
type Topic struct {
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	URL         string `json:"url"`
	Description string `json:"description"`
	Articles    List   `json:"articles"`
}

// Site is what every page says about the service: its name and description (feeds and
// JSON-LD use the same), its public address and the emergency note.
type Site struct {
	Name        string
	Description string
	// URL is the site's address without a trailing slash, for canonical and share links.
	URL           string
	EmergencyText string
}
