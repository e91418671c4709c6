// Command loadserver serves recoverycms with generated articles next to a bare net/http server
// that returns the same bytes from memory, for bench/load.sh: the bare server answers each
// path with the body and content type recoverycms gave for it the first time it was asked
// (fetched once, then kept), so every endpoint is compared with its own bytes; a request with
// Accept-Encoding gets the bytes and Content-Encoding recoverycms sent for that same header,
// so a compressed answer is compared with the same compressed bytes. It listens on
// 127.0.0.1 only and removes its temporary data dir on exit.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/apis"

	"recoverycms/hooks"
	"recoverycms/hooks/hookstest"
	"recoverycms/internal/admission"
	"recoverycms/internal/frontend"
	"recoverycms/internal/gctune"
	"recoverycms/internal/leads"
	"recoverycms/internal/loadgen"
	"recoverycms/internal/markdown"
	"recoverycms/internal/review"
	"recoverycms/internal/storage"
	_ "recoverycms/migrations"
)

func main() {
	gctune.Apply() // as recoverycms serve does
	addr := flag.String("addr", "127.0.0.1:8097", "recoverycms address")
	bareAddr := flag.String("bare", "127.0.0.1:8098", "bare net/http baseline address")
	articles := flag.Int("articles", 10000, "generated articles")
	bodyPath := flag.String("bare-body", "/api/cms/articles", "path fetched to wait for the server to come up")
	hidden := flag.Bool("hidden", false, "also create a draft and a scheduled article (for scripts/sdk-check)")
	unbounded := flag.Bool("unbounded-misses", false, "let every cache miss run at once (no admission pool; identical misses still share one build), for before/after figures")
	noLeadPriority := flag.Bool("no-lead-priority", false, "let cache misses start while lead writes are in progress, for before/after figures")
	pprofAddr := flag.String("pprof", "", "also serve net/http/pprof on this address (for profiles under load)")
	flag.Parse()
	if *pprofAddr != "" {
		go func() { log.Print(http.ListenAndServe(*pprofAddr, nil)) }()
	}

	// RCMS_LEAD_RATE_LIMIT=0 lets a load script post leads as fast as it can from one address.
	leadConfig, err := leads.ConfigFromEnv(os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	gateOpts := admission.Options{}
	if *unbounded {
		gateOpts = admission.Options{Workers: 1 << 20, NetworkWorkers: 1 << 20, Queue: -1, PerNetwork: 1 << 20}
	}
	if *noLeadPriority || *unbounded {
		gateOpts.PriorityWorkers = -1
	}
	gate := admission.New(gateOpts)

	dir, err := os.MkdirTemp("", "recoverycms_load_*")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// fatal logs, removes the data dir (log.Fatal would skip the defer) and exits.
	fatal := func(v ...any) {
		log.Print(v...)
		os.RemoveAll(dir)
		os.Exit(1)
	}

	app := pocketbase.NewWithConfig(pocketbase.Config{DefaultDataDir: dir, DBConnect: storage.Connect, HideStartBanner: true})
	// Generated articles carry no clinical review: publishing them must not need one here.
	hooks.Register(app, hooks.Options{Markdown: markdown.New(), Frontend: frontend.FromEnv(os.Getenv), Review: &review.Config{},
		LeadKeyEnv: os.Getenv,
		Leads:      &leadConfig, Admission: gate})
	if err := app.Bootstrap(); err != nil {
		fatal(err)
	}
	if err := app.RunAllMigrations(); err != nil {
		fatal(err)
	}
	if err := hookstest.ImportSample(app); err != nil {
		fatal(err)
	}
	if *hidden {
		if err := hookstest.CreateHiddenArticles(app); err != nil {
			fatal(err)
		}
	}
	started := time.Now()
	if err := loadgen.Seed(app, loadgen.Options{Articles: *articles, Seed: 1}); err != nil {
		fatal(err)
	}
	log.Printf("seeded %d articles in %s", *articles, time.Since(started).Round(time.Millisecond))

	go func() {
		if err := apis.Serve(app, apis.ServeConfig{HttpAddr: *addr}); err != nil && err != http.ErrServerClosed {
			fatal(err)
		}
	}()
	body, contentType, err := fetchWhenUp("http://" + *addr + *bodyPath)
	if err != nil {
		fatal(err)
	}
	ln, err := net.Listen("tcp", *bareAddr)
	if err != nil {
		fatal(err)
	}
	bare := &http.Server{Handler: &bareHandler{upstream: "http://" + *addr,
		answers: map[string]bareAnswer{*bodyPath + "\x00": {body, contentType, ""}}}}
	go func() {
		if err := bare.Serve(ln); err != nil && err != http.ErrServerClosed {
			fatal(err)
		}
	}()
	fmt.Printf("READY %d bytes\n", len(body))

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	bare.Close()
}

// bareAnswer is one response the bare server repeats.
type bareAnswer struct {
	body                      []byte
	contentType, contentCoded string
}

// bareHandler is the baseline: it writes a path's remembered body and content type and
// nothing else. An unknown path is fetched from recoverycms once (bench/load.sh does this
// with curl before timing) and remembered.
type bareHandler struct {
	upstream string
	mu       sync.RWMutex
	answers  map[string]bareAnswer
}

func (h *bareHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	uri := r.URL.RequestURI()
	accept := r.Header.Get("Accept-Encoding")
	key := uri + "\x00" + accept
	h.mu.RLock()
	a, ok := h.answers[key]
	h.mu.RUnlock()
	if !ok {
		var err error
		a, err = fetchAnswer(h.upstream+uri, accept)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		h.mu.Lock()
		h.answers[key] = a
		h.mu.Unlock()
	}
	w.Header().Set("Content-Type", a.contentType)
	if a.contentCoded != "" {
		w.Header().Set("Content-Encoding", a.contentCoded)
	}
	w.Write(a.body)
}

// fetchAnswer fetches url once with the given Accept-Encoding (set explicitly, so Go's client
// leaves the body as sent) and returns it undecoded.
func fetchAnswer(url, accept string) (bareAnswer, error) {
	if accept == "" {
		body, contentType, err := fetchWhenUp(url)
		return bareAnswer{body, contentType, ""}, err
	}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return bareAnswer{}, err
	}
	req.Header.Set("Accept-Encoding", accept)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return bareAnswer{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %s", url, resp.Status)
	}
	return bareAnswer{body, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding")}, err
}

// fetchWhenUp polls url until it answers 200 and returns its body and content type.
func fetchWhenUp(url string) ([]byte, string, error) {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			b, readErr := io.ReadAll(resp.Body)
			resp.Body.Close()
			if readErr == nil && resp.StatusCode == http.StatusOK {
				return b, resp.Header.Get("Content-Type"), nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return nil, "", fmt.Errorf("%s did not come up", url)
}
