// Browser end-to-end test: headless Chromium (SwiftShader WebGL2) loads the
// built site from a loopback server, waits for the first frame, checks the
// renderer, drives the dies-per-wafer panel through window.w2t, fails on any
// console error, and saves screenshots under the build folder.
//   node --test tests/e2e/page.test.mjs   (W2T_SITE_DIR, W2T_ARTIFACTS_DIR)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { startSite, stopSite, artifacts, siteDir, openPage, openApp, countColours } from './browser.mjs';

let server, browser, page;
const consoleErrors = [];

before(async () => {
  ({ server, browser } = await startSite());
  page = await openPage(browser, null, { width: 1280, height: 800, problems: consoleErrors });
});

after(() => stopSite({ server, browser }));

test('page renders its first frame with WebGL2', async () => {
  const t0 = Date.now();
  await page.goto(server.url);
  await page.waitForFunction(() => window.w2t && (window.w2t.ready || window.w2t.error),
                             null, { timeout: 60000 });
  const hook = await page.evaluate(() => ({
    ready: window.w2t.ready, error: window.w2t.error, renderer: window.w2t.renderer,
    version: window.w2t.webglVersion, firstFrameMs: window.w2t.firstFrameMs,
  }));
  assert.equal(hook.error, null);
  assert.equal(hook.ready, true);
  assert.match(hook.version, /WebGL 2\.0/);
  assert.match(hook.renderer, /SwiftShader/i, `renderer: ${hook.renderer}`);
  assert.ok(hook.firstFrameMs > 0 && hook.firstFrameMs < 60000);
  fs.writeFileSync(path.join(artifacts, 'first-frame.json'),
                   JSON.stringify({ ...hook, wallMs: Date.now() - t0 }, null, 2));
  // Frames keep coming while the user interacts (the page idles otherwise).
  const before = await page.evaluate(() => window.w2t.frames());
  await page.mouse.move(640, 400);
  await page.waitForFunction((n) => window.w2t.frames() > n + 2, before, { timeout: 10000 });
});

test('the page computes the same dies per wafer as the core, via Embind', async () => {
  const r = await page.evaluate(() => window.w2t.diesPerWafer(
    { die_width_mm: 26, die_height_mm: 33, scribe_mm: 0.1, wafer_diameter_mm: 300, edge_exclusion_mm: 3 }));
  assert.equal(r.ok, true);
  assert.ok(r.result.gross_dies > 55 && r.result.gross_dies < 80);
  assert.ok(r.result.approx_dies > 50);
  const bad = await page.evaluate(() => window.w2t.diesPerWafer({ die_width_mm: -1 }));
  assert.equal(bad.ok, false);
  assert.equal(bad.error.field, 'die_width_mm');
});

test('the wafer map is drawn and redrawn when the input changes', async () => {
  const shot1 = await page.screenshot({ path: path.join(artifacts, 'page.png') });
  const state1 = await page.evaluate(() => window.w2t.state());
  assert.equal(state1.error, null);
  assert.ok(state1.result.gross_dies > 0);

  const set = await page.evaluate(() => window.w2t.setInput({ die_width_mm: 10, die_height_mm: 12 }));
  assert.equal(set.ok, true);
  const frames = await page.evaluate(() => window.w2t.frames());
  await page.waitForFunction((n) => window.w2t.frames() > n + 2, frames, { timeout: 10000 });
  const state2 = await page.evaluate(() => window.w2t.state());
  assert.ok(state2.result.gross_dies > state1.result.gross_dies * 4,
            `${state2.result.gross_dies} vs ${state1.result.gross_dies}`);
  const shot2 = await page.screenshot({ path: path.join(artifacts, 'page-small-dies.png') });
  assert.notDeepEqual(shot1, shot2);

  // The map region holds both die colours (whole: teal, partial: orange) from the shader.
  const colours = await mapColours(page);
  assert.ok(colours.whole > 1000, `whole-die pixels: ${colours.whole}`);
  assert.ok(colours.partial > 100, `partial-die pixels: ${colours.partial}`);

  const rejected = await page.evaluate(() => window.w2t.setInput({ scribe_mm: 'wide' }));
  assert.equal(rejected.ok, false);
  assert.equal(rejected.error.field, 'scribe_mm');
});

test('dragging the width slider with the mouse recomputes and redraws', async () => {
  await page.evaluate(() => window.w2t.setInput({ die_width_mm: 26, die_height_mm: 33 }));
  await page.waitForFunction(() => window.w2t.state().input.die_width_mm === 26 &&
                                   window.w2t.state().result.gross_dies === 64, null, { timeout: 10000 });
  const r = await page.evaluate(() => window.w2t.widgetRect('die_width_mm'));
  assert.ok(r && r.x1 > r.x0, 'slider rect known');
  const before = await page.screenshot();
  const y = (r.y0 + r.y1) / 2;
  await page.mouse.move(r.x0 + 0.6 * (r.x1 - r.x0), y);
  await page.mouse.down();
  await page.mouse.move(r.x0 + 0.2 * (r.x1 - r.x0), y, { steps: 8 });
  // Let a few frames see the final position before releasing (ImGui 1.86 reads
  // the mouse once per frame, so a release in the same frame would drop the last move).
  const moved = await page.evaluate(() => window.w2t.frames());
  await page.waitForFunction((n) => window.w2t.frames() > n + 2, moved, { timeout: 10000 });
  await page.mouse.up();
  await page.waitForFunction(() => window.w2t.state().input.die_width_mm < 20, null, { timeout: 10000 });
  const state = await page.evaluate(() => window.w2t.state());
  // Slider range 2-60 mm over the frame less ImGui's grab (10 px) and padding (2 px a side).
  const usable = r.x1 - r.x0 - 14;
  const expected = 2 + 58 * (0.2 * (r.x1 - r.x0) - 7) / usable;
  assert.ok(Math.abs(state.input.die_width_mm - expected) < 0.5,
            `width ${state.input.die_width_mm}, expected about ${expected.toFixed(2)}`);
  assert.ok(state.result.gross_dies > 64, `${state.result.gross_dies}`);
  const frames = await page.evaluate(() => window.w2t.frames());
  await page.waitForFunction((n) => window.w2t.frames() > n + 2, frames, { timeout: 10000 });
  assert.notDeepEqual(await page.screenshot(), before);
});

test('an idle page stops drawing and wakes on input', async () => {
  // With no input the loop stops drawing after its wake budget (30-60 frames).
  await page.waitForFunction(() => {
    const now = window.w2t.frames();
    const seen = window.__w2tLastFrames;
    window.__w2tLastFrames = now;
    return seen === now;
  }, null, { timeout: 20000, polling: 500 });
  const idle = await page.evaluate(() => window.w2t.frames());
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await page.evaluate(() => window.w2t.frames()), idle, 'still drawing while idle');
  await page.mouse.move(900, 400);
  await page.waitForFunction((n) => window.w2t.frames() > n + 5, idle, { timeout: 10000 });
});

test('no console errors and no failed requests', () => {
  assert.deepEqual(consoleErrors, []);
});

test('a browser without WebGL2 gets a clear message, not a blank page', async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const p = await context.newPage();
  await p.addInitScript(() => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return type === 'webgl2' ? null : original.call(this, type, ...rest);
    };
  });
  await p.goto(server.url);
  await p.waitForFunction(() => window.w2t && window.w2t.error, null, { timeout: 20000 });
  const shown = await p.evaluate(() => ({
    error: window.w2t.error, status: document.getElementById('status').textContent,
    visible: !document.getElementById('status').classList.contains('hidden'),
  }));
  assert.match(shown.error, /WebGL2/);
  assert.equal(shown.status, shown.error);
  assert.equal(shown.visible, true);
  await context.close();
});

test('the site works from a sub-path of the host', async () => {
  const sub = await startServer(siteDir, 0, { prefix: '/tools/w2t/' });
  const problems = [];
  let p;
  try {
    p = await openApp(browser, sub.url, { width: 800, height: 600, problems });
    assert.ok(await p.evaluate(() => window.w2t.state().result.gross_dies) > 0);
    assert.deepEqual(problems, []);
  } finally {
    await p?.context().close();
    await sub.close();
  }
});

// Counts pixels near the shader's whole-die and partial-die colours in a screenshot
// (they are far enough apart that no pixel is near both).
async function mapColours(p) {
  const [whole, partial] = await countColours(p, [[41, 158, 143], [199, 117, 46]], 40);
  return { whole, partial };
}
