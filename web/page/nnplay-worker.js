// nnplay-worker.js: a playground's training in a Web Worker: nnplay.js and
// nnplay.wasm started without main(). nnplay-embed.js sends the compiled module,
// the MNIST files and the run's messages (web/app/run_controller.h), which go
// to web/worker_link.cpp's nnplay_remote_*; it works in 20 ms slices, posts
// each report (transferred) and yields between slices so a stop comes at once.
// It does not draw, touch the page or decide anything. No SharedArrayBuffer.
// In:  {nnplay: "start", code (nnplay.js's URL unless createNnplay is defined:
//      the one-file page), wasm (a WebAssembly.Module or null), files}, {nnplay: "run", bytes}
// Out: {nnplay: "ready"}, {nnplay: "failed", message}, {nnplay: "run", bytes}
"use strict";
(function () {
  const SLICE_MS = 20;
  let mod = null;
  const inbox = [];
  let scheduled = false;
  // A zero-delay turn of the event loop (setTimeout would wait 4 ms when nested).
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { scheduled = false; pump(); };
  function later() {
    if (!scheduled) { scheduled = true; channel.port2.postMessage(0); }
  }
  function fail(e) {
    mod = null;
    self.postMessage({ nnplay: "failed", message: String(e && e.message || e) });
  }
  function onHeap(bytes) {
    const p = mod._malloc(Math.max(1, bytes.length));
    if (!p) throw new Error("the worker has no memory for " + bytes.length + " bytes");
    mod.HEAPU8.set(bytes, p);
    return p;
  }
  function pump() {
    if (!mod) return;
    try {
      for (const b of inbox.splice(0)) {
        const p = onHeap(b);
        mod._nnplay_remote_receive(p, b.length);
        mod._free(p);
      }
      const busy = mod._nnplay_remote_work(SLICE_MS);
      for (let n; (n = mod._nnplay_remote_out_size()) > 0; mod._nnplay_remote_out_pop()) {
        const p = mod._nnplay_remote_out_data();
        const copy = mod.HEAPU8.slice(p, p + n);
        self.postMessage({ nnplay: "run", bytes: copy.buffer }, [copy.buffer]);
      }
      if (busy) later();
    } catch (e) {
      fail(e);
    }
  }
  async function start(m) {
    if (typeof self.createNnplay !== "function") importScripts(m.code);
    const instance = await self.createNnplay({
      noInitialRun: true,  // the engine only: no App, no canvas
      instantiateWasm: m.wasm ? (imports, done) => {
        WebAssembly.instantiate(m.wasm, imports).then((inst) => done(inst, m.wasm), fail);
        return {};
      } : undefined,
      print: (t) => console.log(t),
      printErr: (t) => console.warn(t),
      onAbort: (what) => fail("the worker's engine stopped: " + what),
    });
    mod = instance;
    const files = m.files.map((f) => new Uint8Array(f));
    const ptrs = files.map(onHeap);
    const err = mod.UTF8ToString(mod._nnplay_remote_data(ptrs[0], files[0].length, ptrs[1], files[1].length,
                                                         ptrs[2], files[2].length, ptrs[3], files[3].length));
    ptrs.forEach((p) => mod._free(p));
    if (err) { fail("the worker could not read the digits: " + err); return; }
    self.postMessage({ nnplay: "ready" });
    later();
  }
  self.onmessage = (e) => {
    const m = e.data || {};
    if (m.nnplay === "start") start(m).catch(fail);
    else if (m.nnplay === "run") { inbox.push(new Uint8Array(m.bytes)); later(); }
  };
})();
