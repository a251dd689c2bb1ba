// Package flowrun runs the flows of a model (`flows:` in eventstorm.yaml)
// against its generated system while it runs: it sends each flow's command
// through the HTTP API of the command's context, then waits, within a time
// limit, for each event the flow expects on the event's Kafka topic and for
// each read-model row it expects through the HTTP API of the read model's
// context. `eventstorm test` starts the system and reports the results.
package flowrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/model/names"
)

// DefaultTimeout is how long a flow waits for what it expects after its
// command is answered, unless Options.Timeout says otherwise.
const DefaultTimeout = 10 * time.Second

// Options configure a Runner.
type Options struct {
	// Model is the validated model whose flows run.
	Model *model.Model
	// URLs are the base URLs of the contexts' HTTP APIs, e.g.
	// http://127.0.0.1:8080 (the same one for every context of a
	// monolith).
	URLs map[*model.Context]string
	// Brokers are the Kafka brokers the system publishes its events to.
	Brokers []string
	// KafkaOpts are more options of the client that reads the events: its
	// TLS and SASL settings for a secured broker.
	KafkaOpts []kgo.Opt
	// Timeout is how long a flow waits for its expectations once its
	// command is answered; 0 means DefaultTimeout.
	Timeout time.Duration
	// Poll is how often read models are read again while a flow waits;
	// 0 means every 100 ms.
	Poll time.Duration
	// Client sends the HTTP requests; nil means a client with a 10-second
	// timeout per request.
	Client *http.Client
}

// Result is the outcome of one flow.
type Result struct {
	Flow    *model.Flow
	Elapsed time.Duration
	// Failures say what went wrong, each starting with the position in
	// the model of the step that failed; none when the flow passed.
	Failures []string
	// Seen says when each expectation met was seen, from the command's
	// answer.
	Seen []Seen
}

// Seen is an expectation of a flow met after a time.
type Seen struct {
	Then  *model.Ref
	After time.Duration
}

// Passed says that the flow's command was accepted and everything it
// expects was seen in time.
func (r *Result) Passed() bool { return len(r.Failures) == 0 }

// Check says why a flow cannot be run, or nil: its command must be one
// that creates its aggregate, since a flow has no aggregate id to send any
// other command to.
func Check(f *model.Flow) error {
	cmd, ok := f.When.Target.(*model.Command)
	if !ok {
		return fmt.Errorf("flow %q: when %q is not a command", f.Name, f.When.Text)
	}
	if !cmd.Creates {
		return fmt.Errorf("flow %q: when %q does not create its %s, and a flow has no id of an existing %s to send it to; start the flow with a command that creates one (eventstorm test runs only those for now)", f.Name, f.When.Text, cmd.Aggregate.Name, cmd.Aggregate.Name)
	}
	return nil
}

// Topics are the Kafka topics of the events the flows expect.
func Topics(m *model.Model, flows []*model.Flow) []string {
	var topics []string
	seen := map[string]bool{}
	for _, f := range flows {
		for _, r := range f.Then {
			if e, ok := r.Target.(*model.Event); ok {
				if t := ir.Topic(m, e.Aggregate); !seen[t] {
					seen[t] = true
					topics = append(topics, t)
				}
			}
		}
	}
	return topics
}

// Runner runs flows, reading every record of the expected events' topics
// from their start.
type Runner struct {
	o       Options
	kafka   *kgo.Client
	stop    context.CancelFunc
	done    chan struct{}
	mu      sync.Mutex
	records []record
	changed chan struct{} // closed and replaced when records arrive
	closing sync.Once
}

// record is a Kafka record as a flow looks at it.
type record struct {
	topic, key, ceType string
	at                 time.Time
	value              []byte
}

// New returns a runner for flows, consuming the topics of their events.
func New(o Options, flows []*model.Flow) (*Runner, error) {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Poll <= 0 {
		o.Poll = 100 * time.Millisecond
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 10 * time.Second}
	}
	r := &Runner{o: o, done: make(chan struct{}), changed: make(chan struct{})}
	topics := Topics(o.Model, flows)
	if len(topics) == 0 {
		close(r.done)
		return r, nil
	}
	cl, err := kgo.NewClient(append([]kgo.Opt{
		kgo.SeedBrokers(o.Brokers...),
		kgo.ConsumeTopics(topics...),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchMaxWait(100 * time.Millisecond),
		kgo.MetadataMinAge(250 * time.Millisecond),
	}, o.KafkaOpts...)...)
	if err != nil {
		return nil, fmt.Errorf("kafka: %w", err)
	}
	r.kafka = cl
	ctx, stop := context.WithCancel(context.Background())
	r.stop = stop
	go r.consume(ctx)
	return r, nil
}

// consume keeps every record of the topics until ctx is done.
func (r *Runner) consume(ctx context.Context) {
	defer close(r.done)
	for {
		fetches := r.kafka.PollFetches(ctx)
		if ctx.Err() != nil || fetches.IsClientClosed() {
			return
		}
		var got []record
		fetches.EachRecord(func(kr *kgo.Record) {
			rec := record{topic: kr.Topic, key: string(kr.Key), at: kr.Timestamp, value: kr.Value}
			for _, h := range kr.Headers {
				if h.Key == "ce_type" {
					rec.ceType = string(h.Value)
				}
			}
			got = append(got, rec)
		})
		if len(got) == 0 {
			continue
		}
		r.mu.Lock()
		r.records = append(r.records, got...)
		close(r.changed)
		r.changed = make(chan struct{})
		r.mu.Unlock()
	}
}

// Close stops consuming.
func (r *Runner) Close() {
	if r.kafka == nil {
		return
	}
	r.closing.Do(func() {
		r.stop()
		<-r.done
		r.kafka.Close()
	})
}

// snapshot returns the records so far and a channel closed when more
// arrive.
func (r *Runner) snapshot() ([]record, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.records, r.changed
}

// WaitReady waits until GET <url>/readyz answers 200 for every url, or
// within has passed.
func WaitReady(ctx context.Context, client *http.Client, urls []string, within time.Duration) error {
	if client == nil {
		client = &http.Client{Timeout: 2 * time.Second}
	}
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	for _, u := range urls {
		last := "no answer"
		for {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, u+"/readyz", nil)
			if err != nil {
				return err
			}
			resp, err := client.Do(req)
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
				last = resp.Status
			} else if ctx.Err() == nil {
				last = err.Error()
			}
			select {
			case <-ctx.Done():
				if errors.Is(ctx.Err(), context.DeadlineExceeded) {
					return fmt.Errorf("%s/readyz did not answer 200 within %v (last: %s)", u, within, last)
				}
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	return nil
}

// expectation is one `then` of a running flow.
type expectation struct {
	ref *model.Ref
	// check looks once: "" when the expectation is met, otherwise what
	// was seen instead.
	check func(ctx context.Context) string
	met   bool
	last  string
}

// Run runs one flow: sends its command, then waits for what it expects.
func (r *Runner) Run(ctx context.Context, f *model.Flow) (res Result) {
	start := time.Now()
	res.Flow = f
	defer func() { res.Elapsed = time.Since(start) }()
	failf := func(p model.Pos, format string, args ...any) {
		res.Failures = append(res.Failures, fmt.Sprintf("%s:%d:%d: ", r.o.Model.File, p.Line, p.Col)+fmt.Sprintf(format, args...))
	}
	if err := Check(f); err != nil {
		failf(f.Pos, "%v", err)
		return res
	}
	cmd := f.When.Target.(*model.Command)
	agg := cmd.Aggregate

	// Rows that already match a read model's values before the command
	// prove nothing: noted now, they do not count.
	before := map[*model.Ref]map[string]bool{}
	for _, t := range f.Then {
		if rm, ok := t.Target.(*model.ReadModel); ok && r.rowKey(t, rm, agg) == nil {
			rows, _ := r.listRows(ctx, rm)
			seen := map[string]bool{}
			for _, row := range rows {
				if fieldsMismatch(t.Values, row) == "" {
					seen[show(row)] = true
				}
			}
			before[t] = seen
		}
	}

	// The command.
	data, err := body(f.When.Values)
	if err != nil {
		failf(f.When.Pos, "when %s: %v", f.When.Text, err)
		return res
	}
	path := "/" + agg.Kebab() + "/" + cmd.Kebab()
	sent := time.Now()
	status, answer, err := r.do(ctx, http.MethodPost, r.o.URLs[agg.Context]+path, data)
	if err != nil {
		failf(f.When.Pos, "when %s %s: POST %s: %v", f.When.Text, model.FieldValuesString(f.When.Values), path, err)
		return res
	}
	if status/100 != 2 {
		failf(f.When.Pos, "when %s %s: POST %s answered %d %s: %s", f.When.Text, model.FieldValuesString(f.When.Values), path, status, http.StatusText(status), problem(answer))
		return res
	}
	ref, err := decodeObject(answer)
	idName := names.JSON(agg.ID)
	id, _ := ref[idName].(string)
	if err != nil || id == "" {
		failf(f.When.Pos, "when %s: POST %s answered %d with no %s: %s", f.When.Text, path, status, idName, strings.TrimSpace(string(answer)))
		return res
	}

	answered := time.Now()

	// What the flow expects.
	var exps []*expectation
	for _, t := range f.Then {
		switch x := t.Target.(type) {
		case *model.Event:
			exps = append(exps, &expectation{ref: t, check: r.eventCheck(t, x, agg, id, sent)})
		case *model.ReadModel:
			exps = append(exps, &expectation{ref: t, check: r.rowCheck(t, x, agg, id, before[t])})
		}
	}
	deadline := time.NewTimer(r.o.Timeout)
	defer deadline.Stop()
	tick := time.NewTicker(r.o.Poll)
	defer tick.Stop()
	for {
		_, changed := r.snapshot()
		pending := 0
		for _, e := range exps {
			if e.met {
				continue
			}
			if e.last = e.check(ctx); e.last == "" {
				e.met = true
				res.Seen = append(res.Seen, Seen{Then: e.ref, After: time.Since(answered)})
			} else {
				pending++
			}
		}
		if pending == 0 {
			return res
		}
		select {
		case <-ctx.Done():
			failf(f.Pos, "stopped: %v", ctx.Err())
			return res
		case <-deadline.C:
			for _, e := range exps {
				if !e.met {
					failf(e.ref.Pos, "then %s %s: not seen within %v\n%s", e.ref.Text, model.FieldValuesString(e.ref.Values), r.o.Timeout, e.last)
				}
			}
			return res
		case <-changed:
		case <-tick.C:
		}
	}
}

// eventCheck looks for a record of event e with the values of t: with the
// key id when e is an event of the flow's aggregate, otherwise among the
// records published since the command was sent.
func (r *Runner) eventCheck(t *model.Ref, e *model.Event, agg *model.Aggregate, id string, sent time.Time) func(context.Context) string {
	topic, ceType := ir.Topic(r.o.Model, e.Aggregate), ir.EventType(r.o.Model, e)
	byKey := e.Aggregate == agg
	// Record timestamps have millisecond precision.
	since := sent.Truncate(time.Millisecond).Add(-time.Millisecond)
	return func(context.Context) string {
		records, _ := r.snapshot()
		var closest map[string]any
		best, n := -1, 0
		for _, rec := range records {
			if rec.topic != topic || rec.ceType != ceType || byKey && rec.key != id || !byKey && rec.at.Before(since) {
				continue
			}
			n++
			obj, err := decodeObject(rec.value)
			if err != nil {
				continue
			}
			if fieldsMismatch(t.Values, obj) == "" {
				return ""
			}
			if c := countMatching(t.Values, obj); c >= best {
				best, closest = c, obj
			}
		}
		which := fmt.Sprintf("no record of type %s on %s", ceType, topic)
		if byKey {
			which += " with key " + id
		} else {
			which += " since the command"
		}
		if n == 0 {
			return which
		}
		if closest == nil {
			return fmt.Sprintf("%s of type %s on %s, none a JSON object", count(n, "record"), ceType, topic)
		}
		return fmt.Sprintf("%s has these values; seen last (of %s): %s\n%s", which, count(n, "record"), show(closest), fieldsMismatch(t.Values, closest))
	}
}

// rowKey is the key of the row a flow expects in rm, when it is known:
// the key the flow gives, or the aggregate's id when rm keeps a row per
// aggregate of the flow's command (keyed by its id); nil otherwise.
func (r *Runner) rowKey(t *model.Ref, rm *model.ReadModel, agg *model.Aggregate) func(id string) string {
	for _, fv := range t.Values {
		if fv.Field != nil && names.JSON(fv.Field.Name) == names.JSON(rm.Key) && fv.Value.Kind == model.ScalarValue {
			key := fv.Value.Text
			return func(string) string { return key }
		}
	}
	for _, p := range rm.From {
		if e := p.SourceEvent(); e != nil && e.Aggregate == agg && p.KeyField != nil && names.JSON(p.KeyField.Name) == names.JSON(agg.ID) {
			return func(id string) string { return id }
		}
	}
	return nil
}

// rowCheck looks for a row of rm with the values of t: the row of its
// key when known, otherwise any row but those in before.
func (r *Runner) rowCheck(t *model.Ref, rm *model.ReadModel, agg *model.Aggregate, id string, before map[string]bool) func(context.Context) string {
	base := r.o.URLs[rm.Context] + "/" + rm.Kebab()
	if key := r.rowKey(t, rm, agg); key != nil {
		k := key(id)
		path := "/" + rm.Kebab() + "/" + url.PathEscape(k)
		return func(ctx context.Context) string {
			status, answer, err := r.do(ctx, http.MethodGet, base+"/"+url.PathEscape(k), nil)
			switch {
			case err != nil:
				return fmt.Sprintf("GET %s: %v", path, err)
			case status == http.StatusNotFound:
				return fmt.Sprintf("no row of key %s (GET %s answered 404)", k, path)
			case status != http.StatusOK:
				return fmt.Sprintf("GET %s answered %d %s: %s", path, status, http.StatusText(status), problem(answer))
			}
			row, err := decodeObject(answer)
			if err != nil {
				return fmt.Sprintf("GET %s answered a row that is not a JSON object: %s", path, strings.TrimSpace(string(answer)))
			}
			if why := fieldsMismatch(t.Values, row); why != "" {
				return fmt.Sprintf("the row of key %s seen last: %s\n%s", k, show(row), why)
			}
			return ""
		}
	}
	return func(ctx context.Context) string {
		rows, err := r.listRows(ctx, rm)
		if err != nil {
			return err.Error()
		}
		var closest map[string]any
		best := -1
		for _, row := range rows {
			if before[show(row)] {
				continue
			}
			if fieldsMismatch(t.Values, row) == "" {
				return ""
			}
			if c := countMatching(t.Values, row); c > best {
				best, closest = c, row
			}
		}
		if closest == nil {
			return fmt.Sprintf("GET /%s has %s, none new", rm.Kebab(), count(len(rows), "row"))
		}
		return fmt.Sprintf("none of the %s of GET /%s has these values; the closest: %s\n%s", count(len(rows), "row"), rm.Kebab(), show(closest), fieldsMismatch(t.Values, closest))
	}
}

// listRows reads every row of rm, a page at a time.
func (r *Runner) listRows(ctx context.Context, rm *model.ReadModel) ([]map[string]any, error) {
	var rows []map[string]any
	after := ""
	for range 100 {
		q := url.Values{"limit": {"1000"}}
		if after != "" {
			q.Set("after", after)
		}
		path := "/" + rm.Kebab() + "?" + q.Encode()
		status, answer, err := r.do(ctx, http.MethodGet, r.o.URLs[rm.Context]+path, nil)
		if err != nil {
			return nil, fmt.Errorf("GET %s: %v", path, err)
		}
		if status != http.StatusOK {
			return nil, fmt.Errorf("GET %s answered %d %s: %s", path, status, http.StatusText(status), problem(answer))
		}
		page, err := decodeObject(answer)
		if err != nil {
			return nil, fmt.Errorf("GET %s: %v", path, err)
		}
		items, _ := page["items"].([]any)
		for _, item := range items {
			if row, ok := item.(map[string]any); ok {
				rows = append(rows, row)
			}
		}
		next, _ := page["next"].(string)
		if next == "" {
			break
		}
		after = next
	}
	return rows, nil
}

// do sends a request with a JSON body, if any, and returns the answer.
func (r *Runner) do(ctx context.Context, method, u string, data []byte) (int, []byte, error) {
	var rd io.Reader
	if data != nil {
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return 0, nil, err
	}
	if data != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := r.o.Client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	return resp.StatusCode, answer, err
}

// problem is the detail of an RFC 9457 problem answer, or the answer.
func problem(answer []byte) string {
	if p, err := decodeObject(answer); err == nil {
		if d, ok := p["detail"].(string); ok && d != "" {
			return d
		}
		if t, ok := p["title"].(string); ok && t != "" {
			return t
		}
	}
	s := strings.TrimSpace(string(answer))
	if len(s) > 500 {
		s = s[:500] + "..."
	}
	return s
}

// count is n things, in the singular when n is 1.
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
