// Browser tests of issue 16, every student can use it: axe-core finds no
// WCAG 2.1 A/AA violation on index.html (in every view) and on the example
// course page (several playgrounds, each with its own named tree); Chromium's
// accessibility tree (CDP Accessibility.getFullAXTree) holds every setting the
// UI shows as a named control with its current value; a keyboard alone
// changes the learning rate and trains, and Tab leaves the playground (no
// trap); the canvas's own keys still work. Prints the figures for the issue's
// closing note (named controls per view, keys pressed, what the tree costs a
// frame) and writes screenshots at ui_scale=2 and theme=projector (1920x1080)
// to --out. Ends with "N passed, N failed".
//
//   node tests/browser/a11y.mjs --site build/web/site --out build/screenshots
import path from "node:path";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs, siteAndOut, serveSite, launchChromium, checks, assert, sleep, waitFor } from "./harness.mjs";

const args = parseArgs(process.argv.slice(2));
const { site, out } = siteAndOut(args);
const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = await readFile(path.join(here, "node_modules/axe-core/axe.min.js"), "utf8");
const server = await serveSite(site);
const browser = await launchChromium();
const { check, finish } = checks();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });

async function open(page, query) {
  const p = page || await context.newPage();
  p.errors = [];
  p.on("pageerror", (e) => p.errors.push(String(e)));
  p.on("console", (m) => { if (m.type() === "error") p.errors.push(m.text()); });
  await p.goto(server.base + "index.html?restore=off" + (query ? "&" + query : ""), { waitUntil: "load" });
  await waitFor(p, () => window.nnplay && window.nnplay.state().data_loaded, null, 60000, "the playground to load");
  await waitFor(p, () => document.querySelectorAll(".nnplay-a11y .nnplay-a11y-node").length > 5, null, 10000,
                "the controls' DOM nodes");
  return p;
}

async function axe(p) {
  if (!(await p.evaluate(() => !!window.axe))) await p.addScriptTag({ content: AXE });
  return p.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => `${v.id} (${v.nodes.length}: ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join("; ")})`);
  });
}

// The named, not ignored, controls of Chromium's tree.
const CONTROL_ROLES = new Set(["button", "checkbox", "radio", "tab", "slider", "combobox", "textbox", "tablist",
                               "MenuListPopup", "ComboBox"]);
async function axControls(p) {
  const cdp = await p.context().newCDPSession(p);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  await cdp.detach();
  const prop = (n, name) => { const x = (n.properties || []).find((q) => q.name === name); return x ? x.value.value : undefined; };
  return nodes.filter((n) => !n.ignored && n.role && CONTROL_ROLES.has(n.role.value) && n.role.value !== "tablist")
    .map((n) => ({ role: n.role.value, name: n.name ? n.name.value : "", value: n.value ? String(n.value.value) : "",
                   checked: prop(n, "checked"), selected: prop(n, "selected") }))
    .filter((n) => n.name);
}
const state = (p) => p.evaluate(() => JSON.parse(JSON.stringify(window.nnplay.state())));

const page = await open();

await check("index.html: axe finds no WCAG 2.1 A/AA violation, in every view", async () => {
  const views = (await state(page)).views;
  const bad = [];
  for (const v of views) {
    await page.evaluate((view) => window.nnplay.configure({ view }), v);
    await sleep(900);
    const found = await axe(page);
    const named = (await axControls(page)).length;
    console.log(`  view ${v}: ${named} named controls in the tree; axe: ${found.length ? found.join(", ") : "no violation"}`);
    if (found.length) bad.push(v + ": " + found.join(", "));
  }
  await page.evaluate(() => window.nnplay.configure({ view: "sample" }));
  assert(bad.length === 0, bad.join(" | "));
});

await check("every setting the UI shows is a named control with its current value", async () => {
  await sleep(600);
  const table = await page.evaluate(() => window.nnplay.settingsTable());
  const s = await state(page);
  const controls = await axControls(page);
  const missing = [];
  let found = 0;
  for (const row of table) {
    if (!row.ui || !s.widgets[row.key] || !s.widgets[row.key].visible) continue;
    const mine = controls.filter((c) => c.name === row.label || c.name.startsWith(row.label + " ") || c.name.startsWith(row.label + ","));
    const value = s[row.key];
    let ok;
    if (row.type === "bool") ok = mine.some((c) => c.role === "checkbox" && String(c.checked) === String(value));
    else if (row.type === "choice") {
      const label = row.choice_labels ? row.choice_labels[row.choices.indexOf(value)] : value;
      ok = mine.some((c) => c.role === "combobox" && c.value === label);
    } else if (row.type === "int" || row.type === "float") {
      ok = mine.some((c) => (c.role === "slider" || c.role === "textbox") &&
                            (Number.parseFloat(c.value.replace(/,/g, "")) === value || (row.special && value === row.special.value &&
                             c.value.startsWith(row.special.label))));
    } else ok = mine.length > 0;
    if (ok) found++; else missing.push(`${row.key} (${row.label}=${JSON.stringify(value)}; seen ${JSON.stringify(mine)})`);
  }
  console.log(`  ${found} settings shown, each a named control with its value`);
  assert(found >= 8, `only ${found} settings found`);
  assert(missing.length === 0, "not found: " + missing.join("; "));
});

await check("the keyboard alone changes the learning rate and trains; Tab leaves the playground", async () => {
  const p = await open(await context.newPage());
  let keys = 0;
  const press = async (k) => { keys++; await p.keyboard.press(k); await sleep(40); };
  const active = () => p.evaluate(() => {
    const a = document.activeElement;
    return { name: a ? a.getAttribute("aria-label") || "" : "", tag: a ? a.tagName : "",
             inside: !!(a && a.closest(".nnplay-root")), canvas: !!(a && a.classList.contains("nnplay-canvas")) };
  });
  // index.html gives the canvas the focus once loaded; elsewhere the first Tab does.
  if (!(await active()).canvas) await press("Tab");
  assert((await active()).canvas, "the first Tab does not reach the playground's canvas");
  let a;
  for (let i = 0; i < 80; i++) {
    await press("Tab");
    a = await active();
    if (/^Learning rate \(typed\)/.test(a.name)) break;
  }
  assert(/^Learning rate \(typed\)/.test(a.name), "Tab never reached the learning rate's field: at " + JSON.stringify(a));
  const ring = await p.evaluate(() => { const r = document.querySelector(".nnplay-a11y-ring"); return r && !r.hidden && r.offsetWidth > 0; });
  assert(ring, "no visible focus ring on the focused control");
  await p.keyboard.press("Control+A"); keys++;
  await p.keyboard.type("0.5"); keys += 3;
  await press("Enter");
  await waitFor(p, () => window.nnplay.state().lr === 0.5, null, 5000, "lr to become 0.5");
  // Back to the Train button, and press it.
  for (let i = 0; i < 80; i++) {
    await press("Shift+Tab");
    a = await active();
    if (a.name === "Train") break;
  }
  assert(a.name === "Train", "Shift+Tab never reached Train");
  await press("Enter");
  await waitFor(p, () => window.nnplay.state().running && window.nnplay.state().step > 0, null, 15000, "training to start");
  console.log(`  keys pressed to set lr=0.5 and train: ${keys}`);
  // The canvas's own keys: Space pauses.
  await p.evaluate(() => document.querySelector(".nnplay-canvas").focus());
  await press("Space");
  await waitFor(p, () => !window.nnplay.state().running, null, 5000, "Space on the canvas to pause");
  assert(p.errors.length === 0, "page errors: " + p.errors.join("; "));
  await p.close();
});

await check("course page: axe finds no violation, each playground's tree has its own name, Tab leaves each", async () => {
  const p = await context.newPage();
  await p.goto(server.base + "examples/course-page.html", { waitUntil: "load" });
  await waitFor(p, () => [...document.querySelectorAll(".nnplay")].filter((e) => e.querySelector(".nnplay-a11y-node")).length >= 2,
                null, 90000, "two playgrounds' controls");
  const found = await axe(p);
  console.log(`  course page: axe: ${found.length ? found.join(", ") : "no violation"}`);
  const names = await p.evaluate(() => [...document.querySelectorAll(".nnplay-a11y")].map((e) => e.getAttribute("aria-label")));
  // No trap (WCAG 2.1.2): from the first playground, Tab past its last control and Shift+Tab from its
  // canvas both leave it (for the host page's links or the next playground).
  const where = () => p.evaluate(() => {
    const first = document.querySelector(".nnplay-root"), a = document.activeElement;
    return { inFirst: !!(a && first.contains(a)), tag: a ? a.tagName : "" };
  });
  await p.evaluate(() => { const r = document.querySelector(".nnplay-root");
    [...r.querySelectorAll(".nnplay-a11y-node")].filter((e) => !e.disabled).pop().focus(); });
  for (let i = 0; i < 4 && (await where()).inFirst; i++) await p.keyboard.press("Tab");  // the full-screen button may follow
  assert(!(await where()).inFirst, "Tab from the last control stays in the playground");
  await p.evaluate(() => document.querySelector(".nnplay-root .nnplay-canvas").focus());
  await p.keyboard.press("Shift+Tab");
  assert(!(await where()).inFirst, "Shift+Tab from the canvas stays in the playground");
  assert(new Set(names).size === names.length && names.length >= 2, "trees not told apart: " + JSON.stringify(names));
  assert(found.length === 0, found.join(", "));
  await p.close();
});

await check("a click from assistive technology on a tab and a choice in a list reach the App", async () => {
  await page.evaluate(() => { const t = [...document.querySelectorAll('[role="tab"]')].find((e) => /Gallery|Test images/i.test(e.getAttribute("aria-label"))); t.click(); });
  await waitFor(page, () => window.nnplay.state().view === "gallery", null, 5000, "the gallery tab");
  await page.evaluate(() => {
    const s = [...document.querySelectorAll("select.nnplay-a11y-node")].find((e) => /^Optimizer/.test(e.getAttribute("aria-label")));
    s.selectedIndex = [...s.options].findIndex((o) => /Adam/.test(o.textContent));
    s.dispatchEvent(new Event("change"));
  });
  await waitFor(page, () => window.nnplay.state().optimizer === "adam", null, 5000, "the optimizer to become adam");
});

await check("what the tree costs a frame (ratio of the time to build the UI, with and without it)", async () => {
  await page.evaluate(() => window.nnplay.configure({ view: "sample", optimizer: "sgd" }));
  await page.evaluate(() => window.nnplay.train());
  // draw_ms is the App's smoothed time to build a frame's UI; the two states
  // alternate (four rounds each) so that the run's drift (the curves growing)
  // falls on both, and the medians are compared.
  const sample = async () => {
    await sleep(1200);
    const xs = [];
    for (let i = 0; i < 8; i++) { xs.push((await state(page)).draw_ms); await sleep(250); }
    return xs;
  };
  const median = (xs) => { const v = [...xs].sort((a, b) => a - b); return v[v.length >> 1]; };
  const onXs = [], offXs = [];
  for (let round = 0; round < 4; round++) {
    onXs.push(...await sample());
    await page.evaluate(() => window.nnplay.module._nnplay_a11y_enable(0));
    offXs.push(...await sample());
    await page.evaluate(() => window.nnplay.module._nnplay_a11y_enable(1));
  }
  await page.evaluate(() => window.nnplay.pause());
  const with_ = median(onXs), off = median(offXs);
  console.log(`  UI build time per frame (median): ${with_.toFixed(3)} ms with the tree, ${off.toFixed(3)} ms without: ` +
              `ratio ${(with_ / off).toFixed(3)}`);
  // The page's side: reading the list (a full copy, as when it changed) and parsing it, four times a second.
  const readMs = await page.evaluate(() => {
    const m = window.nnplay.module, t0 = performance.now();
    for (let i = 0; i < 20; i++) JSON.parse(m.ccall("nnplay_a11y_tree", "string", ["number"], [-1]));
    return (performance.now() - t0) / 20;
  });
  console.log(`  the page reads the list in ${readMs.toFixed(3)} ms (4 times a second: ${(0.4 * readMs).toFixed(2)}% of the time)`);
  // The goal is under 5%; the run's noise is about 10% either way, so the check is at 15%: it fails
  // when the list is built every frame again (that measured 1.34 to 1.44).
  assert(with_ / off < 1.15, "the tree costs 15% or more of the UI's time");
});

await check("screenshots at ui_scale=2 and theme=projector (1920x1080)", async () => {
  const big = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  for (const [q, name] of [["ui_scale=2", "a11y-ui-scale-2.png"], ["theme=projector", "a11y-projector.png"],
                           ["theme=light", "a11y-light.png"]]) {
    const p = await big.newPage();
    await p.goto(server.base + "index.html?restore=off&" + q, { waitUntil: "load" });
    await waitFor(p, () => window.nnplay && window.nnplay.state().data_loaded, null, 60000, "the playground to load");
    await p.evaluate(() => window.nnplay.step(20));
    await sleep(1500);
    const s = await p.evaluate(() => ({ ui_scale: window.nnplay.state().ui_scale, theme: window.nnplay.state().theme }));
    await p.screenshot({ path: path.join(out, name) });
    assert(q.includes(String(s.ui_scale)) || q.includes(s.theme), `${q} not applied: ${JSON.stringify(s)}`);
    const found = await axe(p);
    console.log(`  ${q}: axe: ${found.length ? found.join(", ") : "no violation"}`);
    await p.close();
  }
  await big.close();
});

if (page.errors.length) console.log("page errors: " + page.errors.join("; "));
await browser.close();
server.close();
finish();
