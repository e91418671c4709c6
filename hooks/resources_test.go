package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/content"
	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/frontend"
	"recoverycms/internal/review"
)

// Wednesday 14 January 2026, 10:00 in London (GMT) and 05:00 in New York.
var londonMorning = time.Date(2026, 1, 14, 10, 0, 0, 0, time.UTC)

const weekdayHours = `{"timezone":"Europe/London","weekly":[{"days":["mon","tue","wed","thu","fri"],"open":"09:00","close":"17:00"}]}`

// createResource saves a resource through every hook; fields override a published GB service.
func createResource(t testing.TB, app core.App, fields map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("resources")
	must(t, err)
	r := core.NewRecord(col)
	r.Load(map[string]any{"kind": "service", "country": "GB", "status": "published", "phone": "0800 1111"})
	r.Load(fields)
	must(t, app.Save(r))
	return r
}

type resourceAnswer struct {
	Page, PerPage, TotalItems, TotalPages int
	Items                                 []struct {
		Name, Kind, Phone, Country string
		PhoneDisplay               string          `json:"phone_display"`
		OpenNow                    *bool           `json:"open_now"`
		AlwaysOpen                 bool            `json:"always_open"`
		JSONLD                     json.RawMessage `json:"jsonld"`
	}
}

func getResources(t testing.TB, lr *liveRouter, path string) resourceAnswer {
	t.Helper()
	rec := lr.get(path)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
	var a resourceAnswer
	must(t, json.Unmarshal(rec.Body.Bytes(), &a))
	return a
}

func (a resourceAnswer) names() []string {
	out := []string{}
	for _, it := range a.Items {
		out = append(out, it.Name)
	}
	return out
}

func (a resourceAnswer) open(name string) *bool {
	for _, it := range a.Items {
		if it.Name == name {
			return it.OpenNow
		}
	}
	return nil
}

// TestSampleResourcesAreImportedWithTheirCheckedNumbers: the sample resources are published,
// verified at import by no one, with exactly the numbers their organisations publish, and
// FRANK has no number at all.
func TestSampleResourcesAreImportedWithTheirCheckedNumbers(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	want := map[string]string{
		"Emergency services (999)":      "999",
		"NHS 111":                       "111",
		"Samaritans":                    "116123",
		"FRANK":                         "",
		"Emergency services (911)":      "911",
		"988 Suicide & Crisis Lifeline": "988",
		"SAMHSA National Helpline":      "+18006624357",
	}
	records, err := app.FindAllRecords("resources")
	must(t, err)
	if len(records) != len(want) {
		t.Fatalf("%d sample resources, want %d", len(records), len(want))
	}
	for _, r := range records {
		phone, ok := want[r.GetString("name")]
		if !ok || r.GetString("phone") != phone {
			t.Errorf("%s: phone %q, want %q", r.GetString("name"), r.GetString("phone"), phone)
		}
		if r.GetString("status") != "published" || r.GetDateTime("verified_at").IsZero() || r.GetString("verified_by") != "" || r.GetString("source") == "" {
			t.Errorf("%s: status %q, verified %v by %q, source %q", r.GetString("name"), r.GetString("status"),
				r.GetDateTime("verified_at"), r.GetString("verified_by"), r.GetString("source"))
		}
	}
	frank, err := app.FindFirstRecordByData("resources", "name", "FRANK")
	must(t, err)
	if frank.GetString("kind") != "website" || frank.GetString("url") != "https://www.talktofrank.com" ||
		!strings.Contains(frank.GetString("source"), "could not be checked") {
		t.Errorf("FRANK: %v", frank.PublicExport())
	}
	lr := newLiveRouter(t, app)
	us := getResources(t, lr, "/api/cms/resources?country=US")
	for _, it := range us.Items {
		if it.Name == "SAMHSA National Helpline" && it.PhoneDisplay != "(800) 662-4357" {
			t.Errorf("SAMHSA shown as %q", it.PhoneDisplay)
		}
	}
	if rec := lr.get("/api/cms/resources?country=GB"); !strings.Contains(rec.Body.String(), `"phone":"116123","phone_display":"116 123"`) {
		t.Errorf("Samaritans not shown as 116 123: %s", rec.Body)
	}
}

func TestServeSeedsSampleResourcesIntoAnEmptyDatabase(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp(t.TempDir())
	must(t, err)
	defer app.Cleanup()
	hooks.Register(app, hooks.Options{Seed: content.FS})
	hookstest.TriggerServe(t, app)
	if n, err := app.CountRecords("resources"); err != nil || n != 7 {
		t.Fatalf("%d resources after the first serve (%v), want the 7 samples", n, err)
	}
}

// TestResourceDirectoryAnswersOpenNowInEachZone: one instant, a London and a New York
// weekday service; the answer changes when the clock passes 17:00 London with no content
// change, 24/7 resources come first, filters narrow, drafts never show.
func TestResourceDirectoryAnswersOpenNowInEachZone(t *testing.T) {
	t.Parallel()
	clk := &clock{now: londonMorning}
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now})
	ketamine := topicID(t, app, "ketamine")
	createResource(t, app, map[string]any{"name": "London day service", "hours": weekdayHours, "topics": []string{ketamine}})
	createResource(t, app, map[string]any{"name": "New York day service", "country": "US", "phone": "(212) 555-0100",
		"hours": strings.Replace(weekdayHours, "Europe/London", "America/New_York", 1)})
	createResource(t, app, map[string]any{"name": "Zebra draft line", "status": "draft", "hours": `{"always":true}`, "topics": []string{ketamine}})
	lr := newLiveRouter(t, app)

	gb := getResources(t, lr, "/api/cms/resources?country=GB")
	if got := strings.Join(gb.names(), "|"); got != "Emergency services (999)|NHS 111|Samaritans|FRANK|London day service" {
		t.Fatalf("GB order: %s", got)
	}
	if gb.TotalItems != 5 || gb.Page != 1 || gb.PerPage != 20 || gb.TotalPages != 1 {
		t.Errorf("GB page: %+v", gb)
	}
	if o := gb.open("London day service"); o == nil || !*o {
		t.Error("London service closed at 10:00 London")
	}
	if o := gb.open("FRANK"); o == nil || *o {
		t.Error("FRANK, with no hours, is open now")
	}
	us := getResources(t, lr, "/api/cms/resources?country=US")
	if o := us.open("New York day service"); o == nil || *o {
		t.Error("New York service open at 05:00 New York")
	}

	// 15:00 London is 10:00 New York: both open.
	clk.Set(londonMorning.Add(5 * time.Hour))
	if o := getResources(t, lr, "/api/cms/resources?country=US").open("New York day service"); o == nil || !*o {
		t.Error("New York service closed at 10:00 New York")
	}
	// 17:00 London: the same cached URL now says closed, without any save.
	clk.Set(time.Date(2026, 1, 14, 16, 59, 30, 0, time.UTC))
	if o := getResources(t, lr, "/api/cms/resources?country=GB").open("London day service"); o == nil || !*o {
		t.Error("London service closed at 16:59")
	}
	clk.Set(time.Date(2026, 1, 14, 17, 0, 0, 0, time.UTC))
	if o := getResources(t, lr, "/api/cms/resources?country=GB").open("London day service"); o == nil || *o {
		t.Error("London service still open at 17:00 (a stale cached answer)")
	}

	clk.Set(londonMorning)
	for path, want := range map[string]string{
		"/api/cms/resources?country=GB&kind=website":                   "FRANK",
		"/api/cms/resources?country=GB&topic=ketamine":                 "FRANK|London day service",
		"/api/cms/resources?country=GB&topic=ketamine&open_now=true":   "London day service",
		"/api/cms/resources?country=GB&topic=ketamine&open_now=false":  "FRANK",
		"/api/cms/resources?country=gb&kind=helpline&open_now=true":    "Emergency services (999)|NHS 111|Samaritans",
		"/api/cms/resources?topic=no-such-topic":                       "",
		"/api/cms/resources?country=US&kind=helpline&perPage=2&page=2": "SAMHSA National Helpline",
	} {
		if got := strings.Join(getResources(t, lr, path).names(), "|"); got != want {
			t.Errorf("%s: %s, want %s", path, got, want)
		}
	}
	if all := getResources(t, lr, "/api/cms/resources?perPage=100"); all.TotalItems != 9 || strings.Contains(strings.Join(all.names(), "|"), "Zebra") {
		t.Errorf("every published resource: %d %v", all.TotalItems, all.names())
	}
	for path, code := range map[string]string{
		"/api/cms/resources?country=UK":   `"country":{"code":"country_invalid"`,
		"/api/cms/resources?kind=hotline": `"kind":{"code":"kind_invalid"`,
		"/api/cms/resources?open_now=yes": `"open_now":{"code":"open_now_invalid"`,
		"/api/cms/resources?page=0":       `"page":{"code":"page_invalid"`,
	} {
		if rec := lr.get(path); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), code) {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Body)
		}
	}
	// The record API hides the draft from guests, shows it to staff.
	if rec := lr.get("/api/collections/resources/records?perPage=100"); rec.Code != 200 || strings.Contains(rec.Body.String(), "Zebra") || !strings.Contains(rec.Body.String(), `"totalItems":9`) {
		t.Errorf("guest records list: %d %s", rec.Code, rec.Body)
	}
	if _, text := sendText(lr.mux, http.MethodGet, "/api/collections/resources/records?perPage=100", hookstest.Token(t, app, hookstest.ReviewerEmail), ""); !strings.Contains(text, "Zebra") {
		t.Errorf("staff do not see the draft: %s", text)
	}
}

func TestResourceJSONLD(t *testing.T) {
	t.Parallel()
	app := hookstest.NewWithOptions(t, hooks.Options{Now: (&clock{now: londonMorning}).Now})
	createResource(t, app, map[string]any{"name": "London day service", "hours": weekdayHours, "languages": []string{"en", "CY"}})
	lr := newLiveRouter(t, app)
	body := lr.get("/api/cms/resources?country=GB&kind=service").Body.String()
	want := `"jsonld":{"@context":"https://schema.org","@type":"Organization","contactPoint":{"@type":"ContactPoint","areaServed":"GB",` +
		`"availableLanguage":["en","cy"],"contactType":"service","hoursAvailable":[{"@type":"OpeningHoursSpecification",` +
		`"closes":"17:00","dayOfWeek":["https://schema.org/Monday","https://schema.org/Tuesday","https://schema.org/Wednesday",` +
		`"https://schema.org/Thursday","https://schema.org/Friday"],"opens":"09:00"}],"telephone":"+448001111"},"name":"London day service"}`
	if !strings.Contains(body, want) {
		t.Fatalf("JSON-LD:\n%s\nwant\n%s", body, want)
	}
	samaritans := lr.get("/api/cms/resources?country=GB&kind=helpline").Body.String()
	if !strings.Contains(samaritans, `"hoursAvailable":[{"@type":"OpeningHoursSpecification","closes":"23:59","dayOfWeek":["https://schema.org/Monday",`) ||
		!strings.Contains(samaritans, `"https://schema.org/Sunday"],"opens":"00:00"}],"telephone":"116123"`) {
		t.Errorf("24/7 JSON-LD: %s", samaritans)
	}
}

// TestInvalidResourcesAreRefusedWithFieldCodes: nothing is stored for a bad phone, country,
// hours or time zone.
func TestInvalidResourcesAreRefusedWithFieldCodes(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	h := hookstest.Router(t, app)
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	base := map[string]any{"name": "Bad line", "kind": "helpline", "country": "GB", "status": "draft", "phone": "0800 1111"}
	cases := []struct {
		field string
		value any
		code  string
	}{
		{"phone", "12345", "phone_invalid"},
		{"phone", "", "phone_required"},
		{"text_number", "not a number", "text_number_invalid"},
		{"country", "UK", "country_invalid"},
		{"country", "", "country_invalid"},
		{"hours", map[string]any{"timezone": "Europe/London", "weekly": []any{map[string]any{"days": []string{"mon"}, "open": "17:00", "close": "09:00"}}}, "hours_invalid"},
		{"hours", map[string]any{"timezone": "Europe/London", "weekly": []any{map[string]any{"days": []string{"funday"}, "open": "09:00", "close": "17:00"}}}, "hours_invalid"},
		{"hours", map[string]any{"timezone": "Europe/Atlantis", "weekly": []any{map[string]any{"days": []string{"mon"}, "open": "09:00", "close": "17:00"}}}, "timezone_invalid"},
		{"languages", []string{"English"}, "languages_invalid"},
	}
	for _, c := range cases {
		body := map[string]any{}
		for k, v := range base {
			body[k] = v
		}
		body[c.field] = c.value
		status, answer := sendJSONAs(h, http.MethodPost, "/api/collections/resources/records", editor, body)
		if status != http.StatusBadRequest || fieldCode(answer, c.field) != c.code {
			t.Errorf("%s=%v: %d %v, want %s", c.field, c.value, status, answer, c.code)
		}
	}
	if n, _ := app.CountRecords("resources", nil); n != 7 {
		t.Errorf("%d resources stored, want the 7 samples only", n)
	}
}

// TestVerificationIsServerOwned: only the verify route sets verified_at and verified_by, to
// now and the caller; editors, reviewers, guests and outsiders are answered by role.
func TestVerificationIsServerOwned(t *testing.T) {
	t.Parallel()
	clk := &clock{now: londonMorning}
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now})
	h := hookstest.Router(t, app)
	r := createResource(t, app, map[string]any{"name": "London day service", "verified_at": "2020-01-01 00:00:00.000Z", "verified_by": "forged"})
	if !r.GetDateTime("verified_at").IsZero() || r.GetString("verified_by") != "" {
		t.Fatalf("a create set the verification: %v %q", r.GetDateTime("verified_at"), r.GetString("verified_by"))
	}
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	path := "/api/cms/resources/" + r.Id + "/verify"
	for _, c := range []struct {
		email  string
		status int
	}{
		{"", 401}, {hookstest.OutsiderEmail, 403}, {hookstest.ReviewerEmail, 403}, {hookstest.EditorEmail, 200}, {hookstest.AdminEmail, 200},
	} {
		token := ""
		if c.email != "" {
			token = hookstest.Token(t, app, c.email)
		}
		if status, answer := sendJSONAs(h, http.MethodPost, path, token, nil); status != c.status {
			t.Errorf("verify as %q: %d %v, want %d", c.email, status, answer, c.status)
		}
	}
	if status, _ := sendJSONAs(h, http.MethodPost, "/api/cms/resources/nosuchresource1/verify", editor, nil); status != 404 {
		t.Errorf("verify a missing resource: %d", status)
	}
	clk.Set(londonMorning.Add(time.Hour))
	status, answer := sendJSONAs(h, http.MethodPost, path, editor, nil)
	if status != 200 || answer["verified_by"] != staffID(t, app, hookstest.EditorEmail) || answer["verified_at"] != "2026-01-14 11:00:00.000Z" {
		t.Fatalf("verify: %d %v", status, answer)
	}
	// An ordinary save keeps the stored verification, whatever it sends.
	status, answer = sendJSONAs(h, http.MethodPatch, "/api/collections/resources/records/"+r.Id, editor,
		map[string]any{"verified_at": "2099-01-01 00:00:00.000Z", "verified_by": "someoneelse", "area": "London"})
	if status != 200 || answer["verified_at"] != "2026-01-14 11:00:00.000Z" || answer["area"] != "London" ||
		answer["verified_by"] != staffID(t, app, hookstest.EditorEmail) {
		t.Fatalf("patch: %d %v", status, answer)
	}
}

// TestStaleResourcesAreFlaggedToEditors: 180 days after the last verification a resource is
// in the stale list and the daily editorial email; verifying it takes it off.
func TestStaleResourcesAreFlaggedToEditors(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Now()}
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now, Review: &review.Config{}})
	h := hookstest.Router(t, app)
	editor := hookstest.Token(t, app, hookstest.EditorEmail)
	r := createResource(t, app, map[string]any{"name": "London day service"})
	if status, _ := sendJSONAs(h, http.MethodPost, "/api/cms/resources/"+r.Id+"/verify", editor, nil); status != 200 {
		t.Fatal("verify")
	}
	status, answer := sendJSONAs(h, http.MethodGet, "/api/cms/editorial/stale-resources", editor, nil)
	if status != 200 || answer["total"] != float64(0) {
		t.Fatalf("fresh: %d %v", status, answer)
	}
	clk.Set(clk.Now().Add(181 * 24 * time.Hour))
	status, answer = sendJSONAs(h, http.MethodGet, "/api/cms/editorial/stale-resources", hookstest.Token(t, app, hookstest.ReviewerEmail), nil)
	if status != 200 || answer["total"] != float64(8) {
		t.Fatalf("after 181 days: %d %v", status, answer)
	}
	for _, c := range []struct {
		token  string
		status int
	}{{"", 401}, {hookstest.Token(t, app, hookstest.OutsiderEmail), 403}} {
		if status, _ := sendJSONAs(h, http.MethodGet, "/api/cms/editorial/stale-resources", c.token, nil); status != c.status {
			t.Errorf("stale list: %d, want %d", status, c.status)
		}
	}
	app.TestMailer.Reset()
	runCronJob(t, app, review.DigestJobID)
	msg := app.TestMailer.LastMessage()
	if app.TestMailer.TotalSend() == 0 || !strings.Contains(msg.HTML, "have not been re-verified for 180 days") ||
		!strings.Contains(msg.HTML, `/admin/#/resources/`+r.Id+`">London day service</a> (GB): last verified`) {
		t.Fatalf("digest (%d sent): %s", app.TestMailer.TotalSend(), msg.HTML)
	}
	if status, _ := sendJSONAs(h, http.MethodPost, "/api/cms/resources/"+r.Id+"/verify", editor, nil); status != 200 {
		t.Fatal("re-verify")
	}
	if _, answer = sendJSONAs(h, http.MethodGet, "/api/cms/editorial/stale-resources", editor, nil); answer["total"] != float64(7) {
		t.Errorf("after re-verifying: %v", answer)
	}
}

func runCronJob(t testing.TB, app core.App, id string) {
	t.Helper()
	for _, j := range app.Cron().Jobs() {
		if j.Id() == id {
			j.Run()
			return
		}
	}
	t.Fatalf("no cron job %s", id)
}

// TestHelpPageShowsOpenNowAndFilters: the server-rendered /help page lists the site's
// country by default, another on request, with tel: links and national numbers, says what is
// open now in each zone (and changes across an opening time, cached or not), and never
// shows a draft.
func TestHelpPageShowsOpenNowAndFilters(t *testing.T) {
	t.Parallel()
	clk := &clock{now: londonMorning}
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now})
	ketamine := topicID(t, app, "ketamine")
	createResource(t, app, map[string]any{"name": "London day service", "hours": weekdayHours, "topics": []string{ketamine}})
	createResource(t, app, map[string]any{"name": "Zebra draft line", "status": "draft", "hours": `{"always":true}`, "topics": []string{ketamine}})
	lr := newLiveRouter(t, app)
	page := func(path string) string {
		t.Helper()
		rec := lr.get(path)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
		return rec.Body.String()
	}
	gb := page("/help")
	for _, want := range []string{
		`<a href="tel:116123">116 123</a>`, `<a href="tel:999">999</a>`, `<a href="tel:&#43;448001111">0800 1111</a>`,
		`<h3>London day service</h3>`, `Service · <strong>Open now</strong>`, `<option value="GB" selected>United Kingdom</option>`,
		`<option value="US">United States</option>`, `<a href="/help" aria-current="page">Get help now</a>`,
		`<a href="https://www.talktofrank.com" rel="noopener">`,
	} {
		if !strings.Contains(gb, want) {
			t.Errorf("/help lacks %s", want)
		}
	}
	if strings.Contains(gb, "Zebra") || strings.Contains(gb, "SAMHSA") {
		t.Error("/help shows a draft or another country's resource")
	}
	clk.Set(time.Date(2026, 1, 14, 17, 0, 0, 0, time.UTC))
	if later := page("/help"); !strings.Contains(later, "Service · Closed now") {
		t.Error("/help still says the London service is open at 17:00")
	}
	us := page("/help?country=US&topic=&kind=helpline")
	if !strings.Contains(us, `<a href="tel:&#43;18006624357">(800) 662-4357</a>`) || strings.Contains(us, "<h3>Samaritans</h3>") {
		t.Error("/help?country=US shows the wrong resources")
	}
	clk.Set(londonMorning)
	if got := page("/help?topic=ketamine&kind=service&open_now=true"); !strings.Contains(got, "London day service") || strings.Contains(got, "FRANK") {
		t.Error("topic and kind filters")
	}
	for _, junk := range []string{"/help?kind=hotline", "/help?country=XX", "/help?open_now=false"} {
		if rec := lr.get(junk); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want the 404 page", junk, rec.Code)
		}
	}
}

// TestArticleHelpBlock: an article's answer and page carry up to 3 published resources of the
// site's country for its topics, 24/7 first, without open_now; drafts never.
func TestArticleHelpBlock(t *testing.T) {
	t.Parallel()
	app := hookstest.New(t)
	ketamine := topicID(t, app, "ketamine")
	createResource(t, app, map[string]any{"name": "Zebra draft line", "status": "draft", "hours": `{"always":true}`, "topics": []string{ketamine}})
	createResource(t, app, map[string]any{"name": "Aardvark day service", "hours": weekdayHours, "topics": []string{ketamine}})
	lr := newLiveRouter(t, app)
	var a struct {
		Help []map[string]any `json:"help"`
	}
	rec := lr.get("/api/cms/articles/" + hookstest.PublishedSlug)
	must(t, json.Unmarshal(rec.Body.Bytes(), &a))
	names := []string{}
	for _, r := range a.Help {
		names = append(names, r["name"].(string))
		if _, ok := r["open_now"]; !ok {
			t.Errorf("%s does not say whether it is open now", r["name"])
		}
	}
	// The ketamine article's topics: ketamine, relapse-prevention, getting-help.
	if got := strings.Join(names, "|"); got != "Emergency services (999)|NHS 111|Samaritans" {
		t.Errorf("help block: %s", got)
	}
	html := lr.get("/articles/" + hookstest.PublishedSlug).Body.String()
	if !strings.Contains(html, `<h2 id="help-now-title">Get help now</h2>`) || !strings.Contains(html, `<a href="tel:116123">116 123</a>`) ||
		strings.Contains(html, "Zebra") {
		t.Errorf("article page help block: %s", html)
	}
	// An article on therapy alone gets the resources of that topic only.
	rec = lr.get("/api/cms/articles/ketamine-addiction-therapy")
	must(t, json.Unmarshal(rec.Body.Bytes(), &a))
	names = names[:0]
	for _, r := range a.Help {
		names = append(names, r["name"].(string))
	}
	if got := strings.Join(names, "|"); got != "Aardvark day service|FRANK" {
		t.Errorf("ketamine and therapy article help block: %s", got)
	}
}

func TestArticleHelpBlockFollowsTheSiteCountry(t *testing.T) {
	t.Parallel()
	app := hookstest.NewWithOptions(t, hooks.Options{Frontend: frontend.FromEnv(func(k string) string {
		return map[string]string{"RCMS_SITE_COUNTRY": "us"}[k]
	})})
	rec := newLiveRouter(t, app).get("/api/cms/articles/" + hookstest.PublishedSlug)
	if body := rec.Body.String(); !strings.Contains(body, `"name":"988 Suicide \u0026 Crisis Lifeline"`) || strings.Contains(body, `"name":"Samaritans"`) {
		t.Errorf("US help block: %.300s", body[strings.Index(body, `"help"`):])
	}
}

// TestArticleHelpBlockSaysOpenNowAcrossAnOpening: an article's help block says whether each
// resource is open now in its own zone, and the cached article changes when a resource opens
// or closes, with no save (the cache expires at the next opening or closing).
func TestArticleHelpBlockSaysOpenNowAcrossAnOpening(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Date(2026, 12, 16, 16, 59, 0, 0, time.UTC)} // a Wednesday, 16:59 in London
	app := hookstest.NewWithOptions(t, hooks.Options{Now: clk.Now})
	createResource(t, app, map[string]any{"name": "Aardvark day service", "hours": weekdayHours,
		"topics": []string{topicID(t, app, "therapy")}})
	lr := newLiveRouter(t, app)
	openNow := func() (bool, string) {
		t.Helper()
		var a struct {
			Help []struct {
				Name    string `json:"name"`
				OpenNow *bool  `json:"open_now"`
			} `json:"help"`
		}
		must(t, json.Unmarshal(lr.get("/api/cms/articles/ketamine-addiction-therapy").Body.Bytes(), &a))
		for _, r := range a.Help {
			if r.Name == "Aardvark day service" && r.OpenNow != nil {
				page := lr.get("/articles/ketamine-addiction-therapy").Body.String()
				return *r.OpenNow, page
			}
		}
		t.Fatalf("no day service in the help block: %+v", a.Help)
		return false, ""
	}
	if open, page := openNow(); !open || !strings.Contains(page, "Aardvark day service") || !strings.Contains(page, "<strong>Open now</strong>") {
		t.Fatalf("at 16:59 London: open %v", open)
	}
	clk.Set(time.Date(2026, 12, 16, 17, 0, 0, 0, time.UTC))
	if open, page := openNow(); open || !strings.Contains(page, "Closed now") {
		t.Fatalf("at 17:00 London, with no save: open %v", open)
	}
	// New York's 9:00 the next morning is 14:00 in London: the London service is open again.
	clk.Set(time.Date(2026, 12, 17, 14, 0, 0, 0, time.UTC))
	if open, _ := openNow(); !open {
		t.Fatal("the next afternoon: closed")
	}
}
