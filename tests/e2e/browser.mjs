// Headless Chromium for the browser tests and the page benchmark: Debian's
// /usr/bin/chromium through playwright-core, WebGL2 through SwiftShader, and
// no background connections (this machine's network is closed). Also the
// browser tests' shared set-up: pages that record problems, frames, widgets.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const CHROMIUM = process.env.W2T_CHROMIUM || '/usr/bin/chromium';

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
           '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
}

// [SECTION] pages for the browser tests

// A page in a context of its own that only talks to loopback (a request to any
// other host is aborted: it would be a bug in the page) and records what went
// wrong into `problems`: console errors, page errors and, unless network is
// false (for tests that cause failed requests on purpose), HTTP statuses >= 400
// and failed requests. `expectedConsole` (a RegExp) matches console errors a test
// causes on purpose; `everything` gets every console message and page error (to
// search them for secrets); `label` prefixes the console lines. Goes to `url`
// when one is given.
export async function openPage(browser, url, {
  width = 1280, height = 800, colorScheme, acceptDownloads = false, problems = [],
  expectedConsole = null, everything = null, network = true, label = '',
} = {}) {
  const context = await browser.newContext({
    viewport: { width, height }, acceptDownloads, ...(colorScheme ? { colorScheme } : {}),
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    everything?.push(msg.text());
    if (msg.type() === 'error' && !expectedConsole?.test(msg.text())) problems.push(`${label}${msg.text()}`);
  });
  page.on('pageerror', (err) => {
    everything?.push(err.message);
    problems.push(`${label}pageerror: ${err.message}`);
  });
  if (network) {
    page.on('response', (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()} ${res.url()}`); });
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
  }
  await page.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' ? route.continue() : route.abort();
  });
  if (url) await page.goto(url);
  return page;
}

// Waits for the calculator to start (window.w2t.ready or .error) and fails on an error.
async function waitForApp(page) {
  await page.waitForFunction(() => window.w2t && (window.w2t.ready || window.w2t.error), null, { timeout: 60000 });
  assert.equal(await page.evaluate(() => window.w2t.error), null);
}

// openPage on the calculator at `url`, started; with `view`, also waits until that view shows.
export async function openApp(browser, url, options = {}) {
  const page = await openPage(browser, url, options);
  await waitForApp(page);
  if (options.view)
    await page.waitForFunction((v) => window.w2t.view() === v, options.view, { timeout: 10000 });
  return page;
}

// Waits until `n` more frames have been drawn (the page idles otherwise).
export async function settle(page, n = 3) {
  const frames = await page.evaluate(() => window.w2t.frames());
  await page.waitForFunction((f) => window.w2t.frames() > f, frames + n, { timeout: 10000 });
}

// The on-screen rectangle of the widget `name` (window.w2t.widgetRect), or null.
export async function rect(page, name) {
  return page.evaluate((n) => window.w2t.widgetRect(n), name);
}

// Scrolls the view (mouse wheel over x, y) until the widget `name` is wholly in
// [0, height], at most `tries` wheel turns; returns its rectangle.
export async function scrollTo(page, name, x, y, height, tries = 30) {
  for (let i = 0; i < tries; ++i) {
    const r = await rect(page, name);
    if (r && r.y0 >= 0 && r.y1 <= height) return r;
    await page.mouse.move(x, y);
    await page.mouse.wheel(0, r && r.y0 < 0 ? -300 : 300);
    await settle(page, 3);
  }
  return rect(page, name);
}

// Counts the pixels of a screenshot near each of the given [r, g, b] colours
// (every channel within `tolerance`).
export async function countColours(page, colours, tolerance = 24) {
  const png = await page.screenshot();
  return page.evaluate(async ({ b64, colours, tolerance }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, img.width, img.height).data;
    const counts = colours.map(() => 0);
    const near = (i, [r, g, b]) =>
      Math.abs(d[i] - r) < tolerance && Math.abs(d[i + 1] - g) < tolerance && Math.abs(d[i + 2] - b) < tolerance;
    for (let i = 0; i < d.length; i += 4)
      colours.forEach((colour, k) => { if (near(i, colour)) counts[k]++; });
    return counts;
  }, { b64: png.toString('base64'), colours, tolerance });
}

// [SECTION] the site under test

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The built site, and the folder the tests' screenshots and measurements go to.
export const siteDir = process.env.W2T_SITE_DIR || path.join(repo, 'build/wasm/site');
export const artifacts = process.env.W2T_ARTIFACTS_DIR || path.join(repo, 'build/e2e');

// Before a test file: makes the artifacts folder, serves the site on a loopback
// port and starts Chromium. Resolves to { server, browser }.
export async function startSite() {
  fs.mkdirSync(artifacts, { recursive: true });
  const server = await startServer(siteDir, 0);
  const browser = await launchChromium();
  return { server, browser };
}

// After it: closes what startSite started (either may be missing after a failed start).
export async function stopSite({ server, browser }) {
  await browser?.close();
  await server?.close();
}

// A view test file's fixture: the site and Chromium, started by `before` and
// closed by `after` (node:test's hooks). openPage(width, height, hash) opens the
// calculator at `hash`, started; every page it opens records into `problems`.
export function viewTestSite(before, after) {
  const site = { server: null, browser: null, problems: [] };
  before(async () => Object.assign(site, await startSite()));
  after(() => stopSite(site));
  site.openPage = (width, height, hash) =>
    openApp(site.browser, site.server.url + hash, { width, height, problems: site.problems });
  return site;
}
