package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// litestreamPath finds the litestream binary (PATH, then GOPATH/bin); without one the test
// skips on a developer's machine and fails under CI=true (.ci/run installs it).
func litestreamPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("litestream"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(string(out[:len(out)-1]), "bin", "litestream")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "litestream is not installed: go install github.com/benbjohnson/litestream/cmd/litestream@v0.5.18"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// TestReplicaHasEveryAcknowledgedLead replicates data.db with Litestream to a file replica
// while leads arrive (and another process forces a WAL checkpoint, as PocketBase's nightly
// job does), loses the machine (server and Litestream killed with SIGKILL, the data dir
// deleted), restores the replica and finds every lead acknowledged more than one sync
// interval before the loss.
func TestReplicaHasEveryAcknowledgedLead(t *testing.T) {
	t.Parallel()
	litestream := litestreamPath(t)
	bin := builtBinary(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "pb_data")
	replica := filepath.Join(dir, "replica")
	addr := freeAddr(t)
	server := startServer(t, bin, data, addr)

	config := filepath.Join(dir, "litestream.yml")
	yml := fmt.Sprintf("dbs:\n  - path: %s\n    busy-timeout: 10s\n    replica:\n      url: file://%s\n      sync-interval: 200ms\n",
		filepath.Join(data, "data.db"), replica)
	if err := os.WriteFile(config, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	repl := exec.Command(litestream, "replicate", "-config", config)
	repl.Stdout, repl.Stderr = os.Stderr, os.Stderr
	if err := repl.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = repl.Process.Kill(); _, _ = repl.Process.Wait() })
	waitForReplica(t, replica)

	const clients, perClient = 4, 50
	var (
		acked  sync.Map
		nAcked atomic.Int64
		wg     sync.WaitGroup
		cli    = &http.Client{Timeout: 20 * time.Second}
	)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < perClient; i++ {
				n := c*perClient + i
				if postLead(cli, addr, n) {
					acked.Store(leadID(n), true)
					nAcked.Add(1)
				}
				if n == clients*perClient/2 {
					checkpointFromAnotherProcess(t, filepath.Join(data, "data.db"))
				}
				// Leads come in bursts, not as one saturating stream: Litestream's sync
				// needs a moment without a writer (see README, recovery point).
				time.Sleep(100 * time.Millisecond)
			}
		}(c)
	}
	wg.Wait()
	if nAcked.Load() == 0 {
		t.Fatal("no lead was acknowledged")
	}
	// The recovery point: a sync interval plus Litestream's monitor interval (1 s).
	time.Sleep(2 * time.Second)
	_ = server.Process.Signal(syscall.SIGKILL)
	_ = repl.Process.Signal(syscall.SIGKILL)
	_, _ = server.Process.Wait()
	_, _ = repl.Process.Wait()
	if err := os.RemoveAll(data); err != nil {
		t.Fatal(err)
	}

	restored := filepath.Join(dir, "restored")
	if err := os.MkdirAll(restored, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(litestream, "restore", "-integrity-check", "full",
		"-o", filepath.Join(restored, "data.db"), "file://"+replica).CombinedOutput()
	if err != nil {
		t.Fatalf("litestream restore: %v\n%s", err, out)
	}
	stored := storedLeads(t, restored)
	lost := 0
	acked.Range(func(k, _ any) bool {
		if stored[k.(string)] != 1 {
			lost++
		}
		return true
	})
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged leads are missing from the restored replica", lost, nAcked.Load())
	}
	t.Logf("restored %d acknowledged leads from the replica", nAcked.Load())
}

// checkpointFromAnotherProcess runs PRAGMA wal_checkpoint(TRUNCATE) from this test process,
// a connection the server does not own, as sqlite3 or PocketBase's nightly job would.
func checkpointFromAnotherProcess(t *testing.T, path string) {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Error(err)
		return
	}
	defer db.Close()
	if _, err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Errorf("checkpoint: %v", err)
	}
}

// waitForReplica waits until Litestream has written its first snapshot, as a long-running
// replication would have before the leads of this test arrive.
func waitForReplica(t *testing.T, replica string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		found := false
		_ = filepath.WalkDir(replica, func(_ string, d os.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				found = true
			}
			return nil
		})
		if found {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("Litestream wrote no replica within 30 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
