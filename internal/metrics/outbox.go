package metrics

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/prometheus/client_golang/prometheus"
)

// outbox reads the jobs waiting to be sent (webhook deliveries, new-lead notifications) at
// each scrape, so the figures are the database's, whichever process queued them.
type outbox struct{ app core.App }

var (
	outboxDepth = prometheus.NewDesc("recoverycms_outbox_pending",
		"Jobs queued and not yet sent or given up, by queue.", []string{"queue"}, nil)
	outboxOldest = prometheus.NewDesc("recoverycms_outbox_oldest_pending_seconds",
		"Age of the oldest pending job, by queue; 0 when none is pending.", []string{"queue"}, nil)
	outboxUp = prometheus.NewDesc("recoverycms_outbox_readable",
		"1 when the queue could be read at this scrape, 0 when the query failed.", []string{"queue"}, nil)
)

// outboxQueues are the tables of the outbox; each has state = 'pending' rows and a created time.
var outboxQueues = []string{"webhook_deliveries", "lead_notifications"}

func (o *outbox) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepth
	ch <- outboxOldest
	ch <- outboxUp
}

func (o *outbox) Collect(ch chan<- prometheus.Metric) {
	for _, queue := range outboxQueues {
		o.collect(ch, queue)
	}
}

func (o *outbox) collect(ch chan<- prometheus.Metric, queue string) {
	var row struct {
		N      int    `db:"n"`
		Oldest string `db:"oldest"`
	}
	err := o.app.DB().NewQuery("SELECT COUNT(*) AS n, COALESCE(MIN(created), '') AS oldest FROM " + queue +
		" WHERE state = 'pending'").One(&row)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(outboxUp, prometheus.GaugeValue, 0, queue)
		return
	}
	age := 0.0
	if t, err := types.ParseDateTime(row.Oldest); err == nil && !t.IsZero() {
		age = time.Since(t.Time()).Seconds()
	}
	ch <- prometheus.MustNewConstMetric(outboxUp, prometheus.GaugeValue, 1, queue)
	ch <- prometheus.MustNewConstMetric(outboxDepth, prometheus.GaugeValue, float64(row.N), queue)
	ch <- prometheus.MustNewConstMetric(outboxOldest, prometheus.GaugeValue, age, queue)
}
