// nnplay-page.js: loads the playground into index.html and exposes window.nnplay.
//
//  1. Checks that the browser has WebAssembly (with SIMD) and WebGL2, and says so
//     plainly if not, instead of showing a blank canvas.
//  2. Downloads nnplay.wasm and the MNIST subset (gzip-compressed IDX files) with
//     one progress bar, unpacks the data with the browser's DecompressionStream.
//  3. Starts the Emscripten module (nnplay.js, MODULARIZE'd as createNnplay) on
//     the canvas and hands it the data.
//  4. window.nnplay: state(), train(), pause(), step(n), epoch(), reset(),
//     configure({...}); URL parameters are settings by their keys, read by the engine.
//  5. Mirrors the status line into an ARIA live region for screen readers.
(function () {
  "use strict";

  const DATA_FILES = {
    trainImages: "data/train-images.idx3.gz",
    trainLabels: "data/train-labels.idx1.gz",
    testImages: "data/test-images.idx3.gz",
    testLabels: "data/test-labels.idx1.gz",
  };
  // URL parameters are settings by their keys (README's table of settings),
  // e.g. index.html?hidden=32,32&activations=relu&output=softmax_ce&lr=0.1&autoplay=1;
  // the engine reads them through its table, so messages match configure()'s.
  // "autoplay" is not a setting: it starts training once loaded.
  const PAGE_PARAMS = ["autoplay"];

  const $ = (id) => document.getElementById(id);
  const overlay = $("overlay"), overlayText = $("overlay-text"), detail = $("overlay-detail");
  const fill = $("bar-fill"), notice = $("notice"), live = $("live"), canvas = $("canvas");

  function fail(title, text) {
    overlay.classList.remove("hidden");
    overlay.querySelector(".card").classList.add("error");
    overlay.querySelector("h1").textContent = title;
    overlayText.textContent = text;
    detail.textContent = "";
    live.textContent = title + ". " + text;
  }
  function showNotice(text) {
    notice.textContent = text;
    notice.hidden = false;
    clearTimeout(showNotice.timer);
    showNotice.timer = setTimeout(() => { notice.hidden = true; }, 8000);
  }

  // ---- 1. what the browser must have ------------------------------------------------
  function missingFeature() {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function")
      return "This browser cannot run WebAssembly, which nnplay is built with. " +
             "Please open the page in a current Chrome, Edge, Firefox or Safari.";
    // A module with one SIMD128 instruction (i32x4.splat): the engine's kernels use SIMD.
    const simd = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0,
                                 0x0a, 8, 1, 6, 0, 0x41, 0, 0xfd, 0x11, 0x0b]);
    if (!WebAssembly.validate(simd))
      return "This browser's WebAssembly lacks SIMD, which nnplay's fast math needs. " +
             "Please update the browser (Chrome 91+, Firefox 89+, Safari 16.4+).";
    const probe = document.createElement("canvas");
    if (!probe.getContext("webgl2"))
      return "This browser has WebGL2 turned off or unavailable, and nnplay draws with it. " +
             "Check that hardware acceleration is enabled, or try another browser.";
    if (typeof DecompressionStream !== "function")
      return "This browser cannot unpack the compressed digits (DecompressionStream). Please update it.";
    return "";
  }

  // ---- 2. downloads with one progress bar ----------------------------------------------
  const progress = { loaded: {}, total: {} };
  function updateBar(label) {
    let loaded = 0, total = 0;
    for (const k in progress.total) { loaded += progress.loaded[k] || 0; total += progress.total[k]; }
    const frac = total > 0 ? Math.min(1, loaded / total) : 0;
    fill.style.width = (100 * frac).toFixed(1) + "%";
    detail.textContent = total > 0 ? `${(loaded / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB` : "";
    if (label) overlayText.textContent = label;
    if (api.module) api.module.ccall("nnplay_set_loading", null, ["string", "number"], ["Loading MNIST", frac]);
  }
  async function download(url, guessBytes) {
    progress.total[url] = guessBytes;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: the server answered ${res.status} ${res.statusText}`);
    const length = Number(res.headers.get("Content-Length")) || 0;
    if (length && !res.headers.get("Content-Encoding")) progress.total[url] = length;
    if (!res.body) { const b = new Uint8Array(await res.arrayBuffer()); progress.loaded[url] = progress.total[url]; return b; }
    const reader = res.body.getReader();
    const parts = [];
    let got = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      got += value.length;
      progress.loaded[url] = Math.min(got, progress.total[url]);
      updateBar();
    }
    progress.loaded[url] = progress.total[url];
    updateBar();
    const out = new Uint8Array(got);
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }
  // The data files are gzip; a server that already decoded them (Content-Encoding) hands raw IDX.
  async function gunzip(bytes) {
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // ---- 4. window.nnplay ------------------------------------------------------------------
  const api = {
    module: null,
    ready: null,   // a promise that resolves when code and data are loaded
    state() {
      if (!api.module) return { status: "loading" };
      return JSON.parse(api.module.ccall("nnplay_state_json", "string", [], []));
    },
    train() { api.module && api.module.ccall("nnplay_train", null, [], []); },
    pause() { api.module && api.module.ccall("nnplay_pause", null, [], []); },
    reset() { api.module && api.module.ccall("nnplay_reset", null, [], []); },
    epoch() { api.module && api.module.ccall("nnplay_epoch", null, [], []); },
    step(n) { return api.module ? api.module.ccall("nnplay_step", "number", ["number"], [n === undefined ? 1 : n]) : 0; },
    // Model files in and out (README: "Save, load, export"). loadModel takes a
    // File, Blob, ArrayBuffer or Uint8Array and resolves to "" when the model
    // was replaced, else the message (the running model is untouched).
    async loadModel(file, name) {
      if (!api.module) return "the playground is still loading";
      const bytes = file instanceof Uint8Array ? file
        : new Uint8Array(file instanceof ArrayBuffer ? file : await file.arrayBuffer());
      const p = api.module._malloc(Math.max(1, bytes.length));
      api.module.HEAPU8.set(bytes, p);
      const err = api.module.ccall("nnplay_load_model", "string", ["number", "number", "string"],
                                   [p, bytes.length, name || (file && file.name) || "model.safetensors"]);
      api.module._free(p);
      return err;
    },
    // The model as a model file, the PyTorch export (a zip of model.safetensors
    // and model.py), or the history as CSV text.
    modelFile() { return fileBytes("model"); },
    pytorchZip() { return fileBytes("pytorch"); },
    historyCsv() { return new TextDecoder().decode(fileBytes("history")); },
    // Returns "" when applied, else a message saying what is wrong (nothing changed).
    configure(changes) {
      if (!api.module) return "the playground is still loading";
      return api.module.ccall("nnplay_configure", "string", ["string"], [JSON.stringify(changes)]);
    },
  };
  window.nnplay = api;

  function fileBytes(kind) {
    if (!api.module) return new Uint8Array(0);
    const sizePtr = api.module._malloc(4);
    const ptr = api.module.ccall("nnplay_file_bytes", "number", ["string", "number"], [kind, sizePtr]);
    const size = api.module.HEAP32[sizePtr >> 2];
    api.module._free(sizePtr);
    return api.module.HEAPU8.slice(ptr, ptr + size);
  }

  // The Files section's "Load model…" opens a file picker; a file dropped on
  // the playground loads too. The App says what happened in its notice.
  function installFileHandlers(module, target) {
    const picker = document.createElement("input");
    picker.type = "file";
    picker.accept = ".safetensors,application/octet-stream";
    picker.addEventListener("change", () => {
      if (picker.files && picker.files[0]) api.loadModel(picker.files[0]);
      picker.value = "";
    });
    module.nnplayPickModel = () => picker.click();
    target.addEventListener("dragover", (e) => { e.preventDefault(); e.dataTransfer.dropEffect = "copy"; });
    target.addEventListener("drop", (e) => {
      e.preventDefault();
      const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (f) api.loadModel(f);
    });
  }

  function applyUrlParams() {
    const params = new URLSearchParams(location.search);
    const settings = {};
    for (const [key, value] of params) if (!PAGE_PARAMS.includes(key)) settings[key] = value;
    if (Object.keys(settings).length) {
      const refused = JSON.parse(api.module.ccall("nnplay_configure_text", "string", ["string"],
                                                  [JSON.stringify(settings)]));
      if (refused.length)
        showNotice("Ignored URL settings: " + refused.map((r) => r.message).join("; ") +
                   ". Using the defaults for those.");
    }
    const autoplay = params.get("autoplay");
    if (autoplay === "1" || autoplay === "true") api.train();
  }

  // ---- 5. the ARIA live region -----------------------------------------------------------
  let lastStatus = "", lastEpoch = -1, lastSpoken = 0;
  function mirrorStatus() {
    if (!api.module) return;
    let s;
    try { s = api.state(); } catch (e) { return; }
    const now = performance.now();
    const changed = s.status !== lastStatus;
    const newEpoch = s.epoch !== lastEpoch;
    if (changed || (newEpoch && now - lastSpoken > 5000)) {
      live.textContent = s.status_line || s.status;
      lastStatus = s.status; lastEpoch = s.epoch; lastSpoken = now;
    }
  }

  // ---- 3. start ----------------------------------------------------------------------------
  async function start() {
    const missing = missingFeature();
    if (missing) { fail("nnplay cannot run here", missing); return; }

    // The stage may change size without the window doing so (embedding pages):
    // SDL listens to the window's resize event, so forward size changes to it.
    if (typeof ResizeObserver === "function")
      new ResizeObserver(() => window.dispatchEvent(new Event("resize"))).observe($("stage"));
    canvas.addEventListener("pointerdown", () => canvas.focus());

    updateBar("Loading the playground…");
    const wasmBytes = download("nnplay.wasm", 2e6);
    const data = Promise.all([
      download(DATA_FILES.trainImages, 1.6e6), download(DATA_FILES.trainLabels, 5e3),
      download(DATA_FILES.testImages, 3.2e5), download(DATA_FILES.testLabels, 1e3),
    ]);
    let wasmBinary;
    try { wasmBinary = await wasmBytes; } catch (e) {
      fail("nnplay could not load", "Downloading its code failed: " + e.message); return;
    }
    overlayText.textContent = "Loading the digits…";
    let module;
    try {
      module = await createNnplay({
        canvas,
        wasmBinary,
        print: (t) => console.log(t),
        printErr: (t) => console.warn(t),
        onAbort: (what) => fail("nnplay stopped", "The engine stopped unexpectedly: " + what),
      });
    } catch (e) {
      fail("nnplay could not start", String(e && e.message || e)); return;
    }
    api.module = module;
    installFileHandlers(module, canvas);
    let files;
    try {
      files = await data;
      files = await Promise.all(files.map(gunzip));
    } catch (e) {
      const msg = "Downloading the MNIST digits failed: " + e.message;
      module.ccall("nnplay_set_error", null, ["string"], [msg]);
      fail("nnplay could not load its data", msg); return;
    }
    const ptrs = files.map((f) => { const p = module._malloc(f.length); module.HEAPU8.set(f, p); return p; });
    const err = module.ccall("nnplay_provide_data", "string",
      ["number", "number", "number", "number", "number", "number", "number", "number"],
      [ptrs[0], files[0].length, ptrs[1], files[1].length, ptrs[2], files[2].length, ptrs[3], files[3].length]);
    ptrs.forEach((p) => module._free(p));
    if (err) { fail("nnplay could not read its data", err); return; }
    overlay.classList.add("hidden");
    canvas.focus();
    applyUrlParams();
    setInterval(mirrorStatus, 1000);
    mirrorStatus();
  }

  api.ready = new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = "nnplay.js";
    script.onload = () => start().then(resolve, (e) => { fail("nnplay could not start", String(e)); resolve(); });
    script.onerror = () => { fail("nnplay could not load", "nnplay.js is missing next to this page."); resolve(); };
    document.body.appendChild(script);
  });
})();
