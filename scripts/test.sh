#!/usr/bin/env bash
# make test: builds the native and web presets and the test programs of the
# asan preset, then runs every test from the native build's ctest (native unit
# tests, the headless UI, the CLI, the fuzz corpus replayed, the same unit tests
# and replays built with AddressSanitizer + UBSan, the engine tests compiled to
# WebAssembly under node, and the browser end-to-end test in headless
# Chromium). Ends with ctest's own summary line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NODE_PATH=/usr/share/nodejs
JOBS="${JOBS:-$(nproc)}"
step() { printf '\n== %s\n' "$*"; }
step "native build"
cmake --preset native >/dev/null
cmake --build --preset native -j"$JOBS"
step "web build (WebAssembly)"
cmake --preset web >/dev/null
cmake --build --preset web -j"$JOBS"
step "sanitizer build (AddressSanitizer + UBSan: the test programs only)"
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$JOBS" --target test-binaries
step "tests"
ctest --test-dir build/native --output-on-failure
