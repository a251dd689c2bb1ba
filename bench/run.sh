#!/usr/bin/env bash
# Times the eventstorm CLI on the synthetic models of 1,000 and 2,000
# commands (bench/synth): `validate`, and `generate -o DIR` into a fresh
# directory each run (hyperfine --prepare removes it, untimed). Generation
# through the CLI includes writing ~6,600 files (each fsynced), which the
# Go benchmarks (go test ./bench -bench .) leave out.
#
#   bench/run.sh                 # 6 runs each, 1 warm-up
#   RUNS=10 GEN_RUNS=3 bench/run.sh
#   OUT=bench/results bench/run.sh   # also export hyperfine's markdown/JSON
#
# Needs nothing from the network: it builds eventstorm and the model
# writer from this checkout. It uses hyperfine when installed
# (apt-get install -y hyperfine) and a plain timing loop otherwise.
set -euo pipefail

RUNS=${RUNS:-6}
GEN_RUNS=${GEN_RUNS:-$RUNS} # generate writes thousands of files; fewer runs may do
WARMUP=${WARMUP:-1}
OUT=${OUT:-}

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/eventstorm-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$root"
go build -o "$work/eventstorm" .
go build -o "$work/synth" ./bench/cmd/synth
"$work/synth" -contexts 20 -aggregates 10 -commands 5 >"$work/m1000.yaml"
"$work/synth" -contexts 40 -aggregates 10 -commands 5 >"$work/m2000.yaml"
es="$work/eventstorm"

echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(go version | cut -d' ' -f3)"
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in 1000 2000; do
	"$es" validate "$work/m$n.yaml" >/dev/null # fail early on an invalid model
done

if command -v hyperfine >/dev/null; then
	export_args() { # name
		if [ -n "$OUT" ]; then
			mkdir -p "$OUT"
			echo --export-markdown "$OUT/$1.md" --export-json "$OUT/$1.json"
		fi
	}
	# shellcheck disable=SC2046
	hyperfine --style basic --runs "$RUNS" --warmup "$WARMUP" $(export_args cli-validate) \
		-n 'validate 1000' "$es validate $work/m1000.yaml" \
		-n 'validate 2000' "$es validate $work/m2000.yaml"
	# shellcheck disable=SC2046
	hyperfine --style basic --runs "$GEN_RUNS" --warmup "$WARMUP" $(export_args cli-generate) \
		--prepare "rm -rf $work/out" \
		-n 'generate 1000' "$es generate $work/m1000.yaml -o $work/out" \
		-n 'generate 2000' "$es generate $work/m2000.yaml -o $work/out"
else
	echo "# hyperfine not found (apt-get install -y hyperfine); timing with a plain loop, no warm-up"
	timeit() { # runs, name, command...
		local runs=$1 name=$2
		shift 2
		local total=0 t0 t1
		for _ in $(seq "$runs"); do
			rm -rf "$work/out"
			t0=$(date +%s%N)
			"$@" >/dev/null
			t1=$(date +%s%N)
			total=$((total + t1 - t0))
		done
		awk -v n="$name" -v t="$total" -v r="$runs" 'BEGIN { printf "%-16s mean %8.1f ms over %d runs\n", n, t / r / 1e6, r }'
	}
	for n in 1000 2000; do timeit "$RUNS" "validate $n" "$es" validate "$work/m$n.yaml"; done
	for n in 1000 2000; do timeit "$GEN_RUNS" "generate $n" "$es" generate "$work/m$n.yaml" -o "$work/out"; done
fi
