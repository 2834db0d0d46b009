// Browser tests of the Files section: a model saved in the page and loaded
// back gives the same predictions; malformed files (empty, truncated,
// foreign, corrupt, too large) are each refused with their own message and
// leave the running model as it was; loading by dropping a file on the
// canvas; the buttons download a model file, a PyTorch zip, a PNG picture and
// a CSV history that hold what they claim. Ends with "N passed, N failed".
//
//   node tests/browser/files.mjs --site build/web/site
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import { parseArgs, serveSite, launchChromium, checks, assert, sleep, waitFor } from "./harness.mjs";

const args = parseArgs(process.argv.slice(2));
const site = path.resolve(args.site || "build/web/site");
if (!existsSync(path.join(site, "index.html"))) {
  console.error(`${site}/index.html not found: build the web preset first (make test does)`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const server = await serveSite(site);
const browser = await launchChromium();
const { check, finish } = checks();
async function clickWidget(p, name) {
  const w = await p.evaluate((n) => window.nnplay.state().widgets[n], name);
  assert(w && w.visible, `widget "${name}" is not on screen: ${JSON.stringify(w)}`);
  await p.mouse.move(w.x + w.w / 2, w.y + w.h / 2);
  await sleep(120);
  await p.mouse.down();
  await sleep(120);
  await p.mouse.up();
  await sleep(120);
}
// The test figures of the model now on the page, once an evaluation of it is done.
async function evaluated(p) {
  await waitFor(p, () => { const s = window.nnplay.state(); return s.test_evaluated_at_step === s.step && !s.running; },
    null, 20000, "the test evaluation");
  return p.evaluate(() => { const s = window.nnplay.state(); return { acc: s.test_accuracy, cost: s.test_cost, step: s.step,
    arch: s.architecture, lr: s.lr, optimizer: s.optimizer }; });
}

const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
const page = await context.newPage();
const errors = [];
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
page.on("pageerror", (e) => errors.push(String(e)));
await page.goto(server.base, { waitUntil: "load" });
await waitFor(page, () => window.nnplay && window.nnplay.state().data_loaded, null, 60000, "the playground to load");

let saved;  // the model file saved below, as an array of bytes
let savedFigures;
await check("a model saved in the page loads back with the same predictions", async () => {
  assert(await page.evaluate(() => window.nnplay.configure({ hidden: [32], activations: "relu", output: "softmax_ce",
    optimizer: "adam", lr: 0.002, batch: 20 })) === "", "configure");
  await page.evaluate(() => window.nnplay.step(150));
  savedFigures = await evaluated(page);
  saved = await page.evaluate(() => Array.from(window.nnplay.modelFile()));
  assert(saved.length > 100000, `model file of ${saved.length} bytes`);
  // Something else entirely, then the saved model back.
  await page.evaluate(() => { window.nnplay.configure({ hidden: [16, 16], activations: "sigmoid", output: "sigmoid_mse",
    optimizer: "sgd", lr: 3, batch: 10 }); window.nnplay.step(40); });
  const other = await evaluated(page);
  assert(other.arch === "784-16-16-10", `other run ${JSON.stringify(other)}`);
  const err = await page.evaluate((b) => window.nnplay.loadModel(new Uint8Array(b), "mine.safetensors"), saved);
  assert(err === "", `loadModel: ${err}`);
  const back = await evaluated(page);
  assert(JSON.stringify(back) === JSON.stringify(savedFigures),
    `after loading ${JSON.stringify(back)}, when saved ${JSON.stringify(savedFigures)}`);
  const notice = await page.evaluate(() => window.nnplay.state().notice);
  assert(/^Loaded mine\.safetensors: 784-32-10/.test(notice), `notice: ${notice}`);
});

await check("malformed model files are refused, each with its own message, and the model stays", async () => {
  const before = await evaluated(page);
  const good = saved;
  const foreign = good.slice();
  const text = new TextDecoder().decode(new Uint8Array(good.slice(0, 2000)));
  const at = text.indexOf('"nnplay"');
  assert(at > 0, "no format entry in the header");
  '"pt"    '.split("").forEach((c, i) => { foreign[at + i] = c.charCodeAt(0); });
  const corrupt = good.slice();
  corrupt[9] = "[".charCodeAt(0);
  const cases = [
    ["empty", [], /empty file/],
    ["truncated", good.slice(0, 5), /truncated/],
    ["cut short", good.slice(0, good.length - 1000), /truncated/],
    ["foreign", foreign, /not an nnplay model/],
    ["corrupt", corrupt, /corrupt header/],
    ["too large", null, /far more than any network/],
  ];
  const messages = new Set();
  for (const [what, bytes, expect] of cases) {
    const err = await page.evaluate(([b, n]) => window.nnplay.loadModel(b ? new Uint8Array(b) : new Uint8Array(70 * 1024 * 1024), n),
      [bytes, what + ".safetensors"]);
    assert(expect.test(err) && /unchanged/.test(err), `${what}: "${err}"`);
    messages.add(err);
    const now = await page.evaluate(() => { const s = window.nnplay.state(); return { acc: s.test_accuracy, cost: s.test_cost,
      step: s.step, arch: s.architecture, lr: s.lr, optimizer: s.optimizer }; });
    assert(JSON.stringify(now) === JSON.stringify(before), `${what} changed the model: ${JSON.stringify(now)}`);
  }
  assert(messages.size === cases.length, "two malformed files got the same message");
});

await check("a model file dropped on the playground loads", async () => {
  await page.evaluate(() => { window.nnplay.configure({ hidden: [8] }); });
  await page.evaluate((b) => {
    const file = new File([new Uint8Array(b)], "dropped.safetensors");
    const dt = new DataTransfer();
    dt.items.add(file);
    const canvas = document.querySelector("canvas");
    canvas.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, saved);
  await waitFor(page, () => /^Loaded dropped\.safetensors/.test(window.nnplay.state().notice), null, 10000, "the drop to load");
  const s = await evaluated(page);
  assert(JSON.stringify(s) === JSON.stringify(savedFigures), `after the drop ${JSON.stringify(s)}`);
});

async function download(widgetName) {
  await clickWidget(page, "files");  // the Files menu, at the right of the curves' header
  const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 15000 }), clickWidget(page, widgetName)]);
  return { name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) };
}

await check("the Files buttons download a model, a PyTorch zip, a PNG picture and a CSV history", async () => {
  await page.evaluate(() => window.nnplay.configure({ lr: 0.001 }));  // a change the history records
  await page.evaluate(() => window.nnplay.step(5));
  const model = await download("save_model");
  assert(/^nnplay-784-32-10-step\d+\.safetensors$/.test(model.name), `model file name ${model.name}`);
  const zip = await download("export_pytorch");
  assert(zip.bytes.subarray(0, 4).toString("latin1") === "PK\x03\x04", "the export is not a zip");
  assert(zip.bytes.includes("class SimpleNeuralNetwork(nn.Module)"), "the zip holds no model.py");
  const picture = await download("picture_curves");
  const png = PNG.sync.read(picture.bytes);
  const cost = await page.evaluate(() => window.nnplay.state().widgets.cost_plot);
  assert(png.width >= 400 && png.height >= 200, `picture ${png.width}x${png.height}`);
  let colours = new Set();
  for (let i = 0; i < png.data.length; i += 4 * 97) colours.add(png.data[i] << 16 | png.data[i + 1] << 8 | png.data[i + 2]);
  assert(colours.size > 5, `the picture is blank (${colours.size} colours)`);
  assert(cost && cost.w <= png.width, `the cost plot (${cost && cost.w} wide) is not in the picture`);
  const csv = await download("history_csv");
  const lines = csv.bytes.toString("utf8").trim().split("\r\n");
  assert(lines[0] === "step,epoch,samples,train_cost,test_cost,test_accuracy,settings_change,settings", `header ${lines[0]}`);
  assert(lines.length >= 8 && /,start,"?preset=lecture&hidden=32&/.test(lines[1]), `${lines.length} lines; first row ${lines[1]}`);
  assert(lines.some((l) => /learning rate 0\.002 → 0\.001/.test(l) && /lr=0\.001/.test(l)), "no row for the lr change");
});

await check("the console shows no errors", async () => {
  assert(errors.length === 0, errors.join(" | "));
});

await browser.close();
server.close();
finish();
