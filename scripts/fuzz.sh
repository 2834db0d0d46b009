#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets with clang (ASan + UBSan) and runs
# each for FUZZ_SECONDS (default 60). Seeds: the MNIST subset's first bytes and
# a model file saved by nnplay-cli. Crashes land in build/fuzz/crash-*.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_EACH="${FUZZ_SECONDS:-60}"
for p in clang-14 libfuzzer-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$p" >/dev/null; }
done
cmake -S . -B build/fuzz -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=Debug -DNNPLAY_FUZZ=ON -DNNPLAY_BUILD_APP=OFF >/dev/null
cmake --build build/fuzz -j"$(nproc)" --target fuzz-idx fuzz-model nnplay-cli
mkdir -p build/fuzz/corpus-idx build/fuzz/corpus-model
# Seeds: a small real IDX pair (first byte = where the image file ends) and a real model.
python3 - <<'PY'
import struct
pixels = open(".cache/mnist/t10k-images-idx3-ubyte", "rb").read()[16:16 + 3 * 784]
imgs = struct.pack(">IIII", 0x803, 3, 28, 28) + pixels
labels = struct.pack(">II", 0x801, 3) + bytes([7, 2, 1])
whole = imgs + labels
split = len(imgs) + 1
open("build/fuzz/corpus-idx/seed", "wb").write(bytes([min(255, round(255 * (split - 1) / len(whole)))]) + whole)
PY
(cd build/fuzz && ./bin/nnplay-cli train --epochs 1 --train 200 --test 100 --architecture 784-8-10 --data ../../.cache/mnist \
  --save corpus-model/seed.safetensors >/dev/null)
cd build/fuzz
for t in idx model; do
  echo "== fuzz-$t for ${SECONDS_EACH} s"
  ./bin/fuzz-$t -max_total_time="$SECONDS_EACH" -print_final_stats=1 corpus-$t 2>&1 | tail -4
done
