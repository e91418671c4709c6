package nginx_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"recoverycms/hooks/hookstest"
)

// readerAddr is where the test's reader connects from (all of 127.0.0.0/8 is loopback), so
// it differs from nginx's own address toward the app (127.0.0.1).
const readerAddr = "127.0.0.2"

// TestReaderAddressReachesTheApp: with either header the README names as trusted, the app
// sees the reader's address rather than nginx's, and a header the reader forges does not
// change it.
func TestReaderAddressReachesTheApp(t *testing.T) {
	s := startStack(t)
	reader := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(readerAddr)}}).DialContext,
	}}
	token := hookstest.Token(t, s.App, hookstest.SuperuserEmail)
	for _, header := range []string{"X-Real-IP", "X-Forwarded-For"} {
		settings := s.App.Settings()
		settings.TrustedProxy.Headers = []string{header}
		settings.TrustedProxy.UseLeftmostIP = false
		if err := s.App.Save(settings); err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/health", nil)
		req.Header.Set("Authorization", token)
		req.Header.Set(header, "203.0.113.5") // forged by the reader
		resp, err := reader.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var health struct {
			Data struct {
				RealIP string `json:"realIP"`
			} `json:"data"`
		}
		if err := json.Unmarshal(body, &health); err != nil {
			t.Fatalf("%s: %v: %s", header, err, body)
		}
		if health.Data.RealIP != readerAddr {
			t.Errorf("trusting %s the app sees %q, want the reader's %s", header, health.Data.RealIP, readerAddr)
		}
	}
}
