// Browser tests of playgrounds in the hosts lecturers use (issue 19, the page
// side): a slide deck whose keys keep working after the playground was clicked
// (and Escape that hands the focus back); iframes sandboxed with allow-scripts
// only; a sibling frame whose postMessage calls are ignored while the parent's
// work; an over-long string to configure() and an oversized model file, both
// refused with the playground still training; host elements whose ids shadow
// the embed's globals; nnplay-embed.js loaded from another server with and
// without Access-Control-Allow-Origin; the npm package.json of make dist; the
// share dialog's embed code. Every page comes from a real server on 127.0.0.1
// (pages a test fulfils itself count as public to Chromium and may not load
// from 127.0.0.1). Screenshots go to --out.
//
//   node tests/browser/hosts.mjs --site build/web/site --one-file build/web/nnplay.html --out build/screenshots
import { mkdir, mkdtemp, cp, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, serveSite, launchChromium, checks, assert, sleep, waitFor } from "./harness.mjs";

const args = parseArgs(process.argv.slice(2));
const site = path.resolve(args.site || "build/web/site");
const out = path.resolve(args.out || "build/screenshots");
const oneFile = path.resolve(args["one-file"] || path.join(site, "..", "nnplay.html"));
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
for (const f of [path.join(site, "index.html"), path.join(site, "nnplay-embed.js"), oneFile])
  if (!existsSync(f)) {
    console.error(`${f} not found: build the web preset first (make test does)`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
await mkdir(out, { recursive: true });

// ---- the servers -------------------------------------------------------------------------------
// A: the site with the test's host pages. B: the site again on another origin,
// allowing cross-origin reads. C: the same without the header.
const oneFileText = await readFile(oneFile, "utf8");
const deck = `<!doctype html><meta charset="utf-8"><title>deck</title><link rel="icon" href="../favicon.svg">
<style>body { margin: 0; font: 16px sans-serif; } .slide { height: 900px; padding: 20px; } .nnplay { height: 460px; width: 760px; }</style>
<section class="slide"><h1>Slide 1</h1><button class="before">before</button>
<div class="nnplay" data-config="seed=3&controls=train,step,reset,lr"></div>
<button class="after">after</button></section>
<section class="slide"><h1>Slide 2</h1></section><section class="slide"><h1>Slide 3</h1></section>
<script src="../nnplay-embed.js"></script>
<script>
  // The deck's own handlers, as reveal.js has them: keydown on document, and one on window.
  window.deckKeys = []; window.windowKeys = []; window.deckKeyups = []; window.deckWheels = 0;
  document.addEventListener("wheel", () => { deckWheels++; }, { passive: true });
  document.addEventListener("keydown", (e) => deckKeys.push(e.key + (e.defaultPrevented ? " (prevented)" : "")));
  window.addEventListener("keydown", (e) => windowKeys.push(e.key));
  document.addEventListener("keyup", (e) => deckKeyups.push(e.key));
</script>`;
const ids = `<!doctype html><meta charset="utf-8"><title>ids</title><link rel="icon" href="../favicon.svg">
<div id="nnplayEmbed">a host element named nnplayEmbed</div><div id="nnplayBundle">and one named nnplayBundle</div>
<div id="createNnplay"></div>
<div class="nnplay" data-config="seed=4" style="height: 400px"></div>
<script src="../nnplay-embed.js"></script>`;
const sandboxed = (src) => `<!doctype html><meta charset="utf-8"><title>sandboxed</title><link rel="icon" href="data:,">
<iframe sandbox="allow-scripts" src="${src}" width="800" height="520" title="nnplay playground"></iframe>`;
const siblings = `<!doctype html><meta charset="utf-8"><title>siblings</title><link rel="icon" href="../favicon.svg">
<iframe src="../index.html?seed=5" width="700" height="480" title="nnplay playground"></iframe>
<iframe src="advert.html" width="200" height="100" title="an advert"></iframe>`;
// The sibling: posts calls to the playground's frame, as parent.frames[0], and counts answers.
const advert = `<!doctype html><meta charset="utf-8"><title>advert</title><link rel="icon" href="../favicon.svg"><p>advert</p>
<script>
  window.answers = 0;
  window.addEventListener("message", (e) => { if (e.data && e.data.nnplay === "result") answers++; });
  window.attack = () => { for (const m of ["reset", "pause"]) parent.frames[0].postMessage({ nnplay: "call", id: 7, method: m, args: [] }, "*"); };
</script>`;
const server = await serveSite(site, { pages: {
  "test/deck.html": deck, "test/ids.html": ids, "test/siblings.html": siblings, "test/advert.html": advert,
  "test/sandboxed-index.html": sandboxed("../index.html?seed=6"),
  "test/sandboxed-one-file.html": sandboxed("../nnplay.html?seed=6"),
  "nnplay.html": oneFileText,
} });
const cors = await serveSite(site, { headers: { "Access-Control-Allow-Origin": "*" } });
const noCors = await serveSite(site);
// H: the course page, on its own origin, loading nnplay from B or C.
const coursePage = (from) => `<!doctype html><meta charset="utf-8"><title>course</title><link rel="icon" href="data:,">
<p>A lesson.</p><div class="nnplay" data-config="seed=8" style="height: 420px"></div>
<script src="${from}nnplay-embed.js" defer></script>`;
const host = await serveSite(site, { pages: { "from-cors.html": coursePage(cors.base), "from-no-cors.html": coursePage(noCors.base),
  "sandboxed-cors.html": sandboxed(cors.base + "index.html?seed=6"),
  // Another origin's index.html in an iframe, without and with allow="fullscreen".
  "framed.html": `<!doctype html><meta charset="utf-8"><title>framed</title><link rel="icon" href="data:,">
<iframe src="${server.base}index.html?seed=1" width="640" height="480" title="without"></iframe>
<iframe src="${server.base}index.html?seed=2" width="640" height="480" title="with" allow="fullscreen"></iframe>` } });
const base = server.base;
const browser = await launchChromium();
const { check, finish } = checks();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });

async function openPage(url) {
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
  if (url) await page.goto(url, { waitUntil: "load" });
  return page;
}
const ready = (target, what, timeoutMs = 90000) => waitFor(target, () => {
  const e = document.querySelector(".nnplay") || document.getElementById("stage");
  return e && e.nnplay && e.nnplay.state().status === "ready";
}, null, timeoutMs, what);
const playgroundState = (target) => target.evaluate(() => (document.querySelector(".nnplay") || document.getElementById("stage")).nnplay.state());
const active = (page) => page.evaluate(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return "body";
  if (a.tagName === "CANVAS") return "canvas";
  return a.className || a.tagName.toLowerCase();
});
const overlayText = (target) => target.evaluate(() => {
  const o = document.querySelector(".nnplay-overlay");
  return o && !o.classList.contains("hidden") ? o.textContent : "";
});

// ---- a slide deck --------------------------------------------------------------------------------
const deckPage = await openPage(base + "test/deck.html");
await check("a deck: after a click on the playground, the deck's document handler still sees ArrowRight, ArrowLeft and PageDown", async () => {
  await ready(deckPage, "the deck's playground");
  const box = await deckPage.evaluate(() => { const r = document.querySelector(".nnplay-root canvas").getBoundingClientRect();
    return { x: r.left, y: r.top, w: r.width, h: r.height }; });
  // A click on the curves (right half, middle), not on a button.
  await deckPage.mouse.click(box.x + box.w * 0.75, box.y + box.h * 0.55);
  assert(await active(deckPage) === "canvas", `the click left the focus on ${await active(deckPage)}`);
  const y0 = await deckPage.evaluate(() => scrollY);
  await deckPage.evaluate(() => { deckKeys.length = 0; windowKeys.length = 0; deckKeyups.length = 0; });
  for (const k of ["ArrowRight", "ArrowLeft", "PageDown"]) await deckPage.keyboard.press(k);
  await sleep(400);
  const seen = await deckPage.evaluate(() => ({ doc: deckKeys.slice(), win: windowKeys.slice(), up: deckKeyups.slice() }));
  assert(JSON.stringify(seen.doc) === JSON.stringify(["ArrowRight", "ArrowLeft", "PageDown"]),
         `the deck's document handler saw ${JSON.stringify(seen.doc)}`);
  assert(JSON.stringify(seen.win) === JSON.stringify(["ArrowRight", "ArrowLeft", "PageDown"]), `window saw ${JSON.stringify(seen.win)}`);
  assert(JSON.stringify(seen.up) === JSON.stringify(["ArrowRight", "ArrowLeft", "PageDown"]), `keyups: ${JSON.stringify(seen.up)}`);
  // Not default-prevented either: PageDown scrolled the page as it would without the playground.
  assert(await deckPage.evaluate(() => scrollY) > y0 + 100, "PageDown did not scroll the deck");
  assert(await active(deckPage) === "canvas", "the keys moved the focus");
  await deckPage.evaluate(() => window.scrollTo(0, 0));
});

await check("a deck: the wheel over the playground it does not take reaches the deck's wheel listener and scrolls", async () => {
  await deckPage.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); deckWheels = 0; });
  const box = await deckPage.evaluate(() => { const r = document.querySelector(".nnplay-root canvas").getBoundingClientRect();
    return { x: r.left + r.width * 0.75, y: r.top + r.height * 0.55 }; });
  await deckPage.mouse.move(box.x, box.y);
  await deckPage.mouse.wheel(0, 300);
  await sleep(500);
  const r = await deckPage.evaluate(() => ({ wheels: deckWheels, y: scrollY }));
  assert(r.wheels === 1 && r.y > 100, `the deck saw ${r.wheels} wheel events; scrollY ${r.y}`);
  await deckPage.evaluate(() => window.scrollTo(0, 0));
});

await check("a deck: Space, S and R go to the focused playground, not to the deck", async () => {
  await deckPage.evaluate(() => { deckKeys.length = 0; document.querySelector(".nnplay canvas").focus(); });
  await deckPage.keyboard.press("s");
  await waitFor(deckPage, () => document.querySelector(".nnplay").nnplay.state().step === 1, null, 5000, "S to step");
  await deckPage.keyboard.press("Space");
  await waitFor(deckPage, () => document.querySelector(".nnplay").nnplay.state().step > 20, null, 20000, "Space to train");
  await deckPage.keyboard.press("Space");
  await waitFor(deckPage, () => !document.querySelector(".nnplay").nnplay.state().running, null, 5000, "Space to pause");
  await deckPage.keyboard.press("r");
  await waitFor(deckPage, () => document.querySelector(".nnplay").nnplay.state().step === 0, null, 5000, "R to reset");
  const seen = await deckPage.evaluate(() => deckKeys.slice());
  assert(seen.length === 0, `the deck saw the playground's keys: ${JSON.stringify(seen)}`);
});

await check("a deck: Escape gives the focus back to the page (not to the deck as a key), and Tab goes on from the playground", async () => {
  await deckPage.evaluate(() => { deckKeys.length = 0; document.querySelector(".nnplay canvas").focus(); });
  await deckPage.keyboard.press("Escape");
  assert(await active(deckPage) === "body", `after Escape the focus is on ${await active(deckPage)}`);
  assert((await deckPage.evaluate(() => deckKeys.length)) === 0, "the deck got the Escape too");
  await deckPage.keyboard.press("ArrowRight");
  assert(JSON.stringify(await deckPage.evaluate(() => deckKeys.slice())) === '["ArrowRight"]', "ArrowRight after Escape");
  await deckPage.keyboard.press("Tab");
  const next = await active(deckPage);
  // The next in tab order after the canvas: the playground's first control
  // (its accessibility layer: tests/browser/a11y.mjs), not back to the deck.
  assert(next === "nnplay-a11y-node", `Tab after Escape went to ${next}, not the playground's next control`);
  assert(deckPage.errors.length === 0, `errors: ${deckPage.errors.join(" | ")}`);
  await deckPage.screenshot({ path: path.join(out, "hosts-deck.png") });
});

// ---- strings and files -----------------------------------------------------------------------------
const full = await openPage(base + "index.html?seed=11");
await check("an over-long configure() string is refused with a message; the playground keeps training", async () => {
  await ready(full, "index.html");
  const r = await full.evaluate(async () => {
    window.nnplay.train();
    const before = window.nnplay.state();
    const message = await window.nnplay.configure({ lr: "1".repeat(2e6) });
    const mid = window.nnplay.state();
    const long = window.nnplay.configure({ lr: 0.5, note: "x".repeat(70000) });
    return { message, long, lrBefore: before.lr, lrAfter: mid.lr, stepAfter: mid.step };
  });
  assert(/2,000,0\d\d bytes of text, more than the 65,536 \(64 KiB\) the playground takes: nothing changed/.test(r.message),
         `configure() answered: ${r.message.slice(0, 200)}`);
  assert(/65,536/.test(r.long), `a 70,000-character configure(): ${r.long.slice(0, 200)}`);
  assert(r.lrAfter === r.lrBefore, `lr changed: ${r.lrBefore} -> ${r.lrAfter}`);
  await waitFor(full, (s) => window.nnplay.state().step > s + 20, r.stepAfter, 20000, "training after the refusal");
  const s = await full.evaluate(() => window.nnplay.state());
  assert(s.running && s.status !== "error", `state after: ${s.status}`);
  assert(full.errors.length === 0, `errors: ${full.errors.join(" | ")}`);
});

await check("an over-long data-config value is refused in the notice; the playground still starts and trains", async () => {
  const r = await full.evaluate(async () => {
    const el = document.createElement("div");
    el.style.height = "300px";
    document.body.appendChild(el);
    const api = window.nnplayEmbed.mount(el, "seed=12&lr=" + "2".repeat(300000));
    await api.ready;
    api.step(5);
    const s = api.state();
    const notice = el.querySelector(".nnplay-notice");
    const out = { step: s.step, seed: s.seed, lr: s.lr, notice: notice.hidden ? "" : notice.textContent };
    el.remove();
    return out;
  });
  assert(r.step === 5 && r.seed === 12 && r.lr === 3, `state: ${JSON.stringify(r)}`);
  assert(/lr: its value has 300,000 characters/.test(r.notice), `notice: ${r.notice}`);
});

await check("an oversized model file (a Blob, and a dropped File) is refused before it is read; the model is unchanged", async () => {
  const r = await full.evaluate(async () => {
    const reads = { n: 0 };
    const orig = Blob.prototype.arrayBuffer;
    Blob.prototype.arrayBuffer = function () { reads.n++; return orig.call(this); };
    try {
      window.nnplay.pause();
      const before = window.nnplay.state();
      const big = new Blob([new Uint8Array(65 * 1024 * 1024)]);
      const message = await window.nnplay.loadModel(big);
      // A drop: the same file as the browser hands it over.
      const dt = new DataTransfer();
      dt.items.add(new File([big], "a-".repeat(200) + "huge.safetensors"));
      document.getElementById("canvas").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
      await new Promise((r) => setTimeout(r, 300));
      const notice = document.getElementById("notice");
      const after = window.nnplay.state();
      return { message, reads: reads.n, notice: notice.hidden ? "" : notice.textContent,
               same: before.step === after.step && before.train_cost === after.train_cost && before.parameters === after.parameters };
    } finally {
      Blob.prototype.arrayBuffer = orig;
    }
  });
  assert(/^Not loaded: model\.safetensors: it has 68,157,440 bytes, far more than any network nnplay trains \(at most 67,108,864\)/.test(r.message),
         `loadModel answered: ${r.message}`);
  assert(r.reads === 0, `the file was read ${r.reads} times before it was refused`);
  assert(/Not loaded: a-a-.*…: it has 68,157,440 bytes/.test(r.notice) && r.notice.length < 300, `the drop's notice: ${r.notice}`);
  assert(r.same, "the model changed");
  await full.evaluate(() => window.nnplay.train());
  const s0 = (await playgroundState(full)).step;
  await waitFor(full, (s) => window.nnplay.state().step > s + 10, s0, 20000, "training after the refusal");
});

// ---- messages from other windows ----------------------------------------------------------------------
await check("a sibling frame's postMessage reset is ignored (the run's step keeps growing); the parent's call works", async () => {
  const page = await openPage(base + "test/siblings.html");
  const frame = () => page.frames().find((f) => f.url().includes("index.html"));
  const advertFrame = () => page.frames().find((f) => f.url().includes("advert.html"));
  await waitFor(page, () => !!document.querySelector("iframe"), null, 5000, "the iframes");
  await waitFor(page, () => true, null, 1000, "");
  await ready(frame(), "the framed playground");
  // The parent's calls work: train.
  const call = (method, args) => page.evaluate(([method, args]) => new Promise((resolve) => {
    const id = Math.random();
    const on = (e) => { if (e.data && e.data.id === id) { window.removeEventListener("message", on); resolve(e.data); } };
    window.addEventListener("message", on);
    document.querySelector("iframe").contentWindow.postMessage({ nnplay: "call", id, method, args }, "*");
  }), [method, args]);
  await call("train", []);
  await waitFor(frame(), () => window.nnplay.state().step > 30, null, 30000, "the parent's train()");
  const s1 = await frame().evaluate(() => window.nnplay.state().step);
  await advertFrame().evaluate(() => window.attack());
  await sleep(1500);
  const s2 = await frame().evaluate(() => window.nnplay.state());
  assert(s2.running && s2.step > s1, `after the sibling's reset and pause: step ${s1} -> ${s2.step}, running ${s2.running}`);
  assert((await advertFrame().evaluate(() => window.answers)) === 0, "the sibling got answers");
  const r = await call("reset", []);
  assert(r.error === undefined, `the parent's reset: ${JSON.stringify(r)}`);
  const s3 = await frame().evaluate(() => window.nnplay.state().step);
  assert(s3 < s2.step, `the parent's reset did not reset: ${s2.step} -> ${s3}`);
  await page.close();
});

// ---- host ids ------------------------------------------------------------------------------------------
await check("host elements with id nnplayEmbed, nnplayBundle and createNnplay do not stop the embed", async () => {
  const page = await openPage(base + "test/ids.html");
  await ready(page, "the playground beside the host's ids");
  const r = await page.evaluate(async () => {
    const el = document.querySelector(".nnplay");
    return { mount: typeof window.nnplayEmbed.mount, step: await el.nnplay.step(3), seed: el.nnplay.state().seed,
             hostEl: document.getElementById("nnplayEmbed").textContent };
  });
  assert(r.mount === "function" && r.step === 3 && r.seed === 4, JSON.stringify(r));
  assert(r.hostEl === "a host element named nnplayEmbed", "the host's element changed");
  assert(page.errors.length === 0, `errors: ${page.errors.join(" | ")}`);
  await page.close();
});

// ---- sandboxed frames -------------------------------------------------------------------------------
async function frameOf(page, part) {
  await waitFor(page, () => !!document.querySelector("iframe"), null, 5000, "the iframe");
  for (let i = 0; i < 40; ++i) {
    const f = page.frames().find((f) => f !== page.mainFrame() && f.url().includes(part));
    if (f) return f;
    await sleep(250);
  }
  throw new Error(`no frame ${part}`);
}
await check('sandbox="allow-scripts": index.html from a server without the header says which permission it needs', async () => {
  const page = await openPage(base + "test/sandboxed-index.html");
  const f = await frameOf(page, "index.html");
  const text = await waitFor(f, () => {
    const o = document.querySelector(".nnplay-overlay");
    return o && document.querySelector(".nnplay-error") ? o.textContent : "";
  }, null, 30000, "the sandboxed page's message");
  assert(text.includes('sandboxed frame without allow-same-origin') && text.includes('sandbox="allow-scripts allow-same-origin"') &&
         text.includes(`the server at ${new URL(base).origin} must send Access-Control-Allow-Origin`),
         `the message: ${text}`);
  assert(!/Failed to fetch/.test(text.replace(/\(Failed to fetch\)/, "")), `the message: ${text}`);
  await page.screenshot({ path: path.join(out, "hosts-sandboxed-message.png") });
  await page.close();
});

await check('sandbox="allow-scripts": the one-file page trains, and a save says it needs allow-downloads', async () => {
  const page = await openPage(base + "test/sandboxed-one-file.html");
  const f = await frameOf(page, "nnplay.html");
  await ready(f, "the sandboxed one-file page");
  const origin = await f.evaluate(() => self.origin);
  assert(origin === "null", `the frame's origin is ${origin}: not sandboxed`);
  await f.evaluate(() => window.nnplay.train());
  await waitFor(f, () => window.nnplay.state().step > 20, null, 30000, "training in the sandbox");
  // The App's Files section saves through the page's handler: here it cannot tell whether downloads
  // are allowed (the frame's flags are not readable from inside), so it says what they need.
  const notice = await f.evaluate(() => {
    window.nnplay.module.nnplaySaveFile("model.safetensors", "application/octet-stream", new Uint8Array(8));
    const n = document.getElementById("notice");
    return n.hidden ? "" : n.textContent;
  });
  assert(notice.includes("If model.safetensors did not download") && notice.includes("allow-downloads"), `notice: ${notice}`);
  await page.close();
});

await check('sandbox="allow-scripts": index.html from a server that sends Access-Control-Allow-Origin: * trains', async () => {
  const page = await openPage(host.base + "sandboxed-cors.html");
  const f = await frameOf(page, "index.html");
  await ready(f, "the sandboxed page from a server with the header");
  await f.evaluate(() => window.nnplay.train());
  await waitFor(f, () => window.nnplay.state().step > 20, null, 30000, "training in the sandbox");
  await page.close();
});

await check('sandbox="allow-scripts allow-same-origin" trains; without allow-downloads a save is not attempted and says why', async () => {
  const page = await openPage(base + "test/ids.html");
  let r = await page.evaluate(async () => {
    const f = document.createElement("iframe");
    f.setAttribute("sandbox", "allow-scripts allow-same-origin");
    f.src = "../index.html?seed=2";
    f.width = 600; f.height = 400;
    document.body.appendChild(f);
    await new Promise((r) => f.addEventListener("load", r));
    for (let i = 0; i < 200 && !(f.contentWindow.nnplay && f.contentWindow.nnplay.state().status === "ready"); ++i)
      await new Promise((r) => setTimeout(r, 250));
    const api = f.contentWindow.nnplay;
    const step = api.state().status === "ready" ? await api.step(3) : -1;
    api.module.nnplaySaveFile("history.csv", "text/csv", new Uint8Array(3));
    const n = f.contentDocument.getElementById("notice");
    return { step, notice: n.hidden ? "" : n.textContent };
  });
  assert(r.step === 3, `sandbox="allow-scripts allow-same-origin": step(3) gave ${r.step}`);
  r = r.notice;
  assert(r.startsWith("history.csv was not saved: the page around this playground put it in a sandboxed frame") &&
         r.includes("allow-downloads"), `notice: ${r}`);
  await page.close();
});

// ---- from another server -----------------------------------------------------------------------------
await check("nnplay-embed.js from another origin that sends Access-Control-Allow-Origin: the playground trains", async () => {
  const page = await openPage(host.base + "from-cors.html");
  await ready(page, "the playground from the other server");
  const r = await page.evaluate(async () => {
    const api = document.querySelector(".nnplay").nnplay;
    return { step: await api.step(4), seed: api.state().seed, share: api.shareUrl() };
  });
  assert(r.step === 4 && r.seed === 8, JSON.stringify(r));
  assert(r.share.startsWith(cors.base + "index.html?"), `share link: ${r.share}`);
  assert(page.errors.length === 0, `errors: ${page.errors.join(" | ")}`);
  await page.close();
});

await check("nnplay-embed.js from another origin without the header: it says the server must send Access-Control-Allow-Origin", async () => {
  const page = await openPage(host.base + "from-no-cors.html");
  const text = await waitFor(page, () => document.querySelector(".nnplay-error") ? document.querySelector(".nnplay-overlay").textContent : "",
                             null, 30000, "the message");
  const origin = new URL(noCors.base).origin;
  assert(text.includes(`the server at ${origin} must send Access-Control-Allow-Origin`), `the message: ${text}`);
  const api = await page.evaluate(async () => {
    const e = document.querySelector(".nnplay");
    try { await e.nnplay.ready; return "resolved"; } catch (err) { return err.message; }
  });
  assert(api.includes("must send Access-Control-Allow-Origin"), `ready rejected with: ${api}`);
  await page.screenshot({ path: path.join(out, "hosts-no-cors-message.png") });
  await page.close();
});

await check("a server that cannot be reached is named as such, not as a missing header", async () => {
  const page = await context.newPage();
  // The code's server goes away after the script came: every request for nnplay.wasm fails.
  await page.route("**/nnplay.wasm", (route) => route.abort("connectionrefused"));
  await page.goto(host.base + "from-cors.html", { waitUntil: "load" });
  const text = await waitFor(page, () => document.querySelector(".nnplay-error") ? document.querySelector(".nnplay-overlay").textContent : "",
                             null, 30000, "the message");
  assert(text.includes(`the server at ${new URL(cors.base).origin} could not be reached`) &&
         !text.includes("must send Access-Control-Allow-Origin"), `the message: ${text}`);
  await page.close();
});

// ---- the share dialog's embed code, full screen -----------------------------------------------------
await check("the share dialog shows the iframe and the div embed code with this setup, each with a Copy button", async () => {
  await full.evaluate(() => window.nnplay.configure({ lr: 0.25 }));
  await full.evaluate(() => window.nnplay.module.nnplayRequest("share"));
  const r = await full.evaluate(() => {
    const s = document.querySelector(".nnplay-share");
    s.querySelector("details").open = true;
    return { codes: [...s.querySelectorAll("textarea")].map((t) => t.value),
             copies: [...s.querySelectorAll("button")].filter((b) => b.textContent === "Copy").length,
             share: window.nnplay.shareUrl(), fullscreen: (window.nnplay.state().widgets.fullscreen || {}).visible === true };
  });
  const url = r.share.replace(/&/g, "&amp;");
  assert(r.codes[0] === `<iframe src="${url}" width="800" height="560" title="nnplay playground" allow="fullscreen"></iframe>`,
         `iframe code: ${r.codes[0]}`);
  assert(r.codes[1].startsWith(`<script src="${base}nnplay-embed.js" defer></script>\n<div class="nnplay" data-config="`) &&
         r.codes[1].includes("lr=0.25"), `div code: ${r.codes[1]}`);
  assert(r.copies === 3, `${r.copies} Copy buttons`);
  assert(r.fullscreen, "no full-screen link on the top-level page");
  await full.screenshot({ path: path.join(out, "hosts-share-embed.png") });
  // The div code, pasted into a page, gives the same setup.
  const query = r.codes[1].match(/data-config="([^"]*)"/)[1].replace(/&amp;/g, "&");
  const lr = await full.evaluate(async (q) => {
    const el = document.createElement("div");
    el.style.height = "300px";
    document.body.appendChild(el);
    const api = window.nnplayEmbed.mount(el, q);
    await api.ready;
    const v = api.state().lr;
    el.remove();
    return v;
  }, query);
  assert(lr === 0.25, `the div code's playground has lr ${lr}`);
});

await check("full screen: the link beside About fills the screen with the playground, whose canvas follows; again leaves", async () => {
  const page = await openPage(base + "index.html?seed=12");
  await ready(page, "the playground");
  const clickLink = async () => {
    const w = await page.evaluate(() => window.nnplay.state().widgets.fullscreen);
    assert(w && w.visible, `the full-screen link is not on screen: ${JSON.stringify(w)}`);
    const box = await page.evaluate(() => { const r = document.querySelector(".nnplay-root canvas").getBoundingClientRect(); return { x: r.left, y: r.top }; });
    await page.mouse.move(box.x + w.x + w.w / 2, box.y + w.y + w.h / 2);
    await sleep(100);
    await page.mouse.down();
    await sleep(100);
    await page.mouse.up();
  };
  // Nothing of the page's own lies over the views' corner any more.
  assert(await page.evaluate(() => !document.querySelector(".nnplay-fullscreen")), "a button over the canvas");
  await clickLink();
  await waitFor(page, () => document.fullscreenElement === document.querySelector(".nnplay-root"), null, 5000, "full screen");
  await sleep(500);
  const r = await page.evaluate(() => { const c = document.querySelector(".nnplay-root canvas"); const s = window.nnplay.state();
    return { cw: c.clientWidth, ch: c.clientHeight, w: innerWidth, h: innerHeight, label: s.widgets.fullscreen && s.widgets.fullscreen.visible }; });
  assert(r.cw === r.w && r.ch === r.h && r.label, JSON.stringify(r));
  await page.screenshot({ path: path.join(out, "hosts-fullscreen.png") });
  await clickLink();
  await waitFor(page, () => !document.fullscreenElement, null, 5000, "leaving full screen");
  await page.close();
});

await check('full screen: another origin\'s iframe shows the link only with allow="fullscreen"', async () => {
  const page = await openPage(host.base + "framed.html");
  await frameOf(page, "seed=2");
  const r = [];
  for (const seed of ["seed=1", "seed=2"]) {
    const f = await frameOf(page, seed);
    await ready(f, "the framed playground " + seed);
    await waitFor(f, () => window.nnplay.state().widgets.about, null, 10000, "the About link");
    r.push(await f.evaluate(() => ({ enabled: document.fullscreenEnabled, button: !!window.nnplay.state().widgets.fullscreen })));
  }
  assert(!r[0].enabled && !r[0].button && r[1].enabled && r[1].button, JSON.stringify(r));
  await page.close();
});

// ---- the npm package -------------------------------------------------------------------------------------
await check("make dist's package.json: name, version, licence, the files, no registry; npm pack lists the playground", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "nnplay-dist-"));
  try {
    await cp(site, dir, { recursive: true });
    execFileSync("python3", [path.join(repo, "scripts", "package_json.py"), "--dir", dir, "--version", "0.1.0",
                             "--license-file", path.join(repo, "LICENSE")]);
    const text = await readFile(path.join(dir, "package.json"), "utf8");
    const p = JSON.parse(text);
    assert(p.name === "nnplay" && p.version === "0.1.0" && p.license === "MIT", text.slice(0, 200));
    for (const f of ["nnplay-embed.js", "nnplay.js", "nnplay.wasm", "data/train-images.idx3.gz", "index.html"])
      assert(p.files.includes(f), `files lacks ${f}`);
    assert(!/registry|https?:\/\//.test(text), "package.json names an address");
    const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: dir, encoding: "utf8" }));
    const names = packed[0].files.map((f) => f.path);
    for (const f of ["nnplay-embed.js", "nnplay.wasm", "data/test-labels.idx1.gz", "package.json"])
      assert(names.includes(f), `npm pack leaves out ${f}: ${names.join(", ")}`);
    let refused = "";
    try {
      execFileSync("python3", [path.join(repo, "scripts", "package_json.py"), "--dir", dir, "--version", "one",
                               "--license-file", path.join(repo, "LICENSE")], { stdio: "pipe" });
    } catch (e) { refused = String(e.stderr); }
    assert(refused.includes("is not a semantic version"), `a bad version: ${refused}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

await browser.close();
server.close(); cors.close(); noCors.close(); host.close();
finish();
