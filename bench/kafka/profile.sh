#!/usr/bin/env bash
# CPU profiles of the hand-written and the generated end-to-end flows of
# flow.sh, each side: the publishing process (the benchmark, with the broker
# in it: -test.cpuprofile) and the consuming process (CPUPROFILE, read by
# handwritten_main.go.txt and history_main.go.txt), plus the in-process
# consumer benchmarks of run.sh. The profiles go to OUT with the binaries
# that wrote them; the script prints the top functions of each.
# Usage: bench/kafka/profile.sh OUT [events per run, default 200000]
set -euo pipefail
out=$(realpath -m "$1")
n=${2:-200000}
mkdir -p "$out"
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bench/kafka/prepare.sh "$dir"
cd "$dir"
go test -c -o "$out/flow.test" ./services/ordering/internal/service/
go test -c -o "$out/consume.test" ./services/order-history/internal/service/
cp bin/order-history-profiled bin/handwritten-consumer "$out/"
cd services/ordering/internal/service
for flow in HandWritten Generated; do
	name=$(echo "$flow" | tr 'A-Z' 'a-z')
	ORDER_HISTORY_BIN="$out/order-history-profiled" HANDWRITTEN_CONSUMER_BIN="$out/handwritten-consumer" \
		CPUPROFILE="$out/$name-consumer.prof" \
		"$out/flow.test" -test.run '^$' -test.bench "^Benchmark${flow}Flow\$" -test.benchtime "${n}x" \
		-test.cpuprofile "$out/$name-publisher.prof"
done
cd "$dir/services/order-history/internal/service"
for bench in HandWritten Generated; do
	name=$(echo "$bench" | tr 'A-Z' 'a-z')
	"$out/consume.test" -test.run '^$' -test.bench "^Benchmark${bench}\$" -test.benchtime "${n}x" \
		-test.cpuprofile "$out/$name-consume-inprocess.prof"
done
for prof in "$out"/*.prof; do
	echo "== $(basename "$prof")"
	go tool pprof -top -nodecount 25 "$prof" 2>/dev/null | sed -n '1,35p'
done
