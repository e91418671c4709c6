// Package nginx_test runs recoverycms.conf, the nginx recipe beside it, in a real nginx in
// front of the real app router, with the purge receiver of cmd/purger wired to the app's
// webhooks.
package nginx_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/cachepurge"
	"recoverycms/internal/webhooks"
)

func TestMain(m *testing.M) { hookstest.Main(m) }

// purgeSecret is the secret of the webhook that drives the purge receiver.
const purgeSecret = "purge-secret-0123456789abcdef"

// The recipe's own values, replaced for the test; each must appear in it exactly once, so a
// test cannot run on a config that drifted from the committed one.
const (
	recipeListen   = "listen 80;"
	recipeUpstream = "server 127.0.0.1:8090;"
	recipeCacheDir = "proxy_cache_path /var/cache/nginx/recoverycms "
)

// stack is the app, the purge receiver and nginx in front, each on its own loopback port.
type stack struct {
	App  *tests.TestApp
	URL  string // nginx
	dir  string
	http *http.Client
}

// nginxPath finds nginx; without it the test skips, or fails under CI=true.
func nginxPath(t *testing.T) string {
	t.Helper()
	for _, c := range []string{os.Getenv("RCMS_NGINX"), "nginx", "/usr/sbin/nginx"} {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	msg := "nginx is not installed: run `apt-get install -y nginx` (or set RCMS_NGINX) to test the cache recipe"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// startStack serves the real router on a loopback port, registers a webhook to a purge
// receiver on the cache directory, and starts nginx on the recipe (not as a daemon; it is
// stopped when t ends).
func startStack(t *testing.T) *stack {
	t.Helper()
	bin := nginxPath(t)
	dir := t.TempDir()
	cacheDir := filepath.Join(dir, "cache")

	app := hookstest.NewWithOptions(t, hooks.Options{Webhooks: webhooks.Config{
		AllowPrivate: true, // the receiver listens on 127.0.0.1
		BackoffBase:  100 * time.Millisecond,
		Timeout:      5 * time.Second,
		PollInterval: 100 * time.Millisecond,
	}})
	appSrv := httptest.NewServer(hookstest.Router(t, app)) // also starts the delivery worker
	t.Cleanup(appSrv.Close)

	purger := httptest.NewServer(&cachepurge.Receiver{
		Secret: purgeSecret,
		Cache:  cachepurge.Cache{Dir: cacheDir},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	t.Cleanup(purger.Close)
	createPurgeWebhook(t, app, purger.URL)

	port := freePort(t)
	writeConfig(t, dir, cacheDir, port, strings.TrimPrefix(appSrv.URL, "http://"))
	startNginx(t, bin, dir)
	s := &stack{App: app, URL: fmt.Sprintf("http://127.0.0.1:%d", port), dir: dir,
		http: &http.Client{Timeout: 10 * time.Second}}
	s.waitReady(t)
	return s
}

// createPurgeWebhook subscribes the receiver at url to every article event.
func createPurgeWebhook(t *testing.T, app core.App, url string) {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("webhooks")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Set("url", url)
	r.Set("events", []string{webhooks.EventArticlePublished, webhooks.EventArticleUpdated,
		webhooks.EventArticleUnpublished, webhooks.EventArticleDeleted})
	r.Set("secret", purgeSecret)
	r.Set("active", true)
	if err := app.Save(r); err != nil {
		t.Fatalf("saving the purge webhook: %v", err)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// writeConfig writes the recipe with the test's ports and paths, and a main nginx.conf that
// includes it the way /etc/nginx/nginx.conf includes conf.d/ (logs and temp files in dir).
func writeConfig(t *testing.T, dir, cacheDir string, port int, upstream string) {
	t.Helper()
	recipe, err := os.ReadFile("recoverycms.conf")
	if err != nil {
		t.Fatal(err)
	}
	conf := string(recipe)
	for old, repl := range map[string]string{
		recipeListen:   fmt.Sprintf("listen 127.0.0.1:%d;", port),
		recipeUpstream: "server " + upstream + ";",
		recipeCacheDir: "proxy_cache_path " + cacheDir + " ",
	} {
		if n := strings.Count(conf, old); n != 1 {
			t.Fatalf("recoverycms.conf holds %q %d times, want once", old, n)
		}
		conf = strings.Replace(conf, old, repl, 1)
	}
	if err := os.WriteFile(filepath.Join(dir, "recoverycms.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // workers would otherwise run as nobody, who cannot enter t.TempDir()
	}
	main := fmt.Sprintf(`%s
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log info;
events { worker_connections 256; }
http {
    access_log %[2]s/access.log;
    client_body_temp_path %[2]s/tmp/body;
    proxy_temp_path %[2]s/tmp/proxy;
    fastcgi_temp_path %[2]s/tmp/fastcgi;
    uwsgi_temp_path %[2]s/tmp/uwsgi;
    scgi_temp_path %[2]s/tmp/scgi;
    include %[2]s/recoverycms.conf;
}
`, user, dir)
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
}

// startNginx runs nginx in the foreground and stops it (and waits for it) when t ends.
func startNginx(t *testing.T, bin, dir string) {
	t.Helper()
	cmd := exec.Command(bin, "-p", dir, "-e", filepath.Join(dir, "error.log"),
		"-c", filepath.Join(dir, "nginx.conf"), "-g", "daemon off;")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting nginx: %v", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx output:\n%s\nerror.log:\n%s", out.String(), log)
		}
	})
	select {
	case <-exited:
		log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		t.Fatalf("nginx exited at once:\n%s\n%s", out.String(), log)
	case <-time.After(200 * time.Millisecond):
	}
}

// waitReady waits up to 5 seconds for nginx to answer.
func (s *stack) waitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := s.http.Get(s.URL + "/api/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("nginx did not answer within 5 seconds")
}

// response is one answer read in full.
type response struct {
	Status int
	Header http.Header
	Body   string
}

// Cache is the X-Cache-Status nginx added ("" when the location does not cache at all).
func (r response) Cache() string { return r.Header.Get("X-Cache-Status") }

// send makes one request through nginx; header pairs are name, value.
func (s *stack) send(t *testing.T, method, path, body string, header ...string) response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := s.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

// get is an anonymous GET through nginx.
func (s *stack) get(t *testing.T, path string, header ...string) response {
	t.Helper()
	return s.send(t, http.MethodGet, path, "", header...)
}

// eventually polls GET path through nginx for up to 5 seconds (far less than the 60 s the
// app lets a cache keep an answer) until ok accepts the answer.
func (s *stack) eventually(t *testing.T, path string, ok func(response) bool, what string) response {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var last response
	for time.Now().Before(deadline) {
		last = s.get(t, path)
		if ok(last) {
			return last
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("GET %s: %s not seen within 5 s; last answer %d %s: %.300s", path, what, last.Status, last.Cache(), last.Body)
	return last
}
