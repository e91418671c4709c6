// Package compress chooses and produces the content codings recoverycms sends: brotli and
// gzip for text (JSON, HTML, CSS, JavaScript, XML), identity for the rest. Responses are
// compressed once and kept (a cache entry, a static file), never per request, so the levels
// favour size over speed. It imports no PocketBase.
package compress

import (
	"bytes"
	"compress/gzip"
	"strings"

	"github.com/andybalholm/brotli"
)

// Encoding is a content coding a response can be sent in.
type Encoding uint8

// The codings, in no particular order; Identity is the zero value.
const (
	Identity Encoding = iota
	Gzip
	Brotli
)

// MinSize is the body size below which compressing is not worth its header bytes and the
// client's CPU: a response this small fits in one TCP packet either way.
const MinSize = 1024

// Levels: a response is compressed once per cache entry or static file, so the middle
// levels cost a millisecond or so for the largest API answers and save most of the bytes.
// Brotli's 11 would take a second for the 1 MB sitemap.
const (
	gzipLevel   = gzip.DefaultCompression
	brotliLevel = 6
)

// Token is the coding's Content-Encoding value ("" for Identity).
func (e Encoding) Token() string {
	switch e {
	case Gzip:
		return "gzip"
	case Brotli:
		return "br"
	}
	return ""
}

// ETagSuffix tells the representations of one body apart in their ETags, as a strong ETag
// must differ between representations that differ in bytes.
func (e Encoding) ETagSuffix() string {
	switch e {
	case Gzip:
		return "-gz"
	case Brotli:
		return "-br"
	}
	return ""
}

// Compressible reports whether bodies of contentType are text worth compressing: JSON
// (including JSON Feed), HTML, CSS, JavaScript, XML (including RSS and Atom) and plain text.
// Images, fonts and archives are compressed already.
func Compressible(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	switch {
	case strings.HasPrefix(mt, "text/"):
		return true
	case mt == "application/json", mt == "application/javascript", mt == "application/xml",
		mt == "image/svg+xml", mt == "application/manifest+json":
		return true
	case strings.HasPrefix(mt, "application/") && (strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+xml")):
		return true
	}
	return false
}

// Negotiate picks the coding for a request's Accept-Encoding header: the supported coding
// with the highest q-value above zero, brotli before gzip on a tie (it is smaller), and
// Identity when the client names neither (nor "*"). "x-gzip" counts as gzip. It does not
// allocate, since it runs on every cached answer.
func Negotiate(acceptEncoding string) Encoding {
	if acceptEncoding == "" {
		return Identity
	}
	qGzip, qBr, qStar := -1, -1, -1 // thousandths; -1 means not named
	for rest := acceptEncoding; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		coding, params, _ := strings.Cut(part, ";")
		q := parseQ(params)
		switch coding = strings.TrimSpace(coding); {
		case strings.EqualFold(coding, "br"):
			qBr = max(qBr, q)
		case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
			qGzip = max(qGzip, q)
		case coding == "*":
			qStar = max(qStar, q)
		}
	}
	if qBr < 0 {
		qBr = qStar
	}
	if qGzip < 0 {
		qGzip = qStar
	}
	switch {
	case qBr > 0 && qBr >= qGzip:
		return Brotli
	case qGzip > 0:
		return Gzip
	}
	return Identity
}

// parseQ reads the q parameter of one Accept-Encoding element in thousandths (1000 when
// absent, 0 when malformed, so a broken weight never selects a coding).
func parseQ(params string) int {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, value, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		return qValue(strings.TrimSpace(value))
	}
	return 1000
}

// qValue parses RFC 9110's qvalue: "0" or "1" with up to three decimals.
func qValue(v string) int {
	if v == "" || (v[0] != '0' && v[0] != '1') {
		return 0
	}
	whole := int(v[0] - '0')
	frac := 0
	if len(v) > 1 {
		if v[1] != '.' || len(v) > 5 {
			return 0
		}
		scale := 100
		for _, c := range v[2:] {
			if c < '0' || c > '9' {
				return 0
			}
			frac += int(c-'0') * scale
			scale /= 10
		}
	}
	if whole == 1 {
		return 1000 // "1.5" is not a qvalue, but a weight above 1 still means "most wanted"
	}
	return frac
}

// Encode returns body in coding enc (body itself for Identity).
func Encode(enc Encoding, body []byte) []byte {
	var buf bytes.Buffer
	switch enc {
	case Gzip:
		buf.Grow(len(body)/4 + 64)
		zw, _ := gzip.NewWriterLevel(&buf, gzipLevel) // the level is a valid constant
		zw.Write(body)                                // writes to a bytes.Buffer cannot fail
		zw.Close()
	case Brotli:
		buf.Grow(len(body)/4 + 64)
		bw := brotli.NewWriterLevel(&buf, brotliLevel)
		bw.Write(body)
		bw.Close()
	default:
		return body
	}
	return buf.Bytes()
}

// Worth reports whether a body of contentType and size n should be offered compressed.
func Worth(contentType string, n int) bool {
	return n >= MinSize && Compressible(contentType)
}
