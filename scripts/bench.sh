#!/usr/bin/env bash
# bench.sh: time `kubeward scan` on the real corpus and on 10x and 100x
# copies of it (built once by the corpus's scale.sh and cached), reporting
# objects/s, wall time and peak resident memory. If kube-linter is on PATH
# (or KUBE_LINTER names it) it is timed on the same inputs, side by side.
set -euo pipefail
CORPUS=${CORPUS:-../shared/corpus}
KUBEWARD=${KUBEWARD:-bin/kubeward}
CACHE=${BENCH_CACHE:-.cache/bench}
KUBE_LINTER=${KUBE_LINTER:-$(command -v kube-linter || true)}

[ -d "$CORPUS/real" ] || { echo "bench: no corpus at $CORPUS/real (set CORPUS)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
mkdir -p "$CACHE"
for n in 10 100; do
  if [ ! -f "$CACHE/x$n/.done" ]; then
    rm -rf "$CACHE/x$n"
    echo "building the ${n}x corpus in $CACHE/x$n ..." >&2
    bash "$CORPUS/scale.sh" "$n" "$CACHE/x$n" "$CORPUS/real" >/dev/null
    touch "$CACHE/x$n/.done"
  fi
done

# measure CMD...: runs CMD under GNU time; prints "WALL_SECONDS PEAK_KB".
measure() {
  local t; t=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$t" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$t"
  rm -f "$t"
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
printf '%-12s %-6s %9s %8s %9s %12s\n' tool corpus objects wall_s peak_MiB objects_per_s
for c in real x10 x100; do
  dir=$CORPUS/real; [ "$c" = real ] || dir=$CACHE/$c
  read -r wall rss < <(measure "$KUBEWARD" scan -o json --fail-on none --output-file "$out" "$dir")
  objects=$(head -c 4096 "$out" | grep -m1 '"objects"' | tr -dc 0-9)
  printf '%-12s %-6s %9s %8s %9s %12s\n' kubeward "$c" "$objects" "$wall" "$((rss / 1024))" \
    "$(awk -v o="$objects" -v w="$wall" 'BEGIN { printf "%.0f", (w > 0 ? o / w : 0) }')"
  if [ -n "$KUBE_LINTER" ]; then
    read -r wall rss < <(measure "$KUBE_LINTER" lint --format json "$dir")
    printf '%-12s %-6s %9s %8s %9s %12s\n' kube-linter "$c" - "$wall" "$((rss / 1024))" -
  fi
done
