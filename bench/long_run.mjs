// long_run.mjs: the page's memory over a long training run, for the reader
// (not part of `make test` or `make bench`: a million steps take minutes).
//
// What it does: serves the built site on 127.0.0.1, opens it in Debian's
// headless Chromium (playwright-core, software WebGL2), trains the default
// network at full speed and reads window.nnplay.state() every second. At each
// of --steps (default 10,000, 100,000 and 1,000,000) it prints the WebAssembly
// heap (state().memory: heap_size, the memory the page holds, which never
// shrinks; heap_in_use, what the allocator has handed out), the page's
// JavaScript heap (Chromium's performance.memory), the frame rate and the
// test accuracy. Exits 1 if training stops before the last step.
//
// What it does not do: judge the figures (tests/unit/app/test_long_run.cpp
// checks the App's memory natively), or stand for a real GPU (SwiftShader).
//
//   node bench/long_run.mjs --site build/web/site --steps 10000,100000,1000000
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs, serveSite, launchChromium } from "../tests/browser/harness.mjs";

const args = parseArgs(process.argv.slice(2));
const site = path.resolve(args.site || "build/web/site");
const marks = String(args.steps || "10000,100000,1000000").split(",").map(Number).sort((a, b) => a - b);
if (!existsSync(path.join(site, "index.html"))) {
  console.error(`${site}/index.html not found: build the web preset first`);
  process.exit(1);
}
const server = await serveSite(site);
const browser = await launchChromium();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
const errors = [];
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
page.on("pageerror", (e) => errors.push(String(e)));
await page.goto(server.base, { waitUntil: "load" });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const read = () => page.evaluate(() => ({ s: window.nnplay && window.nnplay.state(),
  js: performance.memory ? performance.memory.usedJSHeapSize : null }));
for (;;) {
  const { s } = await read();
  if (s && s.status !== "loading" && s.status !== "starting") break;
  await sleep(250);
}
await page.evaluate(() => window.nnplay.train());
const MiB = (b) => (b / 1048576).toFixed(1);
console.log("step        wall s  heap MiB  in use MiB  JS heap MiB  fps   test accuracy");
const t0 = Date.now();
let next = 0, code = 0;
while (next < marks.length) {
  await sleep(1000);
  const { s, js } = await read();
  if (!s.running) {
    console.error(`training stopped at step ${s.step}: ${s.status_line}`);
    code = 1;
    break;
  }
  while (next < marks.length && s.step >= marks[next]) {
    console.log(`${String(s.step).padEnd(11)} ${((Date.now() - t0) / 1000).toFixed(0).padStart(6)}  ` +
      `${MiB(s.memory.heap_size).padStart(8)}  ${MiB(s.memory.heap_in_use).padStart(10)}  ` +
      `${(js === null ? "-" : MiB(js)).padStart(11)}  ${s.fps.toFixed(0).padStart(3)}   ${s.test_accuracy}`);
    next++;
  }
}
if (errors.length) { console.error(`console errors: ${errors.join(" | ")}`); code = 1; }
await browser.close();
server.close();
process.exit(code);
