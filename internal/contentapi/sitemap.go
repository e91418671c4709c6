package contentapi

import (
	"encoding/xml"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"recoverycms/internal/publishing"
)

// maxSitemapURLs is the sitemaps.org limit for one file.
const maxSitemapURLs = 50000

type sitemapDoc struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap answers GET /sitemap.xml: every published article, author and topic page with the
// date it last changed. An article changes when it is edited or when it goes live (a scheduled
// article's record is not touched then); an author's or a topic's page also changes whenever
// one of its published articles does.
func (api *API) sitemap(e *core.RequestEvent) (string, []byte, error) {
	urls := api.urls(e.App)
	doc := sitemapDoc{}
	var articles []*core.Record
	err := e.App.RecordQuery("articles").
		Select("articles.id", "articles.slug", "articles.updated", "articles.published_at", "articles.author", "articles.topics").
		Where(publishing.PublicExp(api.now())).OrderBy("articles.published_at DESC").
		Limit(maxSitemapURLs).All(&articles)
	if err != nil {
		return "", nil, err
	}
	listed := map[string]types.DateTime{} // author or topic id -> its newest article change
	for _, r := range articles {
		changed := latest(r.GetDateTime("updated"), r.GetDateTime("published_at"))
		doc.URLs = append(doc.URLs, sitemapURL{Loc: urls.Article(r.GetString("slug")), LastMod: apiTime(changed)})
		for _, id := range append(r.GetStringSlice("topics"), r.GetString("author")) {
			listed[id] = latest(listed[id], changed)
		}
	}
	for _, c := range []struct {
		name string
		link func(string) string
	}{{"authors", urls.Author}, {"topics", urls.Topic}} {
		var records []*core.Record
		err := e.App.RecordQuery(c.name).Select(c.name+".id", c.name+".slug", c.name+".updated").
			OrderBy(c.name + ".slug").Limit(maxSitemapURLs).All(&records)
		if err != nil {
			return "", nil, err
		}
		for _, r := range records {
			changed := latest(r.GetDateTime("updated"), listed[r.Id])
			doc.URLs = append(doc.URLs, sitemapURL{Loc: c.link(r.GetString("slug")), LastMod: apiTime(changed)})
		}
	}
	return xmlBody("application/xml; charset=utf-8", doc)
}

// latest is the later of two times.
func latest(a, b types.DateTime) types.DateTime {
	if b.After(a) {
		return b
	}
	return a
}
