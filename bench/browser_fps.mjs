// browser_fps.mjs: the page's frame rate while it trains, for `make bench`.
//
// What it does: serves the built site on 127.0.0.1, opens it in Debian's
// headless Chromium (playwright-core, software WebGL2) at 1280x800, waits
// until window.nnplay reports "ready", then for the default network and for
// W2 of shared/BENCH.md trains at full speed and measures the page with two
// views in turn: the network diagram ("diagram") and the one-sample view
// ("sample"), alternating in --rounds rounds (default 4, each view first in
// turn) so that both see the same machine, for --seconds per view in all.
// After each switch it waits a second (the training budget adapts), then
// samples window.nnplay.state() every 250 ms. Writes a JSON list to --out:
// per network and view an object with workload ("ui-default", "ui-W2"), view,
// target "browser", fps_median, fps_p5 (5th percentile: the slow frames),
// train_ms and draw_ms (medians of the page's per-frame times), budget_ms
// (the training budget the page chose), triangles (drawn per frame),
// renderer_bound_share (share of samples in which the page judged frames slow
// even without training), samples_per_s (samples trained over the wall time
// sampled), diagram_builds_per_s; then per network one object with view
// "diagram/sample": fps_ratio and samples_ratio, each the geometric mean over
// the rounds of the diagram's figure over the one-sample view's in that round
// (the issue asks for at least 0.9 each), the rounds' ratios, and the ratios
// of the pooled figures. Last, "ui-heavy": a host page embedding a lesson of
// 4 x 1024 at batch 10,000 with autoplay, and how often the host's own 50 ms
// timer runs (host_timer_per_s) and the playground draws (frames_per_s)
// while it trains (issue 17: >= 18 and >= 30). bench_report.py adds each
// view's ratio to the WebAssembly engine's samples/s on the same network.
// A network that fails gets an object with "error" instead.
//
// What it does not do: judge the numbers (bench/bench_report.py prints them),
// or stand for a real GPU: Chromium draws with SwiftShader on the CPU here,
// which shares the machine's cores with the training.
//
//   node bench/browser_fps.mjs --site build/web/site --seconds 15 --out build/bench/browser.json
import { writeFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
// playwright-core is installed once, for the browser tests (scripts/bootstrap.sh);
// the server and the Chromium launch are the browser tests' own.
import { parseArgs, serveSite, launchChromium } from "../tests/browser/harness.mjs";

const args = parseArgs(process.argv.slice(2));
const site = path.resolve(args.site || "build/web/site");
const outFile = path.resolve(args.out || "build/bench/browser.json");
const seconds = Number(args.seconds || 15);
if (!(seconds > 0)) { console.error("--seconds takes a positive number"); process.exit(2); }

const SCENARIOS = [
  { workload: "ui-default", what: "the lecture's 784-16-16-10 network", changes: {} },
  { workload: "ui-W2", what: "W2, 784-128-64-10 ReLU, momentum, batch 64",
    changes: { hidden: [128, 64], activations: ["relu", "relu"], output: "softmax_ce",
      optimizer: "momentum", lr: 0.05, momentum: 0.9, batch: 64 } },
];

const results = [];
async function save() {
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, JSON.stringify(results, null, 1) + "\n");
}
if (!existsSync(path.join(site, "index.html"))) {
  for (const s of SCENARIOS) results.push({ workload: s.workload, target: "browser",
    error: `${site}/index.html not found: build the web preset first` });
  await save();
  console.error(results[0].error);
  process.exit(1);
}

const server = await serveSite(site);
const base = server.base;
const browser = await launchChromium();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const state = (page) => page.evaluate(() => window.nnplay.state());

// Percentile by the nearest-rank method on a sorted copy.
function percentile(values, p) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return null;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}
// The page reports per-frame times as train_ms / draw_ms (AppState's
// train_ms_per_frame / draw_ms_per_frame); accept either spelling.
const pick = (s, ...keys) => { for (const k of keys) if (Number.isFinite(s[k])) return s[k]; return NaN; };

const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

let loadError = "";
try {
  await page.goto(base, { waitUntil: "load" });
  const t0 = Date.now();
  for (;;) {
    const s = await page.evaluate(() => window.nnplay ? window.nnplay.state() : { status: "loading" });
    if (s.status === "ready" || s.status === "paused") break;
    if (s.status === "error" || Date.now() - t0 > 90000)
      throw new Error(`the page did not become ready (status ${JSON.stringify(s.status)}` +
        `${errors.length ? "; " + errors.join(" | ") : ""})`);
    await sleep(250);
  }
} catch (e) {
  loadError = e && e.message ? e.message : String(e);
}

const VIEWS = ["diagram", "sample"];
const rounds = Math.max(1, Number(args.rounds || 4));

// One stretch of training with `view` shown: the state samples and the
// samples trained per second of wall time.
async function measure(view, ms) {
  const err = await page.evaluate((v) => window.nnplay.configure({ view: v }), view);
  if (err) throw new Error(`configure({view: "${view}"}) refused: ${err}`);
  await sleep(1000);   // the training budget adapts to the new frame time
  const first = await state(page);
  const samples = [];
  const w0 = Date.now();
  while (Date.now() - w0 < ms) {
    await sleep(250);
    samples.push(await state(page));
  }
  const last = samples[samples.length - 1];
  if (!last.running) throw new Error(`training stopped: status ${last.status}, ${last.status_line || ""}`);
  if (last.view !== view) throw new Error(`the page shows view ${last.view}, not ${view}`);
  const builds = (s) => (s.diagram && Number.isFinite(s.diagram.builds) ? s.diagram.builds : 0);
  return { samples, wall: (Date.now() - w0) / 1000, trained: last.samples_seen - first.samples_seen,
    builds: builds(last) - builds(first) };
}

for (const sc of SCENARIOS) {
  if (loadError) { results.push({ workload: sc.workload, target: "browser", error: loadError }); continue; }
  try {
    await page.evaluate(() => window.nnplay.pause());
    const err = await page.evaluate((c) => window.nnplay.configure(c), { ...sc.changes, speed: 0 });
    if (err) throw new Error(`configure() refused: ${err}`);
    await page.evaluate(() => window.nnplay.reset());
    await page.evaluate(() => window.nnplay.train());
    await sleep(1000);   // let the smoothed figures settle on training frames
    const acc = Object.fromEntries(VIEWS.map((v) => [v, { samples: [], wall: 0, trained: 0, builds: 0 }]));
    const pairs = [];  // per round: the diagram's figures over the one-sample view's
    for (let r = 0; r < rounds; r++) {
      const round = {};
      for (const view of r % 2 ? [...VIEWS].reverse() : VIEWS) {
        const m = await measure(view, (seconds * 1000) / rounds);
        const a = acc[view];
        a.samples.push(...m.samples);
        a.wall += m.wall;
        a.trained += m.trained;
        a.builds += m.builds;
        round[view] = { fps: percentile(m.samples.map((s) => pick(s, "fps")), 50), rate: m.trained / m.wall };
      }
      pairs.push({ fps: round.diagram.fps / round.sample.fps, rate: round.diagram.rate / round.sample.rate });
    }
    await page.evaluate(() => window.nnplay.pause());
    const byView = {};
    for (const view of VIEWS) {
      const { samples, wall, trained, builds } = acc[view];
      const last = samples[samples.length - 1];
      const fps = samples.map((s) => pick(s, "fps"));
      const r = {
        workload: sc.workload, view, target: "browser", architecture: last.architecture,
        fps_median: percentile(fps, 50), fps_p5: percentile(fps, 5),
        train_ms: percentile(samples.map((s) => pick(s, "train_ms", "train_ms_per_frame")), 50),
        draw_ms: percentile(samples.map((s) => pick(s, "draw_ms", "draw_ms_per_frame")), 50),
        budget_ms: percentile(samples.map((s) => pick(s, "budget_ms")), 50),
        triangles: percentile(samples.map((s) => pick(s, "triangles")), 50),
        renderer_bound_share: samples.filter((s) => s.renderer_bound === true).length / samples.length,
        samples_per_s: trained / wall,
        page_samples_per_s: percentile(samples.map((s) => pick(s, "samples_per_s")), 50),
        diagram_builds_per_s: builds / wall,
        seconds: wall, rounds, state_samples: samples.length, test_accuracy: last.test_accuracy,
      };
      byView[view] = r;
      results.push(r);
      console.log(`${sc.workload} (${sc.what}), view ${view}: fps median ${r.fps_median?.toFixed(1)}, p5 ${r.fps_p5?.toFixed(1)},` +
        ` train ${r.train_ms?.toFixed(1)} ms (budget ${r.budget_ms?.toFixed(1)}) + draw ${r.draw_ms?.toFixed(1)} ms per frame,` +
        ` ${r.triangles} triangles, ${Math.round(r.samples_per_s)} samples/s` +
        (view === "diagram" ? `, ${r.diagram_builds_per_s.toFixed(1)} diagram builds/s` : ""));
    }
    // Each round's ratio of its two neighbouring measurements, then their
    // geometric mean: the machine's load drifts (other processes share its
    // cores), and with the order alternating a steady drift favours each view
    // in every other round, which the geometric mean cancels.
    const gmean = (v) => Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length);
    const ratio = {
      workload: sc.workload, view: "diagram/sample", target: "browser",
      fps_ratio: gmean(pairs.map((p) => p.fps)), samples_ratio: gmean(pairs.map((p) => p.rate)),
      pooled_fps_ratio: byView.diagram.fps_median / byView.sample.fps_median,
      pooled_samples_ratio: byView.diagram.samples_per_s / byView.sample.samples_per_s,
      goal: 0.9, rounds: pairs.map((p) => ({ fps: +p.fps.toFixed(3), samples: +p.rate.toFixed(3) })),
    };
    ratio.meets_goal = ratio.fps_ratio >= ratio.goal && ratio.samples_ratio >= ratio.goal;
    results.push(ratio);
    console.log(`${sc.workload}: diagram / one-sample view: frame rate ${ratio.fps_ratio.toFixed(3)},` +
      ` samples/s ${ratio.samples_ratio.toFixed(3)} (goal >= 0.9 each: ${ratio.meets_goal ? "met" : "NOT met"});` +
      ` rounds ${ratio.rounds.map((r) => `${r.fps}/${r.samples}`).join(" ")}`);
  } catch (e) {
    results.push({ workload: sc.workload, target: "browser", error: e && e.message ? e.message : String(e) });
    console.log(`${sc.workload}: FAILED: ${results[results.length - 1].error}`);
  }
}

await context.close();

// ui-heavy: a lesson's typo (4 x 1024 at batch 10,000, autoplay) in an
// embedded playground: how often the host page's own 50 ms timer runs (goal
// >= 18 a second) and how fast the playground draws (goal >= 30 fps) while it
// trains, over `seconds` once it trains.
const HEAVY = "hidden=1024,1024,1024,1024&amp;batch=10000&amp;autoplay=1";
try {
  const hostServer = await serveSite(site, { pages: {
    "bench/host.js": "window.hostTicks = 0; setInterval(() => { window.hostTicks++; }, 50);",
    "bench/heavy.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>heavy</title><link rel="icon" href="data:,">
<script src="../nnplay-embed.js" defer></script><script src="host.js"></script></head><body>
<div class="nnplay" style="height:600px" data-config="${HEAVY}"></div></body></html>` } });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const p = await ctx.newPage();
  await p.goto(hostServer.base + "bench/heavy.html", { waitUntil: "load" });
  const ps = () => p.evaluate(() => { const e = document.querySelector(".nnplay"); return e && e.nnplay ? e.nnplay.state() : {}; });
  const t0 = Date.now();
  while (!(await ps()).running) {
    if (Date.now() - t0 > 120000) throw new Error("the heavy playground never started training");
    await sleep(250);
  }
  await sleep(1000);
  const a = { ticks: await p.evaluate(() => window.hostTicks), s: await ps(), t: Date.now() };
  const fps = [];
  while (Date.now() - a.t < seconds * 1000) { await sleep(250); fps.push((await ps()).fps); }
  const b = { ticks: await p.evaluate(() => window.hostTicks), s: await ps(), t: Date.now() };
  const wall = (b.t - a.t) / 1000;
  const r = { workload: "ui-heavy", view: "embedded", target: "browser", architecture: b.s.architecture,
    runner: b.s.runner, host_timer_per_s: (b.ticks - a.ticks) / wall,
    fps_median: percentile(fps, 50), frames_per_s: (b.s.frames - a.s.frames) / wall,
    steps: b.s.step - a.s.step, seconds: wall, goal_timer_per_s: 18, goal_fps: 30 };
  r.meets_goal = r.host_timer_per_s >= 18 && r.frames_per_s >= 30;
  results.push(r);
  console.log(`ui-heavy (${r.architecture}, batch 10,000, ${r.runner}): host timer ${r.host_timer_per_s.toFixed(1)}/s,` +
    ` playground ${r.frames_per_s.toFixed(1)} frames/s (fps median ${r.fps_median?.toFixed(1)}), ${r.steps} steps in ${wall.toFixed(1)} s`);
  await ctx.close();
  hostServer.close();
} catch (e) {
  results.push({ workload: "ui-heavy", target: "browser", error: e && e.message ? e.message : String(e) });
  console.log(`ui-heavy: FAILED: ${results[results.length - 1].error}`);
}

await browser.close();
server.close();
await save();
process.exit(results.some((r) => r.error) ? 1 : 0);
