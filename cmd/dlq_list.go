package cmd

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"eventstorm/platform/kafka"
)

type dlqListOptions struct {
	*dlqOptions
	// topics are the dead-letter topics, or the topics read, to list;
	// all when empty.
	topics []string
	// group keeps only the dead-letter topics of that service.
	group string
}

func newDlqListCmd(parent *dlqOptions) *cobra.Command {
	opts := &dlqListOptions{dlqOptions: parent}
	c := &cobra.Command{
		Use:   "list [TOPIC...]",
		Short: "List the dead letters of each dead-letter topic",
		Long: `List the dead letters of each dead-letter topic on the brokers, or of
those named: a TOPIC is a dead-letter topic (<topic>.<group>.dlq) or a
topic services read (then the dead-letter topics of all its readers).
--group keeps those of one service.

Each dead letter shows its partition and offset in its dead-letter topic
(what 'show' and 'replay' take), when it was dead-lettered, its key, the
topic it came from and why.`,
		Example: `  eventstorm dlq list
  eventstorm dlq list --group order-history
  eventstorm dlq list shop.ordering.order`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.topics = args
			return fail(runDlqList(c.Context(), opts))
		},
	}
	c.Flags().StringVar(&opts.group, "group", "", "only the dead-letter topics of this `service` (its consumer group)")
	return c
}

func runDlqList(ctx context.Context, opts *dlqListOptions) error {
	s, err := opts.connect()
	if err != nil {
		return err
	}
	defer s.close()
	ctx, cancel := context.WithTimeout(ctx, opts.timeout)
	defer cancel()
	all, err := s.deadLetterTopics(ctx)
	if err != nil {
		return err
	}
	var topics []string
	for _, t := range all {
		if opts.wants(t) {
			topics = append(topics, t)
		}
	}
	out := opts.streams.Out
	if len(topics) == 0 {
		fmt.Fprintln(out, "No dead-letter topics"+opts.which()+".")
		return nil
	}
	total := 0
	for i, topic := range topics {
		letters, err := s.read(ctx, topic)
		if err != nil {
			return err
		}
		total += len(letters)
		if i > 0 {
			fmt.Fprintln(out)
		}
		printDeadLetters(out, topic, letters)
	}
	fmt.Fprintf(out, "\n%s in %s.\n", count(total, "dead letter"), count(len(topics), "dead-letter topic"))
	return nil
}

// wants reports whether the command line asks for the dead-letter topic.
func (opts *dlqListOptions) wants(topic string) bool {
	read, group, _ := kafka.ParseDeadLetterTopic(topic)
	if opts.group != "" && group != opts.group {
		return false
	}
	if len(opts.topics) == 0 {
		return true
	}
	for _, t := range opts.topics {
		if t == topic || t == read {
			return true
		}
	}
	return false
}

// which says what the command line asked for, to say there is none.
func (opts *dlqListOptions) which() string {
	var parts []string
	if len(opts.topics) > 0 {
		parts = append(parts, "for "+strings.Join(opts.topics, ", "))
	}
	if opts.group != "" {
		parts = append(parts, "of group "+opts.group)
	}
	if len(parts) == 0 {
		return ""
	}
	return " " + strings.Join(parts, " ")
}

// printDeadLetters prints a dead-letter topic's letters as a table.
func printDeadLetters(out io.Writer, topic string, letters []kafka.DeadLetter) {
	if len(letters) == 0 {
		fmt.Fprintf(out, "%s: no dead letters\n", topic)
		return
	}
	fmt.Fprintf(out, "%s: %s\n", topic, count(len(letters), "dead letter"))
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "  PARTITION\tOFFSET\tTIME\tKEY\tTOPIC\tREASON")
	for _, d := range letters {
		fmt.Fprintf(w, "  %d\t%d\t%s\t%s\t%s\t%s\n", d.Record.Partition, d.Record.Offset,
			d.Record.Timestamp.UTC().Format(time.RFC3339), oneLine(fmt.Sprintf("%q", d.Record.Key), 40),
			orDash(d.Topic), oneLine(orDash(d.Reason), 120))
	}
	_ = w.Flush()
}

// count is n and the noun, plural when n is not 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
