// Package metrics exposes what an operator watches in Prometheus' text format at /metrics:
// requests and latency per route, callback leads accepted and refused, the webhook outbox,
// the last successful backup and the response cache. Only admins (and superusers) or a
// process on the same machine that does not come through a proxy may read it.
package metrics

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"recoverycms/internal/staff"
)

// LeadsCollection is the collection whose creates count as lead submissions.
const LeadsCollection = "callback_leads"

// CacheStats reports response-cache lookups (contentcache.Cache.Stats).
type CacheStats func() (hits, misses uint64)

// Metrics holds the collectors of one app. The zero value is not usable; call New.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	leads    *prometheus.CounterVec
	backup   prometheus.Gauge
}

// New registers the collectors of app; cache may be nil.
func New(app core.App, cache CacheStats) *Metrics {
	m := &Metrics{registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "recoverycms_http_requests_total",
		Help: "HTTP requests answered by the router, by route pattern, method and status code.",
	}, []string{"route", "method", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "recoverycms_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern and method.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method"})
	m.leads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "recoverycms_leads_total",
		Help: "Callback-lead submissions by outcome: accepted (2xx), refused (4xx), failed (5xx).",
	}, []string{"outcome"})
	m.backup = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "recoverycms_backup_last_success_timestamp_seconds",
		Help: "Unix time of the last backup this process completed; 0 when none since start.",
	})
	m.registry.MustRegister(m.requests, m.latency, m.leads, m.backup,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&outbox{app: app})
	if cache != nil {
		m.registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "recoverycms_response_cache_hits_total",
			Help: "Public responses served from the response cache.",
		}, func() float64 { h, _ := cache(); return float64(h) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "recoverycms_response_cache_misses_total",
				Help: "Public responses that had to be built.",
			}, func() float64 { _, miss := cache(); return float64(miss) }))
	}
	return m
}

// Observe is router middleware that counts and times every request by its route pattern
// (never the raw path: ids and slugs would make one series per record).
func (m *Metrics) Observe(e *core.RequestEvent) error {
	start := time.Now()
	err := e.Next()
	route := e.Request.Pattern
	if i := strings.IndexByte(route, ' '); i >= 0 { // "GET /path" -> "/path"
		route = route[i+1:]
	}
	if route == "" {
		route = "unmatched"
	}
	code := e.Status()
	if err != nil {
		code = statusOf(err)
	} else if code == 0 {
		code = http.StatusOK
	}
	m.requests.WithLabelValues(route, e.Request.Method, strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(route, e.Request.Method).Observe(time.Since(start).Seconds())
	if e.Request.Method == http.MethodPost && strings.HasSuffix(route, "/api/collections/{collection}/records") &&
		e.Request.PathValue("collection") == LeadsCollection {
		m.leads.WithLabelValues(outcome(code)).Inc()
	}
	return err
}

// BackupDone records a completed backup.
func (m *Metrics) BackupDone(at time.Time) { m.backup.Set(float64(at.Unix())) }

// Serve answers GET /metrics for admins and superusers, or for a caller on this machine whose
// request did not pass a proxy (no X-Forwarded-For); anyone else gets 404, as if there were
// no such page.
func (m *Metrics) Serve(e *core.RequestEvent) error {
	if !staff.Has(e.Auth, staff.Admins...) && !fromThisMachine(e.Request) {
		return e.NotFoundError("", nil)
	}
	promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}).ServeHTTP(e.Response, e.Request)
	return nil
}

func fromThisMachine(r *http.Request) bool {
	if r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" || r.Header.Get("X-Real-Ip") != "" {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func outcome(code int) string {
	switch {
	case code < 400:
		return "accepted"
	case code < 500:
		return "refused"
	default:
		return "failed"
	}
}

// statusOf is the status PocketBase's error handler will answer for err.
func statusOf(err error) int {
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		return apiErr.Status
	}
	return http.StatusInternalServerError
}
