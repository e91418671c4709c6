package contentapi

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/helpdir"
)

// resourceItem is the public shape of a published help resource.
type resourceItem struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	// Phone is E.164, or the digits of a short number such as 999; PhoneDisplay is the
	// national format.
	Phone        string         `json:"phone"`
	PhoneDisplay string         `json:"phone_display"`
	TextNumber   string         `json:"text_number"`
	URL          string         `json:"url"`
	Country      string         `json:"country"`
	Area         string         `json:"area"`
	Hours        *helpdir.Hours `json:"hours"`
	AlwaysOpen   bool           `json:"always_open"`
	// OpenNow is whether it is open at the time the answer was built: the directory's
	// answers are cached by the minute, an article's help block until the next opening or
	// closing of a published resource (the cache's NextChange).
	OpenNow    *bool          `json:"open_now,omitempty"`
	Languages  []string       `json:"languages"`
	Cost       string         `json:"cost"`
	Topics     []topicRef     `json:"topics"`
	VerifiedAt string         `json:"verified_at"`
	JSONLD     map[string]any `json:"jsonld"`
}

// resourcePage is one page of the help directory.
type resourcePage struct {
	Page       int            `json:"page"`
	PerPage    int            `json:"perPage"`
	TotalItems int            `json:"totalItems"`
	TotalPages int            `json:"totalPages"`
	Items      []resourceItem `json:"items"`
}

// resourceFilter narrows the published resources: by country, kind, any of topicIDs, and
// (when openNow is set) whether they are open at the build's minute.
type resourceFilter struct {
	country  string
	kind     string
	topicIDs []string
	openNow  *bool
}

// resourceParams are the query parameters of GET /api/cms/resources.
var resourceParams = []string{"country", "topic", "kind", "open_now", "page", "perPage"}

// minuteKey is the minute of at, for the cache keys of answers that say what is open now: an
// answer is cached for the minute it was built in, as opening times are whole minutes.
func minuteKey(at time.Time) string { return at.UTC().Format("2006-01-02T15:04") }

// listResources answers GET /api/cms/resources?country=&topic=&kind=&open_now=&page=&perPage=:
// published resources, 24/7 ones first, then by name, each saying whether it is open now in
// its own time zone. An unknown topic gives an empty page.
func (api *API) listResources(e *core.RequestEvent) (string, []byte, error) {
	page, perPage, err := pageParams(e)
	if err != nil {
		return "", nil, err
	}
	f, found, err := resourceQuery(e)
	if err != nil {
		return "", nil, err
	}
	result := resourcePage{Page: page, PerPage: perPage, Items: []resourceItem{}}
	if found {
		now := api.now()
		items, err := api.publishedResources(e.App, f, &now, 0)
		if err != nil {
			return "", nil, err
		}
		result.TotalItems = len(items)
		result.TotalPages = (len(items) + perPage - 1) / perPage
		if start := (page - 1) * perPage; start < len(items) {
			result.Items = items[start:min(start+perPage, len(items))]
		}
	}
	return jsonBody(result)
}

// resourceQuery reads the directory's filters (shared by the API and the help page); found
// is false for an unknown topic slug. Bad values are field errors.
func resourceQuery(e *core.RequestEvent) (f resourceFilter, found bool, err error) {
	q := e.Request.URL.Query()
	errs := validation.Errors{}
	if c := strings.ToUpper(strings.TrimSpace(q.Get("country"))); c != "" {
		if !helpdir.ValidCountry(c) {
			errs["country"] = validation.NewError("country_invalid", "Use a two-letter ISO 3166-1 country code, such as GB.")
		}
		f.country = c
	}
	if k := q.Get("kind"); k != "" {
		if !slices.Contains(helpdir.Kinds, k) {
			errs["kind"] = validation.NewError("kind_invalid", "Use helpline, text_line, service, support_group or website.")
		}
		f.kind = k
	}
	switch q.Get("open_now") {
	case "":
	case "true", "false":
		open := q.Get("open_now") == "true"
		f.openNow = &open
	default:
		errs["open_now"] = validation.NewError("open_now_invalid", "Use true or false.")
	}
	if len(errs) > 0 {
		return f, false, e.BadRequestError("Invalid help directory filters.", errs)
	}
	found = true
	if s := q.Get("topic"); s != "" {
		var id string
		if id, found, err = idBySlug(e.App, "topics", s); err != nil {
			return f, false, err
		}
		f.topicIDs = []string{id}
	}
	return f, found, nil
}

// publishedResources returns the published resources matching f, 24/7 ones first, then by
// name; at, when set, is the instant open_now is computed for (and f.openNow filters on);
// limit > 0 keeps the first limit.
func (api *API) publishedResources(app core.App, f resourceFilter, at *time.Time, limit int) ([]resourceItem, error) {
	exps := []dbx.Expression{helpdir.PublishedExp()}
	if f.country != "" {
		exps = append(exps, dbx.HashExp{"country": f.country})
	}
	if f.kind != "" {
		exps = append(exps, dbx.HashExp{"kind": f.kind})
	}
	if len(f.topicIDs) > 0 {
		params := dbx.Params{}
		holders := make([]string, len(f.topicIDs))
		for i, id := range f.topicIDs {
			key := fmt.Sprintf("t%d", i)
			params[key], holders[i] = id, "{:"+key+"}"
		}
		exps = append(exps, dbx.NewExp("EXISTS (SELECT 1 FROM json_each(resources.topics) jt WHERE jt.value IN ("+
			strings.Join(holders, ",")+"))", params))
	}
	var records []*core.Record
	if err := app.RecordQuery(helpdir.Collection).Where(dbx.And(exps...)).All(&records); err != nil {
		return nil, err
	}
	items, err := api.resourceItems(app, records, at)
	if err != nil {
		return nil, err
	}
	if f.openNow != nil {
		items = slices.DeleteFunc(items, func(it resourceItem) bool { return *it.OpenNow != *f.openNow })
	}
	slices.SortStableFunc(items, func(a, b resourceItem) int {
		if a.AlwaysOpen != b.AlwaysOpen {
			if a.AlwaysOpen {
				return -1
			}
			return 1
		}
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	if limit > 0 && len(items) > limit {
		items = items[:limit]
	}
	return items, nil
}

// resourceItems turns records into the public shape, loading their topics in one query.
func (api *API) resourceItems(app core.App, records []*core.Record, at *time.Time) ([]resourceItem, error) {
	var topicIDs []string
	for _, r := range records {
		topicIDs = append(topicIDs, r.GetStringSlice("topics")...)
	}
	topics, err := recordsByID(app, "topics", topicIDs)
	if err != nil {
		return nil, err
	}
	urls := api.urls(app)
	items := make([]resourceItem, 0, len(records))
	for _, r := range records {
		hours := helpdir.StoredHours(r)
		item := resourceItem{
			ID: r.Id, Name: r.GetString("name"), Kind: r.GetString("kind"), Description: r.GetString("description"),
			Phone: r.GetString("phone"), PhoneDisplay: helpdir.DisplayPhone(r.GetString("phone")),
			TextNumber: r.GetString("text_number"), URL: r.GetString("url"), Country: r.GetString("country"),
			Area: r.GetString("area"), Hours: hours, AlwaysOpen: hours.IsAlways(), Languages: helpdir.Languages(r),
			Cost: r.GetString("cost"), Topics: topicRefs(urls, topics, r.GetStringSlice("topics")), VerifiedAt: apiTime(r.GetDateTime("verified_at")),
			JSONLD: helpdir.JSONLD(r),
		}
		if at != nil {
			open := hours.OpenAt(*at)
			item.OpenNow = &open
		}
		items = append(items, item)
	}
	return items, nil
}

// articleHelp is an article's "Get help now" block: up to 3 published resources of the
// site's country sharing a topic with r, 24/7 ones first, without open_now.
func (api *API) articleHelp(app core.App, r *core.Record) ([]resourceItem, error) {
	topics := r.GetStringSlice("topics")
	if len(topics) == 0 {
		return []resourceItem{}, nil
	}
	now := api.now()
	return api.publishedResources(app, resourceFilter{country: api.frontend.Country(), topicIDs: topics}, &now, 3)
}

// helpDirectory is what the /help page shows: the filters chosen (country defaults to the
// site's), the choices of each filter and the matching resources with open_now.
type helpDirectory struct {
	Country   string         `json:"country"`
	Topic     string         `json:"topic"`
	Kind      string         `json:"kind"`
	OpenNow   bool           `json:"open_now"`
	Countries []countryRef   `json:"countries"`
	Topics    []topicRef     `json:"topics"`
	Kinds     []string       `json:"kinds"`
	Items     []resourceItem `json:"items"`
}

// countryRef is a country a visitor may choose on the help page.
type countryRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// helpParams are the query parameters of the /help page (its GET form's fields).
var helpParams = []string{"country", "topic", "kind", "open_now"}

// helpPage builds the /help page: the published resources of the chosen country (the site's
// unless the visitor picks another; never guessed from the address), topic and kind, each
// saying whether it is open now in its own zone. A filter value no form offers is no page.
func (api *API) helpPage(pr PageRenderer) builder {
	return func(e *core.RequestEvent) (string, []byte, error) {
		f, found, err := resourceQuery(e)
		if err != nil {
			return "", nil, errNoPage
		}
		if f.country == "" {
			f.country = api.frontend.Country()
		}
		d := helpDirectory{Country: f.country, Topic: e.Request.URL.Query().Get("topic"), Kind: f.kind,
			OpenNow: f.openNow != nil && *f.openNow, Kinds: helpdir.Kinds, Items: []resourceItem{}}
		if f.openNow != nil && !*f.openNow {
			return "", nil, errNoPage // the form's checkbox sends true or nothing
		}
		if found {
			now := api.now()
			if d.Items, err = api.publishedResources(e.App, f, &now, 0); err != nil {
				return "", nil, err
			}
		}
		if d.Countries, err = resourceCountries(e.App, f.country); err != nil {
			return "", nil, err
		}
		if err := e.App.DB().Select("name", "slug").From("topics").OrderBy("name ASC").All(&d.Topics); err != nil {
			return "", nil, err
		}
		_, body, err := jsonBody(d)
		if err != nil {
			return "", nil, err
		}
		return htmlPage(pr.Help(e, body))
	}
}

// resourceCountries are the countries with published resources, and current, by name.
func resourceCountries(app core.App, current string) ([]countryRef, error) {
	var codes []string
	err := app.DB().Select("country").Distinct(true).From(helpdir.Collection).
		Where(helpdir.PublishedExp()).OrderBy("country").Column(&codes)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(codes, current) {
		codes = append(codes, current)
	}
	out := make([]countryRef, len(codes))
	for i, c := range codes {
		out[i] = countryRef{Code: c, Name: helpdir.CountryName(c)}
	}
	slices.SortFunc(out, func(a, b countryRef) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}
