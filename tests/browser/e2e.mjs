// Browser end-to-end tests: serves the built site on 127.0.0.1, opens it in
// Debian's headless Chromium (playwright-core, software WebGL2) and drives it
// through window.nnplay, the keyboard and the mouse. Saves screenshots under
// --out and ends with a line "N passed, N failed".
//
//   node tests/browser/e2e.mjs --site build/web/site --out build/screenshots
import { createServer } from "node:http";
import { readFile, mkdir, writeFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { chromium } from "playwright-core";
import { PNG } from "pngjs";

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const site = path.resolve(args.site || "build/web/site");
const out = path.resolve(args.out || "build/screenshots");
if (!existsSync(path.join(site, "index.html"))) {
  console.error(`${site}/index.html not found: build the web preset first (make test does)`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
await mkdir(out, { recursive: true });

// ---- a static server on loopback ----------------------------------------------------
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm",
  ".css": "text/css", ".gz": "application/gzip", ".png": "image/png" };
const server = createServer(async (req, res) => {
  const rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
  const file = path.join(site, rel);
  if (!file.startsWith(site)) { res.writeHead(403).end(); return; }
  try {
    const body = await readFile(file);
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
      "Content-Length": body.length });
    res.end(body);
  } catch { res.writeHead(404).end("not found"); }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/`;

// ---- Chromium, as TOOLCHAIN.md says it works here --------------------------------------
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--use-gl=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic", ...(process.getuid && process.getuid() === 0 ? ["--no-sandbox"] : [])],
});

let passed = 0, failed = 0;
async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`PASS ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e && e.message ? e.message : e}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(page, fn, arg, timeoutMs, what) {
  const t0 = Date.now();
  for (;;) {
    const v = await page.evaluate(fn, arg);
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) {
      const s = await page.evaluate(() => window.nnplay && window.nnplay.state()).catch(() => null);
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; state: ${JSON.stringify(s)}`);
    }
    await sleep(250);
  }
}
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

await check("the console shows no errors", async () => {
  assert(consoleErrors.length === 0, consoleErrors.join(" | "));
});

await context.close();
await browser.close();
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
