package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// firefoxPath finds Debian's firefox-esr (or firefox); without one the test skips locally and
// fails under CI=true.
func firefoxPath(t *testing.T) string {
	t.Helper()
	return findBrowser(t, "firefox is not installed: run `apt-get install -y firefox-esr` to run the Firefox checks",
		"firefox-esr", "firefox")
}

// bidi is a WebDriver BiDi session with headless Firefox: the protocol Firefox speaks itself,
// over a WebSocket, with no driver program in between.
type bidi struct {
	t       *testing.T
	conn    *websocket.Conn
	ctx     context.Context
	next    atomic.Int64
	browser string // the top-level browsing context
}

var bidiAddress = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// newFirefox starts headless Firefox with a fresh profile and opens a BiDi session.
func newFirefox(t *testing.T) *bidi {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, firefoxPath(t), "--headless", "--no-remote", "--profile", t.TempDir(),
		"--remote-debugging-port=0", "about:blank")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting firefox: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := bidiAddress.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	var addr string
	select {
	case addr = <-found:
	case <-time.After(waitTimeout):
		t.Fatal("firefox did not open WebDriver BiDi")
	}
	conn, _, err := websocket.Dial(ctx, strings.TrimRight(addr, "/")+"/session", nil)
	if err != nil {
		t.Fatalf("connecting to firefox: %v", err)
	}
	conn.SetReadLimit(16 << 20)
	b := &bidi{t: t, conn: conn, ctx: ctx}
	b.call("session.new", map[string]any{"capabilities": map[string]any{}})
	tree := b.call("browsingContext.getTree", map[string]any{})
	var contexts struct {
		Contexts []struct {
			Context string `json:"context"`
		} `json:"contexts"`
	}
	json.Unmarshal(tree, &contexts)
	if len(contexts.Contexts) == 0 {
		t.Fatal("firefox has no browsing context")
	}
	b.browser = contexts.Contexts[0].Context
	return b
}

// call sends one command and waits for its answer, skipping events.
func (b *bidi) call(method string, params map[string]any) json.RawMessage {
	b.t.Helper()
	id := b.next.Add(1)
	msg, _ := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := b.conn.Write(ctx, websocket.MessageText, msg); err != nil {
		b.t.Fatalf("%s: %v", method, err)
	}
	for {
		_, data, err := b.conn.Read(ctx)
		if err != nil {
			b.t.Fatalf("%s: %v", method, err)
		}
		var answer struct {
			ID      int64           `json:"id"`
			Type    string          `json:"type"`
			Result  json.RawMessage `json:"result"`
			Error   string          `json:"error"`
			Message string          `json:"message"`
		}
		if json.Unmarshal(data, &answer) != nil || answer.ID != id {
			continue
		}
		if answer.Type == "error" {
			b.t.Fatalf("%s: %s: %s", method, answer.Error, answer.Message)
		}
		return answer.Result
	}
}

// eval evaluates a JavaScript expression in the page and returns its value as JSON.
func (b *bidi) eval(expression string) json.RawMessage {
	b.t.Helper()
	res := b.call("script.evaluate", map[string]any{"expression": expression, "awaitPromise": true,
		"target": map[string]any{"context": b.browser}})
	var out struct {
		Type   string `json:"type"`
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
	}
	json.Unmarshal(res, &out)
	if out.Type != "success" {
		b.t.Fatalf("evaluating %s: %s", expression, res)
	}
	return out.Result.Value
}

// TestSitePagesInFirefox: in Firefox, every kind of public page shows its heading and fits
// 320 CSS pixels, also with text at 200 %, and the callback form works in place.
func TestSitePagesInFirefox(t *testing.T) {
	s := serve(t)
	ff := newFirefox(t)
	ff.call("browsingContext.setViewport", map[string]any{"context": ff.browser,
		"viewport": map[string]any{"width": 320, "height": 640}})
	for _, p := range publicPages {
		ff.call("browsingContext.navigate", map[string]any{"context": ff.browser, "url": s.URL + p, "wait": "complete"})
		var heading string
		json.Unmarshal(ff.eval(`(document.querySelector("main h1") || {}).textContent || ""`), &heading)
		if heading == "" {
			t.Errorf("%s: no heading in Firefox", p)
		}
		for _, zoom := range []string{"100%", "200%"} {
			var fits bool
			json.Unmarshal(ff.eval(fmt.Sprintf(`(document.documentElement.style.fontSize = %q,
				document.documentElement.scrollWidth <= window.innerWidth + 1)`, zoom)), &fits)
			if !fits {
				var wide string
				json.Unmarshal(ff.eval(`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 4).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right)).join(", ")`), &wide)
				t.Errorf("%s overflows 320 px in Firefox with text at %s: %s", p, zoom, wide)
			}
		}
	}
	// The form sent in place by the page's script, a wrong number first.
	ff.call("browsingContext.navigate", map[string]any{"context": ff.browser, "url": s.URL + "/callback", "wait": "complete"})
	ff.eval(`(document.getElementById("cb-name").value = "Fox Visitor", document.getElementById("cb-phone").value = "12",
		document.getElementById("cb-consent").checked = true, document.querySelector("form.callback-form button[type=submit]").click(), true)`)
	waitFF(t, ff, `document.getElementById("cb-phone-error") && document.getElementById("cb-phone-error").textContent !== ""`)
	ff.eval(`(document.getElementById("cb-phone").value = "07400 123458", document.querySelector("form.callback-form button[type=submit]").click(), true)`)
	waitFF(t, ff, `!!document.querySelector(".confirmation")`)
	if _, err := leadNamed(s.App, "Fox Visitor"); err != nil {
		t.Fatalf("the lead sent from Firefox was not stored: %v", err)
	}
}

// waitFF evaluates cond in Firefox until it is true.
func waitFF(t *testing.T, ff *bidi, cond string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		var ok bool
		json.Unmarshal(ff.eval("Boolean("+cond+")"), &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting in Firefox for %s", cond)
		}
		time.Sleep(pollInterval)
	}
}
