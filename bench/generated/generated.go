// Package generated builds the services of a bundled sample's generated
// system, for benchmarks that run them as processes.
package generated

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"eventstorm/generator"
	"eventstorm/model"
	"eventstorm/samples"
)

// Write generates the sample's system in a new temporary directory and
// returns the directory.
func Write(sample string) (string, error) {
	s, err := samples.Get(sample)
	if err != nil {
		return "", err
	}
	m, diags := model.Load(sample+".yaml", s.Data)
	if diags.HasErrors() {
		return "", diags
	}
	files, err := generator.Plan(m, generator.Options{})
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "bench-"+sample)
	if err != nil {
		return "", err
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, f.Bytes, 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// Build generates the sample's system in a new temporary directory and
// builds the services named; it returns each one's binary by name.
func Build(sample string, services ...string) (map[string]string, error) {
	dir, err := Write(sample)
	if err != nil {
		return nil, err
	}
	bins := map[string]string{}
	for _, svc := range services {
		bin := filepath.Join(dir, "bin", svc)
		cmd := exec.Command("go", "build", "-o", bin, "./services/"+svc+"/cmd/"+svc)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("build %s: %v\n%s", svc, err, out)
		}
		bins[svc] = bin
	}
	return bins, nil
}

// FreeAddr is a loopback address with a free port.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// PlaceOrders places n orders through the order sample's Ordering service at
// addr, from clients concurrent keep-alive clients, and returns the first
// failure.
func PlaceOrders(addr string, n, clients int) error {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	body := []byte(`{"customerId": "c1", "amount": "12.50"}`)
	next := make(chan struct{})
	errs := make(chan error, clients)
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for range next {
				resp, err := client.Post("http://"+addr+"/order/place-order", "application/json", bytes.NewReader(body))
				if err != nil {
					errs <- err
					return
				}
				// Read to the end, or the connection is not reused.
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					errs <- fmt.Errorf("place order: %d", resp.StatusCode)
					return
				}
			}
		})
	}
	for sent := 0; sent < n; sent++ {
		select {
		case next <- struct{}{}:
		case err := <-errs:
			close(next)
			wg.Wait()
			return err
		}
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// order is the order sample's two services, built once per test binary.
var order struct {
	once              sync.Once
	ordering, history string
	err               error
}

// OrderSystem returns the binaries of the order sample's Ordering and Order
// History services, building them on the first call.
func OrderSystem(tb testing.TB) (ordering, history string) {
	tb.Helper()
	order.once.Do(func() {
		bins, err := Build("order", "ordering", "order-history")
		order.ordering, order.history, order.err = bins["ordering"], bins["order-history"], err
	})
	if order.err != nil {
		tb.Fatal(order.err)
	}
	return order.ordering, order.history
}

// Run starts a service binary on a free loopback port with the environment
// given, until the test ends, waits until it is ready, and returns its
// address.
func Run(tb testing.TB, bin string, env ...string) string {
	tb.Helper()
	addr, err := FreeAddr()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), append(env, "HTTP_ADDR="+addr)...)
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return addr
			}
		}
	}
	tb.Fatalf("%s never ready", filepath.Base(bin))
	return ""
}

// Committed sums a consumer group's committed offsets, 0 when they cannot
// be read yet.
func Committed(adm *kadm.Client, group string) int64 {
	offsets, err := adm.FetchOffsets(context.Background(), group)
	if err != nil {
		return 0
	}
	var sum int64
	offsets.Each(func(o kadm.OffsetResponse) {
		if o.Err == nil && o.At > 0 {
			sum += o.At
		}
	})
	return sum
}
