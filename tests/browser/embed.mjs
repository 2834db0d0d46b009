// Browser tests of playgrounds in other people's pages (issue 9): the example
// course page (three playgrounds and an iframe), the good guest's manners
// (focus, keys, wheel), commands given while loading, postMessage from another
// origin, a strict Content-Security-Policy, the share link's round trip, the
// one-file page from disk, and every URL key on its own. Screenshots of the
// course page at 1280x800 and 360x640 go to --out.
//
//   node tests/browser/embed.mjs --site build/web/site --out build/screenshots [--one-file build/web/nnplay.html]
import { mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs, serveSite, launchChromium, checks, assert, sleep, waitFor } from "./harness.mjs";

const args = parseArgs(process.argv.slice(2));
const site = path.resolve(args.site || "build/web/site");
const out = path.resolve(args.out || "build/screenshots");
const oneFile = path.resolve(args["one-file"] || path.join(site, "..", "nnplay.html"));
for (const f of [path.join(site, "index.html"), path.join(site, "examples", "course-page.html"), oneFile])
  if (!existsSync(f)) {
    console.error(`${f} not found: build the web preset first (make test does)`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
await mkdir(out, { recursive: true });

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
// Pages the tests need beside the site's own (served by the same server).
const testPages = {
  // A page that mounts a playground from script and commands it at once, before it is ready.
  "test/early.html": `<!doctype html><meta charset="utf-8"><title>early</title><link rel="icon" href="../favicon.svg">
<div class="target"></div>
<script src="../nnplay-embed.js"></script>
<script>
  const el = document.querySelector(".target");
  el.style.height = "400px";
  const api = nnplayEmbed.mount(el, "seed=9&lr=fast");
  window.results = { before: api.state().status };
  api.configure({ lr: 0.5 }).then((r) => { results.configure = r; });
  api.step(3).then((n) => { results.step = n; });
  api.configure({ lr: -1 }).then((r) => { results.refused = r; });
  api.train();
  api.pause();
  api.shareUrl().then((u) => { results.share = u; });
  api.ready.then((a) => { results.ready = a === api; });
</script>`,
};
const server = await serveSite(site, { pages: testPages });
const strict = await serveSite(site, { headers: { "Content-Security-Policy": CSP } });
const noWasm = await serveSite(site, { headers: { "Content-Security-Policy": "default-src 'self'" } });
// Another origin (another port): a page there drives index.html in an iframe.
const other = await serveSite(site, { pages: {
  "driver.html": `<!doctype html><meta charset="utf-8"><title>driver</title><link rel="icon" href="favicon.svg">
<iframe width="640" height="480" src="${server.base}index.html?lr=0.5"></iframe>`,
} });
const base = server.base;
const browser = await launchChromium();

const { check, finish } = checks();
// A page that records console errors, page errors and CSP violations.
async function openPage(context, url) {
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
  page.on("pageerror", (e) => page.errors.push(String(e)));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  if (url) await page.goto(url, { waitUntil: "load" });
  return page;
}
async function allReady(page, n, timeoutMs = 90000) {
  await waitFor(page, (n) => {
    const els = document.querySelectorAll(".nnplay");
    return els.length === n && [...els].every((e) => e.nnplay && e.nnplay.state().status === "ready");
  }, n, timeoutMs, `${n} playgrounds to be ready`);
}
// Where a playground drew a widget, in page coordinates.
async function widgetAt(page, i, name) {
  return page.evaluate(([i, name]) => {
    const el = document.querySelectorAll(".nnplay")[i];
    const r = el.querySelector("canvas").getBoundingClientRect();
    const w = el.nnplay.state().widgets[name];
    return w && w.visible ? { x: r.left + w.x + w.w / 2, y: r.top + w.y + w.h / 2, w } : null;
  }, [i, name]);
}
const scrollY = (page) => page.evaluate(() => Math.round(window.scrollY));
const active = (page) => page.evaluate(() => {
  const a = document.activeElement;
  const i = [...document.querySelectorAll(".nnplay canvas")].indexOf(a);
  return i >= 0 ? `playground ${i}` : a ? a.tagName.toLowerCase() : "none";
});

const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
const course = await openPage(context);

// ---- the course page ---------------------------------------------------------------------------
await check("the course page: three playgrounds load, each the size of its element, none takes the focus", async () => {
  await course.goto(base + "examples/course-page.html", { waitUntil: "load" });
  await allReady(course, 3);
  const sizes = await course.evaluate(() => [...document.querySelectorAll(".nnplay")].map((e) => {
    const c = e.querySelector("canvas");
    return { ew: e.clientWidth, eh: e.clientHeight, cw: c.clientWidth, ch: c.clientHeight, w: c.width, h: c.height,
             dpr: devicePixelRatio };
  }));
  for (const s of sizes) {
    assert(s.cw === s.ew && s.ch === s.eh && s.eh === 520, `canvas ${s.cw}x${s.ch} in an element of ${s.ew}x${s.eh}`);
    assert(s.w === Math.floor(s.cw * s.dpr) && s.h === Math.floor(s.ch * s.dpr), `drawing buffer ${s.w}x${s.h}`);
  }
  const lrs = await course.evaluate(() => [...document.querySelectorAll(".nnplay")].map((e) => e.nnplay.state().lr));
  assert(JSON.stringify(lrs) === JSON.stringify([0.02, 3, 300]), `learning rates from data-config: ${lrs}`);
  assert(await active(course) === "body", `the focus is on ${await active(course)}`);
  assert(await scrollY(course) === 0, "the page scrolled by itself");
  assert(!(await course.evaluate(() => document.querySelectorAll("[id]").length)), "the embedded playgrounds use ids");
});

await check("screenshots of the course page at 1280x800 (course-page-1280x800.png, course-page-full.png)", async () => {
  await course.screenshot({ path: path.join(out, "course-page-1280x800.png") });
  await course.evaluate(() => document.querySelectorAll(".nnplay")[0].scrollIntoView({ block: "center" }));
  await sleep(600);
  await course.screenshot({ path: path.join(out, "course-page-1280x800-playground.png") });
  await course.screenshot({ path: path.join(out, "course-page-full.png"), fullPage: true });
  await course.evaluate(() => window.scrollTo(0, 0));
});

await check("keys: with no playground focused Space scrolls the page; S and Space reach only the focused one", async () => {
  await course.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  await course.keyboard.press("Space");
  await sleep(400);
  const y = await scrollY(course);
  assert(y > 100, `Space did not scroll the page (scrollY ${y})`);
  const steps0 = await course.evaluate(() => [...document.querySelectorAll(".nnplay")].map((e) => e.nnplay.state().step));
  assert(steps0.every((s) => s === 0), `a playground moved without the focus: ${steps0}`);
  // Give the second one the focus, as Tab would, and press S.
  await course.evaluate(() => document.querySelectorAll(".nnplay canvas")[1].focus());
  assert(await active(course) === "playground 1", `focus on ${await active(course)}`);
  const y1 = await scrollY(course);
  await course.keyboard.press("s");
  await waitFor(course, () => document.querySelectorAll(".nnplay")[1].nnplay.state().step === 1, null, 5000, "S to step #2");
  // Space trains (beside the page the lesson's 3 epochs may be over before
  // the next look: a step past S's is what counts), and Space again pauses.
  await course.keyboard.press("Space");
  await waitFor(course, () => { const s = document.querySelectorAll(".nnplay")[1].nnplay.state(); return s.running || s.step > 1; },
    null, 5000, "Space to train #2");
  if (await course.evaluate(() => document.querySelectorAll(".nnplay")[1].nnplay.state().running)) {
    await course.keyboard.press("Space");
    await waitFor(course, () => !document.querySelectorAll(".nnplay")[1].nnplay.state().running, null, 5000, "Space to pause #2");
  }
  const others = await course.evaluate(() => [0, 2].map((i) => document.querySelectorAll(".nnplay")[i].nnplay.state()));
  assert(others.every((s) => s.step === 0 && !s.running), `the others moved: ${others.map((s) => s.step)}`);
  assert(await scrollY(course) === y1, "Space on the focused playground scrolled the page");
  // A key the playground has no use for goes to the page even when it has the focus.
  await course.keyboard.press("PageDown");
  await sleep(400);
  assert(await scrollY(course) > y1 + 100, "PageDown on the focused playground did not scroll the page");
  // Tab moves the focus on: out of the playground, never trapped in it.
  await course.keyboard.press("Tab");
  assert(await active(course) !== "playground 1", "Tab stayed in the playground");
  await course.evaluate(() => document.querySelectorAll(".nnplay")[1].nnplay.reset());
});

await check("the wheel: over an unfocused playground it scrolls the page; a focused one scrolls its controls", async () => {
  await course.evaluate(() => { document.activeElement && document.activeElement.blur();
    document.querySelectorAll(".nnplay")[1].scrollIntoView({ block: "center" }); });
  await sleep(500);
  const c = await widgetAt(course, 1, "cost_plot");
  assert(c, "the cost plot of #2 is not on screen");
  const y0 = await scrollY(course);
  await course.mouse.move(c.x, c.y);
  await course.mouse.wheel(0, 200);
  await sleep(500);
  const y1 = await scrollY(course);
  assert(y1 > y0 + 50, `the wheel over an unfocused playground did not scroll the page (${y0} -> ${y1})`);
  // Focused, over the controls (which scroll at 520 px high): the controls scroll, the page stays.
  await course.evaluate(() => document.querySelectorAll(".nnplay")[1].scrollIntoView({ block: "center" }));
  await sleep(400);
  await course.evaluate(() => document.querySelectorAll(".nnplay canvas")[1].focus());
  const rowOf = () => course.evaluate(() => document.querySelectorAll(".nnplay")[1].nnplay.state().widgets.optimizer.y);
  const rowBefore = await rowOf();
  const train = await widgetAt(course, 1, "train");
  const y2 = await scrollY(course);
  await course.mouse.move(train.x, train.y + 40);
  await course.mouse.wheel(0, 150);
  await sleep(500);
  const rowAfter = await rowOf();
  assert(await scrollY(course) === y2, "the page scrolled under a focused playground that could scroll");
  assert(rowAfter < rowBefore - 20, `the controls did not scroll: the optimizer row at y ${rowBefore} -> ${rowAfter}`);
  // Focused, but over the cost plot, which has nothing to scroll: the page scrolls.
  const plot = await widgetAt(course, 1, "cost_plot");
  await course.mouse.move(plot.x, plot.y);
  await course.mouse.wheel(0, 200);
  await sleep(500);
  assert(await scrollY(course) > y2 + 50, "the wheel over the focused playground's plot did not scroll the page");
});

await check("three playgrounds train independently: different learning rates, different costs", async () => {
  // epochs=0: no stop at the end of data-config's epochs, so all three keep running.
  await course.evaluate(() => { for (const e of document.querySelectorAll(".nnplay")) {
    e.nnplay.configure({ epochs: 0 }); e.nnplay.train(); } });
  await waitFor(course, () => [...document.querySelectorAll(".nnplay")].every((e) => e.nnplay.state().step >= 400),
    null, 120000, "400 steps in each playground");
  await course.evaluate(() => document.querySelectorAll(".nnplay")[0].nnplay.pause());
  const paused = await course.evaluate(() => document.querySelectorAll(".nnplay")[0].nnplay.state().step);
  await sleep(1500);
  const s = await course.evaluate(() => [...document.querySelectorAll(".nnplay")].map((e) => e.nnplay.state()));
  console.log("  " + s.map((x) => `lr ${x.lr}: step ${x.step}, cost ${x.train_cost.toFixed(4)}, ` +
    `test accuracy ${x.test_accuracy === null ? "-" : (100 * x.test_accuracy).toFixed(1) + "%"}`).join("; "));
  assert(s[0].step === paused && !s[0].running, "pausing #1 did not hold it");
  assert(s[1].running && s[2].running, "pausing #1 paused the others");
  assert(s[1].train_cost < s[0].train_cost && s[1].train_cost < s[2].train_cost,
    `the right learning rate does not have the lowest cost: ${s.map((x) => x.train_cost)}`);
  assert(new Set(s.map((x) => x.train_cost.toFixed(6))).size === 3, "two playgrounds have the same cost");
  await course.evaluate(() => { for (const e of document.querySelectorAll(".nnplay")) e.nnplay.pause(); });
});

await check("the iframe on the course page loads, takes no focus, and answers postMessage", async () => {
  await course.evaluate(() => document.activeElement && document.activeElement.blur());
  const frameEl = await course.$("iframe");
  await frameEl.scrollIntoViewIfNeeded();
  const frame = await frameEl.contentFrame();
  await waitFor(frame, () => window.nnplay && window.nnplay.state().status === "ready", null, 90000, "the iframe");
  assert(await active(course) === "body", `the iframe took the focus: ${await active(course)}`);
  assert(await frame.evaluate(() => window.nnplay.state().lr) === 1, "the iframe's URL setting lr=1 was not applied");
  const r = await course.evaluate(() => new Promise((resolve) => {
    const f = document.querySelector("iframe");
    addEventListener("message", function h(e) {
      if (e.data && e.data.id === 41) { removeEventListener("message", h); resolve(e.data); }
    });
    f.contentWindow.postMessage({ nnplay: "call", id: 41, method: "step", args: [4] }, "*");
  }));
  assert(r.result === 4, `postMessage step(4) answered ${JSON.stringify(r)}`);
  const y = await scrollY(course);
  const box = await frameEl.boundingBox();
  await course.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.3);
  await course.mouse.wheel(0, -200);
  await sleep(500);
  assert(await scrollY(course) < y - 50, "the wheel over the unfocused iframe did not scroll the page");
});

await check("screenshot of the course page at 360x640 (course-page-360x640.png)", async () => {
  const phone = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
  const p = await openPage(phone, base + "examples/course-page.html");
  await allReady(p, 3);
  await p.screenshot({ path: path.join(out, "course-page-360x640.png") });
  await p.evaluate(() => document.querySelectorAll(".nnplay")[0].scrollIntoView({ block: "start" }));
  await sleep(800);
  await p.screenshot({ path: path.join(out, "course-page-360x640-playground.png") });
  const layout = await p.evaluate(() => document.querySelectorAll(".nnplay")[0].nnplay.state().layout);
  assert(layout === "column", `a 360 px wide playground has the ${layout} layout`);
  assert(p.errors.length === 0, p.errors.join(" | "));
  await phone.close();
});

await check("touch: a swipe over an unfocused playground scrolls the page; a tap focuses it and clicks", async () => {
  const phone = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
  const p = await openPage(phone, base + "examples/course-page.html");
  await allReady(p, 3);
  await p.evaluate(() => { const e = document.querySelectorAll(".nnplay")[0];
    window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 40); });
  await sleep(500);
  const cdp = await phone.newCDPSession(p);
  async function swipe(x, y0, y1) {  // a finger dragged upwards, as the browser gets it from a touch screen
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x, y: y0 }] });
    for (let i = 1; i <= 10; i++) {
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x, y: y0 + (y1 - y0) * i / 10 }] });
      await sleep(30);
    }
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    await sleep(600);
  }
  const y0 = await scrollY(p);
  await swipe(180, 400, 200);
  const y1 = await scrollY(p);
  assert(y1 > y0 + 80, `a swipe over the unfocused playground did not scroll the page (${y0} -> ${y1})`);
  assert(await active(p) === "body", `the swipe gave the focus to ${await active(p)}`);
  await p.evaluate(() => { const e = document.querySelectorAll(".nnplay")[0];
    window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 40); });
  await sleep(300);
  const step = await widgetAt(p, 0, "step");
  assert(step, "Step is not on screen");
  await p.touchscreen.tap(step.x, step.y);
  await waitFor(p, () => document.querySelectorAll(".nnplay")[0].nnplay.state().step === 1, null, 5000, "a tap on Step");
  assert(await active(p) === "playground 0", `the tap left the focus on ${await active(p)}`);
  const y2 = await scrollY(p);
  await swipe(180, 400, 200);
  assert(await scrollY(p) === y2, "a swipe over the focused playground scrolled the page");
  assert(p.errors.length === 0, p.errors.join(" | "));
  await phone.close();
});

await check("the course page shows no console error", async () => {
  assert(course.errors.length === 0, course.errors.join(" | "));
});

// ---- another origin drives an iframe through postMessage --------------------------------------------
await check("a page on another origin drives index.html in an iframe through postMessage and connect()", async () => {
  const p = await openPage(context, other.base + "driver.html");
  assert(new URL(other.base).origin !== new URL(base).origin, "the two servers share an origin");
  const r = await p.evaluate(async () => {
    const f = document.querySelector("iframe");
    let id = 0;
    const call = (method, args) => new Promise((resolve) => {
      const mine = ++id;
      addEventListener("message", function h(e) {
        if (e.source === f.contentWindow && e.data && e.data.id === mine) { removeEventListener("message", h); resolve(e.data); }
      });
      f.contentWindow.postMessage({ nnplay: "call", id: mine, method, args }, "*");
    });
    await call("ready", []);
    const out = {};
    out.lr = (await call("state", [])).result.lr;
    out.configure = (await call("configure", [{ lr: 0.25, batch: 20 }])).result;
    out.refused = (await call("configure", [{ lr: "fast" }])).result;
    out.step = (await call("step", [5])).result;
    const s = (await call("state", [])).result;
    out.after = { lr: s.lr, batch: s.batch, step: s.step };
    out.unknown = (await call("format_disk", [])).error;
    out.share = (await call("shareUrl", [])).result;
    return out;
  });
  assert(r.lr === 0.5, `the iframe's URL lr: ${r.lr}`);
  assert(r.configure === "" && /lr/.test(r.refused), `configure: "${r.configure}", refused: "${r.refused}"`);
  assert(r.step === 5 && r.after.step === 5 && r.after.lr === 0.25 && r.after.batch === 20, JSON.stringify(r.after));
  assert(/no method "format_disk"/.test(r.unknown), `unknown method: ${r.unknown}`);
  assert(r.share.startsWith(base + "index.html?") && r.share.includes("lr=0.25"), `shareUrl: ${r.share}`);
  // The same through nnplayEmbed.connect(), loaded from the playground's origin.
  await p.addScriptTag({ url: base + "nnplay-embed.js" });
  const c = await p.evaluate(async () => {
    const remote = nnplayEmbed.connect(document.querySelector("iframe"));
    await remote.ready;
    await remote.reset();
    const n = await remote.step(2);
    return { n, step: (await remote.state()).step };
  });
  assert(c.n === 2 && c.step === 2, `connect(): ${JSON.stringify(c)}`);
  assert(p.errors.length === 0, p.errors.join(" | "));
  await p.close();
});

// ---- strict pages -------------------------------------------------------------------------------------
await check("under Content-Security-Policy (no eval, no inline) the course page and index.html run with no console error", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await openPage(ctx, strict.base + "examples/course-page.html");
  const header = await p.evaluate(async () => (await fetch(location.href)).headers.get("Content-Security-Policy"));
  assert(header && header.includes("script-src 'self' 'wasm-unsafe-eval'"), `the server sent CSP "${header}"`);
  await allReady(p, 3);
  await p.evaluate(() => document.querySelectorAll(".nnplay")[1].nnplay.train());
  await waitFor(p, () => document.querySelectorAll(".nnplay")[1].nnplay.state().step > 50, null, 30000, "training under CSP");
  const frame = await (await p.$("iframe")).contentFrame();
  await (await p.$("iframe")).scrollIntoViewIfNeeded();
  await waitFor(frame, () => window.nnplay && window.nnplay.state().status === "ready", null, 90000, "the iframe under CSP");
  await frame.evaluate(() => window.nnplay.step(3));
  const q = await openPage(ctx, strict.base + "index.html?lr=0.5");
  await waitFor(q, () => window.nnplay && window.nnplay.state().status === "ready", null, 90000, "index.html under CSP");
  await q.evaluate(() => window.nnplay.step(3));
  const a = await openPage(ctx, strict.base + "about.html");
  assert(await a.evaluate(() => getComputedStyle(document.body).backgroundColor) === "rgb(23, 25, 30)",
    "about.html's stylesheet did not apply under CSP");
  const errors = [...p.errors, ...q.errors, ...a.errors];
  assert(errors.length === 0, errors.join(" | "));
  await ctx.close();
});

await check("a policy without 'wasm-unsafe-eval' gets a message saying what the policy needs", async () => {
  const ctx = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const p = await ctx.newPage();
  await p.goto(noWasm.base + "index.html", { waitUntil: "load" });
  await waitFor(p, () => window.nnplay.state().status === "error", null, 30000, "the failure");
  const text = await p.evaluate(() => document.getElementById("overlay").textContent);
  assert(/Content-Security-Policy/.test(text) && /'wasm-unsafe-eval'/.test(text), `overlay: "${text}"`);
  await ctx.close();
});

// ---- nothing lost while loading --------------------------------------------------------------------------
await check("commands given while loading are applied in order once ready", async () => {
  const p = await openPage(context, base + "test/early.html");
  await waitFor(p, () => window.results && window.results.ready, null, 90000, "the playground to be ready");
  await sleep(300);
  const r = await p.evaluate(() => window.results);
  const s = await p.evaluate(() => document.querySelector(".target").nnplay.state());
  assert(r.before === "loading", `state() before ready: ${r.before}`);
  assert(r.configure === "" && typeof r.refused === "string" && /lr/.test(r.refused), JSON.stringify(r));
  assert(r.step === 3 && s.step === 3, `step(3) before ready: ${r.step}, state step ${s.step}`);
  assert(s.lr === 0.5 && s.seed === 9 && !s.running, `state: lr ${s.lr}, seed ${s.seed}, running ${s.running}`);
  assert(r.share.includes("seed=9") && r.share.includes("lr=0.5"), `shareUrl before ready: ${r.share}`);
  // data-config's refused key is named in a visible warning in the element; the rest applied.
  const notice = await p.evaluate(() => { const n = document.querySelector(".nnplay-notice"); return n.hidden ? "" : n.textContent; });
  assert(/data-config/.test(notice) && /lr must be a number/.test(notice) && /fast/.test(notice), `warning: "${notice}"`);
  assert(p.errors.length === 0, p.errors.join(" | "));
  await p.close();
  // index.html: a course page's script that calls window.nnplay.train() at once.
  const q = await context.newPage();
  await q.addInitScript(() => document.addEventListener("DOMContentLoaded", () => {
    window.earlyStep = window.nnplay.step(2);
    window.nnplay.train();
  }));
  await q.goto(base + "index.html", { waitUntil: "load" });
  await waitFor(q, () => window.nnplay.state().running && window.nnplay.state().step > 2, null, 90000, "train() called while loading");
  assert(await q.evaluate(() => window.earlyStep) === 2, "step(2) while loading did not resolve to 2");
  await q.close();
});

// ---- share --------------------------------------------------------------------------------------------
await check("the share URL reproduces the run: the same steps give bit-identical costs", async () => {
  const a = await openPage(context, base + "index.html");
  await waitFor(a, () => window.nnplay.state().status === "ready", null, 90000, "ready");
  const err = await a.evaluate(() => window.nnplay.configure({ hidden: [24, 12], activations: ["relu", "tanh"],
    output: "softmax_ce", optimizer: "momentum", lr: 0.07, momentum: 0.85, batch: 16, seed: 77, shuffle_seed: 3,
    weight_decay: 0.0001, train_subset: 4000 }));
  assert(err === "", `configure: ${err}`);
  const url = await a.evaluate(() => window.nnplay.shareUrl());
  console.log(`  ${url}`);
  assert(url.startsWith(base + "index.html?") && /seed=77/.test(url) && /shuffle_seed=3/.test(url), url);
  async function run(p) {
    await p.evaluate(() => window.nnplay.step(60));
    await waitFor(p, () => window.nnplay.state().test_evaluated_at_step === 60, null, 30000, "the test pass at step 60");
    return p.evaluate(() => window.nnplay.state());
  }
  const sa = await run(a);
  const b = await openPage(context, url);
  await waitFor(b, () => window.nnplay.state().status === "ready", null, 90000, "the shared page");
  const notice = await b.evaluate(() => { const n = document.getElementById("notice"); return n.hidden ? "" : n.textContent; });
  assert(notice === "", `the shared URL gave warnings: ${notice}`);
  const sb = await run(b);
  for (const k of ["architecture", "activations", "output", "optimizer", "lr", "momentum", "batch", "seed", "shuffle_seed",
                   "weight_decay", "train_subset", "train_cost", "test_cost", "test_accuracy", "samples_seen"])
    assert(JSON.stringify(sa[k]) === JSON.stringify(sb[k]), `${k}: ${JSON.stringify(sa[k])} here, ${JSON.stringify(sb[k])} from the link`);
  console.log(`  after 60 steps both: train cost ${sa.train_cost}, test cost ${sa.test_cost}`);
  // The App's Share button asks the page for the same link, in a box over the playground.
  await a.evaluate(() => window.nnplay.module.nnplayRequest("share"));
  const shown = await a.evaluate(() => { const s = document.querySelector(".nnplay-share");
    return s && !s.hidden ? s.querySelector("input").value : ""; });
  assert(shown === url, `the share box shows "${shown}"`);
  assert([...a.errors, ...b.errors].length === 0, [...a.errors, ...b.errors].join(" | "));
  await a.close();
  await b.close();
});

await check("About opens the licences and notices page (about.html)", async () => {
  const p = await openPage(context, base + "index.html");
  await waitFor(p, () => window.nnplay.state().status === "ready", null, 90000, "ready");
  const w = await p.evaluate(() => window.nnplay.state().widgets.about);
  assert(w && w.visible, `the About item is not on screen: ${JSON.stringify(w)}`);
  const [about] = await Promise.all([
    context.waitForEvent("page", { timeout: 10000 }),
    (async () => { await p.mouse.move(w.x + w.w / 2, w.y + w.h / 2); await sleep(150); await p.mouse.down();
      await sleep(120); await p.mouse.up(); })(),
  ]);
  await about.waitForLoadState("load");
  assert(about.url() === base + "about.html", `opened ${about.url()}`);
  const text = await about.evaluate(() => document.body.textContent);
  for (const words of ["MIT", "Dear ImGui", "SDL", "zlib", "Inter", "Open Font License", "MNIST", "Attribution-Share Alike 3.0"])
    assert(text.includes(words), `about.html does not mention ${words}`);
  await about.close();
  await p.close();
});

// ---- from disk ---------------------------------------------------------------------------------------------
await check("the one-file page trains when opened from disk; index.html from disk says how to serve it", async () => {
  const p = await openPage(context, pathToFileURL(oneFile).href);
  await waitFor(p, () => window.nnplay && window.nnplay.state().status === "ready", null, 90000, "the one file to load");
  await p.evaluate(() => window.nnplay.train());
  await waitFor(p, () => window.nnplay.state().step > 100, null, 60000, "100 steps from file://");
  await waitFor(p, () => window.nnplay.state().test_accuracy > 0.5, null, 60000, "test accuracy above 50%");
  const s = await p.evaluate(() => window.nnplay.state());
  assert(s.train_size === 10000 && s.test_size === 2000, `data inside: ${s.train_size} / ${s.test_size}`);
  await p.screenshot({ path: path.join(out, "one-file.png") });
  assert(p.errors.length === 0, p.errors.join(" | "));
  await p.close();
  const q = await openPage(context, pathToFileURL(path.join(site, "index.html")).href);
  await sleep(1500);
  const text = await q.evaluate(() => document.getElementById("overlay").textContent.replace(/\s+/g, " "));
  assert(/web server/.test(text) && /make play/.test(text) && /http\.server/.test(text) && /nnplay\.html/.test(text),
    `index.html from disk says: "${text}"`);
  assert(!/Failed to fetch/.test(text), "it still says Failed to fetch");
  await q.screenshot({ path: path.join(out, "from-disk.png") });
  await q.close();
});

// ---- every URL key on its own ------------------------------------------------------------------------------
// A valid value that is not the default, and the value state() must then report;
// keys the table has but this list lacks get a value made from the table.
const GOOD = {
  architecture: ["784-32-10", (s) => s.architecture === "784-32-10"],
  hidden: ["24,12", (s) => JSON.stringify(s.hidden) === "[24,12]"],
  activations: ["relu", (s) => s.activations.every((a) => a === "relu")],
  output: ["softmax_ce", (s) => s.output === "softmax_ce"],
  init: ["he", (s) => s.init === "he"],
  seed: ["123", (s) => s.seed === 123],
  optimizer: ["adam", (s) => s.optimizer === "adam"],
  lr: ["0.5", (s) => s.lr === 0.5],
  batch: ["32", (s) => s.batch === 32],
  momentum: ["0.5", (s) => s.momentum === 0.5],
  rho: ["0.9", (s) => s.rho === 0.9],
  beta1: ["0.8", (s) => s.beta1 === 0.8],
  beta2: ["0.99", (s) => s.beta2 === 0.99],
  epsilon: ["0.000001", (s) => Math.abs(s.epsilon - 1e-6) < 1e-12],
  weight_decay: ["0.001", (s) => Math.abs(s.weight_decay - 0.001) < 1e-9],
  shuffle_seed: ["99", (s) => s.shuffle_seed === 99],
  train_subset: ["5000", (s) => s.train_subset === 5000],
  epochs: ["3", (s) => s.epochs === 3],
  speed: ["50", (s) => s.speed === 50],
  view: ["confusion", (s) => s.view === "confusion"],
  // state().neuron is what the neuron computes, its layer and index included.
  neuron: ["2:7", (s) => s.neuron && s.neuron.layer === 2 && s.neuron.index === 7],
  log_y: ["true", (s) => s.log_y === true],
};
const BAD = { architecture: "784-0-10", hidden: "0", activations: "swish", output: "mse", init: "zeros",
  seed: "-1", optimizer: "sgdd", lr: "5000", batch: "0", momentum: "1.5", rho: "2", beta1: "-0.1", beta2: "abc",
  epsilon: "0", weight_decay: "7", shuffle_seed: "x", train_subset: "-3", epochs: "1001", speed: "-5",
  view: "nothing", neuron: "x:1", log_y: "maybe" };
function fromTable(row) {  // a valid non-default text and a bad one, for keys the lists above lack
  if (row.choices) {
    const c = row.choices.find((x) => JSON.stringify(x) !== JSON.stringify(row.default) &&
                                      JSON.stringify([x]) !== JSON.stringify(row.default));
    return [c, (s) => JSON.stringify(s[row.key]).includes(c), "no-such-choice"];
  }
  if (row.type === "bool") return [String(!row.default), (s) => s[row.key] === !row.default, "maybe"];
  if (row.type === "int" || row.type === "float") {
    const v = row.default === row.min ? row.max : row.min;
    return [String(v), (s) => s[row.key] === v, "not-a-number"];
  }
  return [null, null, null];
}

await check("every URL key alone is applied and read back through the API", async () => {
  const table = await (async () => {
    const p = await openPage(context, base + "index.html");
    await waitFor(p, () => window.nnplay.state().status === "ready", null, 90000, "ready");
    const t = await p.evaluate(() => window.nnplay.settingsTable());
    await p.close();
    return t.filter((r) => r.page);
  })();
  assert(table.length >= 20, `the table has ${table.length} page keys`);
  const problems = [];
  for (const row of table) {
    const [text, ok] = GOOD[row.key] || fromTable(row);
    if (!text) { problems.push(`${row.key}: no valid value to try`); continue; }
    const p = await openPage(context, `${base}index.html?${row.key}=${encodeURIComponent(text)}`);
    await waitFor(p, () => window.nnplay.state().status !== "loading", null, 90000, `ready with ${row.key}`);
    const s = await p.evaluate(() => window.nnplay.state());
    const notice = await p.evaluate(() => { const n = document.getElementById("notice"); return n.hidden ? "" : n.textContent; });
    if (!ok(s)) problems.push(`${row.key}=${text} read back as ${JSON.stringify(s[row.key])}`);
    if (notice) problems.push(`${row.key}=${text} gave a warning: ${notice}`);
    if (p.errors.length) problems.push(`${row.key}: ${p.errors.join(" | ")}`);
    await p.close();
  }
  console.log(`  ${table.length} keys: ${table.map((r) => r.key).join(", ")}`);
  assert(problems.length === 0, problems.join("; "));
});

await check("every URL key with an invalid value gives a visible warning naming it and keeps its default", async () => {
  const p0 = await openPage(context, base + "index.html");
  await waitFor(p0, () => window.nnplay.state().status === "ready", null, 90000, "ready");
  const table = (await p0.evaluate(() => window.nnplay.settingsTable())).filter((r) => r.page);
  const defaults = await p0.evaluate(() => window.nnplay.state());
  await p0.close();
  const problems = [];
  for (const row of table) {
    const bad = BAD[row.key] || fromTable(row)[2];
    const p = await openPage(context, `${base}index.html?${row.key}=${encodeURIComponent(bad)}`);
    await waitFor(p, () => window.nnplay.state().status !== "loading", null, 90000, `ready with ${row.key}`);
    const s = await p.evaluate(() => window.nnplay.state());
    const notice = await p.evaluate(() => { const n = document.getElementById("notice");
      return n.hidden || getComputedStyle(n).display === "none" ? "" : n.textContent; });
    if (!notice.includes(row.key)) problems.push(`${row.key}=${bad}: no visible warning naming it ("${notice}")`);
    if (JSON.stringify(s[row.key]) !== JSON.stringify(defaults[row.key]))
      problems.push(`${row.key}=${bad} changed it to ${JSON.stringify(s[row.key])}`);
    if (p.errors.length) problems.push(`${row.key}: ${p.errors.join(" | ")}`);
    await p.close();
  }
  assert(problems.length === 0, problems.join("; "));
});

await context.close();
await browser.close();
for (const s of [server, strict, noWasm, other]) s.close();
finish();
