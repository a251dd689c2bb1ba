// Package generated builds the services of a bundled sample's generated
// system, for benchmarks that run them as processes.
package generated

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

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
