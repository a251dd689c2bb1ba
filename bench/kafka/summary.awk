#!/usr/bin/awk -f
# Summarises bench/kafka/flow.sh's output: each flow's events/s by round and
# median, the ratios generated/hand-written and generated/bare, per round
# and of the medians, and the median CPU µs per event (both processes).
function median(a, n,    i, j, t, s) {
	for (i = 1; i <= n; i++) s[i] = a[i]
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && s[j-1] > s[j]; j--) { t = s[j]; s[j] = s[j-1]; s[j-1] = t }
	return n % 2 ? s[(n+1)/2] : (s[n/2] + s[n/2+1]) / 2
}
/^Benchmark(Bare|HandWritten|Generated|Traced)Flow/ {
	name = $1; sub(/^Benchmark/, "", name); sub(/Flow(-[0-9]+)?$/, "", name)
	r = ++n[name]
	for (i = 2; i < NF; i++) {
		if ($(i+1) == "events/s") v[name, r] = $i
		if ($(i+1) == "cpu-us/event") cpu[name, r] = $i
		if ($(i+1) == "pub-cpu-us/event") pub[name, r] = $i
		if ($(i+1) == "con-cpu-us/event") con[name, r] = $i
	}
}
END {
	rounds = n["Generated"]
	if (rounds == 0 || n["HandWritten"] != rounds || n["Bare"] != rounds) {
		print "summary: incomplete rounds" > "/dev/stderr"; exit 1
	}
	printf "\nevents/s\n%-7s %12s %14s %12s %20s %16s\n", "round", "bare", "hand-written", "generated", "generated/hand-wr.", "generated/bare"
	for (r = 1; r <= rounds; r++) {
		b[r] = v["Bare", r]; h[r] = v["HandWritten", r]; g[r] = v["Generated", r]
		gh[r] = g[r] / h[r]; gb[r] = g[r] / b[r]
		printf "%-7d %12.0f %14.0f %12.0f %20.3f %16.3f\n", r, b[r], h[r], g[r], gh[r], gb[r]
		cb[r] = cpu["Bare", r]; ch[r] = cpu["HandWritten", r]; cg[r] = cpu["Generated", r]
		ph[r] = pub["HandWritten", r]; pg[r] = pub["Generated", r]
		kh[r] = con["HandWritten", r]; kg[r] = con["Generated", r]
	}
	mb = median(b, rounds); mh = median(h, rounds); mg = median(g, rounds)
	printf "%-7s %12.0f %14.0f %12.0f %20.3f %16.3f\n", "median", mb, mh, mg, median(gh, rounds), median(gb, rounds)
	printf "\nCPU µs per event, median (publishing process with the broker + consuming process)\n"
	printf "bare %.2f; hand-written %.2f (%.2f + %.2f); generated %.2f (%.2f + %.2f)\n",
		median(cb, rounds), median(ch, rounds), median(ph, rounds), median(kh, rounds),
		median(cg, rounds), median(pg, rounds), median(kg, rounds)
	printf "\nevents/s (median of %d rounds): bare %.0f, hand-written %.0f, generated %.0f\n", rounds, mb, mh, mg
	printf "generated/hand-written %.3f (median of the rounds' ratios %.3f); generated/bare %.3f (%.3f); hand-written/bare %.3f\n", mg/mh, median(gh, rounds), mg/mb, median(gb, rounds), mh/mb
	if (n["Traced"] == rounds) {
		for (r = 1; r <= rounds; r++) {
			tr[r] = v["Traced", r]; tg[r] = tr[r] / g[r]; ct[r] = cpu["Traced", r]; dc[r] = ct[r] - cpu["Generated", r]
		}
		printf "traced (sampling 1.0, OTLP): %.0f events/s; traced/generated %.3f (median of the rounds' ratios %.3f); CPU µs per event %.2f, %.2f more than untraced (median of the rounds' differences)\n", median(tr, rounds), median(tr, rounds)/mg, median(tg, rounds), median(ct, rounds), median(dc, rounds)
	}
}
