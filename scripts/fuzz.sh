#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets of tests/fuzz/targets.cmake with clang
# (ASan + UBSan, halting on the first finding) and fuzzes each for FUZZ_SECONDS
# (default 60) in one process (one core), starting from the kept corpus
# (tests/fuzz/corpus/NAME) and fresh seeds (a real IDX pair, a small saved
# model). Then it minimises the kept corpus together with what it found
# (libFuzzer's -merge=1) back into tests/fuzz/corpus/NAME, and copies every
# input that crashed, leaked, ran out of memory or timed out into
# tests/fuzz/crashes/NAME; `make test` replays both folders (commit them).
# Ends with executions and corpus size per target; exits 1 if anything crashed.
#
#   make fuzz                                   every target, 60 s each
#   make fuzz FUZZ_SECONDS=600 FUZZ_TARGETS=model
#   FUZZ_MAX_LEN=8192                           longest input tried (bytes)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
SECONDS_EACH="${FUZZ_SECONDS:-60}"
MAX_LEN="${FUZZ_MAX_LEN:-8192}"
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$p" >/dev/null; }
done
B=build/fuzz
cmake -S . -B "$B" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=Debug -DNNPLAY_FUZZ=ON -DNNPLAY_BUILD_APP=OFF >/dev/null
mapfile -t ALL < "$B/fuzz-targets.txt"
read -r -a TARGETS <<< "${FUZZ_TARGETS:-${ALL[*]}}"
cmake --build "$B" -j"$(nproc)" --target nnplay-cli $(printf 'fuzz-%s ' "${TARGETS[@]}")

# Fresh seeds, made from real data each time (so a lost corpus starts well).
mkdir -p "$B/seeds-idx" "$B/seeds-model"
python3 - "$B/seeds-idx/seed" <<'PY'
import struct, sys
pixels = open(".cache/mnist/t10k-images-idx3-ubyte", "rb").read()[16:16 + 3 * 784]
imgs = struct.pack(">IIII", 0x803, 3, 28, 28) + pixels
labels = struct.pack(">II", 0x801, 3) + bytes([7, 2, 1])
whole = imgs + labels
split = len(imgs) + 1  # fuzz_idx.cpp: the first byte says where the image file ends
open(sys.argv[1], "wb").write(bytes([min(255, round(255 * (split - 1) / len(whole)))]) + whole)
PY
"$B/bin/nnplay-cli" train --epochs 1 --train 200 --test 100 --architecture 784-1-10 --data .cache/mnist \
  --save "$B/seeds-model/seed.safetensors" >/dev/null

summary=()
crashed=0
for t in "${TARGETS[@]}"; do
  work="$B/corpus-$t" art="$B/artifacts-$t" kept="tests/fuzz/corpus/$t"
  rm -rf "$work" "$art" && mkdir -p "$work" "$art" "$kept"
  cp -r "$kept/." "$work/"
  [ -d "$B/seeds-$t" ] && cp "$B/seeds-$t"/* "$work/"
  echo "== fuzz-$t for ${SECONDS_EACH} s"
  set +e
  "$B/bin/fuzz-$t" -max_total_time="$SECONDS_EACH" -max_len="$MAX_LEN" -print_final_stats=1 \
    -artifact_prefix="$art/" "$work" > "$B/fuzz-$t.log" 2>&1
  rc=$?
  set -e
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)" "$B/fuzz-$t.log" || true
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/fuzz-$t.log" | tail -1)
  found=0
  for f in "$art"/crash-* "$art"/leak-* "$art"/oom-* "$art"/timeout-*; do
    [ -e "$f" ] || continue
    mkdir -p "tests/fuzz/crashes/$t" && cp "$f" "tests/fuzz/crashes/$t/" && found=$((found + 1))
  done
  if [ "$rc" != 0 ] || [ "$found" != 0 ]; then
    crashed=1
    echo "fuzz-$t stopped with a finding (exit $rc); its input is in tests/fuzz/crashes/$t/:"
    grep -E "ERROR|SUMMARY|runtime error" "$B/fuzz-$t.log" | head -5 || true
  fi
  # Minimise: the smallest set of inputs that reaches every edge the kept
  # corpus and this run reached together (edges only, not hit counts:
  # -use_counters=0 keeps the corpus in the repository small), written back as
  # the kept corpus.
  merged="$B/merged-$t"
  rm -rf "$merged" && mkdir -p "$merged"
  "$B/bin/fuzz-$t" -merge=1 -use_counters=0 -max_len="$MAX_LEN" "$merged" "$kept" "$work" \
    > "$B/merge-$t.log" 2>&1
  rm -rf "$kept" && mkdir -p "$kept" && cp "$merged"/* "$kept/" 2>/dev/null || true
  files=$(find "$kept" -type f | wc -l)
  bytes=$(find "$kept" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  summary+=("$(printf '%-8s %6s s %14s executions %6s corpus files %9s bytes %3s crashes' \
    "$t" "$SECONDS_EACH" "${execs:-?}" "$files" "$bytes" "$found")")
done
echo
echo "== make fuzz summary (corpus: tests/fuzz/corpus/, minimised)"
printf '%s\n' "${summary[@]}"
exit $crashed
