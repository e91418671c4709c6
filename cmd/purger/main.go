// Command purger receives recoverycms's signed article webhooks and removes the changed
// pages from the nginx cache of deploy/nginx/recoverycms.conf. Run it on the nginx host, as
// a user that may delete the cache's files, and register http://127.0.0.1:8091/ as a webhook
// (with RCMS_WEBHOOK_BLOCK_PRIVATE=false on the app). See README "A cache in front (nginx)".
package main

import (
	"flag"
	"log"
	"log/slog"
	"net/http"
	"os"
	"time"

	"recoverycms/internal/cachepurge"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8091", "address to receive webhooks on")
	dir := flag.String("cache-dir", "/var/cache/nginx/recoverycms", "nginx proxy_cache_path directory")
	flag.Parse()
	// The secret comes from the environment, never the command line (ps shows arguments).
	secret := os.Getenv("RCMS_PURGE_SECRET")
	if len(secret) < 16 {
		log.Fatal("RCMS_PURGE_SECRET must hold the webhook's secret (at least 16 characters)")
	}
	srv := &http.Server{
		Addr:              *listen,
		Handler:           &cachepurge.Receiver{Secret: secret, Cache: cachepurge.Cache{Dir: *dir}, Logger: slog.Default()},
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	log.Fatal(srv.ListenAndServe())
}
