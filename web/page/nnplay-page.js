// nnplay-page.js: index.html, the full-window playground. The window is one
// playground (nnplay-embed.js builds it); this file adds what only the
// full-window page does:
//  1. URL parameters are settings by their keys (README's table of settings),
//     e.g. index.html?hidden=32,32&activations=relu&output=softmax_ce&lr=0.1&autoplay=1,
//     read by the engine through the table, so messages match configure()'s;
//     "autoplay" is the page's own: it starts training once loaded.
//  2. window.nnplay is the playground's API (see nnplay-embed.js: ready,
//     state(), train(), pause(), step(n), epoch(), reset(), configure({...}),
//     shareUrl(), settingsTable(), loadModel(file), modelFile(), pytorchZip(),
//     historyCsv()).
//  3. In an iframe, the page is a guest (no focus until clicked, the wheel and
//     touch pass to the page around) and answers postMessage calls from its
//     parent (or opener), whatever its origin, and from no other window:
//     {nnplay: "call", id, method, args} ->
//     {nnplay: "result", id, result | error}; it says {nnplay: "ready"} when ready.
//     Opened on its own it takes the focus, so Space trains at once.
//  4. The parts keep the ids this page always had (canvas, overlay, notice,
//     live), for the tests and for anyone who scripted them.
(function () {
  "use strict";
  const stage = document.getElementById("stage");
  let framed = true;
  try { framed = window.self !== window.top; } catch (e) { framed = true; }
  const api = window.nnplayEmbed.mount(stage, location.search,
                                       { source: "URL", guest: framed, focus: !framed });
  window.nnplay = api;
  const ids = { canvas: ".nnplay-canvas", overlay: ".nnplay-overlay", notice: ".nnplay-notice", live: ".nnplay-live" };
  for (const id in ids) stage.querySelector(ids[id]).id = id;
  window.nnplayEmbed.answerMessages(api);
})();
