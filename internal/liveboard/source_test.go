package liveboard

import (
	"context"
	"testing"
	"time"

	"eventstorm/internal/devrun"
)

// TestWatchReadsTopicsCreatedLater starts reading before any topic
// exists, then the topics are created by their first records: the board
// counts them, measures the lag of the group that never read them, and
// stops when its context ends.
func TestWatchReadsTopicsCreatedLater(t *testing.T) {
	m := loadModel(t, rentalModel)
	broker, err := devrun.StartBroker(devrun.BrokerOptions{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer broker.Close()
	board, err := New(m, Options{LagEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	watchCtx, stop := context.WithCancel(ctx)
	watched := make(chan error, 1)
	go func() { watched <- board.Watch(watchCtx, []string{broker.Addr()}) }()
	time.Sleep(time.Second) // the board looks for the topics, in vain
	produce(ctx, t, broker.Addr(), m, map[string]int{"Bike Registered": 2, "Rental Ended": 1})
	s := waitSnapshot(t, board, func(s Snapshot) bool {
		return s.Events["Fleet/Bike Registered"].Count == 2 && s.Events["Rentals/Rental Ended"].Count == 1 &&
			s.Consumers["Rentals/Bikes Available"].Lag == 2
	})
	if !s.Connected || s.Commands["Rentals/End Rental"].Last.IsZero() {
		t.Errorf("snapshot %+v: want connected, End Rental used", s)
	}
	stop()
	select {
	case err := <-watched:
		if err != nil {
			t.Errorf("Watch: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("Watch did not return within 10 s of its context's end")
	}
}

// TestWatchWithoutBroker: with no broker to reach, the board says so and
// Watch still stops when its context ends.
func TestWatchWithoutBroker(t *testing.T) {
	board, err := New(loadModel(t, rentalModel), Options{LagEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	watched := make(chan error, 1)
	go func() { watched <- board.Watch(ctx, []string{"127.0.0.1:1"}) }()
	s := waitSnapshot(t, board, func(s Snapshot) bool { return s.Error != "" })
	if s.Connected {
		t.Errorf("snapshot %+v: connected to no broker", s)
	}
	cancel()
	select {
	case <-watched:
	case <-time.After(10 * time.Second):
		t.Error("Watch did not return within 10 s of its context's end")
	}
}

// waitSnapshot waits until ok holds for the board's state, failing the
// test after 20 seconds.
func waitSnapshot(t *testing.T, b *Board, ok func(Snapshot) bool) Snapshot {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := b.Snapshot()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("the board shows %+v after 20 s", s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
