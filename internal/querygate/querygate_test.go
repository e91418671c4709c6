package querygate

import (
	"database/sql"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// schema is an in-memory copy of the collections and relations that matter here, with two
// extra auth relations so @request.auth.<relation>.<field> can be tried.
type schema map[string]*core.Collection

func (s schema) FindCachedCollectionByNameOrId(nameOrID string) (*core.Collection, error) {
	for _, c := range s {
		if strings.EqualFold(c.Name, nameOrID) || c.Id == nameOrID { // as PocketBase's lookup
			return c, nil
		}
	}
	return nil, sql.ErrNoRows
}

func newSchema() schema {
	s := schema{}
	add := func(c *core.Collection) *core.Collection { s[c.Name] = c; return c }
	authors := add(core.NewBaseCollection("authors", "pbc_authors"))
	authors.Fields.Add(&core.TextField{Name: "name"}, &core.TextField{Name: "slug"})
	topics := add(core.NewBaseCollection("topics", "pbc_topics"))
	topics.Fields.Add(&core.TextField{Name: "name"}, &core.TextField{Name: "slug"})
	staffC := add(core.NewAuthCollection("staff", "pbc_staff"))
	staffC.Fields.Add(&core.TextField{Name: "name"}, &core.TextField{Name: "role"},
		&core.RelationField{Name: "mentor", CollectionId: "pbc_staff", MaxSelect: 1},
		&core.RelationField{Name: "lead", CollectionId: "pbc_leads", MaxSelect: 1})
	articles := add(core.NewBaseCollection("articles", "pbc_articles"))
	articles.Fields.Add(
		&core.TextField{Name: "title"}, &core.JSONField{Name: "toc"},
		&core.RelationField{Name: "author", CollectionId: authors.Id, MaxSelect: 1},
		&core.RelationField{Name: "reviewed_by", CollectionId: authors.Id, MaxSelect: 1},
		&core.RelationField{Name: "topics", CollectionId: topics.Id, MaxSelect: 20},
	)
	leadsC := add(core.NewBaseCollection("callback_leads", "pbc_leads"))
	leadsC.Fields.Add(&core.TextField{Name: "status"},
		&core.RelationField{Name: "article", CollectionId: articles.Id, MaxSelect: 1},
		&core.RelationField{Name: "assigned_to", CollectionId: staffC.Id, MaxSelect: 1})
	webhooks := add(core.NewBaseCollection("webhooks", "pbc_webhooks"))
	webhooks.Fields.Add(&core.TextField{Name: "url"})
	deliveries := add(core.NewBaseCollection("webhook_deliveries", "pbc_deliveries"))
	deliveries.Fields.Add(&core.RelationField{Name: "webhook", CollectionId: webhooks.Id, MaxSelect: 1})
	users := add(core.NewAuthCollection("users", "pbc_users"))
	users.Fields.Add(&core.RelationField{Name: "favourite", CollectionId: articles.Id, MaxSelect: 1})
	add(core.NewAuthCollection(core.CollectionNameSuperusers, "pbc_su"))
	return s
}

func callers(s schema) map[string]*core.Record {
	member := func(role string) *core.Record {
		r := core.NewRecord(s["staff"])
		r.Set("role", role)
		return r
	}
	return map[string]*core.Record{
		"guest":     nil,
		"outsider":  core.NewRecord(s["users"]),
		"editor":    member("editor"),
		"reviewer":  member("reviewer"),
		"admin":     member("admin"),
		"superuser": core.NewRecord(s[core.CollectionNameSuperusers]),
	}
}

var everyone = []string{"guest", "outsider", "editor", "reviewer", "admin", "superuser"}

// TestCheck lists parameters and who may send them; everyone else is refused with the
// parameter's relation_not_allowed error.
func TestCheck(t *testing.T) {
	t.Parallel()
	s := newSchema()
	who := callers(s)
	staffAndUp := []string{"editor", "reviewer", "admin", "superuser"}
	leadReaders := []string{"reviewer", "admin", "superuser"}
	cases := []struct {
		collection, param, value string
		allowed                  []string
	}{
		// Own fields, own ids of relations, JSON keys, macros and request data.
		{"articles", Filter, `title = "x" && author = "abc" && topics ?= "id" && topics:length > 1`, everyone},
		{"articles", Filter, `topics:each = "x" || author.id = "x" || toc.0.text = "x" || created > @now`, everyone},
		{"articles", Filter, `@request.query.a = 1 && @request.headers.x_y = 1 && @request.method = "GET"`, everyone},
		{"articles", Filter, `@request.context = "default" && @request.auth.id != "" && @request.auth.role = "admin"`, everyone},
		{"articles", Filter, `@request.body.title = "" && @request.auth.mentor = "" && strftime('%Y', created) = "2026"`, everyone},
		{"articles", Filter, `null = title || true = false`, everyone},
		// The public allowlist.
		{"articles", Filter, `author.slug = "tom-ashworth" && topics.slug ?= "ketamine"`, everyone},
		{"articles", Expand, `author,reviewed_by,topics`, everyone},
		{"articles", Expand, ` author , topics.`, everyone},
		{"articles", Fields, `*,expand.author.name,expand.topics.slug:excerpt(5,true)`, everyone},
		// Crossing paths off the allowlist: staff only, as far as they may read.
		{"articles", Filter, `author.name = "x"`, staffAndUp},
		{"articles", Filter, `topics.id ?= "x"`, staffAndUp},
		{"articles", Filter, `(title = "a" || (author.name ~ "x"))`, staffAndUp},
		{"articles", Filter, `strftime('%Y', author.created) = "2026"`, staffAndUp},
		{"articles", Filter, `strftime('%Y', strftime('%Y-%m', author.created)) = "2026"`, staffAndUp},
		{"articles", Filter, `author.name:lower = "x"`, staffAndUp},
		{"articles", Filter, `author.articles_via_author.title !~ "Zebra%"`, staffAndUp},
		{"authors", Filter, `articles_via_author.title !~ "Zebra%"`, staffAndUp},
		{"authors", Filter, `pbc_articles_via_author.title ?~ "Zebra"`, staffAndUp},
		{"authors", Filter, `ARTICLES_via_author.title ?~ "Zebra" || @collection.Articles.title = ""`, staffAndUp},
		{"authors", Filter, `articles_via_reviewed_by.topics:each ?= "x"`, staffAndUp},
		{"authors", Filter, `articles_via_author.topics:length > 0`, staffAndUp},
		{"topics", Filter, `articles_via_topics.title ~ "Zebra"`, staffAndUp},
		{"authors", Filter, `@collection.articles.title ?~ "Zebra"`, staffAndUp},
		{"authors", Filter, `@collection.articles:a.title ?~ "Zebra"`, staffAndUp},
		{"authors", Filter, `@collection.pbc_articles.title ?~ "Zebra"`, staffAndUp},
		{"articles", Filter, `@collection.authors.name = "x"`, staffAndUp},
		{"articles", Filter, `@request.body.author.name = "x"`, staffAndUp},
		// @request.auth.<relation>.<field> walks from the caller's own record (a guest has none).
		{"staff", Filter, `@request.auth.mentor.name = "x"`, everyone},
		{"articles", Filter, `@request.auth.lead.status = "x"`, []string{"guest", "outsider", "reviewer", "admin", "superuser"}},
		{"articles", Filter, `@request.auth.favourite.title = "x"`, []string{"guest", "editor", "reviewer", "admin", "superuser"}},
		{"articles", Sort, `-author.slug`, staffAndUp},
		{"authors", Sort, `-articles_via_author.title`, staffAndUp},
		{"authors", Sort, `@random, +articles_via_author.title `, staffAndUp},
		{"authors", Expand, `articles_via_author`, staffAndUp},
		{"authors", Expand, `..articles_via_author..`, staffAndUp},
		{"authors", Expand, `articles(author)`, staffAndUp},
		{"articles", Expand, `author.articles_via_author`, staffAndUp},
		{"authors", Fields, `*,expand.articles_via_author.title`, staffAndUp},
		{"articles", Fields, `expand.author.expand.articles_via_author.title`, staffAndUp},
		// Leads and webhooks only to those who read them in full.
		{"articles", Filter, `callback_leads_via_article.status != "x"`, leadReaders},
		{"articles", Sort, `callback_leads_via_article.created`, leadReaders},
		{"articles", Expand, `callback_leads_via_article`, leadReaders},
		{"authors", Filter, `articles_via_author.callback_leads_via_article.status = "new"`, leadReaders},
		{"staff", Filter, `callback_leads_via_assigned_to.status = "new"`, leadReaders},
		{"staff", Fields, `record.expand.callback_leads_via_assigned_to`, leadReaders},
		{"callback_leads", Expand, `assigned_to,article`, staffAndUp},
		{"articles", Filter, `@collection.webhooks.url != ""`, []string{"admin", "superuser"}},
		{"webhook_deliveries", Filter, `webhook.url ~ "x"`, []string{"admin", "superuser"}},
		// What PocketBase cannot resolve reaches nothing (and PocketBase refuses or ignores it).
		{"articles", Filter, `author.name = `, everyone},
		{"articles", Filter, `Author.name = "x" || title.x = 1 || nothing_via_author.x = 1`, everyone},
		{"articles", Expand, `title,nothing,topics_via_author`, everyone},
		{"articles", Fields, `id,title:excerpt(10,true),expand`, everyone},
	}
	for _, c := range cases {
		for _, name := range everyone {
			errs := Check(s, s[c.collection], who[name], url.Values{c.param: {c.value}})
			want := slices.Contains(c.allowed, name)
			if got := errs == nil; got != want {
				t.Errorf("%s %s %s=%q: allowed %v, want %v", name, c.collection, c.param, c.value, got, want)
				continue
			}
			if !want && (len(errs) != 1 || !strings.Contains(errs[c.param].Error(), "not allowed")) {
				t.Errorf("%s %s=%q: errors %v", name, c.param, c.value, errs)
			}
		}
	}
}

// TestCheckReadsEveryValue checks a repeated parameter whichever value comes first.
func TestCheckReadsEveryValue(t *testing.T) {
	t.Parallel()
	s := newSchema()
	for _, values := range [][]string{
		{`title = "a"`, `articles_via_author.title ~ "Z"`},
		{`articles_via_author.title ~ "Z"`, `title = "a"`},
	} {
		errs := Check(s, s["authors"], nil, url.Values{Filter: values, Sort: {"name", "-articles_via_author.title"}})
		if errs == nil || errs[Filter] == nil || errs[Sort] == nil {
			t.Errorf("%q: %v", values, errs)
		}
	}
}

func TestCheckSubscription(t *testing.T) {
	t.Parallel()
	s := newSchema()
	who := callers(s)
	opts := func(query string) string { return "?options=" + url.QueryEscape(`{"query":`+query+`}`) }
	crossing := opts(`{"filter":"callback_leads_via_article.status != 'x'"}`)
	cases := []struct {
		sub     string
		allowed []string
	}{
		{"articles/*", everyone},
		{"articles/*" + opts(`{"filter":"title != ''","expand":"author","fields":"id,expand.author.name"}`), everyone},
		{"articles/*" + crossing, []string{"reviewer", "admin", "superuser"}},
		{"articles/abc" + crossing, []string{"reviewer", "admin", "superuser"}},
		{"articles" + crossing, []string{"reviewer", "admin", "superuser"}},
		{"pbc_articles/*" + crossing, []string{"reviewer", "admin", "superuser"}},
		{"authors/*" + opts(`{"expand":"articles_via_author"}`), []string{"editor", "reviewer", "admin", "superuser"}},
		{"authors/*" + opts(`{"fields":"*,expand.articles_via_author.title"}`), []string{"editor", "reviewer", "admin", "superuser"}},
		{"authors/*" + opts(`{"filter":["articles_via_author.title ~ 'Z'"]}`), everyone}, // not a string: PocketBase reads ""
		{"nothing/*" + crossing, everyone},
	}
	for _, c := range cases {
		for _, name := range everyone {
			errs := CheckSubscription(s, who[name], c.sub)
			if got, want := errs == nil, slices.Contains(c.allowed, name); got != want {
				t.Errorf("%s %q: allowed %v, want %v (%v)", name, c.sub, got, want, errs)
			}
		}
	}
}

func TestCheckBatch(t *testing.T) {
	t.Parallel()
	s := newSchema()
	editor := callers(s)["editor"]
	batch := func(method, u string) []*core.InternalRequest {
		return []*core.InternalRequest{
			{Method: "POST", URL: "/api/collections/topics/records"},
			{Method: method, URL: u},
		}
	}
	refused := [][]*core.InternalRequest{
		batch("PATCH", "/api/collections/articles/records/abc?expand=callback_leads_via_article"),
		batch("post", "/api/collections/articles/records?fields=expand.callback_leads_via_article.status"),
		batch("PUT", "/api/collections/pbc_articles/records?expand=callback_leads_via_article"),
		batch("DELETE", "/api/collections/articles/records/abc?expand=callback_leads_via_article"),
	}
	for _, b := range refused {
		if CheckBatch(s, editor, b) == nil {
			t.Errorf("%s %s let through", b[1].Method, b[1].URL)
		}
	}
	allowed := [][]*core.InternalRequest{
		batch("PATCH", "/api/collections/articles/records/abc?expand=author,topics"),
		batch("GET", "/api/collections/articles/records?expand=callback_leads_via_article"), // not a batch action
		batch("PATCH", "/api/collections/nothing/records/abc?expand=callback_leads_via_article"),
	}
	for _, b := range allowed {
		if errs := CheckBatch(s, editor, b); errs != nil {
			t.Errorf("%s %s refused: %v", b[1].Method, b[1].URL, errs)
		}
	}
}
