package linkcheck

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/internal/publishing"
)

// ErrRunning is returned by Run while another check is under way.
var ErrRunning = errors.New("a link check is already running")

// Service runs link checks; one at a time per Service.
type Service struct {
	cfg     Config
	now     func() time.Time
	checker *checker
	running sync.Mutex
}

// New returns a Service with cfg (zero fields mean the defaults) and now as its clock, the
// one that says which articles are published.
func New(cfg Config, now func() time.Time) *Service {
	cfg = cfg.withDefaults()
	if now == nil {
		now = time.Now
	}
	return &Service{cfg: cfg, now: now, checker: newChecker(cfg)}
}

// Summary counts what a run did.
type Summary struct {
	// Articles is how many published articles were read.
	Articles int `json:"articles"`
	// Links is how many (article, link) results are stored.
	Links int `json:"links"`
	// Checked is how many distinct links were checked (one check however many articles hold it).
	Checked int `json:"checked"`
	// Broken is how many stored results are broken.
	Broken int `json:"broken"`
	// Removed is how many results of links no longer published were deleted.
	Removed int `json:"removed"`
}

// articleLinks is a published article and its checkable links.
type articleLinks struct {
	ID    string
	Links []Link
}

// Run checks every link of every article published now and stores the results: a row per
// article and link, failing_since kept while a link keeps failing; rows of links and
// articles no longer published are removed. The network is used before, never inside, the
// one write transaction. A cancelled ctx stores nothing.
func (s *Service) Run(ctx context.Context, app core.App) (Summary, error) {
	if !s.running.TryLock() {
		return Summary{}, ErrRunning
	}
	defer s.running.Unlock()
	now := s.now()
	articles, err := s.published(app, now)
	if err != nil {
		return Summary{}, err
	}
	results := s.checkAll(ctx, articles)
	if err := ctx.Err(); err != nil {
		return Summary{}, err
	}
	sum := Summary{Articles: len(articles), Checked: len(results)}
	err = app.RunInTransaction(func(tx core.App) error {
		return store(tx, articles, results, now, &sum)
	})
	return sum, err
}

// published reads the links of every article public at now.
func (s *Service) published(app core.App, now time.Time) ([]articleLinks, error) {
	var rows []struct {
		ID       string `db:"id"`
		BodyHTML string `db:"body_html"`
	}
	err := app.DB().Select("articles.id", "articles.body_html").From(publishing.Articles).
		Where(publishing.PublicExp(now)).OrderBy("articles.id").All(&rows)
	if err != nil {
		return nil, err
	}
	site := SiteHosts(append([]string{app.Settings().Meta.AppURL}, s.cfg.SiteURLs...)...)
	articles := make([]articleLinks, len(rows))
	for i, r := range rows {
		articles[i] = articleLinks{ID: r.ID, Links: Links(r.BodyHTML, site)}
	}
	return articles, nil
}

// checkAll checks each distinct link once, Concurrency at a time, in an order that takes
// hosts in turn so one busy host does not hold every worker waiting for its pace.
func (s *Service) checkAll(ctx context.Context, articles []articleLinks) map[string]Result {
	var todo []Link
	seen := map[string]bool{}
	for _, a := range articles {
		for _, l := range a.Links {
			if !seen[l.URL] {
				seen[l.URL] = true
				todo = append(todo, l)
			}
		}
	}
	jobs := make(chan Link)
	results := make(map[string]Result, len(todo))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(s.cfg.Concurrency, len(todo)) {
		wg.Go(func() {
			for l := range jobs {
				r := s.checker.check(ctx, l)
				mu.Lock()
				results[l.URL] = r
				mu.Unlock()
			}
		})
	}
	for _, l := range interleaveHosts(todo) {
		jobs <- l
	}
	close(jobs)
	wg.Wait()
	return results
}

// interleaveHosts orders links round-robin by host, keeping each host's own order.
func interleaveHosts(links []Link) []Link {
	var hosts []string
	byHost := map[string][]Link{}
	for _, l := range links {
		h := hostKey(l)
		if _, ok := byHost[h]; !ok {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], l)
	}
	out := make([]Link, 0, len(links))
	for len(out) < len(links) {
		for _, h := range hosts {
			if q := byHost[h]; len(q) > 0 {
				out = append(out, q[0])
				byHost[h] = q[1:]
			}
		}
	}
	return out
}

// hostKey is the host a link's first request goes to ("" for tel: links).
func hostKey(l Link) string {
	if l.Tel {
		return ""
	}
	rest := l.URL[strings.Index(l.URL, "//")+2:]
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	return strings.ToLower(rest)
}

// store writes the results of a run in tx and removes the rows it did not see.
func store(tx core.App, articles []articleLinks, results map[string]Result, now time.Time, sum *Summary) error {
	col, err := tx.FindCollectionByNameOrId(Collection)
	if err != nil {
		return err
	}
	existing, err := tx.FindAllRecords(Collection)
	if err != nil {
		return err
	}
	rows := make(map[[2]string]*core.Record, len(existing))
	for _, r := range existing {
		rows[[2]string{r.GetString("article"), r.GetString("url")}] = r
	}
	for _, a := range articles {
		for _, l := range a.Links {
			key := [2]string{a.ID, l.URL}
			rec := rows[key]
			delete(rows, key)
			if rec == nil {
				rec = core.NewRecord(col)
				rec.Set("article", a.ID)
				rec.Set("url", l.URL)
			}
			apply(rec, results[l.URL], now)
			if err := tx.Save(rec); err != nil {
				return err
			}
			sum.Links++
			if !rec.GetBool("ok") {
				sum.Broken++
			}
		}
	}
	for _, rec := range rows {
		if err := tx.Delete(rec); err != nil {
			return err
		}
		sum.Removed++
	}
	return nil
}

// apply sets a row from a result: failing_since is set when a link first fails, kept while
// it keeps failing and cleared once it works.
func apply(rec *core.Record, r Result, now time.Time) {
	rec.Set("status", r.Status)
	rec.Set("ok", r.OK)
	rec.Set("error", r.Error)
	rec.Set("checked_at", now.UTC())
	switch {
	case r.OK:
		rec.Set("failing_since", "")
	case rec.GetDateTime("failing_since").IsZero():
		rec.Set("failing_since", now.UTC())
	}
}

// DeleteFor removes an article's results, in the article delete's transaction.
func DeleteFor(app core.App, articleID string) error {
	_, err := app.DB().Delete(Collection, dbx.HashExp{"article": articleID}).Execute()
	return err
}
