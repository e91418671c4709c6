package main

import (
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestImportDuringServeIsSeen: `recoverycms import` run as a second process while `serve`
// runs and takes callback leads succeeds (both wait their turn for the write lock instead of
// failing with SQLITE_BUSY_SNAPSHOT), and the change reaches every public answer within 2
// seconds, although the server's hooks never saw it and its response cache held the old answers.
// It does not run in parallel with the crash tests: it measures a deadline.
func TestImportDuringServeIsSeen(t *testing.T) {
	bin := builtBinary(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "pb_data")
	addr := freeAddr(t)
	startServer(t, bin, data, addr)

	const slug = "finding-a-meeting-near-you"
	paths := []string{"/api/cms/articles", "/feed.xml", "/sitemap.xml"}
	get := func(path string) string {
		res, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return string(body)
	}
	for _, p := range paths { // fill the response cache
		if strings.Contains(get(p), slug) {
			t.Fatalf("%s lists %s before the import", p, slug)
		}
	}

	content := filepath.Join(dir, "content")
	if err := os.CopyFS(content, os.DirFS("content")); err != nil {
		t.Fatal(err)
	}
	article := `---
title: "Finding a meeting near you"
slug: ` + slug + `
author: tom-ashworth
reviewed_by: dr-helen-okafor
reviewed_at: 2026-01-04T09:00:00Z
topics:
  - getting-help
status: published
published_at: 2026-01-05T08:00:00Z
summary: "Mutual-aid meetings are free and open to anyone who wants to stop. Here is how to find one and what the first visit is like."
---

Meetings are free, and nobody has to speak at their first one.
`
	if err := os.WriteFile(filepath.Join(content, "articles", slug+".md"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	// Leads keep arriving while the import runs.
	stop := make(chan struct{})
	var leadsDone sync.WaitGroup
	leadsDone.Add(1)
	go func() {
		defer leadsDone.Done()
		cli := &http.Client{Timeout: 20 * time.Second}
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			if !postLead(cli, addr, n) {
				t.Errorf("lead %d refused while the import ran", n)
			}
		}
	}()
	out, err := exec.Command(bin, "import", content, "--dir="+data).CombinedOutput()
	close(stop)
	leadsDone.Wait()
	if err != nil || !strings.Contains(string(out), "1 created") {
		t.Fatalf("import while serving: %v\n%s", err, out)
	}
	imported := time.Now()
	// A request sent more than 2 s after the import must see it (how long the answer then
	// takes on a busy machine is not the watcher's doing).
	for _, p := range paths {
		for {
			sent := time.Now()
			if strings.Contains(get(p), slug) {
				break
			}
			if sent.Sub(imported) > 2*time.Second {
				t.Fatalf("%s sent %v after the import still does not show the imported article", p, sent.Sub(imported).Round(time.Millisecond))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// TestFailedCommandExitsNonZero: a command of ours that fails exits with status 1 (PocketBase
// prints a command's error but would exit 0), so scripts and cron can tell.
func TestFailedCommandExitsNonZero(t *testing.T) {
	t.Parallel()
	bin := builtBinary(t)
	dir := t.TempDir()
	err := exec.Command(bin, "import", filepath.Join(dir, "no-such-dir"), "--dir="+filepath.Join(dir, "pb_data")).Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("failed import: %v, want exit status 1", err)
	}
	if err := exec.Command(bin, "import", "content", "--dir="+filepath.Join(dir, "pb_data")).Run(); err != nil {
		t.Fatalf("a good import failed: %v", err)
	}
}
