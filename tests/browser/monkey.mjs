// monkey.mjs: a monkey test of the page. Performs a few hundred random actions,
// drawn from a seeded generator, the way a class of students would poke at the
// playground: real mouse clicks and drags on the canvas (on the controls that
// state().widgets reports and on random points), the wheel, keys and typed
// text, touch taps, window resizes, settings inside and outside their ranges
// through window.nnplay.configure() and through the URL, and train, pause,
// step, epoch and reset. After every action it checks that
//   - state() answers (within --answer-ms) with a known status, and the page
//     draws frames after mouse, touch, resize and API input,
//   - the console shows no error and the page threw nothing,
//   - the canvas is not blank (a screenshot with more than one colour) and no
//     error card covers it.
// On a failure it prints the seed, the action that failed and the actions
// before it, writes them all to --out/monkey-failure.json and says how to
// replay them (--replay FILE performs exactly the recorded actions).
//
//   node tests/browser/monkey.mjs --site build/web/site --seed 7 --actions 300
//   node tests/browser/monkey.mjs --site build/web/site --replay build/screenshots/monkey-failure.json
//   make monkey SEED=7 ACTIONS=2000
//
// What it does not do: judge whether an action did the right thing (the
// end-to-end test, tests/browser/e2e.mjs, does that for each feature); it looks
// for crashes, errors, hangs and blank screens under any sequence of input.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import { parseArgs, serveSite, launchChromium } from "./harness.mjs";

const args = parseArgs(process.argv.slice(2));
const site = path.resolve(args.site || "build/web/site");
const out = path.resolve(args.out || "build/screenshots");
const answerMs = Number(args["answer-ms"] || 15000);
if (!existsSync(path.join(site, "index.html"))) {
  console.error(`${site}/index.html not found: build the web preset first (make test does)`);
  process.exit(1);
}
const replay = args.replay ? JSON.parse(await readFile(args.replay, "utf8")) : null;
const seed = replay ? replay.seed : Number(args.seed ?? 1);
const count = replay ? replay.actions.length : Number(args.actions ?? 200);
if (!Number.isInteger(seed) || seed < 0 || !Number.isInteger(count) || count < (replay ? 0 : 1)) {
  console.error(`--seed takes a whole number >= 0 and --actions one >= 1 (got ${args.seed}, ${args.actions})`);
  process.exit(2);
}
await mkdir(out, { recursive: true });

// ---- the seeded generator (mulberry32: small, fast, the same on every machine) ----
function generator(s) {
  let a = s >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),   // lo..hi inclusive
    real: (lo, hi) => lo + next() * (hi - lo),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    // Spans decades evenly: 1e-6 .. 1e4 as often 0.001 as 100.
    log: (lo, hi) => Math.pow(10, r.real(Math.log10(lo), Math.log10(hi))),
  };
  return r;
}
const rng = generator(seed);

// ---- what a monkey may do ------------------------------------------------------------
const SIZES = [[1280, 800], [1920, 1080], [800, 600], [360, 640], [1024, 768], [640, 480], [412, 915], [2200, 1300]];
const KEYS = ["Space", "s", "S", "r", "Escape", "Escape", "Tab", "Shift+Tab", "Enter", "ArrowUp", "ArrowDown",
  "ArrowLeft", "ArrowRight", "Backspace", "Delete", "Home", "End", "PageUp", "PageDown", "0", "5", "9", ".", "-",
  "e", "x", "Control+a", "Control+z", "Control+c", "Control+v", "Alt"];
const ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"];
// One random value for a setting: usually a sensible one, often one outside
// its range or of the wrong type.
// The choices of the lesson page's settings (the table's "preset", "panels",
// "controls" and "lock" rows), and a random non-empty (or any) part of a list.
const PRESETS = ["lecture", "relu-softmax", "too-large-learning-rate", "tiny-learning-rate", "batch-size-one",
  "no-hidden-layer", "wide", "deep-sigmoid", "overfitting"];
const PANELS = ["cost", "accuracy", "controls", "sample", "confusion", "weights"];
const CONTROLS = ["train", "step", "epoch", "reset", "new_seed", "share", "preset", "hidden", "activations", "lr",
  "batch", "optimizer", "speed", "log_y", "epochs"];
const LOCKABLE = ["lr", "hidden", "seed", "view", "preset", "batch", "panels"];
function subset(list, min) {
  const out = list.filter(() => rng.chance(0.5));
  while (out.length < min) out.push(rng.pick(list));
  return out;
}
function settingValue(key) {
  const bad = rng.chance(0.35);
  const junk = () => rng.pick([null, "", "fast", -1, 0, 1e300, [], {}, true, "NaN", -0.5, 2 ** 53]);
  if (bad && rng.chance(0.3)) return junk();
  switch (key) {
    case "hidden": {
      const n = bad ? rng.int(0, 11) : rng.int(0, 4);
      return Array.from({ length: n }, () => (bad ? rng.pick([0, -3, 1, 1024, 1025, 5000, 2.5, "16"])
                                                 : rng.pick([1, 2, 8, 16, 32, 64, 128, 300])));
    }
    case "activations": {
      if (rng.chance(0.3)) return bad ? "swish" : rng.pick(ACTIVATIONS);
      const n = rng.int(0, 5);
      return Array.from({ length: n }, () => (bad ? rng.pick([...ACTIVATIONS, "swish", 3]) : rng.pick(ACTIVATIONS)));
    }
    case "architecture": return bad ? rng.pick(["784", "784-0-10", "10-784", "784--10", "abc", "784-16-16-10-"])
                                    : rng.pick(["784-10", "784-32-10", "784-16-16-10", "784-64-32-10"]);
    case "output": return bad ? "softmax" : rng.pick(["sigmoid_mse", "softmax_ce"]);
    case "init": return bad ? "zeros" : rng.pick(["glorot", "he", "normal"]);
    case "optimizer": return bad ? "sgdd" : rng.pick(["sgd", "momentum", "nesterov", "rmsprop", "adam"]);
    case "seed": case "shuffle_seed": return bad ? rng.pick([-1, 4294967296, 1.5]) : rng.int(0, 4294967295);
    case "lr": return bad ? rng.pick([0, -1, 2e6, 1e-300, 1001]) : rng.log(1e-5, 1000);
    case "batch": return bad ? rng.pick([0, -5, 1e10, 60001, 3.5]) : rng.pick([1, 2, 10, 32, 100, 1000, rng.int(1, 5000)]);
    case "momentum": case "beta1": case "beta2": case "rho": return bad ? rng.pick([1, -0.1, 5]) : rng.real(0, 0.999);
    case "epochs": return bad ? rng.pick([-1, 1001, 2.5]) : rng.pick([0, 1, 2, rng.int(1, 1000)]);
    case "epsilon": return bad ? rng.pick([0, 2, -1]) : rng.log(1e-10, 1);
    case "weight_decay": return bad ? rng.pick([-0.1, 2]) : rng.pick([0, rng.log(1e-6, 1)]);
    case "train_subset": return bad ? rng.pick([1, 99, -1, 1e9]) : rng.pick([0, 100, 500, rng.int(100, 10000)]);
    case "speed": return bad ? rng.pick([0.5, -1, 2e6]) : rng.pick([0, 1, 5, 60, 1000, rng.int(1, 1e4)]);
    case "view": return bad ? "graph" : rng.pick(["sample", "confusion", "weights"]);
    case "log_y": case "train_accuracy": return bad ? "yes" : rng.chance(0.5);
    // A lesson page's settings (README: lessons, panels and locks).
    case "preset": return bad ? "nope" : rng.pick(PRESETS);
    case "panels": return bad ? rng.pick([[], ["graph"], "none"]) : rng.chance(0.3) ? "all" : subset(PANELS, 1);
    case "controls": return bad ? rng.pick([["fly"], "none"]) : rng.chance(0.3) ? "all" : subset(CONTROLS, 0);
    case "lock": return bad ? rng.pick([["lock"], ["fly"]]) : rng.chance(0.4) ? [] : subset(LOCKABLE, 0);
    default: return junk();
  }
}
const SETTINGS = ["hidden", "activations", "architecture", "output", "init", "optimizer", "seed", "shuffle_seed", "lr",
  "batch", "momentum", "rho", "beta1", "beta2", "epsilon", "weight_decay", "train_subset", "epochs", "speed", "view",
  "log_y", "train_accuracy", "preset", "panels", "controls", "lock", "bogus"];
// URL parameters are the settings' keys (README's table of settings).
function urlValue(key) {
  const v = rng.chance(0.15) ? rng.pick(["", "abc", "1e999", "-", ",,", "%20", "NaN"]) : settingValue(key);
  return Array.isArray(v) ? v.join(",") : typeof v === "object" ? JSON.stringify(v) : String(v);
}

// Picks the next action's kind and its random parts. Widget positions are
// resolved when it runs, from the state() of that moment; the recorded action
// has the coordinates used, so a replay repeats it exactly.
const KINDS = [["click_widget", 22], ["click_point", 8], ["double_click", 3], ["right_click", 1], ["drag_widget", 10],
  ["drag_point", 5], ["wheel", 8], ["key", 12], ["type", 4], ["tap", 6], ["resize", 3], ["configure", 12], ["url", 1],
  ["command", 9], ["wait", 3]];
const KIND_TOTAL = KINDS.reduce((s, k) => s + k[1], 0);
function drawKind() {
  let x = rng.next() * KIND_TOTAL;
  for (const [k, w] of KINDS) if ((x -= w) < 0) return k;
  return KINDS[0][0];
}
function newAction(state, viewport) {
  const kind = drawKind();
  const names = Object.keys((state && state.widgets) || {}).filter((n) => state.widgets[n].visible).sort();
  const point = () => [Math.round(rng.real(0, viewport.width - 1)), Math.round(rng.real(0, viewport.height - 1))];
  const onWidget = () => {
    if (!names.length) return point();
    const w = state.widgets[rng.pick(names)];
    const x = Math.round(w.x + w.w * rng.real(0.05, 0.95)), y = Math.round(w.y + w.h * rng.real(0.2, 0.8));
    return [Math.min(viewport.width - 1, Math.max(0, x)), Math.min(viewport.height - 1, Math.max(0, y))];
  };
  switch (kind) {
    case "click_widget": return { kind, at: onWidget(), hold: rng.int(10, 200) };
    case "click_point": case "double_click": case "right_click": return { kind, at: point() };
    case "drag_widget": case "drag_point": {
      const from = kind === "drag_widget" ? onWidget() : point();
      const to = rng.chance(0.6) ? [from[0] + rng.int(-400, 400), from[1] + rng.int(-20, 20)]
                                 : [from[0] + rng.int(-300, 300), from[1] + rng.int(-300, 300)];
      return { kind, from, to, steps: rng.int(2, 10) };
    }
    case "wheel": return { kind, at: rng.chance(0.5) ? onWidget() : point(), dx: rng.chance(0.2) ? rng.int(-400, 400) : 0,
      dy: rng.int(-1200, 1200) };
    case "key": return { kind, key: rng.pick(KEYS) };
    case "type": {
      const chars = "0123456789.-e+x ";
      const text = Array.from({ length: rng.int(1, 8) }, () => chars[rng.int(0, chars.length - 1)]).join("");
      return { kind, text, enter: rng.chance(0.6) };
    }
    case "tap": return { kind, at: rng.chance(0.7) ? onWidget() : point() };
    case "resize": return { kind, size: rng.chance(0.7) ? rng.pick(SIZES) : [rng.int(300, 2000), rng.int(300, 1200)] };
    case "configure": {
      const changes = {};
      for (let n = rng.int(1, 3); n > 0; --n) { const k = rng.pick(SETTINGS); changes[k] = settingValue(k); }
      return { kind, changes };
    }
    case "url": {
      const keys = SETTINGS.concat(["autoplay"]);
      const params = [];
      for (let n = rng.int(1, 4); n > 0; --n) {
        const k = rng.pick(keys);
        params.push([k, k === "autoplay" ? rng.pick(["1", "0", "true", "yes"]) : urlValue(k)]);
      }
      return { kind, query: new URLSearchParams(params).toString() };
    }
    case "command": {
      const what = rng.pick(["train", "train", "pause", "step", "step", "reset", "epoch"]);
      return { kind, what, n: what === "step" ? rng.pick([1, 1, 3, 10, 50, 0, -1]) : undefined };
    }
    default: return { kind: "wait", ms: rng.int(100, 1500) };
  }
}

// ---- the page ----------------------------------------------------------------------------
const server = await serveSite(site);
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, hasTouch: true });
const page = await context.newPage();
const problems = [];   // console errors and exceptions since the last check
page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
page.on("pageerror", (e) => problems.push(`exception: ${e && e.message ? e.message : e}`));
page.on("crash", () => problems.push("the page crashed"));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// state() within `ms`, or an Error saying it did not answer.
async function stateWithin(ms) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`state() did not answer within ${ms / 1000} s`)), ms); });
  try {
    return await Promise.race([page.evaluate(() => window.nnplay && window.nnplay.state()), timeout]);
  } finally { clearTimeout(timer); }
}
async function waitReady() {
  const t0 = Date.now();
  for (;;) {
    const s = await page.evaluate(() => window.nnplay && window.nnplay.state()).catch(() => null);
    if (s && s.status !== "loading" && s.status !== "starting") return s;
    if (Date.now() - t0 > 60000) throw new Error(`the page did not load within 60 s: ${JSON.stringify(s)}`);
    await sleep(200);
  }
}
// The page as a quarter-size screenshot (Chromium scales it: decoding a full
// one would take most of an action's time).
let cdp = null;
async function smallScreenshot() {
  if (!cdp) cdp = await context.newCDPSession(page);
  const v = page.viewportSize();
  const r = await cdp.send("Page.captureScreenshot",
    { format: "png", clip: { x: 0, y: 0, width: v.width, height: v.height, scale: 0.25 } });
  return Buffer.from(r.data, "base64");
}
// Blank: one colour covers nearly everything.
function blankness(png) {
  const img = PNG.sync.read(png);
  const counts = new Map();
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const key = (img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
    ++n;
  }
  return { colours: counts.size, nonBackground: 1 - Math.max(...counts.values()) / n };
}

const mouse = page.mouse;
async function perform(a) {
  switch (a.kind) {
    case "click_widget": case "click_point":
      await mouse.move(a.at[0], a.at[1]);
      await sleep(20);
      await mouse.down();
      await sleep(a.hold ?? 40);
      await mouse.up();
      break;
    case "double_click": await mouse.dblclick(a.at[0], a.at[1]); break;
    case "right_click": await mouse.click(a.at[0], a.at[1], { button: "right" }); break;
    case "drag_widget": case "drag_point":
      await mouse.move(a.from[0], a.from[1]);
      await sleep(20);
      await mouse.down();
      for (let i = 1; i <= a.steps; ++i) {
        await mouse.move(a.from[0] + (a.to[0] - a.from[0]) * i / a.steps, a.from[1] + (a.to[1] - a.from[1]) * i / a.steps);
        await sleep(20);
      }
      await mouse.up();
      break;
    case "wheel":
      await mouse.move(a.at[0], a.at[1]);
      await mouse.wheel(a.dx, a.dy);
      break;
    case "key": await page.keyboard.press(a.key); break;
    case "type":
      await page.keyboard.type(a.text, { delay: 15 });
      if (a.enter) await page.keyboard.press("Enter");
      break;
    case "tap": await page.touchscreen.tap(a.at[0], a.at[1]); break;
    case "resize": await page.setViewportSize({ width: a.size[0], height: a.size[1] }); break;
    case "configure": {
      const r = await page.evaluate((c) => window.nnplay.configure(c), a.changes);
      if (typeof r !== "string") throw new Error(`configure() returned ${JSON.stringify(r)}, not a string`);
      a.answer = r;
      break;
    }
    case "url":
      await page.goto(`${server.base}?${a.query}`, { waitUntil: "load" });
      await waitReady();
      break;
    case "command":
      await page.evaluate(([w, n]) => (w === "step" ? window.nnplay.step(n) : window.nnplay[w]()), [a.what, a.n]);
      break;
    case "wait": await sleep(a.ms); break;
    default: throw new Error(`unknown action ${a.kind}`);
  }
}

const KNOWN_STATUS = new Set(["ready", "training", "paused", "diverged"]);
// Input the canvas surely gets (keys may have gone to another element after a
// Tab): the page must draw frames after it, even when it was idle.
const DRAWS = new Set(["click_widget", "click_point", "double_click", "right_click", "drag_widget", "drag_point",
  "wheel", "tap", "resize", "configure", "command"]);
async function check(a, before) {
  await sleep(60);  // a few frames draw what the action did
  let s = await stateWithin(answerMs);
  for (const t0 = Date.now(); DRAWS.has(a.kind) && before && s && s.frames <= before.frames;) {
    if (Date.now() - t0 > answerMs) throw new Error(`no frame drawn within ${answerMs / 1000} s of the action (frames ${s.frames})`);
    await sleep(100);
    s = await stateWithin(answerMs);
  }
  if (!s || typeof s !== "object") throw new Error(`state() returned ${JSON.stringify(s)}`);
  if (!KNOWN_STATUS.has(s.status)) throw new Error(`status "${s.status}": ${s.status_line}`);
  if (!Number.isInteger(s.step) || s.step < 0 || !(s.parameters > 0)) throw new Error(`state ${JSON.stringify(s).slice(0, 300)}`);
  if (problems.length) throw new Error(problems.join(" | "));
  const card = await page.evaluate(() => { const o = document.getElementById("overlay");
    return o && !o.classList.contains("hidden") ? o.textContent.replace(/\s+/g, " ").trim() : ""; });
  if (card) throw new Error(`the page shows an error card: ${card}`);
  const b = blankness(await smallScreenshot());
  if (b.nonBackground < 0.02 || b.colours < 8)
    throw new Error(`the canvas looks blank: ${(100 * b.nonBackground).toFixed(1)}% of pixels differ from the background, ${b.colours} colours`);
  return s;
}

// ---- the run -------------------------------------------------------------------------------
const done = [];
const t0 = Date.now();
let failure = null;
try {
  await page.goto(server.base, { waitUntil: "load" });
  let state = await waitReady();
  state = await check({ kind: "load" });
  for (let i = 0; i < count; ++i) {
    const a = replay ? replay.actions[i] : newAction(state, page.viewportSize());
    done.push(a);
    try {
      await perform(a);
      state = await check(a, state);
      if ((i + 1) % 50 === 0 && i + 1 < count)
        console.log(`  ${i + 1} actions, ${((Date.now() - t0) / 1000).toFixed(0)} s: ${state.status}, ${state.architecture}, step ${state.step}`);
    } catch (e) {
      failure = { index: i, action: a, error: String(e && e.message ? e.message : e) };
      break;
    }
  }
} catch (e) {
  failure = { index: done.length, action: { kind: "load" }, error: String(e && e.message ? e.message : e) };
}
const seconds = (Date.now() - t0) / 1000;
const kinds = {};
for (const a of done) kinds[a.kind] = (kinds[a.kind] || 0) + 1;
const summary = Object.entries(kinds).sort((x, y) => y[1] - x[1]).map(([k, n]) => `${n} ${k}`).join(", ");

if (failure) {
  const file = path.join(out, "monkey-failure.json");
  await writeFile(file, JSON.stringify({ seed, failed_at: failure.index, error: failure.error, actions: done }, null, 1));
  await page.screenshot({ path: path.join(out, "monkey-failure.png") }).catch(() => {});
  console.log(`FAIL monkey, seed ${seed}: action ${failure.index + 1} of ${count} (${failure.action.kind}) failed after ${seconds.toFixed(0)} s:`);
  console.log(`  ${failure.error}`);
  console.log("  the last actions, oldest first:");
  for (const a of done.slice(-12)) console.log(`    ${JSON.stringify(a)}`);
  console.log(`  all ${done.length} actions: ${file}; screenshot: ${path.join(out, "monkey-failure.png")}`);
  console.log(`  replay: node tests/browser/monkey.mjs --site ${path.relative(process.cwd(), site) || "."} --replay ${path.relative(process.cwd(), file)}`);
  console.log(`      or: make monkey SEED=${seed} ACTIONS=${failure.index + 1}`);
} else {
  await page.screenshot({ path: path.join(out, "monkey-end.png") }).catch(() => {});
  console.log(`PASS monkey, seed ${seed}: ${done.length} actions in ${seconds.toFixed(0)} s (${summary})`);
}
await context.close();
await browser.close();
server.close();
console.log(failure ? "0 passed, 1 failed" : "1 passed, 0 failed");
process.exit(failure ? 1 : 0);
