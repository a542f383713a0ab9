#!/usr/bin/env bash
# Throughput of whydenied against the peer (@cloud-copilot/iam-simulate) on
# the same generated scenarios; prints scenarios/second for each and the
# ratio ours/peer. Outside `go test`; see README.md beside this script.
#
# Usage: bench/compare/ratio.sh
# Environment (all optional):
#   SECONDS_PER_RUN  target length of each timed run (default 8)
#   COUNT            scenarios in the mixed file (default 2000)
#   TYPICAL_COUNT    scenarios in the typical-request file (default 500)
#   SEED             generator seed (default 1)
#   WHYDENIED        use this binary instead of building ./cmd/whydenied
#   ROUNDS           measure each shape this many times, peer and ours in
#                    turn, and report the median ratio (default 1); the
#                    machines are shared, and one round's ratio can be off
#                    by a tenth or more
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
secs="${SECONDS_PER_RUN:-8}"
count="${COUNT:-2000}"
typical_count="${TYPICAL_COUNT:-500}"
seed="${SEED:-1}"
rounds="${ROUNDS:-1}"

for tool in node npm go; do
  command -v "$tool" >/dev/null || { echo "ratio.sh: $tool is needed and not on PATH" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== installing the peer (npm ci in bench/compare)"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

if [[ -n "${WHYDENIED:-}" ]]; then
  bin="$WHYDENIED"
  echo "== using our binary $bin"
else
  echo "== building ./cmd/whydenied"
  (cd "$repo" && go build -o "$work/whydenied" ./cmd/whydenied)
  bin="$work/whydenied"
fi

echo "== generating scenarios (seed $seed)"
node "$here/gen.mjs" --seed "$seed" --count "$count" >"$work/mixed.jsonl"
node "$here/gen.mjs" --seed "$seed" --count "$typical_count" --shape typical >"$work/typical.jsonl"
shapes=(mixed typical)
# The repository's own hand-written typical request, when there is one.
if [[ -f "$repo/testdata/bench/typical.json" ]]; then
  node -e 'const fs = require("fs"); console.log(JSON.stringify(JSON.parse(fs.readFileSync(process.argv[1], "utf8"))))' \
    "$repo/testdata/bench/typical.json" >"$work/typical-json.jsonl"
  shapes+=(typical-json)
fi

now_ns() { date +%s%N; }

# Writes FILE repeated REPS times to OUT (not timed): a chunk that doubles
# each round is appended whenever REPS has that power of two, so it takes
# about 2*log2(REPS) copies however large REPS is (one copy per extra
# repetition took minutes for a one-line file).
repeat_file() {
  local file="$1" reps="$2" out="$3"
  : >"$out"
  cp "$file" "$out.chunk"
  while ((reps > 0)); do
    if ((reps & 1)); then cat "$out.chunk" >>"$out"; fi
    reps=$((reps >> 1))
    if ((reps > 0)); then
      cat "$out.chunk" "$out.chunk" >"$out.tmp" && mv "$out.tmp" "$out.chunk"
    fi
  done
  rm -f "$out.chunk"
}

# Times one `whydenied simulate --batch` process over FILE repeated REPS
# times, as a user would feed it a large batch. Prints seconds.
time_ours() {
  local file="$1" reps="$2" start end status
  repeat_file "$file" "$reps" "$work/batch.jsonl"
  start="$(now_ns)"
  set +e
  "$bin" simulate --batch --format json <"$work/batch.jsonl" >/dev/null
  status=$?
  set -e
  end="$(now_ns)"
  rm -f "$work/batch.jsonl"
  # 1 means only that some scenario's "expect" was not met; it still ran.
  if ((status > 1)); then
    echo "ratio.sh: $bin simulate --batch exited $status on $file" >&2
    exit 2
  fi
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f", (e - s) / 1e9 }'
}

# median prints the middle of its numeric arguments (the lower middle of
# an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

summary=()
for name in "${shapes[@]}"; do
  file="$work/$name.jsonl"
  lines="$(grep -c . "$file")"
  echo
  echo "== $name: $lines scenarios"

  # Grow the repetition count until a run of ours is long enough that
  # process start-up no longer skews the estimate, then size the timed
  # runs from it.
  reps=1
  took="$(time_ours "$file" "$reps")"
  first_ps="$(awk -v n="$lines" -v t="$took" 'BEGIN { printf "%.1f", n / t }')"
  echo "ours, one pass over the file: $lines scenarios in ${took}s = $first_ps/s (start-up included; every policy seen for the first time)"
  while awk -v t="$took" -v s="$secs" 'BEGIN { exit !(t < s / 8) }'; do
    reps="$(awk -v r="$reps" -v t="$took" -v s="$secs" 'BEGIN { g = int(s / 8 / (t > 0.001 ? t : 0.001)) + 1; print r * (g < 2 ? 2 : g) }')"
    took="$(time_ours "$file" "$reps")"
  done
  reps="$(awk -v r="$reps" -v t="$took" -v s="$secs" 'BEGIN { n = int(r * s / t) + 1; print (n < r ? r : n) }')"

  ratios=() ours_all=() peer_all=()
  for ((round = 1; round <= rounds; round++)); do
    echo "-- round $round of $rounds: peer (iam-simulate), about ${secs}s"
    node "$here/throughput.mjs" "$file" --seconds "$secs" | tee "$work/peer-$name.txt"
    peer_json="$(tail -n 1 "$work/peer-$name.txt")"
    peer_ps="$(node -e 'console.log(JSON.parse(process.argv[1]).perSecond)' "$peer_json")"
    peer_ran="$(node -e 'console.log(JSON.parse(process.argv[1]).scenarios)' "$peer_json")"

    echo "-- round $round of $rounds: ours (whydenied simulate --batch), about ${secs}s"
    took="$(time_ours "$file" "$reps")"
    ours_ps="$(awk -v n="$lines" -v r="$reps" -v t="$took" 'BEGIN { printf "%.1f", n * r / t }')"
    echo "file repeated $reps times: $((lines * reps)) scenarios in ${took}s (one process; includes start-up, JSON parsing and writing results)"
    echo "per scenario: $(awk -v p="$ours_ps" 'BEGIN { printf "%.1f", 1e6 / p }') µs mean; $ours_ps scenarios/s"

    ratio="$(awk -v o="$ours_ps" -v p="$peer_ps" 'BEGIN { printf "%.2f", o / p }')"
    echo "-- $name, round $round: ours $ours_ps/s, peer $peer_ps/s (over the $peer_ran it runs): ours/peer = $ratio"
    ratios+=("$ratio") ours_all+=("$ours_ps") peer_all+=("$peer_ps")
  done
  ratio="$(median "${ratios[@]}")"
  ours_ps="$(median "${ours_all[@]}")"
  peer_ps="$(median "${peer_all[@]}")"
  echo "-- $name: median ours/peer = $ratio over $rounds round(s) (${ratios[*]})"
  summary+=("{\"shape\":\"$name\",\"scenarios\":$lines,\"oursPerSecond\":$ours_ps,\"oursOnePassPerSecond\":$first_ps,\"peerPerSecond\":$peer_ps,\"ratio\":$ratio,\"rounds\":$rounds,\"ratios\":[$(IFS=,; echo "${ratios[*]}")]}")
done

echo
echo "== summary (ours/peer, higher is faster for whydenied; medians over the rounds)"
(IFS=,; echo "[${summary[*]}]")
