package webhooks

import (
	"testing"
)

func TestURLValidationRefusesSpecialTargetsByDefault(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"http://[::7f00:1]/x", "http://198.18.0.1/x", "http://240.0.0.1/x", "http://255.255.255.255/x", "http://localhost:8080/x", "http://127.0.0.1/x"} {
		if err := validateWebhookURL(u, true); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
	if err := validateWebhookURL("http://127.0.0.1:9000/x", false); err != nil {
		t.Errorf("loopback refused with blocking off: %v", err)
	}
}
