// Browser test of the memory ceiling: the largest network and batch the
// settings allow (8 hidden layers of 1,024, a batch of every training image in
// use) train in the page within the WebAssembly heap, and what would not fit
// is refused with the memory it would need. Serves the built site on
// 127.0.0.1 and drives it through window.nnplay, as e2e.mjs does; ends with a
// line "N passed, N failed".
//
//   node tests/browser/memory.mjs --site build/web/site --mnist .cache/mnist --out build/screenshots
//
// --mnist is the full MNIST (60,000 training images, raw IDX): the last check
// serves it to the page in place of its 10,000-image subset, the way a course
// page could, so that a batch too large for the heap can be asked for.
import { mkdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import { parseArgs, serveSite, launchChromium, checks, assert, sleep } from "./harness.mjs";

const args = parseArgs(process.argv.slice(2));
const site = path.resolve(args.site || "build/web/site");
const mnist = path.resolve(args.mnist || ".cache/mnist");
const out = path.resolve(args.out || "build/screenshots");
for (const need of [path.join(site, "index.html"), path.join(mnist, "train-images-idx3-ubyte")]) {
  if (!existsSync(need)) {
    console.error(`${need} not found: build the web preset and run scripts/bootstrap.sh first (make test does)`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}
await mkdir(out, { recursive: true });
const server = await serveSite(site);
const browser = await launchChromium();

const { check, finish } = checks();
const MiB = (b) => `${(b / 1048576).toFixed(0)} MiB`;

async function openPage(route) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  if (route) await route(page);
  await page.goto(server.base, { waitUntil: "load" });
  const t0 = Date.now();
  for (;;) {
    const s = await page.evaluate(() => window.nnplay && window.nnplay.state());
    if (s && s.status !== "loading" && s.status !== "starting") break;
    if (Date.now() - t0 > 120000) throw new Error(`the page did not load: ${JSON.stringify(s)}`);
    await sleep(250);
  }
  return { context, page, errors, state: () => page.evaluate(() => window.nnplay.state()),
    configure: (c) => page.evaluate((x) => window.nnplay.configure(x), c) };
}

// The largest network the settings allow, with ReLU (any activation costs the same memory).
const widest = (batch) => ({ hidden: Array(8).fill(1024), activations: Array(8).fill("relu"),
  output: "softmax_ce", batch });

await check("the largest network at the largest batch trains within the WebAssembly heap", async () => {
  const p = await openPage();
  try {
    const s0 = await p.state();
    assert(s0.memory && s0.memory.heap_max > 0, `state() has no memory figures: ${JSON.stringify(s0.memory)}`);
    const batch = s0.train_size;
    assert(batch >= 10000, `the page trains on ${batch} images`);
    // Nothing larger is allowed: one more image per batch, a ninth layer, a wider one.
    assert((await p.configure({ batch: batch + 1 })) !== "", "a batch beyond the training images was accepted");
    const err = await p.configure(widest(batch));
    assert(err === "", `the largest settings were refused: ${err}`);
    const s1 = await p.state();
    assert(s1.parameters === 8161290, `parameters ${s1.parameters}`);
    const est = s1.training_memory.estimate;
    assert(est <= s1.training_memory.limit, `estimate ${MiB(est)} above the limit ${MiB(s1.training_memory.limit)}`);
    for (const bad of [{ hidden: Array(9).fill(1024), activations: Array(9).fill("relu") },
      { hidden: [1025], activations: ["relu"] }]) {
      const m = await p.configure(bad);
      assert(m !== "", `accepted ${JSON.stringify(bad)}`);
    }
    const before = s1.memory;
    const t0 = Date.now();
    const n = await p.page.evaluate(() => window.nnplay.step(1));
    const seconds = (Date.now() - t0) / 1000;
    assert(n === 1, `step(1) applied ${n} steps`);
    // The evaluation the step asked for runs in slices over the next frames.
    const t1 = Date.now();
    for (;;) {
      const s = await p.state();
      if (s.test_evaluated_at_step === 1) break;
      if (Date.now() - t1 > 300000) throw new Error(`no test evaluation after the step: ${JSON.stringify(s)}`);
      await sleep(500);
    }
    const s2 = await p.state();
    const after = s2.memory;
    console.log(`  ${s2.architecture}, batch ${batch}: one step ${seconds.toFixed(1)} s; estimate ${MiB(est)};` +
      ` heap in use ${MiB(before.heap_in_use)} -> ${MiB(after.heap_in_use)}, heap ${MiB(before.heap_size)} ->` +
      ` ${MiB(after.heap_size)} of at most ${MiB(after.heap_max)}`);
    assert(s2.status === "paused", `status ${s2.status}: ${s2.status_line}`);
    assert(s2.step === 1 && Number.isFinite(s2.test_cost), `step ${s2.step}, test cost ${s2.test_cost}`);
    assert(after.heap_size <= after.heap_max, "the heap outgrew its maximum");
    // The engine's estimate covers what training took (the weights' checkpoint
    // and the UI's share aside: 5% of room).
    assert(after.heap_in_use - before.heap_in_use <= est * 1.05,
      `training took ${MiB(after.heap_in_use - before.heap_in_use)}, more than the estimate ${MiB(est)}`);
    const shot = await p.page.screenshot({ path: path.join(out, "memory-largest.png") });
    const png = PNG.sync.read(shot);
    const first = png.data.readUInt32BE(0);
    let differ = 0;
    for (let i = 0; i < png.data.length; i += 4) differ += png.data.readUInt32BE(i) !== first;
    assert(differ > png.width * png.height * 0.05, "the canvas is blank with the largest network");
    // The default network again gives the big buffers back to the allocator
    // (the WebAssembly memory itself never shrinks; what it holds is reused).
    assert((await p.configure({ hidden: [16, 16], activations: ["sigmoid", "sigmoid"], output: "sigmoid_mse",
      batch: 10 })) === "", "back to the default network");
    await sleep(500);
    const s3 = await p.state();
    console.log(`  back to ${s3.architecture}: heap in use ${MiB(s3.memory.heap_in_use)} (before the largest: ` +
      `${MiB(s0.memory.heap_in_use)})`);
    assert(s3.memory.heap_in_use <= s0.memory.heap_in_use + 4 * 1048576,
      `heap in use ${MiB(s3.memory.heap_in_use)} after going back, ${MiB(s0.memory.heap_in_use)} before`);
    assert(p.errors.length === 0, `console errors: ${p.errors.join(" | ")}`);
  } finally {
    await p.context.close();
  }
});

await check("with the full MNIST, a batch too large for the heap is refused with the memory it needs", async () => {
  // The page asks for its four data files; hand it the full MNIST instead (raw
  // IDX: the page only unpacks what is gzip).
  const files = {
    "train-images": "train-images-idx3-ubyte", "train-labels": "train-labels-idx1-ubyte",
    "test-images": "t10k-images-idx3-ubyte", "test-labels": "t10k-labels-idx1-ubyte",
  };
  const p = await openPage(async (page) => {
    await page.route(/\/data\/(train|test)-(images|labels)\.idx[13]\.gz$/, async (r) => {
      const key = r.request().url().match(/(train|test)-(images|labels)/)[0];
      r.fulfill({ status: 200, contentType: "application/octet-stream", body: await readFile(path.join(mnist, files[key])) });
    });
  });
  try {
    const s0 = await p.state();
    assert(s0.train_size === 60000, `the page trains on ${s0.train_size} images, not the full 60,000`);
    const before = { architecture: s0.architecture, step: s0.step };
    const m = await p.configure(widest(60000));
    assert(/needs about [0-9.]+ GiB/.test(m) && /1\.5 GiB/.test(m) && /batch/.test(m),
      `the refusal does not say what it needs: "${m}"`);
    const s1 = await p.state();
    assert(s1.architecture === before.architecture && s1.step === before.step, "a refused change changed the model");
    // The largest batch that is accepted at this size, found by halving the interval.
    let lo = 1, hi = 60000;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if ((await p.configure(widest(mid))) === "") lo = mid; else hi = mid;
    }
    const s2 = await p.state();
    console.log(`  with 60,000 images: 8 x 1024 at batch 60,000 refused ("${m}"); the largest batch accepted is ` +
      `${lo} (estimate ${MiB(s2.training_memory.estimate)} of ${MiB(s2.training_memory.limit)}; heap at most ` +
      `${MiB(s2.memory.heap_max)})`);
    assert(lo > 10000 && lo < 60000, `largest accepted batch ${lo}`);
    assert(s2.training_memory.estimate <= s2.training_memory.limit, "accepted above the limit");
    assert(p.errors.length === 0, `console errors: ${p.errors.join(" | ")}`);
  } finally {
    await p.context.close();
  }
});

await browser.close();
server.close();
finish();
