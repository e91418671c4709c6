package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
)

func TestMain(m *testing.M) { hookstest.Main(m) }

// inCI reports whether missing browser parts must fail rather than skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// chromiumPath finds Debian's chromium (or RCMS_CHROMIUM); without one the test skips
// locally and fails under CI=true.
func chromiumPath(t *testing.T) string {
	t.Helper()
	return findBrowser(t, "chromium is not installed: run `apt-get install -y chromium` (or set RCMS_CHROMIUM) to run the browser tests",
		os.Getenv("RCMS_CHROMIUM"), "chromium", "chromium-browser", "google-chrome")
}

// findBrowser returns the first of candidates on the PATH; without one the test skips with
// missing locally and fails under CI=true.
func findBrowser(t *testing.T, missing string, candidates ...string) string {
	t.Helper()
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	if inCI() {
		t.Fatal(missing)
	}
	t.Skip(missing)
	return ""
}

// site is the real app served on a loopback port.
type site struct {
	App  *tests.TestApp
	URL  string
	stop func()
}

// serve starts the app's real router (with every OnServe route: the API, /admin/, /) on
// 127.0.0.1 at a free port.
func serve(t *testing.T) *site {
	t.Helper()
	return serveWith(t, hooks.Options{})
}

// serveWith is serve with the hooks registered from opts.
func serveWith(t *testing.T, opts hooks.Options) *site {
	t.Helper()
	app := hookstest.NewWithOptions(t, opts)
	srv := httptest.NewServer(hookstest.Router(t, app))
	s := &site{App: app, URL: srv.URL, stop: func() {
		srv.CloseClientConnections()
		srv.Close()
	}}
	t.Cleanup(s.stop)
	apps.Store(s.URL, app)
	t.Cleanup(func() { apps.Delete(s.URL) })
	return s
}

// apps maps each served base URL to its app, for the sign-in helper to read the emailed code.
var apps sync.Map

// browser is one Chromium tab with a fresh profile.
type browser struct {
	ctx  context.Context
	t    *testing.T
	base string
}

// newBrowser starts headless Chromium with a fresh user-data-dir and saves a screenshot to a
// temporary directory (its path logged) when the test fails.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	exe := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
		// A zone away from UTC, so the schedule test sees local time converted.
		chromedp.Env("TZ=America/New_York"),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	b := &browser{ctx: ctx, t: t, base: base}
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	// Registered after the cancels so it runs first, while the tab is still open.
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot()
		}
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return b
}

func (b *browser) screenshot() {
	shotCtx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	buf, err := chromedp.Run(shotCtx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot failed: %v", err)
		return
	}
	dir, err := os.MkdirTemp("", "recoverycms-e2e-*")
	if err != nil {
		b.t.Logf("screenshot dir: %v", err)
		return
	}
	name := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(b.t.Name())+".png")
	if err := os.WriteFile(name, buf, 0o644); err != nil {
		b.t.Logf("writing screenshot: %v", err)
		return
	}
	b.t.Logf("screenshot of the failing page: %s", name)
}

// Time limits. They only bound a hang: on a loaded CI machine (two cores shared with the
// other packages' tests) one step of Chromium can take many seconds, and a passing run never
// waits for them to run out.
const (
	// stepTimeout bounds one browser action: a navigation, a click, one script.
	stepTimeout = 60 * time.Second
	// waitTimeout bounds a wait for the page to reach a state.
	waitTimeout = 90 * time.Second
	// pollInterval is the pause between two looks at the page while waiting.
	pollInterval = 100 * time.Millisecond
)

// do executes steps with a time limit, failing the test with what was being done.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// open loads a path of the site and waits until readySelector is visible.
func (b *browser) open(path string, readySelector string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitVisible(chromedp.CSS(readySelector)))
}

// eval evaluates JavaScript (awaiting a promise) and decodes the result into T.
func eval[T any](b *browser, what, js string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// typeInto focuses the control matching sel and types text with real key events.
func (b *browser) typeInto(sel, text string) {
	b.t.Helper()
	b.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text))
}

// click clicks the element matching sel.
func (b *browser) click(sel string) {
	b.t.Helper()
	b.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// pageState is what a wait's check reports about the page: whether the awaited state has come,
// and the text to return (or to show when the wait times out).
type pageState struct {
	Done bool   `json:"done"`
	Text string `json:"text"`
}

// waitFor evaluates check (a synchronous expression giving a pageState) until it reports done,
// and returns its text. Each look is a separate evaluation, so the wait carries on across a
// navigation that replaces the document (an evaluation in the old one fails and is retried).
func (b *browser) waitFor(what, check string) string {
	b.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
		st, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](check))
		cancel()
		if err == nil && st.Done {
			return st.Text
		}
		last := st.Text
		if err != nil {
			last = "page not readable: " + err.Error()
		}
		if b.ctx.Err() != nil || time.Now().After(deadline) {
			if len(last) > 400 {
				last = last[:400]
			}
			b.t.Fatalf("%s: timed out after %s; last seen: %s", what, waitTimeout, last)
		}
		time.Sleep(pollInterval)
	}
}

// waitText waits until the element matching sel contains want, and returns its text.
func (b *browser) waitText(sel, want string) string {
	b.t.Helper()
	return b.waitFor(fmt.Sprintf("wait for %q in %s", want, sel), fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el) return {done: false, text: "(no element)"};
		return {done: el.textContent.includes(%q), text: el.textContent};
	})()`, sel, want))
}

// follow clicks the link matching sel and waits until the browser shows path, so that later
// waits look at the new page rather than the one being left.
func (b *browser) follow(sel, path string) {
	b.t.Helper()
	b.click(sel)
	b.waitFor("follow "+sel+" to "+path, fmt.Sprintf(`({done: location.pathname === %q, text: "at " + location.pathname})`, path))
}

// signIn signs a staff member in through the panel's two steps: the password, then the
// code the test mailer caught.
func (b *browser) signIn(email string) {
	b.t.Helper()
	app, ok := apps.Load(b.base)
	if !ok {
		b.t.Fatalf("no app serves %s", b.base)
	}
	testApp := app.(*tests.TestApp)
	testApp.TestMailer.Reset()
	b.open("/admin/", "#email")
	b.typeInto("#email", email)
	b.typeInto("#password", hookstest.Password)
	b.click(`form.signin button[type=submit]`)
	b.do("wait for the code step", chromedp.WaitVisible(chromedp.CSS(`#code`)))
	b.typeInto("#code", hookstest.SignInCode(b.t, testApp, email))
	b.click(`form.signin button[type=submit]`)
	b.do("wait for the signed-in panel", chromedp.WaitVisible(chromedp.CSS(`#who button`)), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
}

// axeViolation is the part of an axe-core result the tests report.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// checkA11y injects axe-core from node_modules and fails on any serious or critical
// violation of WCAG 2.0/2.1/2.2 A and AA.
func (b *browser) checkA11y(page string) {
	b.t.Helper()
	b.runAxe(page, `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]`, `v.impact === "serious" || v.impact === "critical"`)
}

// checkA11yAll is checkA11y at every impact, with axe-core's best practices too: the bar of
// the public site's pages.
func (b *browser) checkA11yAll(page string) {
	b.t.Helper()
	b.runAxe(page, `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]`, `true`)
}

// runAxe runs axe-core with the rules of tags (a JS array) and fails on the violations keep
// (a JS expression over v) lets through.
func (b *browser) runAxe(page, tags, keep string) {
	b.t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		msg := "axe-core is not installed: run `npm ci` at the repository root to run the accessibility checks"
		if inCI() {
			b.t.Fatal(msg)
		}
		b.t.Log(msg + " (skipped for " + page + ")")
		return
	}
	eval[bool](b, "inject axe-core", string(src)+"\n;true")
	violations := eval[[]axeViolation](b, "run axe on "+page, `axe.run(document, {
		runOnly: {type: "tag", values: `+tags+`},
		resultTypes: ["violations"]
	}).then(r => r.violations.filter(v => `+keep+`))`)
	if len(violations) > 0 {
		out, _ := json.MarshalIndent(violations, "", "  ")
		b.t.Errorf("axe-core found violations on %s:\n%s", page, out)
	}
}

// text returns the text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return eval[string](b, "read "+sel, fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel))
}

// waitNonEmpty waits until the element matching sel has some text, and returns it.
func waitNonEmpty(b *browser, sel string) string {
	b.t.Helper()
	return b.waitFor("wait for text in "+sel, fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		const text = el ? el.textContent.trim() : "";
		return {done: text !== "", text: el ? text : "(no element)"};
	})()`, sel))
}

// in returns the same tab reporting to a subtest's t.
func (b *browser) in(t *testing.T) *browser {
	c := *b
	c.t = t
	return &c
}

// leadNamed finds the callback lead with name. Names are sealed at rest, so the leads are read
// and compared in plain text rather than filtered in SQL.
func leadNamed(app core.App, name string) (*core.Record, error) {
	all, err := app.FindAllRecords("callback_leads")
	if err != nil {
		return nil, err
	}
	for _, r := range all {
		if r.GetString("name") == name {
			return r, nil
		}
	}
	return nil, fmt.Errorf("no lead named %q", name)
}
