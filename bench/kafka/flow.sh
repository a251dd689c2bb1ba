#!/usr/bin/env bash
# Events/s through the generated order flow end to end without HTTP (use case
# → outbox → relay → Kafka → Order History consumer → projection stored →
# offset committed) beside a bare franz-go produce-and-consume loop, in the
# same run, on in-process brokers.
# Usage: bench/kafka/flow.sh [events per run, default 100000] [count, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
count=${2:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go run . init "$dir" --sample order >/dev/null
go run . generate "$dir/eventstorm.yaml" >/dev/null
cp bench/kafka/flow_bench_test.go.txt "$dir/services/ordering/internal/service/flow_bench_test.go"
cd "$dir"
go build -o "$dir/bin/order-history" ./services/order-history/cmd/order-history
ORDER_HISTORY_BIN="$dir/bin/order-history" go test -run '^$' -bench . -benchtime "${n}x" -count "$count" ./services/ordering/internal/service/
