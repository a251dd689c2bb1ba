#!/usr/bin/env bash
# Events/s through the generated consumer path of the order flow (consume →
# projection stored → offset committed) beside a bare franz-go
# consume-and-commit loop, on one in-process broker, in the same run.
# Usage: bench/kafka/run.sh [events per run, default 50000] [count, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-50000}
count=${2:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go run . init "$dir" --sample order >/dev/null
go run . generate "$dir/eventstorm.yaml" >/dev/null
cp bench/kafka/consume_bench_test.go.txt "$dir/services/order-history/internal/service/consume_bench_test.go"
cd "$dir"
go test -run '^$' -bench . -benchtime "${n}x" -count "$count" ./services/order-history/internal/service/
