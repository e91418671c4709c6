package linkcheck

import (
	"reflect"
	"testing"
)

func TestLinksKeepExternalHTTPAndTel(t *testing.T) {
	t.Parallel()
	body := `<p><a href="https://www.nhs.uk/#top">NHS</a> <a href=" https://www.nhs.uk/ ">again</a>
<a href="/articles/other">ours, relative</a> <a href="https://cms.example.org/topics/x">ours, absolute</a>
<a href="mailto:help@example.org">mail</a> <a href="TEL:999">999</a> <a href="http://Example.com:8080/a?b=1">port</a>
<a href="javascript:alert(1)">no</a> <a>no href</a></p>`
	got := Links(body, SiteHosts("https://cms.example.org", ""))
	want := []Link{{URL: "https://www.nhs.uk/"}, {URL: "TEL:999", Tel: true}, {URL: "http://Example.com:8080/a?b=1"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Links = %+v, want %+v", got, want)
	}
}

func TestTelLinksMustBeDialable(t *testing.T) {
	t.Parallel()
	for href, ok := range map[string]bool{
		"tel:+448001234567":          true,
		"tel:+44%2020%207946%200958": true,
		"tel:999":                    true, // emergency
		"tel:116123":                 true, // Samaritans
		"tel:07911123456":            true, // national, read in GB
		"tel:+1-201-555-0123;ext=1":  true,
		"tel:12":                     false,
		"tel:call-us":                false,
		"tel:":                       false,
	} {
		got := checkTel(href, "GB")
		if got.OK != ok || got.Status != 0 || (ok != (got.Error == "")) {
			t.Errorf("%s: %+v, want ok=%v", href, got, ok)
		}
	}
}

func TestInterleaveHostsTakesHostsInTurn(t *testing.T) {
	t.Parallel()
	in := []Link{{URL: "http://a/1"}, {URL: "http://a/2"}, {URL: "http://a/3"}, {URL: "http://b/1"}, {URL: "tel:999", Tel: true}}
	want := []Link{{URL: "http://a/1"}, {URL: "http://b/1"}, {URL: "tel:999", Tel: true}, {URL: "http://a/2"}, {URL: "http://a/3"}}
	if got := interleaveHosts(in); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
}
