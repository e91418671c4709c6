package main

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestImportDuringServeIsSeen: `recoverycms import` run as a second process while `serve`
// runs reaches every public answer within 2 seconds, although the server's hooks never saw the
// change and its response cache held the old answers.
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
	out, err := exec.Command(bin, "import", content, "--dir="+data).CombinedOutput()
	if err != nil {
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
