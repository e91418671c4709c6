package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// TestLeadsSurviveSIGKILL builds the real binary, sends 500 leads from 50 concurrent clients,
// kills the server with SIGKILL partway, restarts it on the same data dir and checks that every
// lead answered with 2xx is stored exactly once. The clients then retry everything with the
// same ids, as a form would after a network error, and every lead must end up stored once.
func TestLeadsSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin := builtBinary(t)
	data := filepath.Join(dir, "pb_data")
	addr := freeAddr(t)

	server := startServer(t, bin, data, addr)
	const clients, perClient, killAfter = 50, 10, 150
	var (
		acked   sync.Map // id -> true for every 2xx
		nAcked  atomic.Int64
		killed  atomic.Bool
		wg      sync.WaitGroup
		httpCli = &http.Client{Timeout: 20 * time.Second}
	)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < perClient; i++ {
				n := c*perClient + i
				if postLead(httpCli, addr, n) {
					acked.Store(leadID(n), true)
					if nAcked.Add(1) == killAfter && killed.CompareAndSwap(false, true) {
						_ = server.Process.Signal(syscall.SIGKILL)
					}
				}
			}
		}(c)
	}
	wg.Wait()
	_ = server.Wait()
	if !killed.Load() {
		t.Fatalf("the server was never killed (%d acknowledged)", nAcked.Load())
	}

	server = startServer(t, bin, data, addr)
	stored := storedLeads(t, data)
	var ackedCount int
	acked.Range(func(k, _ any) bool {
		ackedCount++
		if stored[k.(string)] != 1 {
			t.Errorf("acknowledged lead %s stored %d times", k, stored[k.(string)])
		}
		return true
	})
	for phone, n := range storedPhones(t, data) {
		if n != 1 {
			t.Errorf("phone %s stored %d times", phone, n)
		}
	}
	t.Logf("%d of %d leads acknowledged before SIGKILL, %d stored", ackedCount, clients*perClient, len(stored))

	// Retry everything with the same ids: nothing may be duplicated, nothing lost.
	for n := 0; n < clients*perClient; n++ {
		if !postLead(httpCli, addr, n) {
			t.Fatalf("retry of lead %d failed", n)
		}
	}
	_ = server.Process.Signal(syscall.SIGKILL)
	_ = server.Wait()
	stored = storedLeads(t, data)
	if len(stored) != clients*perClient {
		t.Fatalf("%d leads stored after retries, want %d", len(stored), clients*perClient)
	}
	for phone, n := range storedPhones(t, data) {
		if n != 1 {
			t.Errorf("phone %s stored %d times after retries", phone, n)
		}
	}
}

func leadID(n int) string { return fmt.Sprintf("crashlead%06d", n) }

// postLead submits lead n (its own id and phone number) and reports a 2xx answer.
func postLead(c *http.Client, addr string, n int) bool {
	body, _ := json.Marshal(map[string]any{
		"id": leadID(n), "name": fmt.Sprintf("Person %d", n), "phone": fmt.Sprintf("+4474001%05d", n),
		"consent": true, "consent_text": "I agree to be called back.", "preferred_time": "anytime",
	})
	res, err := c.Post("http://"+addr+"/api/collections/callback_leads/records", "application/json", bytes.NewReader(body))
	if err != nil {
		return false
	}
	defer res.Body.Close()
	return res.StatusCode >= 200 && res.StatusCode < 300
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServer runs `serve` with the rate limit off and webhooks to this machine allowed, and
// waits until it answers.
func startServer(t *testing.T, bin, data, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--http="+addr, "--dir="+data)
	// The crash tests publish generated articles that no clinician signed off.
	cmd.Env = append(os.Environ(), "RCMS_LEAD_RATE_LIMIT=0", "RCMS_WEBHOOK_BLOCK_PRIVATE=false", "RCMS_REQUIRE_CLINICAL_REVIEW=false")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/api/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return cmd
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func queryCounts(t *testing.T, data, query string) map[string]int {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(data, "data.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	return out
}

func storedLeads(t *testing.T, data string) map[string]int {
	return queryCounts(t, data, "SELECT id, COUNT(*) FROM callback_leads GROUP BY id")
}

func storedPhones(t *testing.T, data string) map[string]int {
	// The phone is sealed at rest; its blind index is the same for the same number.
	return queryCounts(t, data, "SELECT phone_index, COUNT(*) FROM callback_leads GROUP BY phone_index")
}
