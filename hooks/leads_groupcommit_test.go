package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/leads"
)

// Public submissions that arrive while a commit is running share the next transaction (group
// commit). Inside it, two submissions for one phone still make one lead and one repeat, and a
// submission refused at commit time is answered with its own error while the others commit.
func TestLeadsSubmittedTogetherCommitTogether(t *testing.T) {
	t.Parallel()
	cfg := leads.DefaultConfig()
	cfg.RateLimit = 0
	app := hookstest.NewWithOptions(t, hooks.Options{Leads: &cfg})
	mux := hookstest.Router(t, app)

	// The first submission holds its transaction open until every other one is queued.
	inFirst, release := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	txOf := map[string]core.App{} // name -> the transaction its lead or repeat was written in
	app.OnRecordCreateExecute(leads.LeadsCollection).BindFunc(func(e *core.RecordEvent) error {
		name := e.Record.GetString("name")
		mu.Lock()
		txOf[name] = e.App
		mu.Unlock()
		switch name {
		case "Holder":
			close(inFirst)
			<-release
		case "Refused":
			return validation.Errors{"name": validation.NewError("name_refused", "Refused at commit.")}
		}
		return e.Next()
	})
	app.OnRecordCreateExecute(leads.RepeatsCollection).BindFunc(func(e *core.RecordEvent) error {
		mu.Lock()
		txOf["repeat "+e.Record.GetString("name")] = e.App
		mu.Unlock()
		return e.Next()
	})

	type answer struct {
		code int
		body string
	}
	post := func(name, phone string, out *answer, wg *sync.WaitGroup) {
		defer wg.Done()
		rec := send(mux, http.MethodPost, leadsURL, "", mustJSON(t, validLead(map[string]any{"name": name, "phone": phone})))
		*out = answer{rec.Code, rec.Body.String()}
	}
	var wg sync.WaitGroup
	var holder answer
	wg.Add(1)
	go post("Holder", "+447400111000", &holder, &wg)
	<-inFirst

	queued := []struct{ name, phone string }{
		{"First", "+447400111001"},
		{"Second", "+447400111001"}, // the same phone as First, in the same transaction
		{"Refused", "+447400111002"},
		{"Last", "+447400111003"},
	}
	answers := make([]answer, len(queued))
	for i, q := range queued {
		wg.Add(1)
		go post(q.name, q.phone, &answers[i], &wg)
		waitForWaiting(t, app, i+1)
	}
	close(release)
	wg.Wait()

	if holder.code != 200 {
		t.Fatalf("holder: %d %s", holder.code, holder.body)
	}
	for i, q := range queued {
		a := answers[i]
		if q.name == "Refused" {
			if a.code != 400 || !strings.Contains(a.body, `"name":{"code":"name_refused"`) {
				t.Errorf("refused submission: %d %s", a.code, a.body)
			}
			continue
		}
		if a.code != 200 {
			t.Errorf("%s: %d %s", q.name, a.code, a.body)
			continue
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(a.body), &got); err != nil || got["id"] == "" || got["phone"] != nil || got["name"] != nil {
			t.Errorf("%s: the answer is not the public receipt: %s", q.name, a.body)
		}
	}
	if txOf["First"] == nil || txOf["First"] != txOf["repeat Second"] || txOf["First"] != txOf["Last"] || txOf["First"] != txOf["Refused"] {
		t.Fatal("the queued submissions did not share one transaction")
	}

	leadsOf := func(phone string) []*core.Record {
		rs, err := app.FindAllRecords(leads.LeadsCollection, leads.PhoneMatch(phone))
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	same := leadsOf("+447400111001")
	if len(same) != 1 || same[0].GetString("name") != "First" {
		t.Fatalf("leads for the shared phone: %v, want First's alone", same)
	}
	// Names are sealed at rest: read the repeats and compare in plain text.
	repeats, err := app.FindAllRecords(leads.RepeatsCollection, dbx.HashExp{"lead": same[0].Id})
	if err != nil {
		t.Fatal(err)
	}
	if len(repeats) != 1 || repeats[0].GetString("name") != "Second" {
		t.Errorf("repeats of First: %d, want 1 by Second", len(repeats))
	}
	if rs := leadsOf("+447400111002"); len(rs) != 0 {
		t.Errorf("the refused submission was stored: %v", rs)
	}
	for _, phone := range []string{"+447400111000", "+447400111003"} {
		rs := leadsOf(phone)
		if len(rs) != 1 {
			t.Fatalf("leads for %s: %d, want 1", phone, len(rs))
		}
		var jobs int
		if err := app.DB().NewQuery("SELECT COUNT(*) FROM lead_notifications WHERE lead = {:lead}").
			Bind(dbx.Params{"lead": rs[0].Id}).Row(&jobs); err != nil || jobs != 1 {
			t.Errorf("notification jobs of %s: %d (%v), want 1", phone, jobs, err)
		}
	}
	var orphans int
	if err := app.DB().NewQuery("SELECT COUNT(*) FROM lead_notifications WHERE lead NOT IN (SELECT id FROM callback_leads)").Row(&orphans); err != nil || orphans != 0 {
		t.Errorf("notification jobs without a lead: %d (%v)", orphans, err)
	}
}

// waitForWaiting waits until n lead submissions of app wait for the next transaction.
func waitForWaiting(t *testing.T, app core.App, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for hooks.LeadSubmissionsWaiting(app) != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d lead submissions waiting, want %d", hooks.LeadSubmissionsWaiting(app), n)
		}
		time.Sleep(time.Millisecond)
	}
}
