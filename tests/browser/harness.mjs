// harness.mjs: what the browser tests and the browser benchmark share: the
// command-line flags, a static server for the built site on 127.0.0.1, and
// Debian's Chromium launched the way shared/TOOLCHAIN.md found to work here
// (software WebGL2 through SwiftShader; no background network traffic).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

// "--site DIR --out FILE" -> { site: "DIR", out: "FILE" }
export function parseArgs(argv) {
  return Object.fromEntries(argv.reduce((acc, a, i, all) =>
    (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm",
  ".css": "text/css", ".gz": "application/gzip", ".png": "image/png", ".svg": "image/svg+xml" };

// Serves `site` on a free loopback port; returns { base, close }.
// options.headers: sent with every answer (e.g. a Content-Security-Policy);
// options.pages: extra files by path, { "test/page.html": "<!doctype html>..." }.
export async function serveSite(site, options = {}) {
  const root = path.resolve(site);
  const headers = options.headers || {};
  const pages = options.pages || {};
  const server = createServer(async (req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
    const file = path.join(root, rel);
    if (!file.startsWith(root + path.sep)) { res.writeHead(403).end(); return; }
    try {
      const body = rel in pages ? Buffer.from(pages[rel]) : await readFile(file);
      res.writeHead(200, { ...headers, "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
        "Content-Length": body.length });
      res.end(body);
    } catch { res.writeHead(404, headers).end("not found"); }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--use-gl=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--no-first-run", "--disable-quic",
      ...(process.getuid && process.getuid() === 0 ? ["--no-sandbox"] : [])],
  });
}

// The checks of one test file: check(name, fn) runs fn and prints PASS or FAIL
// with its time; finish() prints the runner's summary line ("N passed, N
// failed") and exits 1 when any failed.
export function checks() {
  let passed = 0, failed = 0;
  return {
    async check(name, fn) {
      const t0 = Date.now();
      try {
        await fn();
        passed++;
        console.log(`PASS ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${name}: ${e && e.message ? e.message : e}`);
      }
    },
    finish() {
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    },
  };
}

export function assert(cond, msg) { if (!cond) throw new Error(msg); }
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls fn in the page (or frame) every 250 ms until it returns something
// truthy, which it returns; after timeoutMs, throws naming `what` and the
// playground's state then.
export async function waitFor(target, fn, arg, timeoutMs, what) {
  const t0 = Date.now();
  for (;;) {
    const v = await target.evaluate(fn, arg);
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) {
      const s = await target.evaluate(() => window.nnplay && window.nnplay.state()).catch(() => null);
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; state: ${JSON.stringify(s)}`);
    }
    await sleep(250);
  }
}

// The built site a test runs on (--site, default build/web/site) and the folder
// for its screenshots (--out, made if missing); a missing build ends the test
// as a failure that says how to make it.
export function siteAndOut(args) {
  const site = path.resolve(args.site || "build/web/site");
  const out = path.resolve(args.out || "build/screenshots");
  mkdirSync(out, { recursive: true });
  if (!existsSync(path.join(site, "index.html"))) {
    console.error(`${site}/index.html not found: build the web preset first (make test does)`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
  return { site, out };
}
