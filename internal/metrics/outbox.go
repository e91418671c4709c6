package metrics

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/prometheus/client_golang/prometheus"
)

// outbox reads the webhook deliveries waiting to be sent at each scrape, so the figures are
// the database's, whichever process queued them.
type outbox struct{ app core.App }

var (
	outboxDepth = prometheus.NewDesc("recoverycms_outbox_pending",
		"Webhook deliveries queued and not yet delivered or given up.", nil, nil)
	outboxOldest = prometheus.NewDesc("recoverycms_outbox_oldest_pending_seconds",
		"Age of the oldest pending webhook delivery; 0 when none is pending.", nil, nil)
	outboxUp = prometheus.NewDesc("recoverycms_outbox_readable",
		"1 when the outbox could be read at this scrape, 0 when the query failed.", nil, nil)
)

func (o *outbox) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepth
	ch <- outboxOldest
	ch <- outboxUp
}

func (o *outbox) Collect(ch chan<- prometheus.Metric) {
	var row struct {
		N      int    `db:"n"`
		Oldest string `db:"oldest"`
	}
	err := o.app.DB().NewQuery(
		"SELECT COUNT(*) AS n, COALESCE(MIN(created), '') AS oldest FROM webhook_deliveries WHERE state = 'pending'").One(&row)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(outboxUp, prometheus.GaugeValue, 0)
		return
	}
	age := 0.0
	if t, err := time.Parse("2006-01-02 15:04:05.000Z", row.Oldest); err == nil {
		age = time.Since(t).Seconds()
	}
	ch <- prometheus.MustNewConstMetric(outboxUp, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(outboxDepth, prometheus.GaugeValue, float64(row.N))
	ch <- prometheus.MustNewConstMetric(outboxOldest, prometheus.GaugeValue, age)
}
