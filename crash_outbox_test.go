package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestOutboxSurvivesSIGKILL saves articles (each client walks its own article through
// published and draft states, one version at a time) and submits leads concurrently,
// kills the server with SIGKILL partway, restarts it and checks the database: every
// article's committed history has its webhook deliveries queued exactly once per active
// webhook (and sent after the restart), every committed article state has its revision, and
// every committed lead has one notification job.
func TestOutboxSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin := builtBinary(t)
	data := filepath.Join(dir, "pb_data")
	const email, password = "root@example.org", "crash-test-password"
	if out, err := exec.Command(bin, "superuser", "upsert", email, password, "--dir="+data).CombinedOutput(); err != nil {
		t.Fatalf("superuser upsert: %v\n%s", err, out)
	}
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer receiver.Close()

	addr := freeAddr(t)
	server := startServer(t, bin, data, addr)
	cli := &http.Client{Timeout: 20 * time.Second}
	token := superuserToken(t, cli, addr, email, password)
	api := func(method, path string, body any) (map[string]any, bool) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, "http://"+addr+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", token)
		res, err := cli.Do(req)
		if err != nil {
			return nil, false
		}
		defer res.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(res.Body).Decode(&out)
		return out, res.StatusCode >= 200 && res.StatusCode < 300
	}
	allEvents := []string{"article.published", "article.updated", "article.unpublished", "article.deleted"}
	var active []string
	for i, on := range []bool{true, true, false} {
		hook, ok := api(http.MethodPost, "/api/collections/webhooks/records", map[string]any{
			"url": fmt.Sprintf("%s/hook%d", receiver.URL, i), "events": allEvents, "active": on,
		})
		if !ok {
			t.Fatalf("creating webhook: %v", hook)
		}
		if on {
			active = append(active, hook["id"].(string))
		}
	}
	authors, ok := api(http.MethodGet, "/api/collections/authors/records?perPage=1", nil)
	if !ok || len(authors["items"].([]any)) == 0 {
		t.Fatalf("no author: %v", authors)
	}
	author := authors["items"].([]any)[0].(map[string]any)["id"].(string)

	const writers, leadClients, killAfter = 12, 4, 150
	var (
		saves  atomic.Int64
		killed atomic.Bool
		wg     sync.WaitGroup
	)
	kill := func() {
		if killed.CompareAndSwap(false, true) {
			_ = server.Process.Signal(syscall.SIGKILL)
		}
	}
	for c := 0; c < writers; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rec, ok := api(http.MethodPost, "/api/collections/articles/records", articleVersion(c, 0, author))
			if !ok {
				return
			}
			id := rec["id"].(string)
			for v := 1; !killed.Load(); v++ {
				if _, ok := api(http.MethodPatch, "/api/collections/articles/records/"+id, articleVersion(c, v, "")); !ok {
					return
				}
				if saves.Add(1) == killAfter {
					kill()
				}
			}
		}(c)
	}
	for c := 0; c < leadClients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; !killed.Load(); i++ {
				if !postLead(cli, addr, 50000+c*1000+i) {
					return
				}
			}
		}(c)
	}
	wg.Wait()
	_ = server.Wait()
	if !killed.Load() {
		t.Fatalf("the server was never killed (%d saves)", saves.Load())
	}

	server = startServer(t, bin, data, addr)
	deadline := time.Now().Add(15 * time.Second)
	for pendingDeliveries(t, data) > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	_ = server.Process.Signal(syscall.SIGKILL)
	_ = server.Wait()

	checkArticleOutbox(t, data, active)
	checkLeadJobs(t, data)
	if n := pendingDeliveries(t, data); n > 0 {
		t.Errorf("%d deliveries still pending 15 s after the restart", n)
	}
}

// articleVersion is version v of client c's article: its title and body name the version,
// and every third version is a draft, so the history holds publish, update and unpublish.
func articleVersion(c, v int, author string) map[string]any {
	body := map[string]any{
		"title":  fmt.Sprintf("Crash article %d version %d", c, v),
		"body":   fmt.Sprintf("Crash article %d, version %d.", c, v),
		"status": versionStatus(v),
	}
	if author != "" {
		body["author"] = author
	}
	return body
}

func versionStatus(v int) string {
	if v%3 == 2 {
		return "draft"
	}
	return "published"
}

// expectedEvents are the webhook events of versions 0..last of an article.
func expectedEvents(last int) map[string]int {
	want := map[string]int{"article.published": 1}
	for v := 1; v <= last; v++ {
		was, is := versionStatus(v-1) == "published", versionStatus(v) == "published"
		switch {
		case was && is:
			want["article.updated"]++
		case was:
			want["article.unpublished"]++
		case is:
			want["article.published"]++
		}
	}
	return want
}

// checkArticleOutbox compares every crash article's stored version with its revisions and
// its first-attempt deliveries (retries are new rows with a higher attempt).
func checkArticleOutbox(t *testing.T, data string, active []string) {
	t.Helper()
	versions := queryCounts(t, data, `SELECT id, CAST(substr(title, instr(title, 'version ') + 8) AS INTEGER)
		FROM articles WHERE title LIKE 'Crash article %'`)
	revisions := queryCounts(t, data, `SELECT article, COUNT(*) FROM article_revisions GROUP BY article`)
	current := queryCounts(t, data, `SELECT a.id, COUNT(*) FROM articles a WHERE EXISTS (
		SELECT 1 FROM article_revisions r WHERE r.article = a.id AND r.title = a.title AND r.body = a.body AND r.status = a.status
		AND r.rowid = (SELECT MAX(rowid) FROM article_revisions WHERE article = a.id)) GROUP BY a.id`)
	delivered := queryCounts(t, data, `SELECT article || ' ' || webhook || ' ' || event, COUNT(*)
		FROM webhook_deliveries WHERE attempt = 1 GROUP BY article, webhook, event`)
	isActive := map[string]bool{}
	for _, h := range active {
		isActive[h] = true
	}

	var states, missingEvents, duplicateEvents, wantEvents, noRevision, wrongRevisions int
	for id, last := range versions {
		states += last + 1
		if current[id] != 1 {
			noRevision++
		}
		if revisions[id] != last+1 {
			wrongRevisions++
		}
		for _, h := range active {
			for event, n := range expectedEvents(last) {
				got := delivered[id+" "+h+" "+event]
				wantEvents += n
				if got < n {
					missingEvents += n - got
				} else if got > n {
					duplicateEvents += got - n
				}
			}
		}
	}
	var stray int
	for key, n := range delivered {
		parts := strings.Fields(key)
		if _, ok := versions[parts[0]]; ok && !isActive[parts[1]] {
			stray += n
		}
	}
	t.Logf("%d articles, %d committed states; %d of %d deliveries missing, %d duplicated, %d to inactive webhooks; "+
		"%d articles without a revision of their current state, %d with a revision count not one per state",
		len(versions), states, missingEvents, wantEvents, duplicateEvents, stray, noRevision, wrongRevisions)
	if len(versions) == 0 {
		t.Fatal("no article was saved")
	}
	if missingEvents+duplicateEvents+stray+noRevision+wrongRevisions > 0 {
		t.Error("the committed article changes and their revisions and deliveries disagree")
	}
}

// checkLeadJobs checks that every stored lead has exactly one notification job.
func checkLeadJobs(t *testing.T, data string) {
	t.Helper()
	jobs := queryCounts(t, data, `SELECT l.id, (SELECT COUNT(*) FROM lead_notifications n WHERE n.lead = l.id) FROM callback_leads l`)
	var bad int
	for id, n := range jobs {
		if n != 1 {
			bad++
			if bad <= 5 {
				t.Errorf("lead %s has %d notification jobs, want 1", id, n)
			}
		}
	}
	t.Logf("%d leads stored, %d without exactly one notification job", len(jobs), bad)
	if len(jobs) == 0 {
		t.Error("no lead was stored")
	}
}

func pendingDeliveries(t *testing.T, data string) int {
	return queryCounts(t, data, `SELECT 'pending', COUNT(*) FROM webhook_deliveries WHERE state = 'pending'`)["pending"]
}

// superuserToken signs the superuser in through the API and returns the token.
func superuserToken(t *testing.T, cli *http.Client, addr, email, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"identity": email, "password": password})
	res, err := cli.Post("http://"+addr+"/api/collections/_superusers/auth-with-password", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || out.Token == "" {
		t.Fatalf("superuser sign-in: %d %v", res.StatusCode, err)
	}
	return out.Token
}
