package hooks_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"recoverycms/hooks/hookstest"
	"recoverycms/internal/querygate"
)

// TestDraftTitleCannotBeSpelledThroughAuthors is the reported leak: a guest tells "Zebra%"
// from "Zebrb%" by whether Tom Ashworth still matches, and so reads a draft's title one
// character at a time. Both questions must get the same answer: a refusal.
func TestDraftTitleCannotBeSpelledThroughAuthors(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	addZebraDraft(t, app)
	h := hookstest.Router(t, app)
	ask := func(prefix string) (int, string) {
		return sendText(h, http.MethodGet, list("authors", "filter", `slug="tom-ashworth" && articles_via_author.title !~ "`+prefix+`"`), "", "")
	}
	status0, body0 := ask(zebraPrefix)
	status1, body1 := ask("Zebrb%")
	if status0 != status1 || body0 != body1 {
		t.Fatalf("the draft's title shows:\nZebra%%: %d %s\nZebrb%%: %d %s", status0, short(body0), status1, short(body1))
	}
	expectRefused(t, status0, body0, "filter")
}

// TestSortByLeadsKeepsEveryArticle is the reported leak through sort: sorting articles by
// their callback leads dropped the articles someone asked for help on.
func TestSortByLeadsKeepsEveryArticle(t *testing.T) {
	t.Parallel()
	plain, withLead := hookstest.New(t), hookstest.New(t)
	addHiddenLead(t, withLead)
	target := list("articles", "sort", "callback_leads_via_article.created")
	status0, body0 := sendText(hookstest.Router(t, plain), http.MethodGet, target, "", "")
	status1, body1 := sendText(hookstest.Router(t, withLead), http.MethodGet, target, "", "")
	if status0 != status1 || body0 != body1 {
		t.Fatalf("the lead shows:\nwithout: %d %s\nwith:    %d %s", status0, short(body0), status1, short(body1))
	}
	expectRefused(t, status0, body0, "sort")
}

// TestPublicQueriesKeepWorking sends the allowlisted queries of the reading site and the
// README's SDK examples as a guest and an outsider: 200, the expected data, and the same
// answer whether or not a hidden draft or lead exists.
func TestPublicQueriesKeepWorking(t *testing.T) {
	t.Parallel()
	w := newGateWorld(t)
	queries := []struct{ target, want string }{
		{list("articles", "filter", `author.slug = "tom-ashworth"`), `"totalItems":2`},
		{list("articles", "filter", `topics.slug ?= "ketamine"`), `"slug":"how-to-beat-ketamine-addiction"`},
		{list("articles", "filter", `topics.slug = "ketamine" && author.slug != "nobody"`), `"items":[`},
		{list("articles", "page", "1", "perPage", "20", "sort", "-published_at", "expand", "author,topics"), `"expand":{"author":{`},
		{list("articles", "page", "1", "perPage", "1", "skipTotal", "1", "filter", `slug="how-to-beat-ketamine-addiction"`,
			"expand", "author,reviewed_by,topics"), `"reviewed_by":{`},
		{list("articles", "expand", "author", "fields", "id,slug,expand.author.name"), `"expand":{"author":{"name":"Tom Ashworth"}}`},
		{"/api/collections/articles/records/{published}?expand=author,reviewed_by,topics", `"name":"Tom Ashworth"`},
		{"/api/collections/topics/records?perPage=200&sort=name&fields=name,slug", `"slug":"ketamine"`},
		{list("authors", "filter", `slug="priya-nair"`), `"name":"Priya Nair"`},
	}
	for _, q := range queries {
		for _, role := range []string{"guest", "outsider"} {
			target := w.ids.Replace(q.target)
			status, body := sendText(w.plain, http.MethodGet, target, w.tokens[role], "")
			if status != http.StatusOK || !strings.Contains(body, q.want) {
				t.Fatalf("%s %s: %d %s", role, target, status, short(body))
			}
			for _, h := range []http.Handler{w.draft, w.lead} {
				if s, b := sendText(h, http.MethodGet, target, w.tokens[role], ""); s != status || b != body {
					t.Fatalf("%s %s differs with a hidden record: %d %s", role, target, s, b)
				}
			}
		}
	}
}

// TestStaffPanelQueriesKeepWorking sends every filter, sort, expand and fields the staff
// panel (pb_public/admin) sends, as each role that uses that screen.
func TestStaffPanelQueriesKeepWorking(t *testing.T) {
	t.Parallel()
	app, h, tokens := newHiddenRecordsApp(t)
	draft := articleBySlug(t, app, zebraSlug).Id
	lead, err := app.FindFirstRecordByFilter("callback_leads", "id != ''")
	if err != nil {
		t.Fatal(err)
	}
	everyStaff := []string{"editor", "reviewer", "admin", "superuser"}
	leadReaders := []string{"reviewer", "admin", "superuser"}
	queries := []struct {
		roles  []string
		target string
		want   string
	}{
		// articles.js: the list with status filter and title search.
		{everyStaff, list("articles", "page", "1", "perPage", "20", "sort", "-updated",
			"filter", `status = "draft" && (title ~ "Zebra" || slug ~ "Zebra")`,
			"fields", "id,title,slug,status,published_at,updated,expand.author.name", "expand", "author"),
			`"expand":{"author":{"name":"Tom Ashworth"}}`},
		// editor.js: the pickers and the revisions.
		{everyStaff, list("authors", "perPage", "500", "sort", "name", "fields", "id,name"), `"name":"Tom Ashworth"`},
		{everyStaff, list("topics", "perPage", "500", "sort", "name", "fields", "id,name"), `"name":"Ketamine"`},
		{everyStaff, list("staff", "perPage", "500", "fields", "id,name,email"), `"name":"Rui Reviewer"`},
		{everyStaff, list("article_revisions", "filter", `article = "`+draft+`"`, "sort", "-created", "perPage", "50"), `"totalItems":1`},
		// people.js: authors and topics.
		{everyStaff, list("authors", "perPage", "500", "sort", "name"), `"slug":"tom-ashworth"`},
		{everyStaff, list("topics", "perPage", "500", "sort", "name"), `"slug":"ketamine"`},
		// resources.js: the help directory list (editors and admins).
		{[]string{"editor", "admin", "superuser"}, list("resources", "perPage", "500", "sort", "name"), `"kind":"helpline"`},
		// leads.js: the inbox, a lead, the handlers and the trail.
		{leadReaders, list("callback_leads", "perPage", "100", "sort", "-created", "filter", `status = "new"`, "expand", "assigned_to"),
			`"assigned_to":{`},
		{leadReaders, "/api/collections/callback_leads/records/" + lead.Id + "?expand=article", `"slug":"how-to-beat-ketamine-addiction"`},
		{leadReaders, list("staff", "perPage", "500", "sort", "name", "fields", "id,name,email,role"), `"role":"reviewer"`},
		{leadReaders, list("lead_events", "filter", `lead = "`+lead.Id+`"`, "sort", "-created", "perPage", "200"), `"items":[`},
	}
	for _, q := range queries {
		for _, role := range q.roles {
			status, body := sendText(h, http.MethodGet, q.target, tokens[role], "")
			if status != http.StatusOK || !strings.Contains(body, q.want) {
				t.Errorf("%s %s: %d %s", role, q.target, status, short(body))
			}
		}
	}
	// The inbox's live updates (realtime.js).
	for _, role := range leadReaders {
		c := subscriptions.NewDefaultClient()
		app.SubscriptionsBroker().Register(c)
		body, _ := json.Marshal(map[string]any{"clientId": c.Id(), "subscriptions": []string{"callback_leads/*"}})
		if status, answer := sendText(h, http.MethodPost, "/api/realtime", tokens[role], string(body)); status != http.StatusNoContent {
			t.Errorf("%s subscribes: %d %s", role, status, short(answer))
		}
	}
}

// TestQueryGateCoversEveryAction sends crossing parameters to the other record actions
// that read them: create (nothing is stored; a lead's create drops expand and fields itself), auth-with-password, auth-refresh and batch
// sub-requests, which skip the router's middlewares.
func TestQueryGateCoversEveryAction(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	settings := app.Settings()
	settings.Batch.Enabled = true
	if err := app.Save(settings); err != nil {
		t.Fatal(err)
	}
	h := hookstest.Router(t, app)
	tokens := gateTokens(t, app)
	published := articleBySlug(t, app, hookstest.PublishedSlug).Id

	article, _ := json.Marshal(map[string]any{"title": "Refused on create", "slug": "refused-on-create", "status": "draft",
		"body": "Text.", "author": authorID(t, app, tomSlug)})
	status, body := sendText(h, http.MethodPost, "/api/collections/articles/records?expand=author.articles_via_author.callback_leads_via_article", tokens["editor"], string(article))
	expectRefused(t, status, body, "expand")
	if _, err := app.FindFirstRecordByData("articles", "slug", "refused-on-create"); err == nil {
		t.Fatal("the refused create was stored")
	}

	signIn := `{"identity":"` + hookstest.EditorEmail + `","password":"` + hookstest.Password + `"}`
	status, body = sendText(h, http.MethodPost, "/api/collections/staff/auth-with-password?expand=callback_leads_via_assigned_to", "", signIn)
	expectRefused(t, status, body, "expand")
	status, body = sendText(h, http.MethodPost, "/api/collections/staff/auth-with-password?fields=token,record.expand.callback_leads_via_assigned_to", "", signIn)
	expectRefused(t, status, body, "fields")
	status, body = sendText(h, http.MethodPost, "/api/collections/staff/auth-refresh?expand=callback_leads_via_assigned_to", tokens["editor"], "")
	expectRefused(t, status, body, "expand")
	if status, body = sendText(h, http.MethodPost, "/api/collections/staff/auth-refresh?expand=callback_leads_via_assigned_to", tokens["reviewer"], ""); status != http.StatusOK {
		t.Fatalf("reviewer refresh: %d %s", status, short(body))
	}

	batch := func(query string) string {
		b, _ := json.Marshal(map[string]any{"requests": []map[string]any{{
			"method": "PATCH", "url": "/api/collections/articles/records/" + published + query,
			"body": map[string]any{"meta_title": "Changed in a batch"},
		}}})
		return string(b)
	}
	status, body = sendText(h, http.MethodPost, "/api/batch", tokens["editor"], batch("?expand=callback_leads_via_article"))
	expectRefused(t, status, body, "expand")
	if got := articleBySlug(t, app, hookstest.PublishedSlug).GetString("meta_title"); got == "Changed in a batch" {
		t.Fatal("the refused batch was applied")
	}
	if status, body = sendText(h, http.MethodPost, "/api/batch", tokens["editor"], batch("?expand=author,topics")); status != http.StatusOK {
		t.Fatalf("allowed batch: %d %s", status, short(body))
	}
}

// TestRealtimeMessagesAreCheckedAgainWhenSent lowers an admin's role after they
// subscribed with a filter through leads (allowed to admins): PocketBase keeps the
// subscription and updates the client's auth, so each message is checked again as it is
// sent and dropped once the subscription is no longer allowed.
func TestRealtimeMessagesAreCheckedAgainWhenSent(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	admin, err := app.FindAuthRecordByEmail("staff", hookstest.AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	sub := realtimeProbe{topic: "articles/*", options: map[string]string{"filter": `callback_leads_via_article.status != "zzz"`}}.
		subscription(strings.NewReplacer())
	c := subscriptions.NewDefaultClient()
	sent := func(auth *core.Record, name string) bool {
		c.Set(apis.RealtimeClientAuthKey, auth)
		var delivered bool
		e := &core.RealtimeMessageEvent{RequestEvent: &core.RequestEvent{App: app}, Client: c, Message: &subscriptions.Message{Name: name}}
		if err := app.OnRealtimeMessageSend().Trigger(e, func(*core.RealtimeMessageEvent) error { delivered = true; return nil }); err != nil {
			t.Fatal(err)
		}
		return delivered
	}
	if !sent(admin, sub) {
		t.Fatal("the admin's message was dropped")
	}
	demoted := admin.Fresh()
	demoted.Set("role", "editor")
	if sent(demoted, sub) {
		t.Fatal("the demoted editor still receives the lead-filtered subscription")
	}
	if !sent(nil, "PB_CONNECT") {
		t.Fatal("PB_CONNECT was dropped")
	}
}

// TestReadableInFullMatchesTheRules ties querygate's role table to the collections' list
// rules: a role may read a collection "in full" only if its list answer counts every
// record (with a hidden draft and lead present), and every collection it does not read in
// full hides something from it.
func TestReadableInFullMatchesTheRules(t *testing.T) {
	t.Parallel()
	app, h, tokens := newHiddenRecordsApp(t)
	collections, err := app.FindAllCollections(core.CollectionTypeBase, core.CollectionTypeAuth)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range gateRoles {
		var auth *core.Record
		if r.email != "" {
			auth, _ = app.FindAuthRecordByEmail("staff", r.email)
			if auth == nil {
				auth, _ = app.FindAuthRecordByEmail(hookstest.OutsiderCollect, r.email)
			}
			if auth == nil {
				auth, _ = app.FindAuthRecordByEmail(core.CollectionNameSuperusers, r.email)
			}
		}
		for _, c := range collections {
			if c.System {
				continue
			}
			total, err := app.CountRecords(c)
			if err != nil {
				t.Fatal(err)
			}
			status, body := sendText(h, http.MethodGet, "/api/collections/"+c.Name+"/records?perPage=1", tokens[r.name], "")
			var page struct {
				TotalItems int64 `json:"totalItems"`
			}
			_ = json.Unmarshal([]byte(body), &page)
			sees := status == http.StatusOK && page.TotalItems == total
			if querygate.ReadableInFull(auth, c.Name) && !sees {
				t.Errorf("%s reads %s in full by the table, but the API answers %d with %d of %d", r.name, c.Name, status, page.TotalItems, total)
			}
			own := auth != nil && auth.Collection().Name == c.Name // everyone sees their own record
			if !querygate.ReadableInFull(auth, c.Name) && sees && total > 0 && !own {
				t.Errorf("%s sees all %d records of %s: add it to the table or fix the rule", r.name, total, c.Name)
			}
		}
	}
}

// TestCommentFlagsCannotBeFilteredByThePublic: the answer hides an approved comment's flags
// and moderator from guests and outsiders; a filter or sort by them must not tell them
// either. Same refusal with and without a flagged comment; staff still filter by them.
func TestCommentFlagsCannotBeFilteredByThePublic(t *testing.T) {
	t.Parallel()
	plain, flagged := hookstest.New(t), hookstest.New(t)
	for _, app := range []core.App{plain, flagged} {
		saveComment(t, app, publishedID(t, app), "Thank you, this helped me a lot.", "approved")
	}
	held := saveComment(t, flagged, publishedID(t, flagged), "Some days I want to die.", "approved")
	if got := held.GetStringSlice("flags"); !slices.Contains(got, "crisis") {
		t.Fatalf("flags %v", got)
	}
	plainRouter, flaggedRouter := hookstest.Router(t, plain), hookstest.Router(t, flagged)
	queries := []struct{ param, value string }{
		{"filter", `flags ~ "crisis"`},
		{"filter", `flags:each = "crisis"`},
		{"filter", `flags:length > 0 || id != ""`},
		{"filter", `moderated_by != ""`},
		{"filter", `(body ~ "die" && flags ?= "crisis")`},
		{"sort", "-flags"},
		{"sort", "moderated_by,created"},
	}
	for _, q := range queries {
		target := list("comments", q.param, q.value)
		for _, who := range []string{"", hookstest.OutsiderEmail} {
			status0, body0 := sendText(plainRouter, http.MethodGet, target, tokenFor(t, plain, who), "")
			status1, body1 := sendText(flaggedRouter, http.MethodGet, target, tokenFor(t, flagged, who), "")
			if status0 != status1 || body0 != body1 {
				t.Errorf("%q %s=%s shows the flagged comment:\nwithout: %d %s\nwith:    %d %s", who, q.param, q.value,
					status0, short(body0), status1, short(body1))
			}
			if status1 != http.StatusBadRequest || !strings.Contains(body1, `"`+q.param+`":{"code":"field_not_allowed"`) ||
				!strings.Contains(body1, querygate.FieldMessage) {
				t.Errorf("%q %s=%s: %d %s", who, q.param, q.value, status1, short(body1))
			}
		}
		if status, body := sendText(flaggedRouter, http.MethodGet, target, tokenFor(t, flagged, hookstest.EditorEmail), ""); status != 200 {
			t.Errorf("editor %s=%s: %d %s", q.param, q.value, status, short(body))
		}
	}
	// Ordinary public queries of comments still work.
	target := list("comments", "filter", `article = "`+publishedID(t, flagged)+`" && body ~ "helped"`)
	if status, body := sendText(flaggedRouter, http.MethodGet, target, "", ""); status != 200 || !strings.Contains(body, `"totalItems":1`) {
		t.Errorf("public comment filter: %d %s", status, short(body))
	}
}

// tokenFor is hookstest.Token, or no token for a guest ("").
func tokenFor(t testing.TB, app core.App, email string) string {
	t.Helper()
	if email == "" {
		return ""
	}
	return hookstest.Token(t, app, email)
}
