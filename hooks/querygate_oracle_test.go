package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"recoverycms/hooks/hookstest"
)

// gateProbe is one request that reaches, or tries to reach, a hidden record from another
// collection. {tom}, {published}, {authors} and {articles} in target are replaced with
// Tom's author id, the published article's id and the two collections' ids.
type gateProbe struct {
	name   string
	target string
	kind   hiddenKind
}

func list(collection string, params ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		v.Add(params[i], params[i+1])
	}
	return "/api/collections/" + collection + "/records?" + v.Encode()
}

// gateProbes are the relation paths into articles and callback_leads: back-relations,
// forward relations followed further, @collection (by name, alias and id), modifiers,
// function arguments, any-match operators, sorts, expands (both back-relation syntaxes),
// fields, single-record views, the collection named by id and repeated parameters.
var gateProbes = []gateProbe{
	// Into articles, where a draft hides.
	{"authors back-relation !~", list("authors", "filter", `slug="tom-ashworth" && articles_via_author.title !~ "Zebra%"`), hiddenDraft},
	{"authors back-relation ~", list("authors", "filter", `articles_via_author.title ~ "Zebra"`), hiddenDraft},
	{"authors back-relation ?~", list("authors", "filter", `articles_via_author.title ?~ "Zebra"`), hiddenDraft},
	{"authors reviewed_by back-relation", list("authors", "filter", `articles_via_reviewed_by.title !~ "Zebra%"`), hiddenDraft},
	{"authors back-relation status ?=", list("authors", "filter", `articles_via_author.status ?= "draft"`), hiddenDraft},
	{"authors back-relation :lower", list("authors", "filter", `articles_via_author.title:lower !~ "zebra%"`), hiddenDraft},
	{"authors back-relation :each", list("authors", "filter", `articles_via_author.topics:each != "nothing"`), hiddenDraft},
	{"authors back-relation :length", list("authors", "filter", `articles_via_author.topics:length > 1`), hiddenDraft},
	{"authors back-relation in a function", list("authors", "filter", `strftime('%Y', articles_via_author.created) != "1999"`), hiddenDraft},
	{"authors back-relation by collection id", list("authors", "filter", `{articles}_via_author.title !~ "Zebra%"`), hiddenDraft},
	{"authors back-relation in capitals", list("authors", "filter", `ARTICLES_via_author.title !~ "Zebra%"`), hiddenDraft},
	{"authors named in capitals", "/api/collections/AUTHORS/records?" + url.Values{"filter": {`articles_via_author.title !~ "Zebra%"`}}.Encode(), hiddenDraft},
	{"authors named by id", "/api/collections/{authors}/records?" + url.Values{"filter": {`articles_via_author.title !~ "Zebra%"`}}.Encode(), hiddenDraft},
	{"authors @collection", list("authors", "filter", `@collection.articles.title ?~ "Zebra"`), hiddenDraft},
	{"authors @collection alias", list("authors", "filter", `@collection.articles:a.author ?= id && @collection.articles:a.title !~ "Zebra%"`), hiddenDraft},
	{"authors @collection in capitals", list("authors", "filter", `@collection.Articles.title ?~ "Zebra"`), hiddenDraft},
	{"authors @collection by id", list("authors", "filter", `@collection.{articles}.title ?~ "Zebra"`), hiddenDraft},
	{"topics back-relation", list("topics", "filter", `articles_via_topics.title !~ "Zebra%"`), hiddenDraft},
	{"articles through author", list("articles", "filter", `author.articles_via_author.title !~ "Zebra%"`), hiddenDraft},
	{"articles through topics", list("articles", "filter", `topics.articles_via_topics.title !~ "Zebra%"`), hiddenDraft},
	{"articles through reviewed_by", list("articles", "filter", `reviewed_by.articles_via_reviewed_by.title !~ "Zebra%"`), hiddenDraft},
	{"articles through author, with @request", list("articles", "filter", `@request.auth.id != "x" && author.articles_via_author.title !~ "Zebra%"`), hiddenDraft},
	{"authors sort desc", list("authors", "sort", `-articles_via_author.title`), hiddenDraft},
	{"authors sort by created", list("authors", "sort", `-articles_via_author.created`), hiddenDraft},
	{"authors sort with spaces", list("authors", "sort", ` +articles_via_author.title , name`), hiddenDraft},
	{"articles sort through author", list("articles", "sort", `author.articles_via_author.title`), hiddenDraft},
	{"authors expand", list("authors", "expand", `articles_via_author`), hiddenDraft},
	{"authors expand old syntax", list("authors", "expand", `articles(author)`), hiddenDraft},
	{"authors expand nested with spaces", list("authors", "expand", ` articles_via_author . topics `), hiddenDraft},
	{"authors fields of an expand", list("authors", "expand", `articles_via_author`, "fields", `*,expand.articles_via_author.title`), hiddenDraft},
	{"authors fields alone", list("authors", "fields", `id,expand.articles_via_author.title`), hiddenDraft},
	{"author view expand", "/api/collections/authors/records/{tom}?expand=articles_via_author", hiddenDraft},
	{"filter repeated, probe second", list("authors", "filter", `name != ""`, "filter", `articles_via_author.title !~ "Zebra%"`), hiddenDraft},
	{"filter repeated, probe first", list("authors", "filter", `articles_via_author.title !~ "Zebra%"`, "filter", `name != ""`), hiddenDraft},
	// Into resources, where a draft resource hides.
	{"topics back-relation to resources", list("topics", "filter", `resources_via_topics.name !~ "Zebra%"`), hiddenDraft},
	{"topics back-relation to resources ?=", list("topics", "filter", `resources_via_topics.status ?= "draft"`), hiddenDraft},
	{"topics sort by resources", list("topics", "sort", `-resources_via_topics.name`), hiddenDraft},
	{"topics expand resources", list("topics", "expand", `resources_via_topics`), hiddenDraft},
	{"topics @collection resources", list("topics", "filter", `@collection.resources.name ?~ "Zebra"`), hiddenDraft},
	{"resources filter by name", list("resources", "filter", `name ~ "Zebra"`), hiddenDraft},
	{"resources through topics", list("resources", "filter", `topics.resources_via_topics.name !~ "Zebra%"`), hiddenDraft},
	{"resources by topic slug, expanded", list("resources", "filter", `topics.slug = "ketamine"`, "expand", "topics"), hiddenDraft},
	{"articles through topics to resources", list("articles", "filter", `topics.resources_via_topics.status ?= "draft"`), hiddenDraft},
	// Into comments, where a pending comment on the published article hides (in the draft's app).
	{"comments list", list("comments"), hiddenDraft},
	{"comments filter by status", list("comments", "filter", `status = "pending"`), hiddenDraft},
	{"comments filter by body", list("comments", "filter", `body ~ "Zebra"`), hiddenDraft},
	{"comments sort by body", list("comments", "sort", `-body`), hiddenDraft},
	{"comments of the article", list("comments", "filter", `article = "{published}"`), hiddenDraft},
	{"comment view", "/api/collections/comments/records/zebracomment001", hiddenDraft},
	{"articles @collection comments", list("articles", "filter", `@collection.comments.body ?~ "Zebra"`), hiddenDraft},
	{"articles sort by @collection comments", list("articles", "sort", `@collection.comments.body`), hiddenDraft},
	{"authors @collection comments", list("authors", "filter", `@collection.comments.status ?= "pending"`), hiddenDraft},
	{"comment events", list("comment_events"), hiddenDraft},
	{"article API with comments", "/api/cms/articles/" + hookstest.PublishedSlug, hiddenDraft},
	{"filter percent-encoded letters", "/api/collections/authors/records?filter=%61rticles%5Fvia%5Fauthor.title%20!~%20%22Zebra%25%22", hiddenDraft},

	// Into callback_leads, where a lead on a published article hides.
	{"articles sort by lead", list("articles", "sort", `callback_leads_via_article.created`), hiddenLead},
	{"articles sort by title then lead", list("articles", "sort", `-title,callback_leads_via_article.created`), hiddenLead},
	{"articles lead !=", list("articles", "filter", `callback_leads_via_article.status != "zzz"`), hiddenLead},
	{"articles lead ?=", list("articles", "filter", `callback_leads_via_article.status ?= "new"`), hiddenLead},
	{"articles lead id", list("articles", "filter", `callback_leads_via_article.id = ""`), hiddenLead},
	{"articles lead :lower", list("articles", "filter", `callback_leads_via_article.preferred_time:lower ?= "evening"`), hiddenLead},
	{"articles lead @collection", list("articles", "filter", `@collection.callback_leads.article ?= id`), hiddenLead},
	{"articles lead expand", list("articles", "expand", `callback_leads_via_article`), hiddenLead},
	{"articles lead fields", list("articles", "expand", `callback_leads_via_article`, "fields", `id,expand.callback_leads_via_article.status`), hiddenLead},
	{"authors two hops to a lead", list("authors", "filter", `articles_via_author.callback_leads_via_article.status ?= "new"`), hiddenLead},
	{"topics sort two hops to a lead", list("topics", "sort", `articles_via_topics.callback_leads_via_article.created`), hiddenLead},
	{"staff assigned leads", list("staff", "filter", `callback_leads_via_assigned_to.status ?= "new"`), hiddenLead},
	{"staff sort by assigned lead", list("staff", "sort", `-callback_leads_via_assigned_to.created`), hiddenLead},
	{"article view expand lead", "/api/collections/articles/records/{published}?expand=callback_leads_via_article", hiddenLead},
	{"article view fields of lead", "/api/collections/articles/records/{published}?fields=*,expand.callback_leads_via_article&expand=callback_leads_via_article", hiddenLead},
	{"leads forward to article", list("callback_leads", "filter", `article.title != ""`), hiddenLead},
	{"leads expand forward", list("callback_leads", "expand", "article,assigned_to"), hiddenLead},
	{"lead trail forward to staff", list("lead_events", "filter", `staff.name != ""`), hiddenLead},
	{"lead trail expand staff", list("lead_events", "expand", "staff"), hiddenLead},
}

// gateWorld is the oracle's three apps, each behind its real router: as built, with the
// hidden draft, with the hidden lead. They are only read, so every probe shares them.
type gateWorld struct {
	plain, draft, lead http.Handler
	tokens             map[string]string
	ids                *strings.Replacer
}

func newGateWorld(t *testing.T) *gateWorld {
	t.Helper()
	plain, draft, lead := hookstest.New(t), hookstest.New(t), hookstest.New(t)
	addZebraDraft(t, draft)
	addPendingComment(t, draft)
	addHiddenLead(t, lead)
	return &gateWorld{
		plain: hookstest.Router(t, plain), draft: hookstest.Router(t, draft), lead: hookstest.Router(t, lead),
		tokens: gateTokens(t, plain),
		ids:    gateIDs(t, plain),
	}
}

// addPendingComment saves a pending comment, with a log entry, on the published article.
func addPendingComment(t testing.TB, app core.App) {
	t.Helper()
	c := saveComment(t, app, articleBySlug(t, app, hookstest.PublishedSlug).Id, "Zebra pending comment.", "pending")
	if _, err := app.DB().NewQuery("UPDATE comments SET id = 'zebracomment001' WHERE id = {:id}").
		Bind(map[string]any{"id": c.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	events, err := app.FindCollectionByNameOrId("comment_events")
	if err != nil {
		t.Fatal(err)
	}
	e := core.NewRecord(events)
	e.Set("comment", "zebracomment001")
	e.Set("action", "status")
	if err := app.Save(e); err != nil {
		t.Fatal(err)
	}
}

// gateIDs fills the placeholders of gateProbe targets (the same in every app).
func gateIDs(t testing.TB, app core.App) *strings.Replacer {
	t.Helper()
	authors, err := app.FindCollectionByNameOrId("authors")
	if err != nil {
		t.Fatal(err)
	}
	articles, err := app.FindCollectionByNameOrId("articles")
	if err != nil {
		t.Fatal(err)
	}
	return strings.NewReplacer("{tom}", authorID(t, app, tomSlug), "{published}", articleBySlug(t, app, hookstest.PublishedSlug).Id,
		"{authors}", authors.Id, "{articles}", articles.Id,
		url.QueryEscape("{articles}"), articles.Id)
}

func (w *gateWorld) with(kind hiddenKind) http.Handler {
	if kind == hiddenDraft {
		return w.draft
	}
	return w.lead
}

// TestQueryGateOracle sends every probe as every role to an app without the hidden record
// and to one with it: for a role the record is hidden from, the two answers must be
// byte-identical, so nothing about the record can be learned. Roles that may read it are
// only checked for a sensible answer (superusers always get 200).
func TestQueryGateOracle(t *testing.T) {
	t.Parallel()
	w := newGateWorld(t)
	for _, p := range gateProbes {
		for _, r := range gateRoles {
			t.Run(p.name+"/"+r.name, func(t *testing.T) {
				t.Parallel()
				target := w.ids.Replace(p.target)
				token := w.tokens[r.name]
				status0, body0 := sendText(w.plain, http.MethodGet, target, token, "")
				status1, body1 := sendText(w.with(p.kind), http.MethodGet, target, token, "")
				if !seesHidden(r.name, p.kind) {
					if status0 != status1 || body0 != body1 {
						t.Fatalf("the answer depends on the hidden record:\nwithout: %d %s\nwith:    %d %s", status0, short(body0), status1, short(body1))
					}
					return
				}
				if status1 >= 500 || (r.name == "superuser" && status1 != http.StatusOK) {
					t.Fatalf("%d %s", status1, short(body1))
				}
			})
		}
	}
}

// realtimeProbe is a subscription that tries to learn about a hidden record from which
// broadcasts reach it; {tom}, {published} and {authors} are replaced as in gateProbe.
type realtimeProbe struct {
	name, topic string
	options     map[string]string
	kind        hiddenKind
}

var realtimeProbes = []realtimeProbe{
	{"authors filter", "authors/*", map[string]string{"filter": `articles_via_author.title !~ "Zebra%"`}, hiddenDraft},
	{"author record filter", "authors/{tom}", map[string]string{"filter": `articles_via_author.title !~ "Zebra%"`}, hiddenDraft},
	{"authors by collection id", "{authors}/*", map[string]string{"filter": `articles_via_author.title !~ "Zebra%"`}, hiddenDraft},
	{"authors expand and fields", "authors/*", map[string]string{"expand": "articles_via_author", "fields": "id,expand.articles_via_author.title"}, hiddenDraft},
	{"articles lead filter", "articles/*", map[string]string{"filter": `callback_leads_via_article.status != "zzz"`}, hiddenLead},
	{"article record lead filter", "articles/{published}", map[string]string{"filter": `callback_leads_via_article.id = ""`}, hiddenLead},
	{"articles old topic, expand", "articles", map[string]string{"expand": "callback_leads_via_article", "fields": "*,expand.callback_leads_via_article"}, hiddenLead},
}

func (p realtimeProbe) subscription(ids *strings.Replacer) string {
	raw, _ := json.Marshal(map[string]any{"query": p.options})
	return ids.Replace(p.topic) + "?options=" + url.QueryEscape(string(raw))
}

// TestQueryGateRealtimeOracle subscribes one real realtime client per probe and role
// through POST /api/realtime on an app without and one with the hidden record, changes the
// record the topic is about, and compares what each client was answered and then received
// (the changed record's own "updated" time aside).
func TestQueryGateRealtimeOracle(t *testing.T) {
	t.Parallel()
	plain := newRealtimeApp(t, nil)
	with := map[hiddenKind]*realtimeApp{
		hiddenDraft: newRealtimeApp(t, func(t testing.TB, app *tests.TestApp) { addZebraDraft(t, app) }),
		hiddenLead:  newRealtimeApp(t, addHiddenLead),
	}
	tokens := gateTokens(t, plain.app)
	ids := gateIDs(t, plain.app)

	answers := map[string][2]string{}
	for _, p := range realtimeProbes {
		for _, r := range gateRoles {
			key := p.name + "/" + r.name
			sub := p.subscription(ids)
			answers[key] = [2]string{plain.subscribe(t, key, sub, tokens[r.name]), with[p.kind].subscribe(t, key, sub, tokens[r.name])}
		}
	}
	plain.touch(t, hiddenDraft)
	plain.touch(t, hiddenLead)
	with[hiddenDraft].touch(t, hiddenDraft)
	with[hiddenLead].touch(t, hiddenLead)
	received := [3]map[string]string{}
	var wg sync.WaitGroup
	for i, a := range []*realtimeApp{plain, with[hiddenDraft], with[hiddenLead]} {
		wg.Add(1)
		go func() { defer wg.Done(); received[i] = a.collect(500 * time.Millisecond) }()
	}
	wg.Wait()

	for _, p := range realtimeProbes {
		for _, r := range gateRoles {
			key := p.name + "/" + r.name
			other := received[1]
			if p.kind == hiddenLead {
				other = received[2]
			}
			without, withHidden := answers[key][0]+" "+received[0][key], answers[key][1]+" "+other[key]
			if !seesHidden(r.name, p.kind) && without != withHidden {
				t.Errorf("%s: the realtime answer depends on the hidden record:\nwithout: %s\nwith:    %s", key, short(without), short(withHidden))
			}
			if r.name == "superuser" && !strings.HasPrefix(withHidden, "204") {
				t.Errorf("%s: %s", key, short(withHidden))
			}
		}
	}
}

// realtimeApp is one app of the realtime oracle with the clients registered on it.
type realtimeApp struct {
	app     *tests.TestApp
	router  http.Handler
	clients map[string]subscriptions.Client
}

func newRealtimeApp(t *testing.T, setup func(testing.TB, *tests.TestApp)) *realtimeApp {
	t.Helper()
	app := hookstest.New(t)
	if setup != nil {
		setup(t, app)
	}
	return &realtimeApp{app: app, router: hookstest.Router(t, app), clients: map[string]subscriptions.Client{}}
}

// subscribe registers a client under key, subscribes it to sub through the router as the
// holder of token and returns the answer.
func (a *realtimeApp) subscribe(t testing.TB, key, sub, token string) string {
	t.Helper()
	c := subscriptions.NewDefaultClient()
	a.app.SubscriptionsBroker().Register(c)
	a.clients[key] = c
	body, _ := json.Marshal(map[string]any{"clientId": c.Id(), "subscriptions": []string{sub}})
	status, answer := sendText(a.router, http.MethodPost, "/api/realtime", token, string(body))
	return fmt.Sprintf("%d %s", status, answer)
}

// touch saves the record the probes of kind are about: Tom for the draft, the published
// article for the lead.
func (a *realtimeApp) touch(t testing.TB, kind hiddenKind) {
	t.Helper()
	collection, slug, field := "authors", tomSlug, "credentials"
	if kind == hiddenLead {
		collection, slug, field = "articles", hookstest.PublishedSlug, "meta_title"
	}
	r, err := a.app.FindFirstRecordByData(collection, "slug", slug)
	if err != nil {
		t.Fatal(err)
	}
	r.Set(field, "Touched by the realtime oracle")
	if err := a.app.Save(r); err != nil {
		t.Fatal(err)
	}
}

// collect returns, per client key, the messages that arrive within wait, sorted, with
// every "updated" time removed.
func (a *realtimeApp) collect(wait time.Duration) map[string]string {
	var mu sync.Mutex
	got := map[string]string{}
	var wg sync.WaitGroup
	for key, c := range a.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var msgs []string
			for _, m := range receive(c, wait) {
				msgs = append(msgs, m.Name+" "+withoutUpdated(m.Data))
			}
			slices.Sort(msgs)
			mu.Lock()
			got[key] = strings.Join(msgs, "\n")
			mu.Unlock()
		}()
	}
	wg.Wait()
	return got
}

// withoutUpdated re-encodes a JSON message without its "updated" keys.
func withoutUpdated(data []byte) string {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return string(data)
	}
	var strip func(any)
	strip = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			delete(x, "updated")
			for _, e := range x {
				strip(e)
			}
		case []any:
			for _, e := range x {
				strip(e)
			}
		}
	}
	strip(v)
	out, _ := json.Marshal(v)
	return string(out)
}
