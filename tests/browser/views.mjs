// Browser tests of the views of issue 10 (the gradient, Draw a digit, the
// test-image gallery, one selected sample, the view names): serves the built
// site, opens it in headless Chromium (software WebGL2), trains, and for each
// view takes two screenshots a few seconds of training apart, checking that
// the view is not blank and that it changes as training proceeds. Drives the
// mouse and a touch screen: drawing a digit, clicking a confusion cell and a
// gallery digit. Prints each view's frame cost (fps, UI build time, training
// throughput while it shows) and ends with "N passed, N failed".
//
//   node tests/browser/views.mjs --site build/web/site --out build/screenshots
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
const browser = await launchChromium();

const { check, finish } = checks();
const state = (p) => p.evaluate(() => window.nnplay.state());
async function widget(p, name) {
  const w = (await state(p)).widgets[name];
  assert(w && w.visible, `widget "${name}" is not on screen: ${JSON.stringify(w)}`);
  return w;
}
async function clickAt(p, x, y) {
  await p.mouse.move(x, y);
  await sleep(120);             // a frame sees the hover before the press
  await p.mouse.down();
  await sleep(120);
  await p.mouse.up();
  await sleep(150);
}
async function clickWidget(p, name) {
  const w = await widget(p, name);
  await clickAt(p, w.x + w.w / 2, w.y + w.h / 2);
}
// The view's area: its pixels, how many colours and how far from blank.
function areaStats(png, r) {
  const counts = new Map();
  let n = 0;
  for (let y = Math.max(0, Math.floor(r.y)); y < Math.min(png.height, r.y + r.h); ++y)
    for (let x = Math.max(0, Math.floor(r.x)); x < Math.min(png.width, r.x + r.w); ++x) {
      const i = (y * png.width + x) * 4;
      const key = (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
      counts.set(key, (counts.get(key) || 0) + 1);
      ++n;
    }
  const top = Math.max(...counts.values());
  return { colours: counts.size, nonBackground: 1 - top / n };
}
// Share of the area's pixels that differ between two screenshots.
function changed(a, b, r) {
  let diff = 0, n = 0;
  for (let y = Math.max(0, Math.floor(r.y)); y < Math.min(a.height, r.y + r.h); ++y)
    for (let x = Math.max(0, Math.floor(r.x)); x < Math.min(a.width, r.x + r.w); ++x) {
      const i = (y * a.width + x) * 4;
      if (Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]) > 24) ++diff;
      ++n;
    }
  return diff / n;
}
// A press, moves and release of the mouse along `pts` (page pixels).
async function mouseStroke(p, pts) {
  await p.mouse.move(pts[0][0], pts[0][1]);
  await sleep(80);
  await p.mouse.down();
  for (const [x, y] of pts.slice(1)) { await p.mouse.move(x, y, { steps: 2 }); await sleep(40); }
  await sleep(80);
  await p.mouse.up();
  await sleep(150);
}
// A "4" on the pad at rectangle r: down the left, across, then the long stroke.
function fourStrokes(r) {
  const P = (fx, fy) => [r.x + fx * r.w, r.y + fy * r.h];
  return [
    [P(0.35, 0.2), P(0.3, 0.4), P(0.27, 0.55), P(0.45, 0.56), P(0.7, 0.55)],
    [P(0.6, 0.25), P(0.6, 0.45), P(0.59, 0.65), P(0.58, 0.82)],
  ];
}

const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
const page = await context.newPage();
const consoleErrors = [];
page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
page.on("pageerror", (e) => consoleErrors.push(String(e)));

await check("the page loads; state() lists the views by name", async () => {
  await page.goto(server.base, { waitUntil: "load" });
  await waitFor(page, () => window.nnplay && window.nnplay.state().status === "ready", null, 60000, "ready");
  const s = await state(page);
  assert(JSON.stringify(s.views) === JSON.stringify(["sample", "confusion", "weights", "diagram", "neuron", "gradient", "draw", "gallery"]),
    `views: ${JSON.stringify(s.views)}`);
  assert(s.view === "sample", `view ${s.view}`);
  const err = await page.evaluate(() => window.nnplay.configure({ view: "nonsense" }));
  assert(/gradient/.test(err) && /gallery/.test(err), `configure({view: "nonsense"}): "${err}"`);
});

await check("Draw a digit with the mouse: the processed digit and the ten outputs appear", async () => {
  assert(await page.evaluate(() => window.nnplay.configure({ view: "draw" })) === "", "configure refused");
  await sleep(400);
  const pad = await widget(page, "draw_pad");
  for (const s of fourStrokes(pad)) await mouseStroke(page, s);
  const d = (await state(page)).drawing;
  assert(d.has_ink && d.strokes === 2, `drawing: ${JSON.stringify(d)}`);
  assert(d.outputs.length === 10 && d.predicted !== null, `outputs: ${JSON.stringify(d.outputs)}`);
  // Say it is a 4, then make it the selected sample.
  const row = await widget(page, "draw_label");
  await clickAt(page, row.x + (5 + 0.5) * row.w / 11, row.y + row.h / 2);
  assert((await state(page)).drawing.label === 4, "the 4 button did not set the label");
  await page.screenshot({ path: path.join(out, "view-draw-untrained.png") });
});

// Each view early in training and after it: two screenshots that must differ.
const VIEWS = ["sample", "confusion", "weights", "diagram", "neuron", "gradient", "draw", "gallery"];
const early = {};
async function showView(p, view) {
  assert(await p.evaluate((v) => window.nnplay.configure({ view: v }), view) === "", `configure({view: ${view}}) refused`);
  await p.mouse.move(1270, 790);  // no tooltip over the view
  await sleep(700);
  const s = await state(p);
  assert(s.view === view, `view ${s.view}`);
  return s.widgets.view_area;
}
await check("early in training: a screenshot of every view (view-NAME-early.png)", async () => {
  await page.evaluate(() => window.nnplay.configure({ speed: 20 }));  // slowly at first, for the early pictures
  await page.evaluate(() => window.nnplay.train());
  await waitFor(page, () => window.nnplay.state().test_evaluated_at_step >= 10, null, 20000, "a test evaluation");
  for (const view of VIEWS) {
    const area = await showView(page, view);
    early[view] = { area, png: PNG.sync.read(await page.screenshot({ path: path.join(out, `view-${view}-early.png`) })) };
  }
  await page.evaluate(() => window.nnplay.configure({ speed: 0 }));
});

await check("training reaches 80% test accuracy", async () => {
  await waitFor(page, () => window.nnplay.state().test_accuracy >= 0.8, null, 60000, "test accuracy >= 0.8");
});

for (const view of VIEWS) {
  await check(`view "${view}" after training: not blank, and changed since early in training (view-${view}.png)`, async () => {
    const area = await showView(page, view);
    const png = PNG.sync.read(await page.screenshot({ path: path.join(out, `view-${view}.png`) }));
    const st = areaStats(png, area);
    assert(st.nonBackground > 0.03 && st.colours > 20, `the view looks blank: ${JSON.stringify(st)}`);
    const share = changed(early[view].png, png, area);
    assert(share > 0.005, `only ${(100 * share).toFixed(2)}% of the view changed since early in training`);
  });
}

// Frame cost: each view in turn while training at full speed, three rounds, medians.
await check("frame cost of each view while training (medians of three 2-second windows each)", async () => {
  const rows = {};
  for (let round = 0; round < 3; ++round)
    for (const view of VIEWS) {
      await showView(page, view);
      const a = await state(page);
      await sleep(2000);
      const b = await state(page);
      (rows[view] ||= []).push({ fps: (b.frames - a.frames) / 2, draw_ms: b.draw_ms, present_ms: b.present_ms,
        triangles: b.triangles, samples_per_s: (b.samples_seen - a.samples_seen) / 2 });
    }
  const med = (xs) => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  console.log("  view        fps   UI ms  render ms  triangles  samples/s   (1280x800, software WebGL2)");
  for (const view of VIEWS) {
    const r = rows[view];
    console.log(`  ${view.padEnd(10)} ${med(r.map((x) => x.fps)).toFixed(0).padStart(4)} ${med(r.map((x) => x.draw_ms)).toFixed(2).padStart(7)}` +
      ` ${med(r.map((x) => x.present_ms)).toFixed(2).padStart(10)} ${String(med(r.map((x) => x.triangles))).padStart(10)}` +
      ` ${String(Math.round(med(r.map((x) => x.samples_per_s)))).padStart(10)}`);
  }
});

await check("paused, Step shows the update it applied and its minibatch in the gradient view", async () => {
  await page.evaluate(() => { window.nnplay.pause(); window.nnplay.configure({ view: "gradient" }); });
  await sleep(300);
  await clickWidget(page, "gradient_minibatch");
  await clickWidget(page, "step");
  await sleep(400);
  const s = await state(page);
  assert(s.step_report && s.step_report.shown && s.step_report.step === s.step, `step report: ${JSON.stringify(s.step_report)}`);
  assert(s.gradient.valid && s.gradient.step === s.step && s.gradient.components.length === 12,
    `gradient: ${JSON.stringify(s.gradient).slice(0, 200)}`);
  assert(s.step_report.batch.length === s.batch, `batch of ${s.step_report.batch.length}`);
  await page.screenshot({ path: path.join(out, "view-gradient-step.png") });
});

await check("the drawn digit is the selected sample in One sample and in the gradient", async () => {
  await page.evaluate(() => window.nnplay.configure({ view: "draw" }));
  await sleep(300);
  await clickWidget(page, "draw_select");
  let s = await state(page);
  assert(s.sample.source === "drawn" && s.sample.label === 4 && s.sample.loss !== null, `sample: ${JSON.stringify(s.sample)}`);
  await page.evaluate(() => window.nnplay.configure({ view: "gradient" }));
  await sleep(300);
  await clickWidget(page, "gradient_sample");
  await sleep(300);
  s = await state(page);
  assert(s.gradient.mode === "sample" && s.gradient.valid, `gradient: ${JSON.stringify(s.gradient).slice(0, 200)}`);
  await page.screenshot({ path: path.join(out, "view-gradient-drawn-sample.png") });
  await page.evaluate(() => window.nnplay.configure({ view: "sample" }));
  await sleep(400);
  await page.screenshot({ path: path.join(out, "view-sample-drawn.png") });
  await clickWidget(page, "gradient_sample").catch(() => {});  // not on this view: harmless
});

await check("the neuron view: state().neuron is its sum; setWeight moves the output at once, is refused when locked or not finite, and undo takes it back", async () => {
  assert(await page.evaluate(() => window.nnplay.configure({ view: "neuron", neuron: "3:7" })) === "", "configure refused");
  await page.evaluate(() => window.nnplay.pause());
  await sleep(500);
  const n0 = (await state(page)).neuron;
  assert(n0 && n0.layer === 3 && n0.index === 7 && n0.output, `neuron: ${JSON.stringify(n0)}`);
  let sum = 0;
  for (const t of n0.terms) sum += t.a * t.w;
  assert(Math.abs(sum - n0.weighted_sum) < 1e-4, `terms add up to ${sum}, not ${n0.weighted_sum}`);
  const r = await page.evaluate((b) => window.nnplay.setWeight(3, 7, -1, b + 5), n0.bias);
  assert(r === "", `setWeight: ${r}`);
  await sleep(300);
  const s1 = await state(page);
  assert(Math.abs(s1.neuron.bias - (n0.bias + 5)) < 1e-5 && s1.neuron.value > n0.value, `after: ${JSON.stringify(s1.neuron).slice(0, 200)}`);
  assert(Math.abs(s1.sample.outputs[7] - s1.neuron.value) < 1e-5, `the sample's output 7 is ${s1.sample.outputs[7]}`);
  await page.mouse.move(1270, 790);
  await sleep(300);
  await page.screenshot({ path: path.join(out, "view-neuron-set-by-hand.png") });
  for (const bad of [[3, 7, -1, NaN], [3, 7, -1, Infinity], [3, 10, -1, 1], [1, 0, 784, 1], [9, 0, 0, 1], [1.5, 0, 0, 1]]) {
    const why = await page.evaluate((a) => window.nnplay.setWeight(...a), bad);
    assert(typeof why === "string" && why.length > 0, `setWeight(${bad}) was taken`);
  }
  assert(await page.evaluate(() => window.nnplay.undo()) === "", "undo refused");
  await sleep(300);
  const s2 = await state(page);
  assert(Math.abs(s2.neuron.bias - n0.bias) < 1e-6, `after undo the bias is ${s2.neuron.bias}, was ${n0.bias}`);
  // The first layer: 784 pixels, the 32 largest terms.
  assert(await page.evaluate(() => window.nnplay.configure({ neuron: "1:0" })) === "", "neuron 1:0 refused");
  await sleep(400);
  const n1 = (await state(page)).neuron;
  assert(n1.inputs === 784 && n1.terms.length === 32 && n1.rest_count === 752, `first layer: ${JSON.stringify(n1).slice(0, 200)}`);
  await page.screenshot({ path: path.join(out, "view-neuron-first-layer.png") });
});

await check("a click on a confusion cell opens the gallery on it; a click on a digit selects it", async () => {
  await page.evaluate(() => window.nnplay.configure({ view: "confusion" }));
  await sleep(400);
  const s0 = await state(page);
  const grid = s0.widgets.confusion_cells;
  assert(grid && grid.visible, "confusion cells not drawn");
  // A 4 read as 9: a common confusion (any cell works; this one is usually not empty).
  await clickAt(page, grid.x + 9.5 * grid.w / 10, grid.y + 4.5 * grid.h / 10);
  await sleep(400);
  const s = await state(page);
  assert(s.view === "gallery" && s.gallery.filter === "cell" && s.gallery.digit === 4 && s.gallery.predicted === 9,
    `after the click: view ${s.view}, gallery ${JSON.stringify(s.gallery)}`);
  await page.screenshot({ path: path.join(out, "view-gallery-cell-4-as-9.png") });
  if (s.gallery.count > 0) {
    await clickWidget(page, "gallery_cell0");
    const t = await state(page);
    assert(t.sample.source === "test" && t.sample.index === s.gallery.first[0] && t.sample.label === 4,
      `selected ${JSON.stringify(t.sample)}, expected test image ${s.gallery.first[0]}`);
  }
});

await check("the URL's view=gallery opens the gallery", async () => {
  const p = await context.newPage();
  p.on("pageerror", (e) => consoleErrors.push(String(e)));
  await p.goto(server.base + "?view=gallery", { waitUntil: "load" });
  await waitFor(p, () => window.nnplay && window.nnplay.state().status === "ready", null, 60000, "ready");
  await sleep(300);
  const s = await state(p);
  assert(s.view === "gallery", `view ${s.view}`);
  await p.close();
});

await check("a phone: draw with a finger, scroll the gallery with a finger, every view reachable", async () => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
  const p = await ctx.newPage();
  p.on("pageerror", (e) => consoleErrors.push(String(e)));
  await p.goto(server.base + "?view=draw", { waitUntil: "load" });
  await waitFor(p, () => window.nnplay && window.nnplay.state().status === "ready", null, 60000, "ready");
  await p.evaluate(() => window.nnplay.step(200));
  await sleep(500);
  const cdp = await ctx.newCDPSession(p);
  const touch = async (type, x, y) => cdp.send("Input.dispatchTouchEvent",
    { type, touchPoints: type === "touchEnd" ? [] : [{ x, y }] });
  // Scroll the column down to the views at its bottom.
  for (let tries = 0; tries < 10; ++tries) {
    const w = (await state(p)).widgets.draw_pad;
    if (w && w.visible && w.y + w.h < 630) break;
    await p.mouse.move(180, 300);
    await p.mouse.wheel(0, 400);
    await sleep(250);
  }
  const pad = await widget(p, "draw_pad");
  assert(pad.y + pad.h <= 640, `the pad is not wholly on screen: ${JSON.stringify(pad)}`);
  const scrolled = (await state(p)).widgets.draw_pad.y;
  for (const stroke of fourStrokes(pad)) {
    await touch("touchStart", ...stroke[0]);
    for (const pt of stroke.slice(1)) { await touch("touchMove", ...pt); await sleep(40); }
    await touch("touchEnd");
    await sleep(150);
  }
  const s = await state(p);
  assert(s.drawing.has_ink && s.drawing.strokes >= 2, `drawing by touch: ${JSON.stringify(s.drawing)}`);
  assert(Math.abs(s.widgets.draw_pad.y - scrolled) < 2, "drawing scrolled the page");
  await p.screenshot({ path: path.join(out, "phone-view-draw.png") });

  assert(await p.evaluate(() => window.nnplay.configure({ view: "gallery" })) === "", "configure refused");
  await sleep(500);
  // Scroll the column until most of the gallery is on screen (the wheel over the controls).
  for (let tries = 0; tries < 10; ++tries) {
    const g = (await state(p)).widgets.gallery_grid;
    if (g && g.visible && g.y < 280) break;
    await p.mouse.move(180, 200);
    await p.mouse.wheel(0, 300);
    await sleep(250);
  }
  const g0 = await widget(p, "gallery_cell0");
  const grid = await widget(p, "gallery_grid");
  const x = grid.x + grid.w / 2, y0 = Math.min(grid.y + grid.h * 0.8, 620);
  assert(y0 > grid.y + 140, `too little of the gallery on screen: ${JSON.stringify(grid)}`);
  await touch("touchStart", x, y0);
  for (let k = 1; k <= 5; ++k) { await touch("touchMove", x, y0 - 25 * k); await sleep(40); }
  await touch("touchEnd");
  await sleep(300);
  const g1 = (await state(p)).widgets.gallery_cell0;
  assert(!g1 || g1.y < g0.y - 40, `the gallery did not scroll: cell 0 at ${g0.y} then ${g1 && g1.y}`);
  await p.screenshot({ path: path.join(out, "phone-view-gallery.png") });
  // Every view's tab is reachable: each one selected by name draws.
  for (const v of ["sample", "confusion", "weights", "diagram", "gradient", "draw", "gallery"]) {
    assert(await p.evaluate((n) => window.nnplay.configure({ view: n }), v) === "", `configure ${v}`);
    await sleep(250);
    const st = await state(p);
    assert(st.view === v && st.widgets[`tab_${v}`], `view ${v}: ${st.view}, tab ${JSON.stringify(st.widgets[`tab_${v}`])}`);
  }
  await ctx.close();
});

await check("the console shows no errors", async () => {
  assert(consoleErrors.length === 0, consoleErrors.join(" | "));
});

await context.close();
await browser.close();
server.close();
finish();
