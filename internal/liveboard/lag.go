package liveboard

import (
	"context"
	"errors"
	"slices"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
)

// groupLags measures each consumer group's lag: the records of the topics
// it reads that it has not committed yet, counted from a partition's start
// where it has committed nothing (a service reads a new group's topics
// from their start). A group that has not started yet lags by every record
// of its topics (a group the broker does not know has committed nothing);
// a topic that does not exist yet adds nothing.
func groupLags(ctx context.Context, adm *kadm.Client, x *index) (map[string]int64, error) {
	var topics []string
	for _, g := range x.groups {
		topics = append(topics, g.topics...)
	}
	slices.Sort(topics)
	topics = slices.Compact(topics)
	if len(topics) == 0 {
		return nil, nil
	}
	ends, err := adm.ListEndOffsets(ctx, topics...)
	if err != nil {
		return nil, err
	}
	starts, err := adm.ListStartOffsets(ctx, topics...)
	if err != nil {
		return nil, err
	}
	lags := map[string]int64{}
	for _, name := range x.groupNames() {
		committed, err := adm.FetchOffsets(ctx, name)
		if err != nil && !errors.Is(err, kerr.GroupIDNotFound) {
			return nil, err
		}
		lags[name] = lagOf(x.groups[name].topics, starts, ends, committed)
	}
	return lags, nil
}

// lagOf is the lag over topics of a group that committed committed.
func lagOf(topics []string, starts, ends kadm.ListedOffsets, committed kadm.OffsetResponses) int64 {
	var lag int64
	for _, t := range topics {
		for p, end := range ends[t] {
			if end.Err != nil {
				continue
			}
			from := int64(0)
			if s, ok := starts.Lookup(t, p); ok && s.Err == nil {
				from = s.Offset
			}
			if c, ok := committed.Lookup(t, p); ok && c.Err == nil && c.At >= 0 {
				from = max(from, c.At)
			}
			lag += max(0, end.Offset-from)
		}
	}
	return lag
}
