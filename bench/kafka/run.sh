#!/usr/bin/env bash
# Events/s through the consumer path of the order flow (consume → projection
# stored → offset committed), generated (the Order History service in
# process) and hand-written (encoding/json, a map, a commit after each
# poll), beside a bare franz-go consume-and-commit loop, each on an
# in-process broker of its own with the records produced beforehand, in the
# same run.
# Usage: bench/kafka/run.sh [events per run, default 50000] [count, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-50000}
count=${2:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bench/kafka/prepare.sh "$dir"
cd "$dir"
go test -run '^$' -bench . -benchtime "${n}x" -count "$count" ./services/order-history/internal/service/
