// nnplay-embed.js: nnplay playgrounds in any page. A course page writes
//
//   <script src="nnplay/nnplay-embed.js" defer></script>
//   <div class="nnplay" data-config="preset=too-large-learning-rate&autoplay=1"></div>
//
// and each element with the class "nnplay" becomes a playground the size of
// the element (480 px high unless the page sizes it). The script finds the rest
// (nnplay.js, nnplay.wasm, data/, nnplay-embed.css) beside itself, wherever the
// page is. From script: nnplayEmbed.mount(element, config) does the same and
// returns the playground's API; nnplayEmbed.connect(iframe) drives a
// playground in an iframe (index.html) through postMessage, which
// nnplayEmbed.answerMessages(api) answers on the iframe's side.
//
// data-config (and mount's config) is the URL's form: key=value pairs joined
// by '&' (';' and line breaks work too), e.g. "lr=0.5&hidden=32,32&seed=3",
// or an object {lr: 0.5, hidden: [32, 32]}. Keys are the table of settings'
// (README), applied each on its own: a refused one keeps its default and the
// playground names it in a warning. Two keys are the page's own: autoplay=1
// starts training once loaded; restore=ask|auto|off says what to do with the
// run kept from the last visit (offer it back, continue it, keep nothing).
//
// The API (element.nnplay, the value mount() returns, and window.nnplay on
// index.html):
//   ready             a promise: resolves with the API once code and data are
//                     loaded and data-config applied; rejects (with the
//                     message the playground shows) when it cannot run
//   state()           {status, step, epoch, train_cost, test_accuracy, lr, ...};
//                     {status: "loading"} before ready, "error" after a failure
//   train() pause() reset() epoch()
//   step(n)           takes n minibatches now; returns how many it took
//   configure({...})  all of its settings or none: "" or a message
//   shareUrl()        the URL of index.html with the settings that differ from
//                     the defaults (seeds included): it reproduces this setup
//   settingsTable()   the table of settings (key, type, allowed, default, ...)
//   loadModel(file)   a model file (File, Blob, ArrayBuffer, Uint8Array): resolves
//                     to "" when it replaced the model, else why not
//   modelFile() pytorchZip() historyCsv()   the model file, the PyTorch export
//                     (zip), the history (CSV text)
//   undo()            brings back the run the last Reset, New seed, new network,
//                     loaded model or lesson threw away: "" or why not
//   saveRun()         keeps the run in the browser now (it is kept every few
//                     seconds while it changes, and when the page is left)
// Calls made before ready are queued and applied in order once the playground
// is ready; each returns a promise of its result instead of the result (so
// `await el.nnplay.configure({lr: 0.1})` works either way).
//
// A guest's manners: a playground takes no focus until it is clicked or
// tabbed to; only the focused one gets keys, and only those it has a use for
// (Space, S, R, and every key while a field is edited) stop at its element:
// every other key reaches the page's own handlers untouched, and Escape hands
// the focus back to the page; the wheel scrolls the playground only when it
// has the focus and something under the pointer can scroll that way, else the
// page gets it; touch scrolls the page until the playground has the focus.
// Strings to the WebAssembly are at most 64 KiB, model files at most 64 MB
// (checked before reading); postMessage calls are answered only from the
// window that framed or opened the page. Several playgrounds in one page each have their
// own WebAssembly instance, canvas and settings. Nothing here uses an id or
// turns text from the page's config into HTML.
//
// [SECTION] Where the rest is
// [SECTION] Settings text
// [SECTION] What the browser must have
// [SECTION] Downloads shared by every playground of the page
// [SECTION] One playground
// [SECTION] Driving a playground in an iframe
// [SECTION] Mounting
(function () {
  "use strict";
  // The page's globals are not ours to trust: an element with id="nnplayEmbed"
  // or id="nnplayBundle" in the host page is also window.nnplayEmbed /
  // window.nnplayBundle (named access on window). Ours carry this brand.
  const BRAND = Symbol.for("nnplay.embed");
  const earlier = window.nnplayEmbed;
  if (earlier && typeof earlier === "object" && earlier[BRAND] === true) return;  // loaded twice: the first copy serves

  //-------------------------------------------------------------------------------------
  // [SECTION] Where the rest is
  //-------------------------------------------------------------------------------------
  const script = document.currentScript;
  const BASE = new URL(".", script && script.src ? script.src : location.href).href;
  // The one-file page (dist/nnplay.html) sets nnplayBundle before this script:
  // the code (createNnplay with the wasm inside) and the data travel inside the file.
  const BUNDLE = (() => {
    const b = window.nnplayBundle;  // an element (or a collection of them) when only the page's ids are there
    return b && typeof b === "object" && !(b instanceof Node) && b.data && typeof b.data === "object" ? b : null;
  })();
  const DATA_FILES = [  // [path, a guess of its size for the progress bar before the server says]
    ["data/train-images.idx3.gz", 1.6e6], ["data/train-labels.idx1.gz", 5e3],
    ["data/test-images.idx3.gz", 3.2e5], ["data/test-labels.idx1.gz", 1e3],
  ];
  const PAGE_KEYS = ["autoplay", "restore", "worker"];  // config keys the page handles; the rest go to the engine
  const ONE_FILE_NAME = "nnplay.html";  // make dist puts it one folder above index.html
  // Text handed to the WebAssembly (settings as JSON, names) is at most this
  // many bytes: the settings of the whole table take about 2 KB.
  const MAX_STRING_BYTES = 64 * 1024;
  // A model file larger than this is refused before it is read (web/app's
  // limit too: the largest network the settings allow is about 33 MB).
  const MAX_MODEL_BYTES = 64 * 1024 * 1024;
  class TooLong extends Error {
    constructor(bytes) {
      super(`${bytes.toLocaleString("en-US")} bytes of text, more than the ${MAX_STRING_BYTES.toLocaleString("en-US")} ` +
            "(64 KiB) the playground takes");
      this.bytes = bytes;
    }
  }
  // A name or a value quoted in a message: at most 60 characters of it.
  const quote = (text) => { const t = String(text); return t.length > 60 ? t.slice(0, 57) + "…" : t; };

  //-------------------------------------------------------------------------------------
  // [SECTION] Settings text
  //-------------------------------------------------------------------------------------
  // "lr=0.5&hidden=32,32" (a URL query, '?' optional; ';' or line breaks also
  // separate), or {lr: 0.5, hidden: [32, 32]} -> [[key, text], ...].
  function configPairs(config) {
    if (config === undefined || config === null) return [];
    if (typeof config === "string")
      return Array.from(new URLSearchParams(config.trim().replace(/^\?/, "").replace(/[;\r\n]+/g, "&")))
        .map(([k, v]) => [k.trim(), v.trim()]).filter(([k]) => k !== "");
    if (typeof config === "object")
      return Object.keys(config).map((k) => [k, Array.isArray(config[k]) ? config[k].join(",") : String(config[k])]);
    throw new TypeError('nnplay: a config is text such as "lr=0.5&hidden=32" or an object such as {lr: 0.5}');
  }
  const isOn = (v) => v === "" || v === "1" || v === "true" || v === "yes" || v === "on";

  //-------------------------------------------------------------------------------------
  // [SECTION] What the browser must have
  //-------------------------------------------------------------------------------------
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

  //-------------------------------------------------------------------------------------
  // [SECTION] Downloads shared by every playground of the page
  //-------------------------------------------------------------------------------------
  // The code is fetched and compiled once, the data fetched and unpacked once;
  // each playground instantiates its own module from them and copies the data
  // into its own memory.
  const shared = { code: null, data: null, style: null, loaded: {}, total: {}, watchers: new Set() };

  function reportProgress() {
    let loaded = 0, total = 0;
    for (const k in shared.total) { loaded += shared.loaded[k] || 0; total += shared.total[k]; }
    for (const w of shared.watchers) w(total > 0 ? Math.min(1, loaded / total) : 0, loaded, total);
  }
  // Why a fetch failed, in words a lecturer can act on. The browser says only
  // "Failed to fetch" for a server it cannot reach and for one that does not
  // allow cross-origin reads alike (and hides which in the console); a no-cors
  // request, which needs no permission, tells them apart: it succeeds when the
  // server answered.
  async function whyFetchFailed(url, error) {
    const why = String(error && error.message || error);
    const there = new URL(url).origin;
    const here = self.origin;  // "null" in a sandboxed frame without allow-same-origin
    if (there === here) return `${url} could not be loaded (${why}): check the network and the server.`;
    let answered = false;
    try { await fetch(url, { mode: "no-cors", cache: "no-store", credentials: "omit" }); answered = true; } catch (e) { answered = false; }
    if (!answered) return `the server at ${there} could not be reached (${why}): check the address of nnplay-embed.js and the network.`;
    if (here === "null")
      return "this playground is in a sandboxed frame without allow-same-origin, so its own files count as " +
             "another site's: give the iframe sandbox=\"allow-scripts allow-same-origin\", or the server at " +
             `${there} must send Access-Control-Allow-Origin: * (or use the one-file page nnplay.html, which needs no downloads).`;
    return `the server at ${there} must send Access-Control-Allow-Origin (e.g. Access-Control-Allow-Origin: *) ` +
           `for nnplay.wasm and data/: this page, at ${here}, loads nnplay from there.`;
  }
  async function download(url, guessBytes) {
    shared.total[url] = guessBytes;
    let res;
    try {
      // A cross-origin server must allow the read (mode "cors", fetch's default
      // for another origin); no cookies are needed or sent.
      res = await fetch(url, { mode: "cors", credentials: "same-origin" });
    } catch (e) {
      throw new Error(await whyFetchFailed(url, e));
    }
    if (!res.ok) throw new Error(`${url}: the server answered ${res.status} ${res.statusText}`);
    const length = Number(res.headers.get("Content-Length")) || 0;
    if (length && !res.headers.get("Content-Encoding")) shared.total[url] = length;
    if (!res.body) {
      const b = new Uint8Array(await res.arrayBuffer());
      shared.loaded[url] = shared.total[url];
      reportProgress();
      return b;
    }
    const reader = res.body.getReader();
    const parts = [];
    let got = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      got += value.length;
      shared.loaded[url] = Math.min(got, shared.total[url]);
      reportProgress();
    }
    shared.loaded[url] = shared.total[url];
    reportProgress();
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
  function base64Bytes(text) {
    const raw = atob(text);
    const out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; ++i) out[i] = raw.charCodeAt(i);
    return out;
  }
  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = url;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error(`${url} could not be loaded`));
      document.head.appendChild(s);
    });
  }
  // nnplay-embed.css, beside this script, unless the page links it already.
  function loadStyle() {
    if (!shared.style) {
      shared.style = new Promise((resolve) => {
        if (BUNDLE) { resolve(); return; }  // the one-file page carries its styles inline
        const href = new URL("nnplay-embed.css", BASE).href;
        for (const l of document.querySelectorAll('link[rel="stylesheet"]')) if (l.href === href) { resolve(); return; }
        const link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = href;
        link.onload = link.onerror = () => resolve();  // without it the parts still work, only plainer
        document.head.appendChild(link);
      });
    }
    return shared.style;
  }
  // [SECTION] Accessibility: nnplay-a11y.js mirrors each playground's controls as
  // DOM nodes (index.html and the one-file page carry it; other pages get it
  // from beside this script, once).
  let a11yScript = null;
  // (A host element with id "nnplayA11y" is a global of that name too: only the script's object counts.)
  const a11yModule = () => (window.nnplayA11y && typeof window.nnplayA11y.attach === "function" ? window.nnplayA11y : null);
  function loadA11y() {
    if (a11yModule() || BUNDLE) return Promise.resolve();
    a11yScript = a11yScript || loadScript(new URL("nnplay-a11y.js", BASE).href).catch(() => {
      console.warn("nnplay: nnplay-a11y.js did not load: the controls are not offered to screen readers");
    });
    return a11yScript;
  }

  function loadCode() {
    if (!shared.code) {
      shared.code = (async () => {
        if (typeof window.createNnplay !== "function") {
          if (BUNDLE) throw new Error("this one-file page lost its code (createNnplay is missing)");
          await loadScript(new URL("nnplay.js", BASE).href);
        }
        if (BUNDLE) return { factory: window.createNnplay, wasm: null };  // the wasm is inside nnplay.js
        const bytes = await download(new URL("nnplay.wasm", BASE).href, 1.5e6);
        return { factory: window.createNnplay, wasm: await WebAssembly.compile(bytes) };
      })();
    }
    return shared.code;
  }
  function loadData() {
    if (!shared.data) {
      shared.data = (async () => {
        const packed = BUNDLE
          ? DATA_FILES.map(([path]) => base64Bytes(BUNDLE.data[path]))
          : await Promise.all(DATA_FILES.map(([path, guess]) => download(new URL(path, BASE).href, guess)));
        return Promise.all(packed.map(gunzip));
      })();
    }
    return shared.data;
  }

  //-------------------------------------------------------------------------------------
  // [SECTION] Runs kept in the browser
  //-------------------------------------------------------------------------------------
  // Each playground's whole run (model, optimizer, order, history, settings:
  // web/app/session.cpp) in IndexedDB, under the page's address and the
  // playground's place on it. Two stores: "runs" holds the bytes, "meta" the
  // small part (when, which config, size) that pruning reads. At most
  // KEPT_RUNS runs are kept per origin (the oldest go), each at most
  // RUN_LIMIT bytes. Where the browser refuses storage (a private window,
  // a sandboxed or storage-blocked frame) every call rejects and the
  // playground says so once.
  const KEPT_RUNS = 12;
  const RUN_LIMIT = 16 * 1024 * 1024;
  const runStore = (() => {
    let opened = null;
    function open() {
      if (!opened) opened = new Promise((resolve, reject) => {
        let req;
        try { req = window.indexedDB.open("nnplay-runs", 1); } catch (e) { reject(e); return; }
        req.onupgradeneeded = () => {
          req.result.createObjectStore("runs");
          req.result.createObjectStore("meta");
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error || new Error("IndexedDB refused"));
        req.onblocked = () => reject(new Error("IndexedDB is blocked by another tab"));
      });
      return opened;
    }
    async function run(mode, body) {
      const db = await open();
      return new Promise((resolve, reject) => {
        const t = db.transaction(["runs", "meta"], mode);
        let result;
        body(t.objectStore("runs"), t.objectStore("meta"), (r) => { result = r; });
        t.oncomplete = () => resolve(result);
        t.onerror = () => reject(t.error);
        t.onabort = () => reject(t.error || new Error("aborted"));
      });
    }
    return {
      get: (key) => run("readonly", (runs, meta, done) => {
        const m = meta.get(key), r = runs.get(key);
        r.onsuccess = () => done(m.result && r.result ? Object.assign({ bytes: r.result }, m.result) : null);
      }),
      put: (key, info, bytes) => run("readwrite", (runs, meta) => {
        runs.put(bytes, key);
        meta.put(info, key);
        // Keep the newest KEPT_RUNS.
        const all = meta.openCursor();
        const seen = [];
        all.onsuccess = () => {
          const c = all.result;
          if (c) { seen.push([c.key, c.value.savedAt || 0]); c.continue(); return; }
          seen.sort((a, b) => b[1] - a[1]);
          for (const [k] of seen.slice(KEPT_RUNS)) { runs.delete(k); meta.delete(k); }
        };
      }),
      remove: (key) => run("readwrite", (runs, meta) => { runs.delete(key); meta.delete(key); }),
    };
  })();
  let placesTaken = 0;  // playgrounds made on this page so far: each one's place, in page order

  //-------------------------------------------------------------------------------------
  // [SECTION] Training beside the page: a Web Worker per playground
  //-------------------------------------------------------------------------------------
  // Each playground trains in a worker of its own (nnplay-worker.js; the App's
  // end: web/app/run_controller.h). The site starts it from that file (a strict
  // CSP allows it, not a blob:); the one-file page from a blob: of the module and
  // it. Where none starts the App says so once and trains in its frames; worker=0
  // keeps it there.
  const workerShared = { url: null };
  function workerUrl() {
    if (!BUNDLE) return new URL("nnplay-worker.js", BASE).href;
    if (!workerShared.url) {
      const code = document.querySelector("script[data-nnplay-module]");
      if (!code || typeof BUNDLE.worker !== "string") throw new Error("this one-file page carries no worker");
      workerShared.url = URL.createObjectURL(new Blob([code.textContent, "\n", BUNDLE.worker],
                                                      { type: "text/javascript" }));
    }
    return workerShared.url;
  }
  // module: the playground's instance (its App holds a WorkerLink: web/worker_link.cpp);
  // code: loadCode()'s {wasm}; files: the four IDX files; call: the playground's ccall.
  function startWorker(module, code, files, call) {
    let worker = null, done = false;
    const state = (s, why) => {
      if (done) return;
      if (s !== 1) done = true;
      try { call("nnplay_run_state", null, ["number", "string"], [s, why || ""]); } catch (e) { console.error(e); }
      if (s < 0 && worker) { worker.terminate(); worker = null; }
    };
    try {
      worker = new Worker(workerUrl());
    } catch (e) {
      state(-1, "no worker could start here: " + (e && e.message || e));
      return;
    }
    worker.onerror = (e) => {
      if (e && e.preventDefault) e.preventDefault();
      state(-1, "its worker could not start" + (e && e.message ? ": " + e.message : " (the page's Content-Security-Policy may not allow it: worker-src)"));
    };
    worker.onmessage = (e) => {
      const m = e.data || {};
      if (m.nnplay === "ready") state(1, "");
      else if (m.nnplay === "failed") state(-1, m.message);
      else if (m.nnplay === "run") {
        const b = new Uint8Array(m.bytes);
        const p = module._malloc(Math.max(1, b.length));
        if (!p) { state(-1, "the page ran out of memory for the worker's report"); return; }
        module.HEAPU8.set(b, p);
        module._nnplay_run_incoming(p, b.length);
        module._free(p);
      }
    };
    module.nnplayRunSend = (bytes) => { if (worker) worker.postMessage({ nnplay: "run", bytes: bytes.buffer }, [bytes.buffer]); };
    const copies = files.map((f) => f.slice().buffer);
    worker.postMessage({ nnplay: "start", code: BUNDLE ? null : new URL("nnplay.js", BASE).href,
                         wasm: code.wasm, files: copies }, copies);
  }

  // step(n): a promise of the steps taken. Cheap ones at once (state() shows
  // them), dear ones beside the page; it never holds the page.
  function stepBeside(module, call, n) {
    const from = call("nnplay_step_count", "number");
    const now = call("nnplay_step_async", "number", ["number"], [n]);
    if (now >= 0) return Promise.resolve(now);
    return new Promise((resolve) => {
      const poll = () => {
        if (call("nnplay_steps_running", "number")) setTimeout(poll, 50);
        else resolve(call("nnplay_step_count", "number") - from);
      };
      setTimeout(poll, 50);
    });
  }

  //-------------------------------------------------------------------------------------
  // [SECTION] One playground
  //-------------------------------------------------------------------------------------
  function make(tag, className, parent, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  // options: source ("data-config" or "URL": how warnings name where a setting
  // came from), guest (keys, wheel and touch manners; default true), focus
  // (take the focus once loaded: the full-window page only).
  function createPlayground(element, config, options) {
    const opts = Object.assign({ source: "data-config", guest: true, focus: false }, options || {});
    const pairs = configPairs(config);  // throws on a config of the wrong type, before anything is built
    let module = null;       // the Emscripten module, once it runs
    let failure = "";        // why it cannot run
    let isReady = false;
    const queue = [];        // calls made before ready: {run, resolve, fallback}

    // ---- the parts (classes only: no ids, no HTML from text) ----------------------------
    if (getComputedStyle(element).position === "static") element.style.position = "relative";
    const root = make("div", "nnplay-root" + (opts.guest ? " nnplay-guest" : ""), element);
    const canvas = make("canvas", "nnplay-canvas", root);
    canvas.tabIndex = 0;
    canvas.setAttribute("aria-label", "nnplay: a neural network learning to read digits. " +
      "Space trains or pauses, S takes one step, R resets.");
    const overlay = make("div", "nnplay-overlay", root);
    overlay.setAttribute("role", "status");
    const card = make("div", "nnplay-card", overlay);
    const title = make("p", "nnplay-title", card, "nnplay");
    const text = make("p", "nnplay-text", card, "Loading the playground…");
    const fill = make("div", "nnplay-bar-fill", make("div", "nnplay-bar", card));
    const detail = make("p", "nnplay-detail", card);
    const notice = make("div", "nnplay-notice", root);
    notice.setAttribute("role", "alert");
    notice.hidden = true;
    const noticeText = make("span", "nnplay-notice-text", notice);
    const noticeClose = make("button", "nnplay-button nnplay-close", notice, "×");
    noticeClose.type = "button";
    noticeClose.setAttribute("aria-label", "Close this message");
    const live = make("div", "nnplay-live nnplay-sr-only", root);
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-atomic", "true");
    let share = null;  // the share box, made when first asked for

    // ccall would copy "string" arguments onto the WebAssembly stack (5 MiB:
    // a 2 MB configure() string ran off its end and killed the playground).
    // They go on the heap instead, bounded: a longer one throws TooLong, which
    // the API turns into a message; the playground is untouched.
    function call(name, ret, types, args) {
      types = types || [];
      args = (args || []).slice();
      const onHeap = [];
      try {
        types = types.map((type, i) => {
          if (type !== "string" || args[i] === null || args[i] === undefined) return type;
          const text = String(args[i]);
          const bytes = text.length > MAX_STRING_BYTES ? text.length : module.lengthBytesUTF8(text);
          if (bytes > MAX_STRING_BYTES) throw new TooLong(bytes);
          const p = module._malloc(bytes + 1);
          if (!p) throw new Error(`out of memory (${bytes + 1} bytes for a string)`);
          onHeap.push(p);
          module.stringToUTF8(text, p, bytes + 1);
          args[i] = p;
          return "number";
        });
        return module.ccall(name, ret, types, args);
      } finally {
        for (const p of onHeap) module._free(p);
      }
    }

    // ---- messages ---------------------------------------------------------------------------
    function fail(heading, message, extra) {
      failure = failure || message;
      overlay.classList.remove("hidden");
      card.classList.add("nnplay-error");
      title.textContent = heading;
      text.textContent = message;
      detail.textContent = "";
      if (extra) extra(detail);
      live.textContent = heading + ". " + message;
      for (const q of queue.splice(0)) q.resolve(q.fallback);
      rejectReady(new Error(message));
    }
    let noticeTimer = 0;
    function showNotice(message, seconds) {
      noticeText.textContent = message;
      notice.hidden = false;
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => { notice.hidden = true; }, 1000 * (seconds || 30));
    }
    noticeClose.addEventListener("click", () => { notice.hidden = true; });
    shared.watchers.add((frac, loaded, total) => {
      if (isReady || failure) return;
      fill.style.width = (100 * frac).toFixed(1) + "%";
      detail.textContent = total > 0 ? `${(loaded / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB` : "";
    });

    // ---- a guest's manners -----------------------------------------------------------------
    const focused = () => document.activeElement === canvas && document.hasFocus();
    // A click gives the focus (SDL's mousedown handler cancels the browser's own
    // focusing). A touch gives it only once it is a tap (the click that follows),
    // so that a swipe across an unfocused playground scrolls the page.
    const takeFocus = () => canvas.focus({ preventScroll: true });
    canvas.addEventListener("pointerdown", (e) => { if (e.pointerType !== "touch") takeFocus(); });
    canvas.addEventListener("click", takeFocus);
    canvas.addEventListener("contextmenu", (e) => e.preventDefault());
    // Keys. A key the playground has no use for must reach the page's own
    // handlers (a slide deck's ArrowRight on document) exactly as if the
    // playground were not there: not stopped, not default-prevented. SDL's
    // listeners sit on this canvas (web/main.cpp names it SDL's keyboard
    // element) and prevent the default of what they see, so SDL must not see
    // those keys at all: its listeners are added through canvas.addEventListener,
    // which lets them skip the events this page passes on. The keys the
    // playground uses it keeps: they stop at the playground's element. Escape,
    // when the playground has no use for it (no field edited, no list open),
    // hands the focus back to the page: the canvas is blurred, and the next Tab
    // goes on from the playground's place.
    const KEY_EVENTS = ["keydown", "keyup", "keypress"];
    // The wheel and touches the playground leaves to the page pass the same way.
    const GATED_EVENTS = KEY_EVENTS.concat(["wheel", "touchstart", "touchmove", "touchend", "touchcancel"]);
    const passed = new WeakSet();  // events SDL's listeners skip
    const gated = new WeakMap();   // SDL's listener -> the one that skips them
    const sdlTouch = { touchstart: new Set(), touchend: new Set() };  // SDL's own, to hand a held touch to later
    // SDL cancels every touch event it handles; cancelling one that cannot
    // be (the browser is scrolling) does nothing but log an intervention
    // warning, so SDL gets such an event with a preventDefault that does nothing.
    const quiet = (e) => e.cancelable !== false || !e.type.startsWith("touch") ? e : new Proxy(e, {
      get: (t, k) => k === "preventDefault" ? () => {} : typeof t[k] === "function" ? t[k].bind(t) : t[k] });
    const gate = (fn) => {
      if (typeof fn !== "function") return fn;
      if (!gated.has(fn)) gated.set(fn, function (e) { if (!passed.has(e)) return fn.call(this, quiet(e)); });
      return gated.get(fn);
    };
    canvas.addEventListener = function (type, fn, o) {
      if (sdlTouch[type] && typeof fn === "function") sdlTouch[type].add(fn);
      return EventTarget.prototype.addEventListener.call(this, type, GATED_EVENTS.includes(type) ? gate(fn) : fn, o);
    };
    canvas.removeEventListener = function (type, fn, o) {
      return EventTarget.prototype.removeEventListener.call(this, type, GATED_EVENTS.includes(type) ? gate(fn) : fn, o);
    };
    const heldBySdl = new Map();  // KeyboardEvent.code -> .key of the keys SDL saw go down
    let lastKeyKept = false;
    function wantsKey(e) {
      if (!module || !focused()) return false;
      return call("nnplay_wants_key", "number", ["string", "number"],
                  [e.key, e.ctrlKey || e.altKey || e.metaKey ? 1 : 0]) === 1;
    }
    root.addEventListener("keydown", (e) => {
      if (e.target !== canvas) return;
      lastKeyKept = wantsKey(e);
      if (lastKeyKept) { heldBySdl.set(e.code, e.key); return; }
      if (e.key === "Escape" && !e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey) {
        // Escape's use here: it gives the focus back; neither SDL nor the page gets
        // it too (one key press, one thing: a deck would open its overview).
        lastKeyKept = true;
        e.stopPropagation();
        canvas.blur();
        return;
      }
      passed.add(e);
    }, true);
    root.addEventListener("keypress", (e) => {
      if (e.target === canvas && !lastKeyKept) passed.add(e);
    }, true);
    // A key SDL saw go down it sees come up (even after the focus left);
    // the others come up in the page only.
    root.addEventListener("keyup", (e) => {
      if (e.target === canvas && !heldBySdl.delete(e.code)) passed.add(e);
    }, true);
    // After SDL's listeners (the target phase), a kept key goes no further.
    for (const type of KEY_EVENTS)
      root.addEventListener(type, (e) => {
        if (e.target === canvas && !passed.has(e)) e.stopPropagation();
      });
    canvas.addEventListener("blur", () => {
      // Keys still held go up in SDL when the focus leaves (their real keyup
      // goes to wherever the focus went), so none sticks; these do not bubble.
      for (const [code, key] of heldBySdl)
        canvas.dispatchEvent(new KeyboardEvent("keyup", { code, key, bubbles: false }));
    });
    if (opts.guest) {
      root.addEventListener("wheel", (e) => {
        if (e.target !== canvas) return;
        const take = module && focused() && !e.ctrlKey &&
          call("nnplay_wants_wheel", "number", ["number", "number", "number", "number"],
               [e.offsetX, e.offsetY, e.deltaX, e.deltaY]) === 1;
        if (!take) passed.add(e);  // SDL skips it: the page and its own wheel listeners get it
      }, { capture: true, passive: true });
    }
    touchRouter();
    const editor = fieldEditor();

    // ---- what a finger means ------------------------------------------------------------------
    // A drag whose first movement is mostly vertical scrolls: the playground's
    // window under the finger as far as it can go, then the page; SDL (and so
    // every slider and list) never sees it, so no value changes. A drag that
    // starts sideways, a tap and a long press go to SDL as they were (a
    // slider follows a sideways drag or jumps to a tap), and so does a
    // vertical drag on what takes the gesture itself (the draw pad). SDL sees
    // a touch only once that is decided: its touchstart is held back and
    // handed over then. A guest without the focus leaves every touch to the
    // page (its CSS lets the browser pan); a tap gives it the focus.
    function touchRouter() {
      const SLOP = 8;            // CSS px a finger may wander and still tap
      const LONG_PRESS_MS = 450; // a finger held still this long presses (tooltips show)
      let finger = null;         // {id, start, x0, y0, lastY, mode: "wait" | "scroll" | "sdl", timer}
      let touchMode = false;
      const at = (t) => { const r = canvas.getBoundingClientRect(); return [t.clientX - r.left, t.clientY - r.top]; };
      const toSdl = (type, e) => { for (const fn of sdlTouch[type]) fn.call(canvas, quiet(e)); };
      const decide = (mode) => {
        clearTimeout(finger.timer);
        finger.mode = mode;
        if (mode === "sdl") toSdl("touchstart", finger.start);
      };
      function scrollPage(dy) {
        for (let el = root.parentElement; el && el !== document.body && el !== document.documentElement; el = el.parentElement) {
          const cs = getComputedStyle(el);
          if (/(auto|scroll)/.test(cs.overflowY) && el.scrollHeight > el.clientHeight) {
            const before = el.scrollTop;
            el.scrollTop += dy;
            if (el.scrollTop !== before) return;
          }
        }
        window.scrollBy(0, dy);
      }
      const find = (list) => { for (const t of list) if (finger && t.identifier === finger.id) return t; return null; };
      root.addEventListener("touchstart", (e) => {
        if (e.target !== canvas || !module) return;
        if (!touchMode) { touchMode = true; call("nnplay_set_touch", null, ["number"], [1]); }
        // A touch on the canvas leaves an open field's input (SDL cancels the
        // browser's own focus change): it applies, as leaving it does.
        editor.commit();
        if (opts.guest && !focused()) { passed.add(e); return; }
        if (finger) { if (finger.mode !== "sdl") passed.add(e); return; }  // a second finger: the first decides
        const t = e.changedTouches[0];
        const [x, y] = at(t);
        finger = { id: t.identifier, start: e, x0: x, y0: y, lastY: y, mode: "wait", timer: 0 };
        finger.timer = setTimeout(() => { if (finger && finger.mode === "wait") decide("sdl"); }, LONG_PRESS_MS);
        passed.add(e);
      }, { capture: true, passive: true });
      root.addEventListener("touchmove", (e) => {
        if (e.target !== canvas) return;
        const t = find(e.changedTouches);
        if (!finger || !t) { if (!finger || finger.mode !== "sdl") passed.add(e); return; }
        const [x, y] = at(t);
        if (finger.mode === "wait") {
          const dx = x - finger.x0, dy = y - finger.y0;
          if (Math.max(Math.abs(dx), Math.abs(dy)) < SLOP) { passed.add(e); return; }
          const vertical = Math.abs(dy) > Math.abs(dx);
          decide(vertical && call("nnplay_wants_touch_drag", "number", ["number", "number"], [finger.x0, finger.y0]) !== 1
            ? "scroll" : "sdl");
        }
        if (finger.mode === "scroll") {
          passed.add(e);
          const d = finger.lastY - y;  // finger up: content moves up, towards its end
          finger.lastY = y;
          const took = call("nnplay_touch_scroll", "number", ["number", "number", "number"], [finger.x0, finger.y0, d]);
          if (Math.abs(d - took) >= 0.5) scrollPage(d - took);
        }
      }, { capture: true, passive: true });
      const end = (e) => {
        if (e.target !== canvas) return;
        const t = find(e.changedTouches);
        if (!finger || !t) { if (!finger || finger.mode !== "sdl") passed.add(e); return; }
        const f = finger;
        finger = null;
        clearTimeout(f.timer);
        if (f.mode === "scroll" || e.type === "touchcancel" && f.mode === "wait") { passed.add(e); return; }
        if (f.mode === "wait" && e.type === "touchend") {
          // A tap on a typed field opens the page's own input (a phone's
          // keyboard comes only for a real one, and only inside this event).
          const field = editor.fieldAt(f.x0, f.y0);
          if (field) { passed.add(e); editor.open(field); return; }
          toSdl("touchstart", f.start);
        }
      };
      root.addEventListener("touchend", end, { capture: true, passive: true });
      root.addEventListener("touchcancel", end, { capture: true, passive: true });
      // A mouse again (a laptop with a touch screen): tooltips on hover again.
      canvas.addEventListener("pointerdown", (e) => {
        if (e.pointerType !== "touch") editor.commit();
        if (e.pointerType === "mouse" && touchMode && module) { touchMode = false; call("nnplay_set_touch", null, ["number"], [0]); }
      });
    }

    // ---- typed fields in a real text input ----------------------------------------------------
    // The App draws its typed fields (learning rate, batch, widths, ...) on the
    // canvas, where a phone opens no keyboard. A tap on one puts an <input>
    // over it (inputmode "decimal" for numbers, "numeric" for whole ones), with
    // the field's text selected and its row's label as its name; Enter or
    // leaving it applies the value, Escape drops it. It is driven only by what
    // the App reports of its fields (nnplay_text_field_at), so an accessibility
    // layer can open the same input for a field it has focused.
    function fieldEditor() {
      let input = null, field = null, dropped = false;
      function close() {
        if (!input) return;
        const i = input;
        input = null;
        field = null;
        i.remove();
      }
      function apply() {
        if (!input || !field) return "";
        const value = input.value;
        if (dropped || value === field.text) { close(); return ""; }
        const err = call("nnplay_apply_text_field", "string", ["number", "string"], [field.id, value]);
        if (err) {
          input.setAttribute("aria-invalid", "true");
          input.title = err;
        }
        return err;
      }
      return {
        fieldAt(x, y) {
          if (!module) return null;
          const json = call("nnplay_text_field_at", "string", ["number", "number"], [x, y]);
          return json ? JSON.parse(json) : null;
        },
        open(f) {
          close();
          field = f;
          dropped = false;
          input = make("input", "nnplay-field", root);
          input.type = "text";
          input.value = f.text;
          input.inputMode = f.kind === "number" ? "decimal" : f.kind === "int" ? "numeric" : "text";
          input.enterKeyHint = "done";
          input.autocomplete = "off";
          input.spellcheck = false;
          input.setAttribute("aria-label", f.label);
          // Over the field, at least 96 px wide, and inside the playground.
          const width = Math.min(Math.max(f.w, 96), root.clientWidth);
          const left = Math.max(0, Math.min(f.x, root.clientWidth - width));
          Object.assign(input.style, { left: left + "px", top: f.y + "px", width: width + "px",
                                       height: Math.max(f.h, 24) + "px" });
          input.addEventListener("keydown", (e) => {
            e.stopPropagation();  // the page's own keys (a deck's arrows) stay out of a field being typed in
            if (e.key === "Enter") { if (!apply()) { close(); canvas.focus({ preventScroll: true }); } }
            else if (e.key === "Escape") { dropped = true; close(); canvas.focus({ preventScroll: true }); }
          });
          input.addEventListener("blur", () => { apply(); close(); });
          input.focus({ preventScroll: true });
          input.select();
        },
        // Applies and closes the open input, if any (a touch or click elsewhere).
        commit() { if (input) { apply(); close(); } },
        get open_field() { return field; },
      };
    }

    // The element can change size without the window doing so: the window follows it.
    if (typeof ResizeObserver === "function")
      new ResizeObserver(() => {
        if (module) call("nnplay_resize", null, ["number", "number"],
                         [Math.round(canvas.clientWidth), Math.round(canvas.clientHeight)]);
      }).observe(root);

    // ---- share and about (the App's buttons ask the page) ----------------------------------
    function shareUrl() {
      const query = call("nnplay_share_query", "string");
      const page = BUNDLE ? location.href.split(/[?#]/)[0] : new URL("index.html", BASE).href;
      return query ? page + "?" + query : page;
    }
    // Text inside an HTML attribute written between double quotes.
    const attr = (t) => String(t).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    // The two ways to put this setup in another page: an iframe of index.html
    // (any page that takes an iframe: Canvas, Moodle, Jupyter), and the div
    // that nnplay-embed.js mounts (pages that take a script). The one-file
    // page has no nnplay-embed.js beside it: only its link.
    function embedCode() {
      const url = shareUrl();
      const out = [{ label: "An iframe (for pages that take no script: Moodle, Canvas, Jupyter):",
                     code: `<iframe src="${attr(url)}" width="800" height="560" title="nnplay playground" allow="fullscreen"></iframe>` }];
      if (!BUNDLE) {
        const query = call("nnplay_share_query", "string");
        out.push({ label: "A playground in the page itself (where scripts are allowed):",
                   code: `<script src="${attr(new URL("nnplay-embed.js", BASE).href)}" defer></script>\n` +
                         `<div class="nnplay" data-config="${attr(query)}"></div>` });
      }
      return out;
    }
    function copyButton(parent, field, status, what) {
      const copy = make("button", "nnplay-button", parent, "Copy");
      copy.type = "button";
      copy.setAttribute("aria-label", "Copy " + what);
      copy.addEventListener("click", () => {
        field.select();
        const done = () => { status.textContent = "Copied " + what + "."; };
        if (navigator.clipboard && navigator.clipboard.writeText)
          navigator.clipboard.writeText(field.value).then(done, () => { status.textContent = "Press Ctrl+C to copy."; });
        else status.textContent = "Press Ctrl+C to copy.";
      });
      return copy;
    }
    function showShare() {
      if (!share) {
        share = make("div", "nnplay-share", root);
        share.setAttribute("role", "dialog");
        share.setAttribute("aria-label", "Share this setup");
        make("div", "", share, "A link to this setup (the settings and seeds: the same steps give the same costs):");
        const row = make("div", "nnplay-share-row", share);
        const input = make("input", "nnplay-share-url", row);
        input.type = "text";
        input.readOnly = true;
        input.setAttribute("aria-label", "Link to this setup");
        const status = make("div", "nnplay-share-status");
        copyButton(row, input, status, "the link");
        const open = make("a", "nnplay-button", row, "Open");
        open.target = "_blank";
        open.rel = "noopener";
        const close = make("button", "nnplay-button nnplay-close", row, "×");
        close.type = "button";
        close.setAttribute("aria-label", "Close");
        // "Copy embed code": the iframe and the div, with this setup.
        const embed = make("details", "nnplay-share-embed", share);
        make("summary", "", embed, "Copy embed code");
        const codes = [];
        for (const [i, what] of ["the iframe code", "the div code"].entries()) {
          const label = make("div", "nnplay-share-label", embed);
          const r = make("div", "nnplay-share-row", embed);
          const field = make("textarea", "nnplay-share-code", r);
          field.readOnly = true;
          field.rows = i === 0 ? 2 : 3;
          field.setAttribute("aria-label", what);
          copyButton(r, field, status, what);
          codes.push({ label, row: r, field });
        }
        share.appendChild(status);
        close.addEventListener("click", () => { share.hidden = true; canvas.focus({ preventScroll: true }); });
        // Escape closes the dialog and goes no further (a deck would take it too).
        share.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.stopPropagation(); close.click(); } });
        share.parts = { input, open, status, codes };
      }
      const url = shareUrl();
      share.parts.input.value = url;
      share.parts.open.href = url;
      share.parts.status.textContent = "";
      const codes = embedCode();
      share.parts.codes.forEach((c, i) => {
        const have = i < codes.length;
        c.label.hidden = c.row.hidden = !have;
        c.label.textContent = have ? codes[i].label : "";
        c.field.value = have ? codes[i].code : "";
      });
      share.hidden = false;
      share.parts.input.focus({ preventScroll: true });
      share.parts.input.select();
    }
    function showAbout() {
      let url = new URL("about.html", BASE).href;
      if (BUNDLE && BUNDLE.about) url = URL.createObjectURL(new Blob([BUNDLE.about], { type: "text/html" }));
      if (!window.open(url, "_blank", "noopener"))
        showNotice("The licences and notices are in about.html beside the playground (a pop-up blocker stopped the new tab).", 15);
    }
    // Full screen, where the host allows it (an iframe needs allow="fullscreen";
    // document.fullscreenEnabled says). The App draws the link beside About
    // (a button over the canvas covered the views' corner) and asks for it
    // with the request "fullscreen"; the browser's own Escape leaves.
    const canFullscreen = !!document.fullscreenEnabled && typeof root.requestFullscreen === "function";
    function tellFullscreen() {
      if (module) call("nnplay_set_fullscreen", null, ["number", "number"], [canFullscreen ? 1 : 0, document.fullscreenElement === root ? 1 : 0]);
    }
    function toggleFullscreen() {
      if (!canFullscreen) return;
      const done = document.fullscreenElement === root ? document.exitFullscreen() : root.requestFullscreen();
      Promise.resolve(done).then(() => canvas.focus({ preventScroll: true }),
        (e) => showNotice("Full screen was refused: " + quote(e && e.message || e), 10));
    }
    if (canFullscreen) document.addEventListener("fullscreenchange", tellFullscreen);
    // Saving a file (the App's Files section). A sandboxed frame without
    // allow-downloads drops the download without a word to the page: say why.
    function downloadsBlocked() {  // "no" (known blocked), "maybe" (cannot tell), "" (allowed)
      let frame = null;
      try { frame = window.frameElement; } catch (e) { frame = null; }
      if (frame && frame.hasAttribute("sandbox")) return frame.sandbox.contains("allow-downloads") ? "" : "no";
      if (self.origin === "null" && window.parent !== window) return "maybe";  // sandboxed; its flags are not readable here
      return "";
    }
    function saveFile(name, mime, bytes) {
      const shown = quote(name);
      const blocked = downloadsBlocked();
      const needs = "the page around this playground put it in a sandboxed frame, and saving files needs " +
                    "allow-downloads in that iframe's sandbox attribute (sandbox=\"allow-scripts allow-downloads\"); " +
                    "or open the playground on its own (the Share link) and save there";
      if (blocked === "no") { showNotice(`${shown} was not saved: ${needs}.`, 30); return; }
      const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
      const a = make("a", "");
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      if (blocked === "maybe") showNotice(`If ${shown} did not download: ${needs}.`, 30);
    }
    function onRequest(what) {
      if (what === "share") showShare();
      else if (what === "about") showAbout();
      else if (what === "discard_saved") forgetRun();
      else if (what === "fullscreen") toggleFullscreen();
    }

    // ---- files: models in and out ---------------------------------------------------------
    // The App's Files section saves through a download link (web/page_api.cpp);
    // its "Load model…" opens this playground's file picker, and a model file
    // dropped on the playground loads too. The App says what happened in its notice.
    function fileBytes(kind) {  // "model", "pytorch" or "history"
      const sizePtr = module._malloc(4);
      if (!sizePtr) throw new Error("the playground is out of memory");
      try {
        const ptr = call("nnplay_file_bytes", "number", ["string", "number"], [kind, sizePtr]);
        const size = module.HEAP32[sizePtr >> 2];
        return module.HEAPU8.slice(ptr, ptr + size);
      } finally {
        module._free(sizePtr);
        call("nnplay_file_bytes_release", null);  // a copy is out: the engine's buffer goes back
      }
    }
    // A model file in: its size is checked before a byte is read (a dropped
    // 2 GB file is refused, not read into memory), every allocation checked.
    // Resolves to "" or the message, which the playground also shows.
    async function loadModel(file, name) {
      const shown = quote(name || (file && typeof file.name === "string" && file.name) || "model.safetensors");
      const refuse = (why) => {
        const msg = `Not loaded: ${shown}: ${why}. The current model is unchanged.`;
        showNotice(msg, 20);
        return msg;
      };
      const size = file instanceof Uint8Array ? file.length : file instanceof ArrayBuffer ? file.byteLength
        : file instanceof Blob ? file.size : -1;
      if (size < 0) return refuse("loadModel() takes a File, Blob, ArrayBuffer or Uint8Array");
      if (size > MAX_MODEL_BYTES)
        return refuse(`it has ${size.toLocaleString("en-US")} bytes, far more than any network nnplay trains ` +
                      `(at most ${MAX_MODEL_BYTES.toLocaleString("en-US")})`);
      let bytes;
      try {
        bytes = file instanceof Uint8Array ? file : new Uint8Array(file instanceof ArrayBuffer ? file : await file.arrayBuffer());
      } catch (e) {
        return refuse("the browser could not read it (" + quote(e && e.message || e) + ")");
      }
      const p = module._malloc(Math.max(1, bytes.length));
      if (!p) return refuse(`the playground has no room for its ${bytes.length.toLocaleString("en-US")} bytes`);
      try {
        module.HEAPU8.set(bytes, p);
        return call("nnplay_load_model", "string", ["number", "number", "string"], [p, bytes.length, shown]);
      } finally {
        module._free(p);
      }
    }
    let picker = null;
    function pickModel() {
      if (!picker) {
        picker = make("input", "nnplay-sr-only", root);
        picker.type = "file";
        picker.tabIndex = -1;
        picker.accept = ".safetensors,application/octet-stream";
        picker.addEventListener("change", () => {
          if (picker.files && picker.files[0] && module) loadModel(picker.files[0]);
          picker.value = "";
        });
      }
      picker.click();
    }
    canvas.addEventListener("dragover", (e) => {
      if (!isReady || !e.dataTransfer || ![...e.dataTransfer.types].includes("Files")) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    });
    canvas.addEventListener("drop", (e) => {
      const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (!isReady || !f) return;
      e.preventDefault();
      loadModel(f);
    });

    // ---- nothing lost: the run kept across a reload ---------------------------------------
    // Every few seconds while the run changes, when the page is hidden or
    // left, the run goes into the browser (runStore above) under this page's
    // address and this playground's place on it. Opened again with the same
    // config, the playground offers to continue it ("Continue the run from
    // 10:42 ...?"); restore=auto continues without asking; restore=off keeps
    // nothing. A changed config (a lesson edited) starts fresh.
    const restoreMode = ((pairs.filter(([k]) => k === "restore").pop() || [])[1] || "ask").toLowerCase();
    const keptConfig = pairs.filter(([k]) => k !== "restore" && k !== "autoplay")
      .map(([k, v]) => k + "=" + v).join("&");
    const place = placesTaken++;
    // Each playground's controls are named after it, so that several on one page
    // can be told apart: the host's own aria-label, else its place and lesson.
    const lesson = (pairs.filter(([k]) => k === "preset").pop() || [])[1];
    const a11yName = element.getAttribute("aria-label") ||
      "nnplay playground " + (place + 1) + (lesson ? " (lesson " + lesson + ")" : "");
    const runKey = location.origin + location.pathname + "#" + (element.id ? "id:" + element.id : "place:" + place);
    let savedKey = "", storageSaid = false, sizeSaid = false, saving = null;
    function storageRefused(e) {
      if (storageSaid) return;
      storageSaid = true;
      showNotice("This browser does not let the playground keep its run here (" +
                 String(e && e.message || e || "storage is blocked") + "), so a reload starts over.", 12);
    }
    function forgetRun() {
      if (restoreMode === "off") return;
      runStore.remove(runKey).catch(() => {});
      savedKey = "";
    }
    function saveRun() {
      if (!isReady || restoreMode === "off" || storageSaid || saving) return saving;
      const key = call("nnplay_save_key", "string");
      if (!key || key === savedKey) return null;
      const s = api.state();
      // Too big to keep: said once, and never serialised (tens of MB each time).
      if (s.run_bytes_estimate > RUN_LIMIT) {
        if (!sizeSaid) showNotice(`This network's run (about ${(s.run_bytes_estimate / 1e6).toFixed(0)} MB) is too ` +
                                  "big to keep across a reload; smaller ones are kept.", 12);
        sizeSaid = true;
        return null;
      }
      let bytes;
      try { bytes = fileBytes("session"); } catch (e) { return null; }  // out of memory: try again later
      if (!bytes.length) return null;
      if (bytes.length > RUN_LIMIT) {
        if (!sizeSaid) showNotice(`This network's run (${(bytes.length / 1e6).toFixed(0)} MB) is too big to ` +
                                  "keep across a reload; smaller ones are kept.", 12);
        sizeSaid = true;
        return null;
      }
      const info = { savedAt: Date.now(), config: keptConfig, size: bytes.length, step: s.step, epoch: s.epoch };
      saving = runStore.put(runKey, info, bytes).then(() => { savedKey = key; }, storageRefused)
        .finally(() => { saving = null; });
      return saving;
    }
    function whenText(t) {
      const d = new Date(t), today = new Date();
      const time = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      return d.toDateString() === today.toDateString() ? time : d.toLocaleDateString() + " " + time;
    }
    async function offerKeptRun() {
      if (restoreMode === "off") return;
      let kept;
      try { kept = await runStore.get(runKey); } catch (e) { storageRefused(e); return; }
      if (!kept) return;
      if (kept.config !== keptConfig) { forgetRun(); return; }  // the lesson changed: start fresh
      const bytes = kept.bytes instanceof Uint8Array ? kept.bytes : new Uint8Array(kept.bytes);
      const p = module._malloc(Math.max(1, bytes.length));
      if (!p) return;
      module.HEAPU8.set(bytes, p);
      call("nnplay_offer_restore", "string", ["number", "number", "string", "number"],
           [p, bytes.length, whenText(kept.savedAt), restoreMode === "auto" ? 1 : 0]);
      module._free(p);
    }
    function startAutosave() {
      if (restoreMode === "off") return;
      setInterval(saveRun, 3000);
      document.addEventListener("visibilitychange", () => { if (document.hidden) saveRun(); });
      window.addEventListener("pagehide", saveRun);
    }

    // ---- the API -----------------------------------------------------------------------------
    let resolveReady, rejectReady;
    const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
    ready.catch(() => {});  // shown in the playground; a page that awaits ready still gets the error
    // A command runs now once ready; before, it is queued and returns a promise
    // of its result (`fallback` if the playground never starts).
    function command(run, fallback) {
      return function (...args) {
        if (isReady) return run(...args);
        if (failure) return Promise.resolve(fallback);
        return new Promise((resolve) => queue.push({ run: () => run(...args), resolve, fallback }));
      };
    }
    const api = {
      ready,
      element,
      get module() { return module; },
      state() {
        if (isReady) return JSON.parse(call("nnplay_state_json", "string"));
        return failure ? { status: "error", message: failure } : { status: "loading" };
      },
      train: command(() => { call("nnplay_train", null); }),
      pause: command(() => { call("nnplay_pause", null); }),
      reset: command(() => { call("nnplay_reset", null); }),
      epoch: command(() => { call("nnplay_epoch", null); }),
      step: command((n) => stepBeside(module, call, n === undefined ? 1 : n), 0),
      // "" when applied, else a message saying what is wrong (nothing changed).
      configure: command((changes) => {
        try {
          return call("nnplay_configure", "string", ["string"], [JSON.stringify(changes)]);
        } catch (e) {
          if (e instanceof TooLong) return `configure() was given ${e.message}: nothing changed`;
          throw e;
        }
      }, "the playground could not start"),
      shareUrl: command(shareUrl, ""),
      settingsTable: command(() => JSON.parse(call("nnplay_settings_table", "string")), []),
      // Model files in and out (README: "Save, load, export"). loadModel takes a
      // File, Blob, ArrayBuffer or Uint8Array and resolves to "" when the model
      // was replaced, else the message (the running model is untouched).
      loadModel: command(loadModel, "the playground could not start"),
      // The model as a model file, the PyTorch export (a zip of model.safetensors
      // and model.py), or the history as CSV text.
      modelFile: command(() => fileBytes("model"), new Uint8Array(0)),
      pytorchZip: command(() => fileBytes("pytorch"), new Uint8Array(0)),
      historyCsv: command(() => new TextDecoder().decode(fileBytes("history")), ""),
      // Brings back the run the last Reset, New seed, new network, loaded model
      // or lesson threw away (the last few): "" or why not.
      undo: command(() => call("nnplay_undo", "string"), "the playground could not start"),
      // A weight set by hand: setWeight(layer, neuron, input, value), layer 1 the
      // first hidden layer (the output layer last), neuron and input from 0,
      // input -1 for the bias. "" or why it was refused (a lesson that locks
      // the network or the seed, a value that is not a finite number, no such weight).
      setWeight: command((layer, neuron, input, value) => {
        const ints = [layer, neuron, input].every((v) => Number.isInteger(v) && Math.abs(v) < 1e7);
        if (!ints) return "setWeight(layer, neuron, input, value) takes whole numbers for layer, neuron and input";
        if (typeof value !== "number") return "a weight must be a number";
        return call("nnplay_set_weight", "string", ["number", "number", "number", "number"], [layer, neuron, input, value]);
      }, "the playground could not start"),
      // Saves the run in the browser now (it also does every few seconds while
      // it changes): resolves once it is kept.
      saveRun: command(() => Promise.resolve(saveRun()).then(() => undefined)),
    };

    // ---- start -------------------------------------------------------------------------------
    function applyConfig() {
      const settings = {};
      const tooLong = [];  // each key on its own: an over-long value is refused, the others apply
      for (const [k, v] of pairs) {
        if (PAGE_KEYS.includes(k)) continue;
        if (k.length + v.length > MAX_STRING_BYTES / 4)
          tooLong.push({ key: k, message: `${quote(k)}: its value has ${v.length.toLocaleString("en-US")} characters, ` +
                                          "more than any setting takes" });
        else settings[k] = v;
      }
      if (Object.keys(settings).length || tooLong.length) {
        let refused;
        try {
          refused = Object.keys(settings).length
            ? JSON.parse(call("nnplay_configure_text", "string", ["string"], [JSON.stringify(settings)])) : [];
        } catch (e) {
          if (!(e instanceof TooLong)) throw e;
          refused = [{ key: "", message: `the settings are ${e.message}` }];
        }
        refused = tooLong.concat(refused);
        if (refused.length)
          showNotice(`Ignored ${opts.source} settings: ` + refused.map((r) => r.message).join("; ") +
                     ". Using the defaults for those.");
      }
      const autoplay = pairs.filter(([k]) => k === "autoplay").pop();
      if (autoplay && isOn(autoplay[1])) call("nnplay_train", null);
    }
    let lastStatus = "", lastEpoch = -1, lastSpoken = 0;
    function mirrorStatus() {  // the status line, for screen readers: on changes, at most every few seconds
      if (!isReady || document.hidden) return;
      let s;
      try { s = api.state(); } catch (e) { return; }
      const now = performance.now();
      if (s.status !== lastStatus || (s.epoch !== lastEpoch && now - lastSpoken > 5000)) {
        live.textContent = s.status_line || s.status;
        lastStatus = s.status; lastEpoch = s.epoch; lastSpoken = now;
      }
    }
    function fromDisk(detailEl) {
      // A file:// page cannot fetch its code and data: say how to serve it.
      const p = make("p", "", detailEl);
      p.append("Serve the folder instead: ", make("code", "", null, "make play"), " in the source, or ",
               make("code", "", null, "python3 -m http.server --bind 127.0.0.1 8000"),
               " in this folder, then open http://127.0.0.1:8000/. Or open ");
      const a = make("a", "", p, ONE_FILE_NAME);
      a.href = new URL("../" + ONE_FILE_NAME, BASE).href;
      p.append(" (one folder up): the playground in one file, which works from disk.");
    }

    async function start() {
      const missing = missingFeature();
      if (missing) { fail("nnplay cannot run here", missing); return; }
      if (location.protocol === "file:" && !BUNDLE) {
        fail("nnplay needs a web server", "This page was opened from disk (file://), and browsers do not let " +
             "such a page load the playground's code and data.", fromDisk);
        return;
      }
      let code, files;
      try {
        [code] = await Promise.all([loadCode(), loadStyle(), loadA11y()]);
      } catch (e) {
        const why = String(e && e.message || e);
        if (/Content.Security.Policy|unsafe-eval/i.test(why))
          fail("nnplay cannot run here", "This page's Content-Security-Policy does not allow WebAssembly: " +
               "its script-src needs 'wasm-unsafe-eval' (" + why + ")");
        else fail("nnplay could not load", "Downloading its code failed: " + why);
        return;
      }
      text.textContent = "Loading the digits…";
      try {
        module = await code.factory({
          canvas,
          // SDL finds its canvas as "#canvas": in this instance, that is this canvas.
          preRun: [(m) => { m.specialHTMLTargets["#canvas"] = canvas; }],
          instantiateWasm: code.wasm ? (imports, done) => {
            WebAssembly.instantiate(code.wasm, imports).then((inst) => done(inst, code.wasm),
              (e) => fail("nnplay could not start", String(e && e.message || e)));
            return {};
          } : undefined,
          print: (t) => console.log(t),
          printErr: (t) => console.warn(t),
          onAbort: (what) => fail("nnplay stopped", "The engine stopped unexpectedly: " + what),
          nnplayRequest: onRequest,
          nnplayPickModel: pickModel,
          nnplaySaveFile: saveFile,
          // The App's Share button: this page's dialog shows the link (Copy, Open).
          nnplayShareLink: () => { showShare(); return { url: share.parts.input.value, copied: false, shown: true }; },
        });
      } catch (e) {
        fail("nnplay could not start", String(e && e.message || e)); return;
      }
      if (failure) return;
      try {
        files = await loadData();
      } catch (e) {
        const msg = "Downloading the MNIST digits failed: " + (e && e.message || e);
        call("nnplay_set_error", null, ["string"], [msg]);
        fail("nnplay could not load its data", msg); return;
      }
      const ptrs = files.map((f) => { const p = module._malloc(Math.max(1, f.length)); if (p) module.HEAPU8.set(f, p); return p; });
      const err = ptrs.includes(0)
        ? "there is not enough memory for the digits (" + files.reduce((n, f) => n + f.length, 0).toLocaleString("en-US") + " bytes)"
        : call("nnplay_provide_data", "string",
               ["number", "number", "number", "number", "number", "number", "number", "number"],
               [ptrs[0], files[0].length, ptrs[1], files[1].length, ptrs[2], files[2].length, ptrs[3], files[3].length]);
      ptrs.forEach((p) => { if (p) module._free(p); });
      if (err) { fail("nnplay could not read its data", err); return; }
      const workerKey = pairs.filter(([k]) => k === "worker").pop();
      if (workerKey && !isOn(workerKey[1])) call("nnplay_run_state", null, ["number", "string"], [0, ""]);
      else startWorker(module, code, files, call);
      overlay.classList.add("hidden");
      tellFullscreen();
      applyConfig();
      await offerKeptRun();
      isReady = true;
      startAutosave();
      for (const q of queue.splice(0)) {
        try { q.resolve(q.run()); } catch (e) { q.resolve(q.fallback); console.error(e); }
      }
      if (opts.focus) canvas.focus({ preventScroll: true });
      // Accessibility (nnplay-a11y.js): the controls as DOM nodes, named after this playground.
      if (a11yModule()) a11yModule().attach({ root, canvas, call, api, name: a11yName });
      setInterval(mirrorStatus, 1000);
      mirrorStatus();
      resolveReady(api);
    }
    start().catch((e) => fail("nnplay could not start", String(e && e.message || e)));
    return api;
  }

  //-------------------------------------------------------------------------------------
  // [SECTION] Driving a playground in an iframe
  //-------------------------------------------------------------------------------------
  // index.html in an iframe answers messages {nnplay: "call", id, method, args}
  // with {nnplay: "result", id, result} or {nnplay: "result", id, error}, and
  // says {nnplay: "ready"} (or {nnplay: "error", message}) to its parent.
  // connect(iframe) wraps that: the same methods, each returning a promise.
  const METHODS = ["state", "train", "pause", "reset", "epoch", "step", "configure", "shareUrl", "settingsTable",
                   "loadModel", "modelFile", "pytorchZip", "historyCsv", "undo", "saveRun"];
  function connect(iframe) {
    let next = 1;
    const pending = new Map();
    let resolveReady, rejectReady;
    const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
    ready.catch(() => {});
    window.addEventListener("message", (e) => {
      if (e.source !== iframe.contentWindow || !e.data || typeof e.data !== "object") return;
      const m = e.data;
      if (m.nnplay === "ready") resolveReady(proxy);
      else if (m.nnplay === "error") rejectReady(new Error(String(m.message)));
      else if (m.nnplay === "result" && pending.has(m.id)) {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(String(m.error)));
        else p.resolve(m.result);
      }
    });
    function send(method, args) {
      return new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        iframe.contentWindow.postMessage({ nnplay: "call", id, method, args }, "*");
      });
    }
    const proxy = { ready, iframe };
    for (const m of METHODS) proxy[m] = (...args) => send(m, args);
    // The iframe may have loaded before we listened: ask it (a call waits for its ready).
    const ask = () => send("ready", []).then(() => resolveReady(proxy), (e) => rejectReady(e));
    if (iframe.contentWindow) ask();
    iframe.addEventListener("load", ask);
    return proxy;
  }
  // The answering side (used by index.html): answers calls to `api` from the
  // window that framed this page (window.parent) or opened it (window.opener),
  // whatever its origin, and from no other: any window that can reach this
  // frame (a sibling iframe on the course page, an advert, say) could
  // otherwise reset a student's run. Messages from others are dropped unanswered.
  function answerMessages(api) {
    const host = (w) => !!w && ((window.parent !== window && w === window.parent) || (!!window.opener && w === window.opener));
    let warned = false;
    window.addEventListener("message", async (e) => {
      const m = e.data;
      if (!m || typeof m !== "object" || m.nnplay !== "call" || !e.source) return;
      if (!host(e.source)) {
        if (!warned) console.warn("nnplay: ignored a call from a window that neither framed nor opened this playground");
        warned = true;
        return;
      }
      const reply = { nnplay: "result", id: m.id };
      try {
        if (m.method === "ready") { await api.ready; reply.result = true; }
        else if (!METHODS.includes(m.method)) throw new Error(`no method "${quote(m.method)}" (known: ${METHODS.join(", ")})`);
        else reply.result = await api[m.method](...(Array.isArray(m.args) ? m.args : []));
      } catch (err) {
        reply.error = String(err && err.message || err);
      }
      e.source.postMessage(reply, e.origin && e.origin !== "null" ? e.origin : "*");
    });
    if (window.parent !== window)
      api.ready.then(() => window.parent.postMessage({ nnplay: "ready" }, "*"),
                     (e) => window.parent.postMessage({ nnplay: "error", message: String(e.message) }, "*"));
  }

  //-------------------------------------------------------------------------------------
  // [SECTION] Mounting
  //-------------------------------------------------------------------------------------
  // mount(element, config?, options?): config as data-config takes it (text or
  // an object; default: the element's data-config). Mounting an element twice
  // returns its playground.
  function mount(element, config, options) {
    if (!(element instanceof Element)) throw new TypeError("nnplayEmbed.mount(element, config): element must be a DOM element");
    if (element.nnplay) return element.nnplay;
    const api = createPlayground(element, config === undefined ? element.getAttribute("data-config") : config, options);
    Object.defineProperty(element, "nnplay", { value: api, configurable: true });
    return api;
  }
  function mountAll() {
    for (const e of document.querySelectorAll(".nnplay")) if (!e.nnplay) mount(e);
  }
  window.nnplayEmbed = { mount, connect, answerMessages, base: BASE, [BRAND]: true };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
