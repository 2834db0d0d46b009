// Browser tests of issue 20, a phone in a student's hand: a touch phone
// context (360x740, hasTouch, isMobile) swipes and taps by CDP
// Input.dispatchTouchEvent. A vertical swipe that starts on a slider scrolls
// and changes nothing; a sideways drag moves the slider; a tap on a typed
// field focuses a real text input (inputmode decimal) that applies on Enter
// and on leaving it; the first screen holds the run buttons, the learning
// rate, the cost curve and every view's button (one tap each, >= 24 px);
// the draw pad keeps its gesture. Then lessons that say what changed, a
// page's own setup without "New network", and the first epoch's test points
// at full speed with what evaluating costs. Screenshots at 360x740 and
// 1280x720 go to --out. Ends with "N passed, N failed".
//
//   node tests/browser/phone.mjs --site build/web/site --out build/screenshots
import path from "node:path";
import { parseArgs, siteAndOut, serveSite, launchChromium, checks, assert, sleep, waitFor } from "./harness.mjs";

const args = parseArgs(process.argv.slice(2));
const { site, out } = siteAndOut(args);
const server = await serveSite(site);
const browser = await launchChromium();
const { check, finish } = checks();

const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 };

async function open(context, query) {
  const p = await context.newPage();
  p.errors = [];
  p.on("pageerror", (e) => p.errors.push(String(e)));
  p.on("console", (m) => { if (m.type() === "error") p.errors.push(m.text()); });
  // restore=off: each check starts fresh (the context keeps the last one's run).
  const q = (query || "") + (query ? "&" : "?") + "restore=off";
  await p.goto(server.base + "index.html" + q, { waitUntil: "load" });
  await waitFor(p, () => window.nnplay && window.nnplay.state().data_loaded, null, 60000, "the playground to load");
  p.cdp = await context.newCDPSession(p);
  await sleep(300);
  return p;
}
const state = (p) => p.evaluate(() => {
  const s = window.nnplay.state();
  return JSON.parse(JSON.stringify(s));
});
// Where the canvas is in the page: widgets are in its CSS pixels.
const origin = (p) => p.evaluate(() => {
  const r = document.querySelector("canvas").getBoundingClientRect();
  return { x: r.left, y: r.top };
});
async function widget(p, name) {
  const s = await state(p);
  const w = s.widgets[name];
  assert(w, `no widget "${name}" (widgets: ${Object.keys(s.widgets).join(", ")})`);
  const o = await origin(p);
  return { ...w, cx: o.x + w.x + w.w / 2, cy: o.y + w.y + w.h / 2, top: o.y + w.y };
}
const touch = (p, type, points) => p.cdp.send("Input.dispatchTouchEvent", { type, touchPoints: points });
// A finger from (x0, y0) to (x1, y1) in `steps` moves a frame apart.
async function swipe(p, x0, y0, x1, y1, steps = 12) {
  await touch(p, "touchStart", [{ x: x0, y: y0 }]);
  for (let i = 1; i <= steps; i++) {
    await sleep(16);
    await touch(p, "touchMove", [{ x: x0 + (x1 - x0) * i / steps, y: y0 + (y1 - y0) * i / steps }]);
  }
  await sleep(16);
  await touch(p, "touchEnd", []);
  await sleep(250);
}
async function tap(p, x, y) {
  await touch(p, "touchStart", [{ x, y }]);
  await sleep(60);
  await touch(p, "touchEnd", []);
  await sleep(300);
}
// Swipes the column until `name` is wholly on screen (or gives up).
async function scrollTo(p, name) {
  for (let i = 0; i < 30; i++) {
    const w = await widget(p, name);
    if (w.visible && w.top >= 0 && w.top + w.h <= 740) return w;
    const up = w.top > 740 / 2;
    // From a quiet place: the left edge of the column, over labels.
    await swipe(p, 20, up ? 600 : 200, 20, up ? 300 : 500);
  }
  throw new Error(`could not bring "${name}" on screen`);
}

const phone = await browser.newContext(PHONE);

await check("a swipe up that starts on the learning-rate slider scrolls and changes no value", async () => {
  const p = await open(phone, "");
  const before = await state(p);
  const lr = await widget(p, "lr");
  await swipe(p, lr.cx, lr.cy, lr.cx + 6, lr.cy - 320);
  const after = await state(p);
  const lr2 = await widget(p, "lr");
  assert(after.lr === before.lr, `lr ${before.lr} -> ${after.lr}`);
  assert(after.architecture === before.architecture, `architecture ${before.architecture} -> ${after.architecture}`);
  assert(lr2.top < lr.top - 100, `the column did not scroll: lr at ${lr.top} then ${lr2.top}`);
  // Swipes that start on the cost plot and on the layer 1 width slider scroll too.
  const width = await scrollTo(p, "layer1_width");
  const y0 = width.top;
  await swipe(p, width.cx, width.cy, width.cx - 5, Math.max(10, width.cy - 250));
  const s2 = await state(p);
  const width2 = await widget(p, "layer1_width");
  assert(s2.architecture === before.architecture, `a swipe on the width slider changed the network: ${s2.architecture}`);
  assert(width2.top < y0 - 50 || y0 < 260, `no scroll from the width slider: ${y0} -> ${width2.top}`);
  assert(p.errors.length === 0, `page errors: ${p.errors.join("; ")}`);
  await p.close();
});

await check("a sideways drag and a tap on the slider do change the learning rate", async () => {
  const p = await open(phone, "");
  const lr = await widget(p, "lr");
  const before = (await state(p)).lr;
  await swipe(p, lr.cx, lr.cy, lr.cx - lr.w * 0.4, lr.cy + 4);
  const after = (await state(p)).lr;
  assert(after !== before && after < before, `a drag to the left: lr ${before} -> ${after}`);
  await p.close();
});

await check("a long press on Train shows its tooltip inside the screen, saying what it does; the lift does not train; the next touch hides it", async () => {
  const p = await open(phone, "");
  const train = await widget(p, "train");
  await touch(p, "touchStart", [{ x: train.cx, y: train.cy }]);
  await sleep(1100);
  const held = await state(p);
  await touch(p, "touchEnd", []);
  await sleep(300);
  const lifted = await state(p);
  assert(held.tooltip === "Train continuously", `while held: tooltip ${JSON.stringify(held.tooltip)}`);
  assert(lifted.tooltip === held.tooltip, `after the lift: tooltip ${JSON.stringify(lifted.tooltip)}`);
  assert(!lifted.running, "the long press trained");
  await p.screenshot({ path: path.join(out, "phone-tooltip.png") });
  // The next touch, a tap elsewhere (on a label): gone.
  await tap(p, 20, 700);
  const after = await state(p);
  assert(after.tooltip === "", `after the next tap: tooltip ${JSON.stringify(after.tooltip)}`);
  // A tap on Train trains, and shows no tooltip.
  await tap(p, train.cx, train.cy);
  const tapped = await state(p);
  assert(tapped.running && tapped.tooltip === "", `a tap: running ${tapped.running}, tooltip ${JSON.stringify(tapped.tooltip)}`);
  await p.close();
});

await check("a tap on a typed field focuses a real text input with a decimal keyboard; Enter and leaving apply", async () => {
  const p = await open(phone, "");
  const box = await widget(p, "lr_typed");
  await tap(p, box.cx, box.cy);
  const input = await p.evaluate(() => {
    const a = document.activeElement;
    return a && a.tagName === "INPUT" ? { cls: a.className, mode: a.inputMode, value: a.value, label: a.getAttribute("aria-label") } : null;
  });
  assert(input, "the focus is not on a text input");
  assert(input.mode === "decimal", `inputmode ${input.mode}`);
  assert(input.label === "Learning rate", `label ${input.label}`);
  assert(input.value === "3", `value ${input.value}`);
  await p.screenshot({ path: path.join(out, "phone-typed-field.png") });
  await p.keyboard.press("Control+A");
  await p.keyboard.type("0.5");
  await p.keyboard.press("Enter");
  await waitFor(p, () => window.nnplay.state().lr === 0.5, null, 5000, "lr 0.5 after Enter");
  assert(await p.evaluate(() => !document.querySelector(".nnplay-field")), "the input stayed after Enter");
  // Leaving the field applies it too; a bad value is refused with a message, lr unchanged.
  const batch = await scrollTo(p, "batch_typed");
  await tap(p, batch.cx, batch.cy);
  const mode = await p.evaluate(() => document.activeElement && document.activeElement.inputMode);
  assert(mode === "numeric", `batch's inputmode ${mode}`);
  await p.keyboard.press("Control+A");
  await p.keyboard.type("32");
  await tap(p, 4, 700);  // elsewhere (the column's margin): the input is left
  await waitFor(p, () => window.nnplay.state().batch === 32, null, 5000, "batch 32 after leaving the field");
  const box2 = await scrollTo(p, "lr_typed");
  await tap(p, box2.cx, box2.cy);
  await p.keyboard.press("Control+A");
  await p.keyboard.type("fast");
  await p.keyboard.press("Enter");
  await sleep(300);
  const s = await state(p);
  assert(s.lr === 0.5, `lr after "fast": ${s.lr}`);
  assert(/not a number/.test(s.notice), `notice: ${s.notice}`);
  await p.keyboard.press("Escape");
  assert(p.errors.length === 0, `page errors: ${p.errors.join("; ")}`);
  await p.close();
});

await check("the first screen holds Train, the learning rate, the cost curve and every view, one tap each", async () => {
  const p = await open(phone, "");
  await p.screenshot({ path: path.join(out, "phone-first-screen.png") });
  const s = await state(p);
  const views = s.views;
  for (const name of ["train", "lr", "cost_plot", ...views.map((v) => "tab_" + v)]) {
    const w = await widget(p, name);
    assert(w.visible && w.top >= 0 && w.top + Math.min(w.h, 40) <= 740, `${name} is not on the first screen: ${JSON.stringify(w)}`);
  }
  for (const v of views) {
    const w = await widget(p, "tab_" + v);
    assert(w.w >= 24 && w.h >= 24, `tab_${v} is ${w.w}x${w.h}`);
    await tap(p, w.cx, w.cy);
    const shown = (await state(p)).view;
    assert(shown === v, `one tap on tab_${v} shows ${shown}`);
  }
  await p.close();
});

await check("the draw pad keeps its gesture: a vertical stroke draws", async () => {
  const p = await open(phone, "");
  const tab = await widget(p, "tab_draw");
  await tap(p, tab.cx, tab.cy);
  const pad = await scrollTo(p, "draw_pad");
  await swipe(p, pad.cx, pad.top + pad.h * 0.2, pad.cx + 2, pad.top + pad.h * 0.8, 16);
  const d = (await state(p)).drawing;
  assert(d && d.strokes >= 1, `drawing: ${JSON.stringify(d)}`);
  await p.screenshot({ path: path.join(out, "phone-draw.png") });
  await p.close();
});

await check("a changed lesson says so on a phone and at 1280x720; its text no longer promises its result", async () => {
  const p = await open(phone, "?preset=too-large-learning-rate&lr=3");
  const s = await state(p);
  assert(s.lesson.modified === true, `lesson: ${JSON.stringify(s.lesson)}`);
  assert(s.lesson.changes.length === 1 && s.lesson.changes[0].key === "lr", `changes: ${JSON.stringify(s.lesson.changes)}`);
  assert(/^Changed since the lesson was loaded: lr 3/.test(s.lesson.shown_text), s.lesson.shown_text);
  await p.screenshot({ path: path.join(out, "phone-lesson-changed.png") });
  await p.close();
  const wide = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const w = await open(wide, "?preset=too-large-learning-rate&lr=3");
  const ws = await state(w);
  assert(ws.widgets.lesson_changed && ws.widgets.lesson_changed.visible, "no 'changed' beside the lesson's title");
  await w.screenshot({ path: path.join(out, "lesson-changed-1280x720.png") });
  await wide.close();
});

await check("a page's own setup is not greeted as a new network", async () => {
  const p = await open(phone, "?hidden=32");
  const s = await state(p);
  assert(s.architecture === "784-32-10", s.architecture);
  assert(!/New network/.test(s.notice || ""), `notice: ${s.notice}`);
  await p.close();
});

await check("at full speed the first epoch has at least 10 test points, and evaluating costs at most a tenth", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const p = await open(ctx, "?speed=0");
  const before = (await state(p)).evaluations;
  await p.evaluate(() => window.nnplay.train());
  await waitFor(p, () => window.nnplay.state().epoch >= 1, null, 60000, "the first epoch");
  const s = await state(p);
  const points = s.quick_evaluations + s.evaluations - before;
  console.log(`  first epoch: ${s.quick_evaluations} quick checks + ${s.evaluations - before} whole passes, ` +
              `${s.samples_per_s.toFixed(0)} samples/s`);
  await waitFor(p, () => window.nnplay.state().epoch >= 3, null, 120000, "three epochs");
  const t = await state(p);
  console.log(`  three epochs: evaluation share ${t.evaluation_share.toFixed(3)} (${t.eval_seconds.toFixed(3)} s evaluating, ` +
              `${t.train_seconds.toFixed(3)} s training)`);
  await p.screenshot({ path: path.join(out, "full-speed-first-epochs.png") });
  assert(points >= 10, `${points} test points in the first epoch`);
  assert(t.evaluation_share <= 0.10, `evaluation share ${t.evaluation_share}`);
  await ctx.close();
});

await browser.close();
server.close();
finish();
