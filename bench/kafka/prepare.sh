#!/usr/bin/env bash
# Generates the order sample into DIR with this repository's generator and
# puts the Kafka benchmark files where they go (the same places as
# files_test.go), then builds, into DIR/bin, the consumers the end-to-end
# flow runs as processes: order-history (the generated command),
# handwritten-consumer (the hand-written Order History) and, for profiles,
# order-history-profiled (the generated service with a CPU profile).
# Usage: bench/kafka/prepare.sh DIR
set -euo pipefail
dir=$1
cd "$(dirname "$0")/../.."
go run . init "$dir" --sample order >/dev/null
go run . generate "$dir/eventstorm.yaml" >/dev/null
while read -r file into; do
	mkdir -p "$(dirname "$dir/$into")"
	cp "bench/kafka/$file" "$dir/$into"
done <<'FILES'
consume_bench_test.go.txt services/order-history/internal/service/consume_bench_test.go
flow_bench_test.go.txt services/ordering/internal/service/flow_bench_test.go
handwritten.go.txt bench/handwritten/handwritten.go
handwritten_main.go.txt bench/handwritten/cmd/consumer/main.go
history_main.go.txt services/order-history/cmd/order-history-profiled/main.go
FILES
cd "$dir"
go build -o bin/order-history ./services/order-history/cmd/order-history
go build -o bin/order-history-profiled ./services/order-history/cmd/order-history-profiled
go build -o bin/handwritten-consumer ./bench/handwritten/cmd/consumer
