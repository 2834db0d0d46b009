// Browser end-to-end tests: serves the built site on 127.0.0.1, opens it in
// Debian's headless Chromium (playwright-core, software WebGL2) and drives it
// through window.nnplay, the keyboard and the mouse. Saves screenshots under
// --out and ends with a line "N passed, N failed".
//
//   node tests/browser/e2e.mjs --site build/web/site --out build/screenshots
import { mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import { parseArgs, serveSite, launchChromium, checks, assert, sleep, waitFor } from "./harness.mjs";

const args = parseArgs(process.argv.slice(2));
const site = path.resolve(args.site || "build/web/site");
const out = path.resolve(args.out || "build/screenshots");
if (!existsSync(path.join(site, "index.html"))) {
  console.error(`${site}/index.html not found: build the web preset first (make test does)`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
await mkdir(out, { recursive: true });
const server = await serveSite(site);
const base = server.base;
const browser = await launchChromium();

const { check, finish } = checks();
// Fraction of pixels that differ from the most common colour, and the number of colours.
function pixelStats(pngBuffer) {
  const png = PNG.sync.read(pngBuffer);
  const counts = new Map();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const total = png.width * png.height;
  const top = Math.max(...counts.values());
  return { colours: counts.size, nonBackground: 1 - top / total, width: png.width, height: png.height };
}

const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
const page = await context.newPage();
const consoleErrors = [];
page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
page.on("pageerror", (e) => consoleErrors.push(String(e)));

await check("the page loads code and data and reports ready", async () => {
  await page.goto(base, { waitUntil: "load" });
  await waitFor(page, () => window.nnplay && window.nnplay.state().status !== "loading"
    && window.nnplay.state().status !== "starting", null, 60000, "the playground to load");
  const s = await page.evaluate(() => window.nnplay.state());
  assert(s.architecture === "784-16-16-10", `architecture is ${s.architecture}`);
  assert(s.parameters === 13002, `parameters is ${s.parameters}`);
  assert(s.running === false, "training started by itself");
  assert(s.status === "ready" || s.status === "paused", `status is ${s.status}`);
});

await check("training through window.nnplay passes 80% test accuracy within 60 s", async () => {
  await page.evaluate(() => window.nnplay.train());
  const t0 = Date.now();
  await waitFor(page, () => window.nnplay.state().test_accuracy >= 0.8, null, 60000, "test accuracy >= 0.8");
  const s = await page.evaluate(() => window.nnplay.state());
  console.log(`  reached ${(100 * s.test_accuracy).toFixed(1)}% after ${((Date.now() - t0) / 1000).toFixed(1)} s,` +
    ` epoch ${s.epoch}, step ${s.step}, ${Math.round(s.samples_per_s)} samples/s, ${s.fps.toFixed(0)} fps`);
  assert(s.running === true, "not running");
  assert(s.step > 0 && s.samples_seen > 0, "no steps counted");
  assert(Number.isFinite(s.train_cost) && s.train_cost < 0.1, `train cost ${s.train_cost}`);
});

await check("the canvas shows the playground (not blank), screenshot saved", async () => {
  const shot = await page.screenshot({ path: path.join(out, "playground.png") });
  const st = pixelStats(shot);
  assert(st.nonBackground > 0.05, `only ${(100 * st.nonBackground).toFixed(1)}% of pixels differ from the background`);
  assert(st.colours > 50, `only ${st.colours} colours`);
});

await check("the renderer draws the plot's background (a scissored clear) and reports what it drew", async () => {
  // The plots' backgrounds are not triangles but clears through the renderer's
  // fill callback (web/render/ui_renderer.h): only a browser run draws them.
  const s = await page.evaluate(() => window.nnplay.state());
  assert(s.triangles > 500 && s.draw_calls > 5, `triangles ${s.triangles}, draw calls ${s.draw_calls}`);
  const r = s.widgets.cost_plot;
  assert(r && r.visible, "cost_plot was not drawn");
  const png = PNG.sync.read(await page.screenshot());
  // Above the curves (the cost has fallen by now) in the middle of the plot:
  // the most common colour must be ImGuiCol_FrameBg (0.16, 0.175, 0.21).
  const counts = new Map();
  for (let y = Math.round(r.y + 0.3 * r.h); y < r.y + 0.45 * r.h; ++y)
    for (let x = Math.round(r.x + 0.45 * r.w); x < r.x + 0.55 * r.w; ++x) {
      const i = (y * png.width + x) * 4;
      const key = `${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`;
      counts.set(key, (counts.get(key) || 0) + 1);
    }
  const [mode] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  const [cr, cg, cb] = mode.split(",").map(Number);
  assert(Math.abs(cr - 41) <= 2 && Math.abs(cg - 45) <= 2 && Math.abs(cb - 54) <= 2,
    `the plot's background is rgb(${mode}), expected about rgb(41,45,54)`);
});

// Pixels of a screenshot: the share that changed between two, and the share
// in orange (positive weights) and in blue (negative ones).
function pixelDiff(a, b) {
  const pa = PNG.sync.read(a), pb = PNG.sync.read(b);
  if (pa.width !== pb.width || pa.height !== pb.height) return 1;
  let changed = 0;
  for (let i = 0; i < pa.data.length; i += 4)
    if (Math.abs(pa.data[i] - pb.data[i]) + Math.abs(pa.data[i + 1] - pb.data[i + 1]) +
        Math.abs(pa.data[i + 2] - pb.data[i + 2]) > 30) changed++;
  return changed / (pa.width * pa.height);
}
function hues(buffer) {
  const png = PNG.sync.read(buffer);
  let orange = 0, blue = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    if (r > b + 60 && r > 90) orange++;
    if (b > r + 60 && b > 90) blue++;
  }
  const n = png.width * png.height;
  return { orange: orange / n, blue: blue / n };
}
const clip = (r) => ({ x: r.x, y: r.y, width: r.w, height: r.h });

await check("the network diagram: the lecture's picture, not blank, changing as it trains (diagram-*.png)", async () => {
  await page.evaluate(() => { window.nnplay.pause(); window.nnplay.reset(); });
  assert(await page.evaluate(() => window.nnplay.configure({ view: "diagram" })) === "", "view diagram refused");
  await page.evaluate(() => window.nnplay.step(20));
  await sleep(800);
  const s1 = await page.evaluate(() => window.nnplay.state());
  assert(s1.view === "diagram", `view is ${s1.view}`);
  const d1 = s1.diagram;
  assert(d1.renderer === true && d1.error === "", `renderer ${d1.renderer}, error "${d1.error}"`);
  assert(d1.shown_edges === 12960 && d1.total_edges === 12960, `showing ${d1.shown_edges} of ${d1.total_edges}`);
  assert(d1.neurons_drawn === 42, `${d1.neurons_drawn} neurons`);
  const r = s1.widgets.diagram;
  assert(r && r.visible && r.w > 400 && r.h > 200, `diagram at ${JSON.stringify(r)}`);
  const early = await page.screenshot({ path: path.join(out, "diagram-early.png"), clip: clip(r) });
  const st = pixelStats(early);
  assert(st.nonBackground > 0.2 && st.colours > 100, `the diagram looks blank: ${JSON.stringify(st)}`);
  const h = hues(early);
  assert(h.orange > 0.01 && h.blue > 0.01, `edges in both signs' colours: ${JSON.stringify(h)}`);

  await page.evaluate(() => window.nnplay.train());
  await waitFor(page, () => window.nnplay.state().test_accuracy >= 0.85, null, 60000, "test accuracy >= 0.85");
  // Mid-training, with a picture of these weights (the README's).
  const b85 = await page.evaluate(() => window.nnplay.state().diagram.builds);
  await waitFor(page, (n) => window.nnplay.state().diagram.builds > n, b85, 20000, "a build after 85%");
  await page.screenshot({ path: path.join(out, "diagram-training.png") });
  // Built again and again while it trains (every refresh_s: more often when builds cost the frames little).
  await waitFor(page, (n) => window.nnplay.state().diagram.builds >= n + 3, d1.builds, 20000, "the diagram to be built again while training");
  const s2 = await page.evaluate(() => window.nnplay.state());
  const trained = await page.screenshot({ path: path.join(out, "diagram-trained.png"), clip: clip(s2.widgets.diagram) });
  const changed = pixelDiff(early, trained);
  console.log(`  ${(100 * changed).toFixed(1)}% of the diagram's pixels changed from step 20 to step ${s2.step};` +
    ` ${s2.diagram.builds - d1.builds} builds, one every ${s2.diagram.refresh_s.toFixed(2)} s` +
    ` (costing the frames ${s2.diagram.build_cost_ms.toFixed(0)} ms), the first layer's fan every` +
    ` ${s2.diagram.fan_refresh_s.toFixed(2)} s (${s2.diagram.fan_build_cost_ms.toFixed(0)} ms)`);
  assert(changed > 0.03, `only ${(100 * changed).toFixed(2)}% of the diagram's pixels changed while it trained`);

  // Hover the first neuron of layer 1: its activation and its 784 weights as an image.
  const c1 = s2.diagram.columns[1];
  await page.mouse.move(s2.widgets.diagram.x + c1.x, s2.widgets.diagram.y + c1.y[0]);
  await sleep(400);
  const s3 = await page.evaluate(() => window.nnplay.state());
  assert(s3.diagram.hovered.column === 1 && s3.diagram.hovered.neuron === 0,
    `hovered ${JSON.stringify(s3.diagram.hovered)}`);
  await page.screenshot({ path: path.join(out, "diagram-hover.png") });
  // Click it: its edges highlighted.
  await page.mouse.down();
  await sleep(120);
  await page.mouse.up();
  await sleep(400);
  const s4 = await page.evaluate(() => window.nnplay.state());
  assert(s4.diagram.selected.column === 1 && s4.diagram.selected.neuron === 0, `selected ${JSON.stringify(s4.diagram.selected)}`);
  await page.screenshot({ path: path.join(out, "diagram-selected.png"), clip: clip(s4.widgets.diagram) });
  await page.mouse.down();  // a second click lets go
  await sleep(120);
  await page.mouse.up();
  await sleep(300);
  // Weight x activation: what flows for this image.
  await clickWidget(page, "diagram_flow");
  await sleep(500);
  const s5 = await page.evaluate(() => window.nnplay.state());
  assert(s5.diagram.mode === "flow" && s5.diagram.selected.column === -1, `mode ${s5.diagram.mode}, selected ${JSON.stringify(s5.diagram.selected)}`);
  await page.screenshot({ path: path.join(out, "diagram-flow.png") });
  await clickWidget(page, "diagram_weights");
  await page.evaluate(() => window.nnplay.pause());
});

await check("the network diagram of W2 (784-128-64-10): at most 24 neurons a column, the strongest edges, says how many", async () => {
  const err = await page.evaluate(() => window.nnplay.configure({ hidden: [128, 64], activations: ["relu", "relu"],
    output: "softmax_ce", optimizer: "momentum", lr: 0.05, batch: 64, view: "diagram" }));
  assert(err === "", `configure refused: ${err}`);
  await page.evaluate(() => window.nnplay.train());
  await sleep(4000);
  const s = await page.evaluate(() => window.nnplay.state());
  const d = s.diagram;
  assert(d.total_edges === 784 * 128 + 128 * 64 + 64 * 10, `total ${d.total_edges}`);
  // At most 24 neurons a column (fewer when the column is short), a gap marker for the rest.
  const shown = d.columns.map((c) => c.shown);
  assert(shown[1] <= 24 && shown[1] >= 16 && d.columns[1].gap && shown[2] <= 24 && d.columns[2].gap && shown[3] === 10,
    `columns ${JSON.stringify(shown)}`);
  assert(d.shown_edges < d.total_edges && d.shown_edges > 10000, `showing ${d.shown_edges}`);
  assert(d.columns[1].scale > 0, "the ReLU column's scale");
  const shot = await page.screenshot({ path: path.join(out, "diagram-w2.png") });
  assert(pixelStats(shot).colours > 50, "blank");
  await page.evaluate(() => { window.nnplay.pause(); window.nnplay.configure({ hidden: [16, 16],
    activations: ["sigmoid", "sigmoid"], output: "sigmoid_mse", optimizer: "sgd", lr: 3, batch: 10 }); });
});

await check("stuck runs are explained: the lecture's network at learning rate 500 (saturated), ReLU at 50 (dead)", async () => {
  for (const [changes, cause, words] of [[{ lr: 500 }, "saturated", /saturated/],
                                         [{ activations: ["relu", "relu"], lr: 50 }, "dead", /dead/]]) {
    await page.evaluate(() => window.nnplay.pause());
    assert(await page.evaluate((c) => window.nnplay.configure({ hidden: [16, 16], activations: ["sigmoid", "sigmoid"],
      output: "sigmoid_mse", optimizer: "sgd", batch: 10, view: "diagram", ...c }), changes) === "", "configure refused");
    await page.evaluate(() => { window.nnplay.reset(); window.nnplay.train(); });
    await waitFor(page, (c) => window.nnplay.state().stall.cause === c, cause, 30000, `the stall to be explained (${cause})`);
    const s = await page.evaluate(() => window.nnplay.state());
    assert(s.running && s.status === "training", `status ${s.status}`);
    assert(/Stuck/.test(s.status_line) && words.test(s.status_line) && /Lower the learning rate/.test(s.status_line),
      `status line: ${s.status_line}`);
    console.log(`  ${s.status_line.slice(s.status_line.indexOf("Stuck"), s.status_line.indexOf("Stuck") + 160)}...`);
    await page.screenshot({ path: path.join(out, `stuck-${cause}.png`) });
  }
  await page.evaluate(() => { window.nnplay.pause(); window.nnplay.configure({ activations: ["sigmoid", "sigmoid"], lr: 3 }); });
});

await check("architecture 784-32-10 through configure(): parameter count 25,450, shown in the UI", async () => {
  await page.evaluate(() => window.nnplay.pause());
  const err = await page.evaluate(() => window.nnplay.configure({ hidden: [32], activations: ["sigmoid"] }));
  assert(err === "", `configure refused: ${err}`);
  const s = await page.evaluate(() => window.nnplay.state());
  assert(s.architecture === "784-32-10", `architecture is ${s.architecture}`);
  assert(s.parameters === 25450, `parameters is ${s.parameters}`);
  assert(s.step === 0, `a new architecture must start from new weights, step is ${s.step}`);
  await page.screenshot({ path: path.join(out, "architecture-784-32-10.png") });
});

await check("nonsense settings are refused with a message and change nothing", async () => {
  const before = await page.evaluate(() => window.nnplay.state());
  for (const bad of [{ hidden: [0] }, { hidden: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, { lr: -1 }, { lr: "fast" },
                     { batch: 0 }, { activations: ["swish"] }, { optimizer: "sgdd" }, { hidden: [5000] }]) {
    const err = await page.evaluate((b) => window.nnplay.configure(b), bad);
    assert(typeof err === "string" && err.length > 10, `${JSON.stringify(bad)} was accepted`);
  }
  const after = await page.evaluate(() => window.nnplay.state());
  assert(after.architecture === before.architecture && after.lr === before.lr && after.batch === before.batch,
    "a refused change altered the configuration");
});

await check("changing the learning rate while training keeps the model and training goes on", async () => {
  await page.evaluate(() => window.nnplay.train());
  await waitFor(page, () => window.nnplay.state().step > 50, null, 20000, "50 steps");
  const before = await page.evaluate(() => window.nnplay.state());
  const err = await page.evaluate(() => window.nnplay.configure({ lr: 0.5, batch: 32 }));
  assert(err === "", `configure refused: ${err}`);
  const mid = await page.evaluate(() => window.nnplay.state());
  assert(mid.step >= before.step, `step went back from ${before.step} to ${mid.step}: the model was reset`);
  assert(mid.lr === 0.5 && mid.batch === 32, `lr ${mid.lr}, batch ${mid.batch}`);
  await waitFor(page, (n) => window.nnplay.state().step > n + 20, mid.step, 20000, "training to continue");
  const after = await page.evaluate(() => window.nnplay.state());
  assert(after.running, "training stopped");
});

await check("pause, step and reset through window.nnplay", async () => {
  await page.evaluate(() => window.nnplay.pause());
  const a = await page.evaluate(() => window.nnplay.state());
  assert(!a.running && a.status === "paused", `status ${a.status}`);
  await sleep(300);
  const b = await page.evaluate(() => window.nnplay.state());
  assert(b.step === a.step, `paused but step moved from ${a.step} to ${b.step}`);
  const n = await page.evaluate(() => window.nnplay.step(3));
  const c = await page.evaluate(() => window.nnplay.state());
  assert(n === 3 && c.step === b.step + 3, `step(3) returned ${n}, step ${b.step} -> ${c.step}`);
  await page.evaluate(() => window.nnplay.reset());
  const d = await page.evaluate(() => window.nnplay.state());
  assert(d.step === 0 && d.samples_seen === 0 && !d.running, `after reset: ${JSON.stringify(d)}`);
  assert(d.architecture === "784-32-10" && d.lr === 0.5, "reset must keep the settings");
});

await check("keyboard on the canvas: Space trains and pauses, S steps, R resets", async () => {
  await page.click("#canvas", { position: { x: 5, y: 5 } }).catch(() => {});
  await page.evaluate(() => document.getElementById("canvas").focus());
  await page.keyboard.press("Space");
  await waitFor(page, () => window.nnplay.state().running && window.nnplay.state().step > 5, null, 10000, "Space to start training");
  await page.keyboard.press("Space");
  await waitFor(page, () => !window.nnplay.state().running, null, 5000, "Space to pause");
  const a = await page.evaluate(() => window.nnplay.state().step);
  await page.keyboard.press("s");
  await waitFor(page, (n) => window.nnplay.state().step === n + 1, a, 5000, "S to take one step");
  await page.keyboard.press("r");
  await waitFor(page, () => window.nnplay.state().step === 0, null, 5000, "R to reset");
});

// The App reports where it drew its main widgets (state().widgets, CSS pixels).
async function widget(p, name) {
  const w = await p.evaluate((n) => window.nnplay.state().widgets[n], name);
  assert(w && w.visible, `widget "${name}" is not on screen: ${JSON.stringify(w)}`);
  return w;
}
async function clickWidget(p, name, fx = 0.5) {
  const w = await widget(p, name);
  const x = w.x + w.w * fx, y = w.y + w.h / 2;
  await p.mouse.move(x, y);
  await sleep(120);            // a frame sees the hover before the press
  await p.mouse.down();
  await sleep(120);
  await p.mouse.up();
  await sleep(120);
}

await check("mouse: the Train button starts and pauses training", async () => {
  await page.evaluate(() => window.nnplay.pause());
  await clickWidget(page, "train");
  await waitFor(page, () => window.nnplay.state().running, null, 5000, "a click on Train to start training");
  await clickWidget(page, "train");
  await waitFor(page, () => !window.nnplay.state().running, null, 5000, "a second click to pause");
});

await check("mouse: Add a hidden layer changes the architecture and the parameter count", async () => {
  const before = await page.evaluate(() => window.nnplay.state());
  await clickWidget(page, "add_layer");
  await waitFor(page, (n) => window.nnplay.state().hidden.length === n + 1, before.hidden.length, 5000, "a new layer");
  const after = await page.evaluate(() => window.nnplay.state());
  assert(after.parameters !== before.parameters, `parameters stayed ${after.parameters}`);
  await clickWidget(page, "layer2_remove");
  await waitFor(page, (a) => window.nnplay.state().architecture === a, before.architecture, 5000, "the layer removed again");
});

await check("mouse: dragging the learning-rate slider while training changes lr and keeps the model", async () => {
  await page.evaluate(() => window.nnplay.train());
  await waitFor(page, () => window.nnplay.state().step > 10, null, 10000, "training");
  const before = await page.evaluate(() => window.nnplay.state());
  const w = await widget(page, "lr");
  await page.mouse.move(w.x + w.w * 0.8, w.y + w.h / 2);
  await sleep(120);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) { await page.mouse.move(w.x + w.w * (0.8 - 0.12 * i), w.y + w.h / 2); await sleep(60); }
  await page.mouse.up();
  await sleep(200);
  const after = await page.evaluate(() => window.nnplay.state());
  assert(after.lr < before.lr, `lr went from ${before.lr} to ${after.lr}`);
  assert(after.step >= before.step && after.running, "the model was reset or training stopped");
  await page.evaluate(() => window.nnplay.pause());
});

await check("mouse wheel scrolls the controls in a small window", async () => {
  await page.setViewportSize({ width: 800, height: 600 });
  await sleep(500);
  const seedBefore = await page.evaluate(() => window.nnplay.state().widgets.seed);
  const run = await widget(page, "step");
  await page.mouse.move(run.x + 5, run.y + 40);
  await page.mouse.wheel(0, 300);
  await sleep(500);
  const seedAfter = await page.evaluate(() => window.nnplay.state().widgets.seed);
  assert(seedBefore && seedAfter && seedAfter.y < seedBefore.y - 20,
    `the seed field did not move up: ${JSON.stringify(seedBefore)} -> ${JSON.stringify(seedAfter)}`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await sleep(300);
});

await check("touch: tapping Step on a phone-sized touch screen takes one step", async () => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
  const p = await ctx.newPage();
  p.on("pageerror", (e) => consoleErrors.push(String(e)));
  await p.goto(base, { waitUntil: "load" });
  await waitFor(p, () => window.nnplay && window.nnplay.state().status === "ready", null, 60000, "ready");
  await sleep(300);
  const w = await widget(p, "step");
  await p.touchscreen.tap(w.x + w.w / 2, w.y + w.h / 2);
  await waitFor(p, () => window.nnplay.state().step === 1, null, 5000, "a tap on Step");
  await ctx.close();
});

await check("a learning rate that makes training diverge is caught and the model survives", async () => {
  await page.evaluate(() => window.nnplay.configure({ hidden: [64], activations: ["leaky_relu"],
    output: "softmax_ce", lr: 1000 }));
  await page.evaluate(() => window.nnplay.train());
  await waitFor(page, () => window.nnplay.state().diverged, null, 20000, "divergence to be reported");
  const s = await page.evaluate(() => window.nnplay.state());
  assert(s.status === "diverged", `status ${s.status}`);
  assert(/diverge/i.test(s.message) && /learning rate/i.test(s.message), `message: ${s.message}`);
  await page.screenshot({ path: path.join(out, "diverged.png") });
  const err = await page.evaluate(() => window.nnplay.configure({ lr: 0.05 }));
  assert(err === "", `configure refused: ${err}`);
  await page.evaluate(() => window.nnplay.train());
  await waitFor(page, (n) => window.nnplay.state().step > n + 20 && !window.nnplay.state().diverged,
    s.step, 20000, "training to recover at a lower learning rate");
  const t = await page.evaluate(() => window.nnplay.state());
  assert(Number.isFinite(t.train_cost), `cost after recovery: ${t.train_cost}`);
  await page.evaluate(() => { window.nnplay.pause(); window.nnplay.configure({ hidden: [16, 16],
    activations: ["sigmoid", "sigmoid"], output: "sigmoid_mse", lr: 3, batch: 10 }); });
});

await check("a paused page with no input stops drawing, and input or a command draws again", async () => {
  await page.evaluate(() => window.nnplay.pause());
  const frames = () => page.evaluate(() => window.nnplay.state().frames);
  // The last change's frames and evaluation are done: a change draws 30 more
  // frames, which on a loaded machine (a software renderer at 10 fps) take
  // seconds, so wait until half a second passes with at most two frames.
  for (let t0 = Date.now(), last = await frames(); Date.now() - t0 < 10000;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await frames();
    if (now - last <= 2) break;
    last = now;
  }
  const f0 = await frames();
  await new Promise((r) => setTimeout(r, 2000));
  const idle = (await frames()) - f0;
  assert(idle <= 10, `${idle} frames drawn in 2 s of idling (expected about 4)`);
  const f1 = await frames();
  await page.mouse.move(640, 300);
  await page.mouse.move(660, 320);
  await new Promise((r) => setTimeout(r, 300));
  const moved = (await frames()) - f1;
  assert(moved >= 8, `only ${moved} frames drawn in 0.3 s after the mouse moved`);
  const step0 = (await page.evaluate(() => window.nnplay.state())).step;
  await page.evaluate(() => window.nnplay.step(1));
  await new Promise((r) => setTimeout(r, 300));
  const s = await page.evaluate(() => window.nnplay.state());
  assert(s.step === step0 + 1 && s.frames > f1 + moved, `step ${s.step}, frames ${s.frames}`);
});

for (const [w, h, name] of [[1920, 1080, "desktop-1920x1080"], [800, 600, "iframe-800x600"], [360, 640, "phone-360x640"]]) {
  await check(`the layout at ${w}x${h} fills the window and keeps training (screenshot ${name}.png)`, async () => {
    await page.setViewportSize({ width: w, height: h });
    await page.evaluate(() => window.nnplay.train());
    await sleep(1500);
    const dims = await page.evaluate(() => { const c = document.getElementById("canvas");
      return { cw: c.clientWidth, ch: c.clientHeight, w: c.width, h: c.height, dpr: devicePixelRatio }; });
    assert(dims.cw === w && dims.ch === h, `canvas is ${dims.cw}x${dims.ch} CSS pixels`);
    assert(dims.w === Math.floor(w * dims.dpr) && dims.h === Math.floor(h * dims.dpr),
      `canvas backing store is ${dims.w}x${dims.h} at devicePixelRatio ${dims.dpr}`);
    const s = await page.evaluate(() => window.nnplay.state());
    assert(s.running && s.step > 0, "not training");
    const shot = await page.screenshot({ path: path.join(out, `${name}.png`) });
    const st = pixelStats(shot);
    assert(st.width === w && st.nonBackground > 0.05 && st.colours > 50, `screenshot looks blank: ${JSON.stringify(st)}`);
  });
}

await check("HiDPI: at devicePixelRatio 2 the canvas renders at twice the resolution", async () => {
  const ctx2 = await browser.newContext({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 2 });
  const p2 = await ctx2.newPage();
  p2.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  p2.on("pageerror", (e) => consoleErrors.push(String(e)));
  await p2.goto(base, { waitUntil: "load" });
  await waitFor(p2, () => window.nnplay && window.nnplay.state().status === "ready", null, 60000, "ready");
  await sleep(500);
  const dims = await p2.evaluate(() => { const c = document.getElementById("canvas"); return [c.width, c.height]; });
  assert(dims[0] === 1600 && dims[1] === 1200, `backing store ${dims}`);
  await p2.screenshot({ path: path.join(out, "hidpi-800x600@2x.png") });
  await ctx2.close();
});

await check("URL parameters configure the page, and nonsense ones are explained", async () => {
  const ctx3 = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const p3 = await ctx3.newPage();
  p3.on("pageerror", (e) => consoleErrors.push(String(e)));
  await p3.goto(base + "?hidden=32&lr=0.5&batch=20&bogus=1&seed=abc&optimizer=rmsprop&rho=0.9" +
                "&weight_decay=off&epochs=3&view=confusion&log_y=true&momentum=1.5", { waitUntil: "load" });
  await waitFor(p3, () => window.nnplay && window.nnplay.state().status === "ready", null, 60000, "ready");
  const s = await p3.evaluate(() => window.nnplay.state());
  assert(s.architecture === "784-32-10" && s.lr === 0.5 && s.batch === 20, `state ${JSON.stringify(s)}`);
  assert(s.optimizer === "rmsprop" && s.rho === 0.9 && s.weight_decay === 0 && s.epochs === 3 &&
         s.view === "confusion" && s.log_y === true, `state ${JSON.stringify(s)}`);
  // Refused keys keep their defaults and are named, with the table's messages.
  assert(s.seed === 42 && s.momentum === 0.9, `seed ${s.seed}, momentum ${s.momentum}`);
  const notice = await p3.evaluate(() => { const n = document.getElementById("notice"); return n.hidden ? "" : n.textContent; });
  assert(/unknown setting "bogus"/.test(notice), `notice: "${notice}"`);
  assert(notice.includes('seed must be a whole number from 0 to 4,294,967,295 (got "abc")'), `notice: "${notice}"`);
  assert(notice.includes("momentum must be a number from 0 to 0.999 (got 1.5)"), `notice: "${notice}"`);
  // configure() takes the same keys and gives the same message for the same value.
  const err = await p3.evaluate(() => window.nnplay.configure({ momentum: 1.5 }));
  assert(err === "momentum must be a number from 0 to 0.999 (got 1.5)", `configure: "${err}"`);
  assert(await p3.evaluate(() => window.nnplay.configure({ optimizer: "nesterov", momentum: 0.95 })) === "", "nesterov");
  const t = await p3.evaluate(() => window.nnplay.state());
  assert(t.optimizer === "nesterov" && t.momentum === 0.95, `state ${JSON.stringify(t)}`);
  await ctx3.close();
});

// Issue 9: every lesson preset loads from the URL, as a course page links it,
// and shows its text in the lesson strip (state().lesson, its window on screen).
await check("every lesson preset loads from the URL and shows its text (preset-*.png)", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await ctx.newPage();
  p.on("pageerror", (e) => consoleErrors.push(String(e)));
  await p.goto(base, { waitUntil: "load" });
  await waitFor(p, () => window.nnplay && window.nnplay.state().status === "ready", null, 60000, "ready");
  const names = await p.evaluate(() => window.nnplay.settingsTable().find((r) => r.key === "preset").choices);
  assert(Array.isArray(names) && names.length >= 9, `presets: ${JSON.stringify(names)}`);
  for (const name of names) {
    await p.goto(base + "?preset=" + encodeURIComponent(name), { waitUntil: "load" });
    await waitFor(p, () => window.nnplay && window.nnplay.state().status === "ready", null, 60000, `ready (${name})`);
    await sleep(300);
    const s = await p.evaluate(() => window.nnplay.state());
    assert(s.preset === name && s.lesson.preset === name, `${name}: preset ${s.preset}`);
    assert(s.lesson.shown === true && s.lesson.text.length > 80, `${name}: lesson ${JSON.stringify(s.lesson)}`);
    assert(s.windows.lesson.h > 20, `${name}: the lesson strip has no room (${JSON.stringify(s.windows.lesson)})`);
    assert(name === "lecture" || s.epochs > 0, `${name}: no epochs limit`);  // the lecture: the defaults
    const png = await p.screenshot({ path: path.join(out, `preset-${name}.png`) });
    const st = pixelStats(png);
    assert(st.colours > 20 && st.nonBackground > 0.2, `${name}: the page looks blank`);
  }
  await ctx.close();
});

await check("the status line is mirrored into an ARIA live region", async () => {
  const text = await page.evaluate(() => document.getElementById("live").textContent);
  assert(/train|paus|ready/i.test(text), `live region: "${text}"`);
});

// Pages that cannot run say why, instead of leaving a blank canvas.
async function overlayText(init, route) {
  const ctx = await browser.newContext({ viewport: { width: 800, height: 600 } });
  if (init) await ctx.addInitScript(init);
  if (route) await ctx.route(route, (r) => r.fulfill({ status: 404, body: "gone" }));
  const p = await ctx.newPage();
  await p.goto(base, { waitUntil: "load" });
  await sleep(1500);
  const text = await p.evaluate(() => {
    const o = document.getElementById("overlay");
    return o.classList.contains("hidden") ? "" : o.textContent.replace(/\s+/g, " ");
  });
  await p.screenshot({ path: path.join(out, `unavailable-${route ? "data" : init.includes("webgl2") ? "webgl2" : "wasm"}.png`) });
  await ctx.close();
  return text;
}
await check("without WebGL2 the page says so plainly", async () => {
  const text = await overlayText(`(() => { const g = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (t, ...a) { return t === "webgl2" ? null : g.call(this, t, ...a); }; })()`);
  assert(/WebGL2/.test(text), `overlay: "${text}"`);
});
await check("without WebAssembly the page says so plainly", async () => {
  const text = await overlayText("delete window.WebAssembly;");
  assert(/WebAssembly/.test(text), `overlay: "${text}"`);
});
await check("when the digits cannot be downloaded the page says which file failed", async () => {
  const text = await overlayText(null, "**/data/train-images.idx3.gz");
  assert(/train-images\.idx3\.gz/.test(text) && /404/.test(text), `overlay: "${text}"`);
});

await check("a diagram shader that does not compile: the panel says so in red, the rest works", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // The test's hook: the browser's WebGL gets a broken diagram_edges.frag.
  await ctx.addInitScript(() => {
    const source = WebGL2RenderingContext.prototype.shaderSource;
    WebGL2RenderingContext.prototype.shaderSource = function (shader, text) {
      if (text.includes("diagram_edges.frag")) text = text.replace("void main()", "void main() { this is not GLSL; }\nvoid unused()");
      return source.call(this, shader, text);
    };
  });
  const p = await ctx.newPage();
  await p.goto(base, { waitUntil: "load" });
  await waitFor(p, () => window.nnplay && window.nnplay.state().status === "ready", null, 60000, "ready");
  assert(await p.evaluate(() => window.nnplay.configure({ view: "diagram" })) === "", "view refused");
  await sleep(500);
  const s = await p.evaluate(() => window.nnplay.state());
  assert(/diagram_edges\.frag/.test(s.diagram.error) && s.diagram.renderer === false,
    `error "${s.diagram.error}", renderer ${s.diagram.renderer}`);
  const w = s.widgets.diagram_error;
  assert(w && w.visible && w.h > 10, `the message is not on screen: ${JSON.stringify(w)}`);
  await p.screenshot({ path: path.join(out, "diagram-shader-error.png") });
  const msg = PNG.sync.read(await p.screenshot({ clip: clip(w) }));
  let red = 0;
  for (let i = 0; i < msg.data.length; i += 4) if (msg.data[i] > 200 && msg.data[i + 1] < 140 && msg.data[i + 2] < 140) red++;
  assert(red > 50, `only ${red} red pixels where the message is`);
  // The neurons are still drawn and training works.
  assert(s.diagram.neurons_drawn === 42, `${s.diagram.neurons_drawn} neurons`);
  await p.evaluate(() => window.nnplay.train());
  await waitFor(p, () => window.nnplay.state().step > 50, null, 20000, "training with the diagram's shaders broken");
  await ctx.close();
});

await check("the console shows no errors", async () => {
  assert(consoleErrors.length === 0, consoleErrors.join(" | "));
});

await context.close();
await browser.close();
server.close();
finish();
