package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestNegotiate(t *testing.T) {
	t.Parallel()
	for header, want := range map[string]Encoding{
		"":                            Identity,
		"identity":                    Identity,
		"deflate":                     Identity,
		"gzip":                        Gzip,
		"GZIP":                        Gzip,
		"x-gzip":                      Gzip,
		"br":                          Brotli,
		"gzip, deflate, br, zstd":     Brotli,
		"gzip;q=1, br;q=0.5":          Gzip,
		"br;q=0.8, gzip;q=0.9":        Gzip,
		"br;q=0, gzip":                Gzip,
		"gzip;q=0":                    Identity,
		"gzip;q=0.000, br;q=0":        Identity,
		"*":                           Brotli,
		"*;q=0.5, gzip":               Gzip,
		"*, br;q=0":                   Gzip,
		"br ; q=0.001":                Brotli,
		"gzip;q=oops":                 Identity,
		"gzip;q=0.5000":               Identity, // more than three decimals is malformed
		"gzip;level=1;q=0.2, deflate": Gzip,
		" , ,gzip":                    Gzip,
	} {
		if got := Negotiate(header); got != want {
			t.Errorf("Negotiate(%q) = %q, want %q", header, got.Token(), want.Token())
		}
	}
}

func TestCompressible(t *testing.T) {
	t.Parallel()
	for ct, want := range map[string]bool{
		"application/json": true, "text/html; charset=utf-8": true, "text/css": true,
		"text/javascript; charset=utf-8": true, "application/javascript": true, "application/xml": true,
		"application/rss+xml; charset=utf-8": true, "application/atom+xml": true, "application/feed+json; charset=utf-8": true,
		"image/png": false, "image/webp": false, "font/woff2": false, "application/octet-stream": false, "": false,
	} {
		if got := Compressible(ct); got != want {
			t.Errorf("Compressible(%q) = %v, want %v", ct, got, want)
		}
	}
	if Worth("application/json", MinSize-1) || !Worth("application/json", MinSize) {
		t.Error("Worth ignores MinSize")
	}
}

func TestEncodeDecodesToTheSameBody(t *testing.T) {
	t.Parallel()
	body := []byte(strings.Repeat(`{"title":"Staying sober after a relapse","body":"one day at a time"},`, 200))
	decoders := map[Encoding]func(io.Reader) (io.Reader, error){
		Gzip:   func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
		Brotli: func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
	}
	for enc, decode := range decoders {
		out := Encode(enc, body)
		if len(out) >= len(body)/4 {
			t.Errorf("%s: %d bytes from %d", enc.Token(), len(out), len(body))
		}
		r, err := decode(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		back, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(back, body) {
			t.Errorf("%s does not decode to the body (%v)", enc.Token(), err)
		}
	}
	if got := Encode(Identity, body); !bytes.Equal(got, body) {
		t.Error("Identity changed the body")
	}
}
