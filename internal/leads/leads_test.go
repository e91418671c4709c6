package leads_test

import (
	"reflect"
	"testing"
	"time"

	"recoverycms/internal/leads"
)

func TestGuardCell(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"=1+1": "'=1+1", "+44": "'+44", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"": "", "Plain": "Plain", "a=b": "a=b", "'quoted": "'quoted",
		// OWASP: leading white space and invisible characters, full-width forms, and every place
		// a cell starts for a spreadsheet that splits on ; , tab or |.
		" =1+1": "' =1+1", "  @x": "'  @x", "\u200b=1": "'\u200b=1", "\ufeff=HYPERLINK(1)": "'\ufeff=HYPERLINK(1)",
		"\u00a0+1": "'\u00a0+1", "\nx": "'\nx", "\uff1d1+1": "'\uff1d1+1", "\uff20SUM(A1)": "'\uff20SUM(A1)",
		"Sam;=1+1": "Sam;'=1+1", "Sam,=1": "Sam,'=1", "Sam|@x": "Sam|'@x", "Sam; -2": "Sam;' -2",
		"Sam;\u200b=1": "Sam;'\u200b=1", "a;b;=c": "a;b;'=c", "x - y": "x - y", "Pat Example": "Pat Example",
		"   ": "   ", "Call me; thanks": "Call me; thanks", "07400 123456": "07400 123456",
	}
	for in, want := range cases {
		if got := leads.GuardCell(in); got != want {
			t.Errorf("GuardCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	cases := []struct{ raw, region, want string }{
		{"07400 123456", "GB", "+447400123456"},
		{"+44 (0)7400-123456", "GB", "+447400123456"},
		{"0044 7400 123456", "GB", "+447400123456"},
		{"(202) 555-0143", "US", "+12025550143"},
		{"+1 202 555 0143", "GB", "+12025550143"},
		{"not a number", "GB", ""},
		{"0740", "GB", ""},
		{"", "GB", ""},
	}
	for _, c := range cases {
		got, err := leads.NormalizePhone(c.raw, c.region)
		if c.want == "" {
			if err == nil {
				t.Errorf("NormalizePhone(%q) = %q, want an error", c.raw, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("NormalizePhone(%q, %s) = %q, %v; want %q", c.raw, c.region, got, err, c.want)
		}
	}
}

func TestLimiter(t *testing.T) {
	t.Parallel()
	l := leads.NewLimiter(2, time.Minute)
	if !l.Allow("a") || !l.Allow("a") {
		t.Fatal("first two refused")
	}
	if l.Allow("a") {
		t.Fatal("third allowed")
	}
	if !l.Allow("b") {
		t.Fatal("another key refused")
	}
	off := leads.NewLimiter(0, time.Minute)
	for i := 0; i < 100; i++ {
		if !off.Allow("a") {
			t.Fatal("a disabled limiter refused")
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := leads.ConfigFromEnv(env(nil))
	if err != nil || !reflect.DeepEqual(c, leads.DefaultConfig()) {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = leads.ConfigFromEnv(env(map[string]string{"RCMS_LEAD_RATE_LIMIT": "0", "RCMS_LEAD_RATE_WINDOW": "1h",
		"RCMS_DEFAULT_REGION": "us", "RCMS_LEAD_RETENTION_DAYS": "30", "RCMS_LEAD_LINK": "https://panel.example/leads/{id}"}))
	if err != nil || c.RateLimit != 0 || c.RateWindow != time.Hour || c.DefaultRegion != "US" || c.RetentionDays != 30 ||
		c.LinkTemplate != "https://panel.example/leads/{id}" {
		t.Fatalf("set: %+v %v", c, err)
	}
	for k, v := range map[string]string{"RCMS_LEAD_RATE_LIMIT": "many", "RCMS_LEAD_RATE_WINDOW": "-1m",
		"RCMS_DEFAULT_REGION": "GBR", "RCMS_LEAD_RETENTION_DAYS": "0"} {
		if _, err := leads.ConfigFromEnv(env(map[string]string{k: v})); err == nil {
			t.Errorf("%s=%s accepted", k, v)
		}
	}
}

func TestMaskName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Sam Example": "S•••", "Émile": "É•••", "": "", "李雷": "李•••"} {
		if got := leads.MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}
