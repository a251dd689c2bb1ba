package inbox_test

import (
	"context"
	"strconv"
	"testing"

	"eventstorm/platform/inbox"
	"eventstorm/platform/memdb"
)

// BenchmarkMemoryBatch handles events as the consumer does: a batch of 100
// in one transaction, each event's id checked and recorded by the inbox and
// its effect a read and a write of an in-memory table (a projection).
func BenchmarkMemoryBatch(b *testing.B) {
	in := inbox.NewMemory()
	rows := memdb.NewTable[string, int](nil)
	ids := make([]string, b.N)
	for i := range ids {
		ids[i] = "0195c4c2-7d1e-7000-8000-" + strconv.Itoa(100000000000+i)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for start := 0; start < b.N; start += 100 {
		batch := ids[start:min(start+100, b.N)]
		err := in.Batch(ctx, func(ctx context.Context) error {
			for _, id := range batch {
				if _, err := in.Handle(ctx, id, func(ctx context.Context) error {
					n, _ := rows.Get(ctx, id[:30])
					rows.Put(ctx, id[:30], n+1)
					return nil
				}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
