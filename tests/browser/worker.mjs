// Browser tests of training beside the page (issue 17: web/app/run_controller.h,
// web/worker_link.cpp, web/page/nnplay-worker.js): the same settings and steps
// give bit-identical costs and weights in the worker and in the frames
// (worker=0); a heavy setup from a lesson's data-config (4 x 1024 at batch
// 10,000, autoplay) leaves the host page's own 50 ms timer running and Pause
// answers at once; several playgrounds each train in a worker of their own;
// under a CSP that forbids workers the playground says so once and trains in
// its frames. Ends with "N passed, N failed".
//
//   node tests/browser/worker.mjs --site build/web/site --out build/screenshots
import path from "node:path";
import { parseArgs, siteAndOut, serveSite, launchChromium, checks, assert, sleep, waitFor } from "./harness.mjs";

const args = parseArgs(process.argv.slice(2));
const { site, out } = siteAndOut(args);
// A host page of a course: its own script counts its 50 ms timer's ticks
// (a file, so that a strict CSP allows it).
const HOST_JS = `window.hostTicks = [];
setInterval(() => window.hostTicks.push(performance.now()), 50);`;
const host = (configs) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,">
<script src="../nnplay-embed.js" defer></script><script src="host.js"></script></head><body><main>
<h1>A lesson</h1>
${configs.map((c) => `<div class="nnplay" style="height:480px" data-config="${c}"></div>`).join("\n")}
</main></body></html>`;
const pages = {
  "examples/host.js": HOST_JS,
  "examples/heavy.html": host(["hidden=1024,1024,1024,1024&amp;batch=10000&amp;autoplay=1"]),
  "examples/three.html": host(["lr=0.5&amp;autoplay=1", "lr=3&amp;autoplay=1", "lr=1&amp;hidden=32&amp;autoplay=1"]),
};
const server = await serveSite(site, { pages });
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const strict = await serveSite(site, { pages, headers: { "Content-Security-Policy": CSP + "; worker-src 'none'" } });
const browser = await launchChromium();
const { check, finish } = checks();

async function open(base, rel, viewport) {
  const context = await browser.newContext({ viewport: viewport || { width: 1280, height: 800 } });
  const p = await context.newPage();
  p.errors = [];
  p.on("pageerror", (e) => p.errors.push(String(e)));
  p.on("console", (m) => { if (m.type() === "error") p.errors.push(m.text()); });
  await p.goto(base + rel, { waitUntil: "load" });
  return p;
}

// The training points of a history CSV: "samples,train_cost" per step.
function trainingPoints(csv) {
  return csv.split(/\r?\n/).slice(1).map((r) => r.split(",")).filter((f) => f.length > 3 && f[3] !== "")
    .map((f) => f[2] + "," + f[3]);
}

// One run of two epochs on 1,000 images, trained by autoplay; its costs and weights.
async function twoEpochs(worker) {
  const q = "index.html?train_subset=1000&epochs=2&batch=10&lr=1&optimizer=momentum&autoplay=1" + (worker ? "" : "&worker=0");
  const p = await open(server.base, q);
  await waitFor(p, () => window.nnplay && window.nnplay.state().data_loaded, null, 60000, "the playground to load");
  let runners = new Set();
  const t0 = Date.now();
  for (;;) {
    const s = await p.evaluate(() => { const s = window.nnplay.state(); return { runner: s.runner, status: s.status, step: s.step }; });
    runners.add(s.runner);
    if (s.status === "paused" && s.step === 200) break;
    if (Date.now() - t0 > 90000) throw new Error("two epochs did not finish: " + JSON.stringify(s));
    await sleep(100);
  }
  const result = await p.evaluate(() => ({
    csv: window.nnplay.historyCsv(),
    model: Array.from(window.nnplay.modelFile()).join(","),
    state: (({ runner, runner_failure, runner_reports, step, train_cost, test_accuracy }) =>
      ({ runner, runner_failure, runner_reports, step, train_cost, test_accuracy }))(window.nnplay.state()),
  }));
  result.runners = [...runners];
  result.errors = p.errors;
  await p.context().close();
  return result;
}

await check("the worker trains bit-identically to the frames (worker=0): every step's cost, the weights", async () => {
  const inWorker = await twoEpochs(true);
  const inFrames = await twoEpochs(false);
  assert(inWorker.state.runner_reports > 0, "the worker never reported: runners seen " + inWorker.runners);
  assert(inFrames.state.runner_reports === 0 && !inFrames.runners.includes("worker"), "worker=0 still used the worker");
  const a = trainingPoints(inWorker.csv), b = trainingPoints(inFrames.csv);
  assert(a.length === 200, `the worker's history has ${a.length} training points, not 200`);
  assert(b.length === 200, `the frames' history has ${b.length} training points, not 200`);
  const first = a.findIndex((x, i) => x !== b[i]);
  assert(first < 0, `step ${first + 1} differs: worker ${a[first]}, frames ${b[first]}`);
  assert(inWorker.model === inFrames.model, "the weights after 200 steps differ");
  assert(inWorker.errors.length === 0 && inFrames.errors.length === 0,
    "console errors: " + inWorker.errors.concat(inFrames.errors).join("; "));
  console.log(`  200 steps, costs and weights identical; ${JSON.stringify(inWorker.state)}`);
});

await check("a heavy lesson (4 x 1024, batch 10,000, autoplay) never freezes its host; Pause answers at once", async () => {
  const p = await open(server.base, "examples/heavy.html");
  const el = () => document.querySelector(".nnplay");
  await waitFor(p, () => { const e = document.querySelector(".nnplay"); return e && e.nnplay && e.nnplay.state().runner === "worker"; },
    null, 120000, "the heavy playground to train in its worker");
  const measure = async (ms) => {
    const before = await p.evaluate(() => window.hostTicks.length);
    const frames0 = await p.evaluate(() => document.querySelector(".nnplay").nnplay.state().frames);
    await sleep(ms);
    const after = await p.evaluate(() => window.hostTicks.length);
    const frames1 = await p.evaluate(() => document.querySelector(".nnplay").nnplay.state().frames);
    return { ticks: (after - before) / (ms / 1000), fps: (frames1 - frames0) / (ms / 1000) };
  };
  const m = await measure(5000);
  const s = await p.evaluate(() => document.querySelector(".nnplay").nnplay.state());
  console.log(`  host timer ${m.ticks.toFixed(1)}/s, playground ${m.fps.toFixed(1)} frames/s, step ${s.step}, runner ${s.runner}`);
  await p.screenshot({ path: path.join(out, "worker-heavy.png") });
  assert(m.ticks >= 18, `the host's 50 ms timer ran ${m.ticks.toFixed(1)} times a second (>= 18 wanted)`);
  assert(s.running, "the heavy playground stopped training");
  const pause = await p.evaluate(() => {
    const api = document.querySelector(".nnplay").nnplay;
    const t = performance.now();
    api.pause();
    const s = api.state();
    return { ms: performance.now() - t, running: s.running, status: s.status };
  });
  console.log(`  pause() answered in ${pause.ms.toFixed(1)} ms: ${pause.status}`);
  assert(!pause.running && pause.ms < 100, `pause() took ${pause.ms} ms, running ${pause.running}`);
  const m2 = await measure(2000);
  assert(m2.ticks >= 18, `after the pause the host's timer ran ${m2.ticks.toFixed(1)} times a second`);
  assert(p.errors.length === 0, "console errors: " + p.errors.join("; "));
  await p.context().close();
});

await check("three playgrounds on one page each train in a worker of their own", async () => {
  const p = await open(server.base, "examples/three.html");
  const runners = await waitFor(p, () => {
    const all = [...document.querySelectorAll(".nnplay")].map((e) => e.nnplay && e.nnplay.state());
    return all.every((s) => s && s.runner === "worker" && s.step > 50) ? all.map((s) => s.step) : null;
  }, null, 120000, "three playgrounds training in workers");
  const workers = p.workers().length;
  console.log(`  steps ${runners.join(", ")}; ${workers} workers`);
  assert(workers >= 3, `${workers} workers for three playgrounds`);
  assert(p.errors.length === 0, "console errors: " + p.errors.join("; "));
  await p.context().close();
});

await check("under a CSP without worker-src the playground says so once and trains in its frames", async () => {
  const p = await open(strict.base, "index.html?autoplay=1");
  const s = await waitFor(p, () => { const s = window.nnplay && window.nnplay.state(); return s && s.runner_failure && s.step > 20 ? s : null; },
    null, 60000, "training in the frames after the worker was refused");
  assert(s.runner === "frames", "runner " + s.runner);
  assert(/frames/.test(s.notice || ""), "no notice says it trains in the frames: " + s.notice);
  console.log(`  ${s.runner_failure}; notice: ${s.notice}`);
  await p.context().close();
});

server.close();
strict.close();
await browser.close();
finish();
