// Browser tests of "nothing lost" (web/app/session.cpp, nnplay-embed.js's
// runs kept in IndexedDB): a reload offers the run back and, continued, it
// trains on with the same costs as a run that was never reloaded; restore=auto
// continues without asking; a changed setup starts fresh; R is undone by the
// Undo button and by undo(); where the browser refuses storage the playground
// says so once and goes on. Ends with "N passed, N failed".
//
//   node tests/browser/nothing_lost.mjs --site build/web/site --out build/screenshots
import path from "node:path";
import { parseArgs, siteAndOut, serveSite, launchChromium, checks, assert, sleep, waitFor } from "./harness.mjs";

const args = parseArgs(process.argv.slice(2));
const { site, out } = siteAndOut(args);
const server = await serveSite(site);
const browser = await launchChromium();
const { check, finish } = checks();

const SETUP = "?lr=0.5&batch=16&optimizer=momentum&hidden=24";
async function open(context, query) {
  const p = await context.newPage();
  p.errors = [];
  p.on("pageerror", (e) => p.errors.push(String(e)));
  p.on("console", (m) => { if (m.type() === "error") p.errors.push(m.text()); });
  await p.goto(server.base + "index.html" + query, { waitUntil: "load" });
  await waitFor(p, () => window.nnplay && window.nnplay.state().data_loaded, null, 60000, "the playground to load");
  return p;
}
async function clickWidget(p, name) {
  const w = await waitFor(p, (n) => { const x = window.nnplay.state().widgets[n]; return x && x.visible ? x : null; },
    name, 10000, `widget "${name}" on screen`);
  await p.mouse.move(w.x + w.w / 2, w.y + w.h / 2);
  await sleep(120);
  await p.mouse.down();
  await sleep(120);
  await p.mouse.up();
  await sleep(200);
}
// The batch cost after each of n single steps.
function stepCosts(p, n) {
  return p.evaluate((n) => {
    const c = [];
    for (let i = 0; i < n; i++) { window.nnplay.step(1); c.push(window.nnplay.state().batch_cost); }
    return c;
  }, n);
}

// A run the student never reloaded: the reference.
const refContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const ref = await open(refContext, SETUP);
await stepCosts(ref, 40);
const expected = await stepCosts(ref, 25);

const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
let page = await open(context, SETUP);

await check("a reload offers the run back, and continued it trains on with identical costs", async () => {
  await stepCosts(page, 40);
  await page.evaluate(() => window.nnplay.saveRun());
  await page.reload({ waitUntil: "load" });
  await waitFor(page, () => window.nnplay && window.nnplay.state().restore_offer, null, 60000, "the offer to continue");
  const offer = await page.evaluate(() => window.nnplay.state().restore_offer);
  assert(/step 40/.test(offer.summary), `offer: ${JSON.stringify(offer)}`);
  assert((await page.evaluate(() => window.nnplay.state().step)) === 0, "nothing restored before the answer");
  await page.screenshot({ path: path.join(out, "restore-offer.png") });
  await clickWidget(page, "restore_continue");
  const s = await page.evaluate(() => window.nnplay.state());
  assert(s.step === 40 && s.optimizer === "momentum" && s.architecture === "784-24-10", `restored: step ${s.step}`);
  const got = await stepCosts(page, 25);
  assert(JSON.stringify(got) === JSON.stringify(expected),
         `costs after the reload differ: ${got.slice(0, 3)} vs ${expected.slice(0, 3)}`);
});

await check("restore=auto continues without asking; the same steps, the same test cost", async () => {
  await page.evaluate(() => window.nnplay.saveRun());
  const auto = await open(context, SETUP + "&restore=auto");
  try {
  await waitFor(auto, () => window.nnplay.state().step === 65, null, 20000, "the run continued by itself");
  await waitFor(auto, () => { const s = window.nnplay.state(); return s.test_evaluated_at_step === 65; }, null, 20000,
    "the test evaluation at step 65");
  await waitFor(ref, () => { const s = window.nnplay.state(); return s.test_evaluated_at_step === 65; }, null, 20000,
    "the reference's test evaluation at step 65");
  const [a, b] = [await auto.evaluate(() => window.nnplay.state().test_cost), await ref.evaluate(() => window.nnplay.state().test_cost)];
  assert(a === b, `test cost ${a} after the reload, ${b} without`);
  } finally { await auto.close(); }
});

await check("a changed setup starts fresh, with no offer", async () => {
  const other = await open(context, "?lr=0.4&batch=16&optimizer=momentum&hidden=24");
  await sleep(1500);
  const s = await other.evaluate(() => window.nnplay.state());
  await other.close();
  assert(s.restore_offer === null && s.step === 0, `offer ${JSON.stringify(s.restore_offer)}, step ${s.step}`);
});

await check("R is undone by the Undo button, and a new network by undo()", async () => {
  await page.bringToFront();  // the other tabs of this context are closed: frames run here
  await page.evaluate(() => window.nnplay.step(5));
  const before = await page.evaluate(() => window.nnplay.state());
  await page.focus("canvas");
  await page.keyboard.press("r");
  await waitFor(page, () => window.nnplay.state().step === 0, null, 5000, "R to reset");
  await page.screenshot({ path: path.join(out, "undo-after-r.png") });
  await clickWidget(page, "undo");
  const after = await page.evaluate(() => window.nnplay.state());
  assert(after.step === before.step && after.samples_seen === before.samples_seen, `undo: step ${after.step}, wanted ${before.step}; notice: ${after.notice}; undo: ${JSON.stringify(after.undo)}`);
  assert(await page.evaluate(() => window.nnplay.configure({ hidden: [8] })) === "", "configure");
  assert(await page.evaluate(() => window.nnplay.undo()) === "", "undo()");
  const back = await page.evaluate(() => window.nnplay.state());
  assert(back.architecture === "784-24-10" && back.step === before.step, `after undo(): ${back.architecture} step ${back.step}`);
  assert(page.errors.length === 0, `page errors: ${page.errors.join("; ")}`);
});

await check("where the browser refuses storage, it says so once and goes on training", async () => {
  const blocked = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await blocked.addInitScript(() => {
    Object.defineProperty(window, "indexedDB", { get() { throw new DOMException("The user denied permission to access the database.", "SecurityError"); } });
  });
  const p = await open(blocked, SETUP);
  await waitFor(p, () => !document.querySelector(".nnplay-notice").hidden, null, 10000, "the notice");
  const text = await p.evaluate(() => document.querySelector(".nnplay-notice").textContent);
  assert(/reload starts over/.test(text), `notice: ${text}`);
  await p.evaluate(() => window.nnplay.train());
  await waitFor(p, () => window.nnplay.state().step > 20, null, 20000, "training");
  await blocked.close();
});

await browser.close();
server.close();
finish();
