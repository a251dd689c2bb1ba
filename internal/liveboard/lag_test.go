package liveboard

import (
	"errors"
	"testing"

	"github.com/twmb/franz-go/pkg/kadm"
)

func TestLagOf(t *testing.T) {
	listed := func(offsets ...int64) kadm.ListedOffsets {
		out := kadm.ListedOffsets{"a": {}}
		for p, o := range offsets {
			out["a"][int32(p)] = kadm.ListedOffset{Topic: "a", Partition: int32(p), Offset: o}
		}
		return out
	}
	commits := func(ats map[int32]int64) kadm.OffsetResponses {
		out := kadm.OffsetResponses{"a": {}}
		for p, at := range ats {
			out["a"][p] = kadm.OffsetResponse{Offset: kadm.Offset{Topic: "a", Partition: p, At: at}}
		}
		return out
	}
	missing := kadm.ListedOffsets{"a": {-1: {Topic: "a", Partition: -1, Err: errors.New("unknown topic")}}}
	tests := []struct {
		name         string
		starts, ends kadm.ListedOffsets
		committed    kadm.OffsetResponses
		want         int64
	}{
		{"no topic yet", missing, missing, nil, 0},
		{"empty topic", listed(0, 0), listed(0, 0), nil, 0},
		{"a group that never committed lags by every record", listed(0, 0), listed(3, 4), nil, 7},
		{"from the log's start when older records are gone", listed(2, 0), listed(3, 4), nil, 5},
		{"committed on one partition", listed(0, 0), listed(3, 4), commits(map[int32]int64{0: 3}), 4},
		{"caught up", listed(0, 0), listed(3, 4), commits(map[int32]int64{0: 3, 1: 4}), 0},
		{"a commit of -1 is none", listed(0, 0), listed(3, 4), commits(map[int32]int64{0: -1, 1: 4}), 3},
		{"another topic's commits do not count", listed(0), listed(3), kadm.OffsetResponses{"b": {0: {Offset: kadm.Offset{Topic: "b", At: 3}}}}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lagOf([]string{"a"}, tt.starts, tt.ends, tt.committed); got != tt.want {
				t.Errorf("lag %d, want %d", got, tt.want)
			}
		})
	}
}
