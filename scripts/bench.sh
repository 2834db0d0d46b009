#!/usr/bin/env bash
# make bench: the training-throughput benchmark of shared/BENCH.md, then the
# browser frame-rate benchmark. Prints one table and writes build/bench.json.
#
#   1. Installs the reference tools when missing (Debian's python3-torch,
#      python3-numpy, libopenblas0-pthread; apt-get only).
#   2. Builds train-bench with the native and web presets, and the web page.
#   3. For each of BENCH_REPS rounds (default 5), for W1, W2, W3: one fresh
#      process each of the native engine, the WebAssembly engine under node and
#      bench/reference_torch.py (PyTorch, one thread), so the tools interleave
#      and share the machine's state. W1 runs 5 epochs (accuracy after epochs 1
#      and 5), W2 and W3 run BENCH_EPOCHS (default 4): the first epoch of a
#      fresh process and the median of the later ones are reported.
#   4. bench/browser_fps.mjs: the page in headless Chromium training the
#      default network and W2 at full speed, frame rate and time per frame,
#      with the network diagram showing and with the one-sample view instead,
#      alternating in rounds; the diagram's ratio to the other view.
#   5. bench/bench_report.py: medians, ratios to PyTorch, the accuracy check
#      (VOID when an engine's test accuracy differs from PyTorch's to 3
#      decimals), the table and build/bench.json.
# Raw per-process output and the build logs stay in build/bench/ for inspection.
#
# Environment: BENCH_REPS, BENCH_EPOCHS, BENCH_UI_SECONDS (default 15),
# JOBS (build parallelism).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NODE_PATH=/usr/share/nodejs
JOBS="${JOBS:-$(nproc)}"
REPS="${BENCH_REPS:-5}"
EPOCHS="${BENCH_EPOCHS:-4}"
UI_SECONDS="${BENCH_UI_SECONDS:-15}"
DATA=".cache/mnist"
OUT="build/bench"
PY=/usr/bin/python3   # Debian's python: the one that sees python3-torch
step() { printf '\n== %s\n' "$*"; }

if ! [[ "$REPS" =~ ^[0-9]+$ ]] || [ "$REPS" -lt 1 ]; then echo "BENCH_REPS must be a positive whole number" >&2; exit 2; fi
if ! [[ "$EPOCHS" =~ ^[0-9]+$ ]] || [ "$EPOCHS" -lt 2 ]; then
  echo "BENCH_EPOCHS must be at least 2 (the first epoch and at least one later one)" >&2; exit 2
fi
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  if [ ! -f "$DATA/$f" ]; then echo "$DATA/$f is missing: run scripts/bootstrap.sh (make bench does)" >&2; exit 1; fi
done

# ---- 1. the reference tools ------------------------------------------------------
step "reference tools (Debian packages)"
missing=()
for p in python3-torch python3-numpy libopenblas0-pthread; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  echo "installing ${missing[*]} (PyTorch from Debian: a large download, once)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
"$PY" -c 'import torch, numpy; print("PyTorch", torch.__version__, "NumPy", numpy.__version__)'

# ---- 2. builds (their output goes to build/bench/build-*.log) -------------------------
rm -rf "$OUT" && mkdir -p "$OUT/runs"
build() {  # build <preset> <target>: "" on success, the log's tail on failure
  local log="$OUT/build-$1-$2.log"
  if cmake --preset "$1" >"$log" 2>&1 && cmake --build --preset "$1" -j"$JOBS" --target "$2" >>"$log" 2>&1; then
    echo "  $1 $2: built"
  else
    tail -25 "$log" >&2
    echo "  $1 $2: the build failed (whole log: $log)" >&2
    return 1
  fi
}
step "builds: train-bench (native and web presets), the web page"
build native train-bench
build web train-bench
site_ok=1
if ! build web nnplay; then
  site_ok=0
  echo "the web page did not build: the browser frame-rate benchmark will be reported as failed" >&2
fi

# ---- 3. training throughput, tools interleaved -------------------------------------------
step "training: $REPS rounds of W1 (5 epochs), W2 and W3 ($EPOCHS epochs); native, wasm, pytorch"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
run_one() {  # run_one <workload> <target> <rep> <epochs>
  local w="$1" t="$2" rep="$3" n="$4" base="$OUT/runs/$1-$2-$3" rc=0
  local args=(--workload "$w" --epochs "$n" --data "$DATA")
  case "$t" in
    native)  build/native/bin/train-bench "${args[@]}" >"$base.jsonl" 2>"$base.err" || rc=$? ;;
    wasm)    node --no-experimental-fetch build/web/bin/train-bench.js "${args[@]}" >"$base.jsonl" 2>"$base.err" || rc=$? ;;
    # One thread; the machine's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE slow current
    # OpenBLAS, so they are unset for this command only (BENCH.md).
    pytorch) env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
               "$PY" bench/reference_torch.py "${args[@]}" >"$base.jsonl" 2>"$base.err" || rc=$? ;;
  esac
  # One progress line: epoch-1 and last-epoch speed, accuracy after epoch 1.
  "$PY" - "$base.jsonl" "$w" "$t" "$rep" "$rc" "$base.err" <<'EOF'
import json, sys
path, w, t, rep, rc, err = sys.argv[1:]
lines = [json.loads(l) for l in open(path) if l.startswith("{")]
if rc != "0" or not lines:
    tail = open(err).read().strip().splitlines()[-3:]
    print(f"  round {rep} {w:<2} {t:<7} FAILED (exit {rc}): {' | '.join(tail)}")
else:
    print(f"  round {rep} {w:<2} {t:<7} epoch 1 {lines[0]['samples_per_s']:>10,.0f} samples/s,"
          f" epoch {len(lines)} {lines[-1]['samples_per_s']:>10,.0f} samples/s,"
          f" test acc {lines[0]['test_acc']:.4f} after epoch 1, {lines[-1]['test_acc']:.4f} after {len(lines)}")
EOF
  return 0
}
for rep in $(seq 1 "$REPS"); do
  for w in W1 W2 W3; do
    n="$EPOCHS"; [ "$w" = W1 ] && n=5
    for t in native wasm pytorch; do run_one "$w" "$t" "$rep" "$n"; done
  done
done

# ---- 4. the page's frame rate while training ----------------------------------------
step "browser: the page's frame rate while training (${UI_SECONDS} s per network)"
if [ "$site_ok" = 1 ]; then
  node bench/browser_fps.mjs --site build/web/site --seconds "$UI_SECONDS" --out "$OUT/browser.json" \
    || echo "the browser frame-rate benchmark failed (see above)" >&2
else
  echo '[{"workload":"ui-default","target":"browser","error":"the web page did not build"},{"workload":"ui-W2","target":"browser","error":"the web page did not build"}]' >"$OUT/browser.json"
fi
[ -f "$OUT/browser.json" ] || echo '[{"workload":"ui","target":"browser","error":"browser_fps.mjs wrote no results"}]' >"$OUT/browser.json"

# ---- 5. the table ------------------------------------------------------------------------
step "results"
"$PY" bench/bench_report.py --runs "$OUT/runs" --browser "$OUT/browser.json" --json build/bench.json \
  --header "nnplay benchmark (shared/BENCH.md), $(date -u +%Y-%m-%dT%H:%MZ), $REPS processes per tool, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
