package localca

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"testing"
)

// TestHandshake serves TLS with a server certificate, requires a client
// certificate, and checks that a client trusting the CA connects while one
// without a certificate or trusting another CA does not.
func TestHandshake(t *testing.T) {
	ca, err := New("test CA")
	if err != nil {
		t.Fatal(err)
	}
	server, err := ca.Server("127.0.0.1", "localhost")
	if err != nil {
		t.Fatal(err)
	}
	client, err := ca.Client("svc")
	if err != nil {
		t.Fatal(err)
	}
	serverCert, err := server.TLS()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{serverCert},
		ClientCAs:    ca.Pool(),
		ClientAuth:   tls.RequireAndVerifyClientCert,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.Write([]byte("ok"))
			}()
		}
	}()
	clientCert, err := client.TLS()
	if err != nil {
		t.Fatal(err)
	}
	other, err := New("other CA")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		roots *x509.CertPool
		certs []tls.Certificate
		ok    bool
	}{
		{"trusted with a certificate", ca.Pool(), []tls.Certificate{clientCert}, true},
		{"without a client certificate", ca.Pool(), nil, false},
		{"trusting another CA", other.Pool(), []tls.Certificate{clientCert}, false},
	} {
		conn, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: tc.roots, Certificates: tc.certs, ServerName: "localhost"})
		if err == nil {
			_, err = io.ReadAll(conn)
			conn.Close()
		}
		if (err == nil) != tc.ok {
			t.Errorf("%s: error %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}
