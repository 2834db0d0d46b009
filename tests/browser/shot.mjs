// shot.mjs: screenshots of the page at given sizes and URL parameters, after
// training a little, for looking at layouts by eye (not a test).
//   node tests/browser/shot.mjs --site build/web/site --out DIR --sizes 480x360,640x480 --query "preset=wide" --steps 300
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs, serveSite, launchChromium } from "./harness.mjs";

const args = parseArgs(process.argv.slice(2));
const site = path.resolve(args.site || "build/web/site");
const out = path.resolve(args.out || "build/screenshots");
const sizes = (args.sizes || "480x360,640x480,800x600").split(",").map((s) => s.split("x").map(Number));
const query = args.query || "";
const steps = Number(args.steps || 300);
await mkdir(out, { recursive: true });
const server = await serveSite(site);
const browser = await launchChromium();
try {
  for (const [w, h] of sizes) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") console.log(`console ${m.type()}: ${m.text()}`); });
    await page.goto(server.base + "index.html" + (query ? "?" + query : ""));
    await page.evaluate(() => window.nnplay.ready);
    if (steps > 0) await page.evaluate((n) => window.nnplay.step(n), steps);
    await page.waitForTimeout(1500);
    const name = `shot-${w}x${h}${args.tag ? "-" + args.tag : ""}.png`;
    await page.screenshot({ path: path.join(out, name) });
    const s = await page.evaluate(() => window.nnplay.state());
    const vis = (k) => s.widgets && s.widgets[k] ? `${k} y=${Math.round(s.widgets[k].y)} h=${Math.round(s.widgets[k].h)} vis=${s.widgets[k].visible}` : `${k} -`;
    console.log(`${name}: layout ${s.layout}; ${vis("lr")}; ${vis("cost_plot")}; ${vis("train")}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
