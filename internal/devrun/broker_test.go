package devrun

import (
	"net"
	"strings"
	"testing"
)

func TestStartBrokerListensWhereAsked(t *testing.T) {
	b, err := StartBroker(BrokerOptions{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	host, port, _ := net.SplitHostPort(b.Addr())
	if host != "127.0.0.1" || port == "0" {
		t.Errorf("Addr() = %q, want 127.0.0.1 and the port picked", b.Addr())
	}
	// The port is taken: a second broker on it fails and says why.
	_, err = StartBroker(BrokerOptions{Addr: b.Addr()})
	if err == nil || !strings.Contains(err.Error(), b.Addr()) {
		t.Errorf("a second broker on %s: %v, want an error naming the address", b.Addr(), err)
	}
}

func TestStartBrokerRejectsBadAddresses(t *testing.T) {
	for _, addr := range []string{"", "localhost", "127.0.0.1:x", "127.0.0.1:70000"} {
		if b, err := StartBroker(BrokerOptions{Addr: addr}); err == nil {
			b.Close()
			t.Errorf("StartBroker(%q) succeeded", addr)
		}
	}
}
