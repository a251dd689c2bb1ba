#!/usr/bin/env bash
# Events/s through the order flow end to end without HTTP, four ways side
# by side, each on an in-process broker (kfake) of its own (see
# flow_bench_test.go.txt):
#   bare          franz-go alone, produce and consume in one process, nothing
#                 encoded or decoded;
#   hand-written  the code a team would write instead of generating
#                 (handwritten.go.txt): orders in a map, encoding/json,
#                 CloudEvents headers; its Order History a separate process
#                 decoding into a struct, a map, a commit after each poll;
#   generated     the generated Place Order use case → in-memory outbox →
#                 relay → platform/kafka, and the generated Order History
#                 service as a separate process (inbox, dispatcher,
#                 projection, metrics, commit after each poll);
#   traced        the generated flow with tracing on in both processes,
#                 every trace kept, spans exported over OTLP/HTTP to a
#                 collector that discards them (tracing is off in the three
#                 others, as it is when no OTEL_* variable is set).
# Each round runs the four once, one after another; the summary gives each
# one's median events/s over the rounds and the ratios generated/hand-written
# and generated/bare, per round and of the medians.
# Usage: bench/kafka/flow.sh [events per run, default 200000] [rounds, default 3]
# FLOW_OUT=FILE keeps the raw benchmark output.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-200000}
rounds=${2:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bench/kafka/prepare.sh "$dir"
(cd "$dir" && go test -c -o bin/flow.test ./services/ordering/internal/service/)
out=${FLOW_OUT:-$dir/flow.txt}
: >"$out"
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(go env GOVERSION); $n events per run, $rounds rounds" | tee -a "$out"
for round in $(seq "$rounds"); do
	echo "# round $round, load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
	(cd "$dir/services/ordering/internal/service" &&
		ORDER_HISTORY_BIN="$dir/bin/order-history" HANDWRITTEN_CONSUMER_BIN="$dir/bin/handwritten-consumer" \
			"$dir/bin/flow.test" -test.run '^$' -test.bench '^Benchmark(Bare|HandWritten|Generated|Traced)Flow$' \
			-test.benchtime "${n}x") | tee -a "$out"
done
bench/kafka/summary.awk "$out"
