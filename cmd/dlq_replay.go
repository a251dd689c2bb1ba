package cmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"eventstorm/platform/kafka"
)

type dlqReplayOptions struct {
	*dlqOptions
	topic string
	refs  []string
	all   bool
}

func newDlqReplayCmd(parent *dlqOptions) *cobra.Command {
	opts := &dlqReplayOptions{dlqOptions: parent}
	c := &cobra.Command{
		Use:   "replay DLQ-TOPIC (OFFSET|PARTITION:OFFSET...|--all)",
		Short: "Publish dead letters again to the topic they came from",
		Long: `Publish the named dead letters of a dead-letter topic, or all of them,
again to the topic each came from, with its key, payload and original
headers (the dlq_* headers left out), in the order they were dead-lettered.

Replay once the cause is fixed: a service that still cannot handle one
sends it to the dead-letter topic again. A replayed event keeps its ce_id,
so a service that already handled it (replayed twice, say) skips it. The
dead letters stay in the dead-letter topic.`,
		Example: `  eventstorm dlq replay shop.ordering.order.order-history.dlq 3 1:7
  eventstorm dlq replay shop.ordering.order.order-history.dlq --all`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("%s takes a dead-letter topic\nRun '%s --help' for usage.", c.CommandPath(), c.CommandPath())
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.topic, opts.refs = args[0], args[1:]
			return fail(runDlqReplay(c.Context(), opts))
		},
	}
	c.Flags().BoolVar(&opts.all, "all", false, "replay every dead letter of the topic")
	return c
}

func runDlqReplay(ctx context.Context, opts *dlqReplayOptions) error {
	if opts.all == (len(opts.refs) > 0) {
		return usageError("name the dead letters to replay by OFFSET or PARTITION:OFFSET, or give --all, not both")
	}
	var refs []dlqRef
	for _, s := range opts.refs {
		ref, err := parseRef(s)
		if err != nil {
			return err
		}
		refs = append(refs, ref)
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
	chosen := letters
	if !opts.all {
		chosen = nil
		seen := map[[2]int64]bool{}
		for _, ref := range refs {
			d, err := find(opts.topic, letters, ref)
			if err != nil {
				return err
			}
			if at := [2]int64{int64(d.Record.Partition), d.Record.Offset}; !seen[at] {
				seen[at] = true
				chosen = append(chosen, d)
			}
		}
	}
	out := opts.streams.Out
	if len(chosen) == 0 {
		fmt.Fprintf(out, "%s has no dead letters: nothing to replay.\n", opts.topic)
		return nil
	}
	checked := map[string]bool{}
	for _, d := range chosen {
		if d.Topic == "" {
			return fmt.Errorf("dead letter %d:%d of %s does not say which topic it came from (no %s header)", d.Record.Partition, d.Record.Offset, opts.topic, kafka.HeaderDeadLetterTopic)
		}
		if !checked[d.Topic] {
			if err := s.topicExists(ctx, d.Topic); err != nil {
				return fmt.Errorf("dead letter %d:%d of %s: %w", d.Record.Partition, d.Record.Offset, opts.topic, err)
			}
			checked[d.Topic] = true
		}
	}
	for i, d := range chosen {
		r := d.Original()
		if err := s.cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			if i > 0 {
				fmt.Fprintf(out, "Replayed %s before the failure.\n", count(i, "dead letter"))
			}
			return fmt.Errorf("replaying dead letter %d:%d of %s to %s: %w", d.Record.Partition, d.Record.Offset, opts.topic, d.Topic, err)
		}
		fmt.Fprintf(out, "%d:%d -> %s partition %d offset %d (ce_id %s)\n", d.Record.Partition, d.Record.Offset, r.Topic, r.Partition, r.Offset, orDash(header(d.Record, "ce_id")))
	}
	fmt.Fprintf(out, "Replayed %s of %s.\n", count(len(chosen), "dead letter"), opts.topic)
	return nil
}
