package runner

import (
	"crypto/tls"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"eventstorm/internal/localca"
	"eventstorm/platform/httpx"
)

// freeAddr is a free local address.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestRunEdge serves HTTPS with a certificate, the metrics on ADMIN_ADDR
// alone, and CORS headers for an allowed origin.
func TestRunEdge(t *testing.T) {
	ca, err := localca.New("runner test CA")
	if err != nil {
		t.Fatal(err)
	}
	pair, err := ca.Server("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile, err := pair.Write(t.TempDir(), "server")
	if err != nil {
		t.Fatal(err)
	}
	mux := httpx.NewMux(httpx.Probes{Ready: func() bool { return true }, Metrics: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "events_published_total 1\n") })})
	var ready atomic.Bool
	addr, admin := freeAddr(t), freeAddr(t)
	cfg := Config{
		Addr: addr, Handler: mux, Ready: &ready, Logger: slog.New(slog.DiscardHandler),
		Edge: httpx.Edge{TLSCertFile: certFile, TLSKeyFile: keyFile, AdminAddr: admin, CORSOrigins: []string{"https://app.example.com"}},
	}
	done := make(chan error, 1)
	go func() { done <- Run(t.Context(), cfg) }()
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool()}}}
	status := func(url, origin string) (int, http.Header) {
		req, _ := http.NewRequest("GET", url, nil)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			resp, err := client.Do(req)
			if err == nil {
				resp.Body.Close()
				return resp.StatusCode, resp.Header
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s: %v", url, err)
			}
		}
	}
	if code, h := status("https://"+addr+"/healthz", "https://app.example.com"); code != 200 || h.Get("Access-Control-Allow-Origin") != "https://app.example.com" {
		t.Errorf("HTTPS /healthz from an allowed origin: %d, allow-origin %q", code, h.Get("Access-Control-Allow-Origin"))
	}
	if code, _ := status("https://"+addr+"/metrics", ""); code != 404 {
		t.Errorf("the main port's /metrics: %d, want 404 with ADMIN_ADDR set", code)
	}
	if code, _ := status("http://"+admin+"/metrics", ""); code != 200 {
		t.Errorf("ADMIN_ADDR's /metrics: %d, want 200", code)
	}
	if code, _ := status("http://"+admin+"/healthz", ""); code != 404 {
		t.Errorf("ADMIN_ADDR's /healthz: %d, want 404 (the probes stay on the main port)", code)
	}
	if resp, err := (&http.Client{Timeout: time.Second}).Get("http://" + addr + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Error("plain HTTP was served on the TLS port")
		}
	}
}
