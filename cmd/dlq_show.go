package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"eventstorm/platform/kafka"
)

type dlqShowOptions struct {
	*dlqOptions
	topic string
	ref   string
}

func newDlqShowCmd(parent *dlqOptions) *cobra.Command {
	opts := &dlqShowOptions{dlqOptions: parent}
	return &cobra.Command{
		Use:   "show DLQ-TOPIC OFFSET|PARTITION:OFFSET",
		Short: "Print one dead letter with its headers and payload",
		Long: `Print one dead letter of a dead-letter topic in full: where it came
from, why it could not be handled, every header and the payload (JSON
indented).`,
		Example: `  eventstorm dlq show shop.ordering.order.order-history.dlq 3
  eventstorm dlq show shop.ordering.order.order-history.dlq 1:3`,
		Args: exactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			opts.topic, opts.ref = args[0], args[1]
			return fail(runDlqShow(c.Context(), opts))
		},
	}
}

func runDlqShow(ctx context.Context, opts *dlqShowOptions) error {
	ref, err := parseRef(opts.ref)
	if err != nil {
		return err
	}
	s, err := opts.connect()
	if err != nil {
		return err
	}
	defer s.close()
	ctx, cancel := context.WithTimeout(ctx, opts.timeout)
	defer cancel()
	letters, err := s.read(ctx, opts.topic)
	if err != nil {
		return err
	}
	d, err := find(opts.topic, letters, ref)
	if err != nil {
		return err
	}
	printDeadLetter(opts.streams.Out, d)
	return nil
}

// printDeadLetter prints a dead letter in full.
func printDeadLetter(out io.Writer, d kafka.DeadLetter) {
	r := d.Record
	fmt.Fprintf(out, "dead letter  %s partition %d offset %d\n", r.Topic, r.Partition, r.Offset)
	fmt.Fprintf(out, "time         %s\n", r.Timestamp.UTC().Format(time.RFC3339Nano))
	fmt.Fprintf(out, "key          %q\n", r.Key)
	from := orDash(d.Topic)
	if d.Partition >= 0 {
		from += " partition " + strconv.Itoa(int(d.Partition))
	}
	if d.Offset >= 0 {
		from += " offset " + strconv.FormatInt(d.Offset, 10)
	}
	fmt.Fprintf(out, "from         %s\n", from)
	fmt.Fprintf(out, "group        %s\n", orDash(d.Group))
	if d.Attempts >= 0 {
		fmt.Fprintf(out, "attempts     %d\n", d.Attempts)
	}
	fmt.Fprintf(out, "reason       %s\n", orDash(d.Reason))
	fmt.Fprintln(out, "headers")
	for _, h := range r.Headers {
		fmt.Fprintf(out, "  %s: %s\n", h.Key, printable(h.Value))
	}
	fmt.Fprintln(out, "payload")
	fmt.Fprintln(out, payload(r.Value))
}

// payload is a record's value to print: JSON indented, other text as it is,
// bytes that are not UTF-8 quoted.
func payload(v []byte) string {
	if len(v) == 0 {
		return "(empty)"
	}
	var buf bytes.Buffer
	if json.Valid(v) && json.Indent(&buf, v, "", "  ") == nil {
		return buf.String()
	}
	return printable(v)
}

// printable is b as text when it is UTF-8, else quoted.
func printable(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strconv.Quote(string(b))
}
