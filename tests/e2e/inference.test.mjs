// Browser end-to-end test of the inference view: opens index.html#view=inference
// in headless Chromium (SwiftShader WebGL2), checks the view, the estimate, the
// frontier and the error path through window.w2t, that the charts reach the
// canvas, no console errors, and saves screenshots at 1280x800 and 360x740.
//   node --test tests/e2e/inference.test.mjs   (W2T_SITE_DIR, W2T_ARTIFACTS_DIR)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { viewTestSite, artifacts, settle, countColours } from './browser.mjs';

// The site and Chromium for this file; openPage(width, height, hash): the calculator, started.
const { openPage, problems: consoleErrors } = viewTestSite(before, after);

let desktop;

test('#view=inference opens the inference view with the default estimate', async () => {
  desktop = await openPage(1280, 800, '#view=inference');
  await desktop.waitForFunction(() => window.w2t.view() === 'inference', null, { timeout: 10000 });
  const s = await desktop.evaluate(() => window.w2t.inference());
  assert.equal(s.error, null);
  assert.equal(s.narrow, false);
  assert.equal(s.input.hardware_id, 'b200');
  assert.equal(s.result.input.model_id, 'llama-4-maverick');
  assert.ok(s.result.ttft_ms > 0 && s.result.tpot_ms > 0, JSON.stringify(s.result).slice(0, 200));
  assert.ok(s.compare, 'side-by-side chip estimated');
  assert.deepEqual(s.frontier.map((l) => l.hardware_id), ['b200', 'h200-sxm', 'cerebras-cs3']);
  for (const line of s.frontier) assert.ok(line.points.length >= 2, `${line.hardware_id}: ${line.points.length} points`);
});

test('the charts are drawn on the canvas', async () => {
  await settle(desktop);
  await desktop.screenshot({ path: path.join(artifacts, 'inference-1280.png') });
  // Frontier lines / bar segments: the selected chip's teal, comparison orange and violet.
  const [teal, orange, violet] = await countColours(desktop, [[41, 170, 152], [230, 140, 60], [150, 130, 230]]);
  assert.ok(teal > 300, `teal pixels: ${teal}`);
  assert.ok(orange > 50, `orange pixels: ${orange}`);
  assert.ok(violet > 50, `violet pixels: ${violet}`);
  // Hovering a frontier point shows its exact values (screenshot for the record).
  const r = await desktop.evaluate(() => window.w2t.widgetRect('inf_frontier'));
  assert.ok(r && r.x1 - r.x0 > 300 && r.y1 - r.y0 > 150, JSON.stringify(r));
  let hover = null;
  for (let fy = 0.1; fy < 0.9 && !hover; fy += 0.04) {
    for (let fx = 0.1; fx < 0.95 && !hover; fx += 0.04) {
      await desktop.mouse.move(r.x0 + fx * (r.x1 - r.x0), r.y0 + fy * (r.y1 - r.y0));
      await settle(desktop, 2);
      const h = (await desktop.evaluate(() => window.w2t.inference())).hover;
      if (h.series >= 0) hover = h;
    }
  }
  assert.ok(hover, 'no frontier point found under the mouse');
  await desktop.screenshot({ path: path.join(artifacts, 'inference-hover-1280.png') });
  await desktop.mouse.move(5, 5);
});

test('an input the model rejects shows its error and keeps the last good result', async () => {
  const before = await desktop.evaluate(() => window.w2t.inference());
  const set = await desktop.evaluate(() => window.w2t.setInference(
    { hardware_id: 'h100-sxm', accelerator_count: 1, model_id: 'llama-3.1-405b', precision: 'fp16' }));
  assert.equal(set.ok, true);
  await desktop.waitForFunction(() => window.w2t.inference().error !== null, null, { timeout: 10000 });
  await settle(desktop);
  const s = await desktop.evaluate(() => window.w2t.inference());
  assert.equal(s.error.field, 'accelerator_count');
  assert.equal(s.result.input.hardware_id, 'b200');
  assert.equal(s.result_version, before.result_version);
  await desktop.screenshot({ path: path.join(artifacts, 'inference-error-1280.png') });
  assert.equal((await desktop.evaluate(() => window.w2t.setInference({ precision: 'fp7' }))).ok, false);

  await desktop.evaluate(() => window.w2t.setInference({ accelerator_count: 16 }));
  await desktop.waitForFunction(() => window.w2t.inference().error === null, null, { timeout: 10000 });
  const ok = await desktop.evaluate(() => window.w2t.inference());
  assert.equal(ok.result.input.model_id, 'llama-3.1-405b');
  assert.equal(ok.result.layout.chips, 16);
  await desktop.evaluate(() => window.w2t.setInference(
    { hardware_id: 'b200', accelerator_count: 8, model_id: 'llama-4-maverick', precision: 'fp8' }));
});

test('tabs switch through setView and the URL hash; the wafer view still works', async () => {
  assert.equal(await desktop.evaluate(() => window.w2t.setView('bogus')), false);
  assert.equal(await desktop.evaluate(() => window.w2t.setView('dpw')), true);
  await desktop.waitForFunction(() => window.w2t.view() === 'dpw', null, { timeout: 10000 });
  assert.ok((await desktop.evaluate(() => window.w2t.state())).result.gross_dies > 0);
  await desktop.evaluate(() => window.w2t.setView('inference'));
  await desktop.waitForFunction(() => window.w2t.view() === 'inference', null, { timeout: 10000 });
  // The address bar follows the view (public/main.js) before a typed address changes it.
  await desktop.waitForFunction(() => location.hash.startsWith('#view=inference'), null, { timeout: 10000 });
  await desktop.evaluate(() => { location.hash = '#view=dpw'; });
  await desktop.waitForFunction(() => window.w2t.view() === 'dpw', null, { timeout: 10000 });
  await desktop.evaluate(() => { location.hash = '#view=inference'; });
  await desktop.waitForFunction(() => window.w2t.view() === 'inference', null, { timeout: 10000 });
});

test('at 360 px the view stacks into one column and stays readable', async () => {
  const phone = await openPage(360, 740, '#view=inference');
  await phone.waitForFunction(() => window.w2t.view() === 'inference', null, { timeout: 10000 });
  await settle(phone);
  const s = await phone.evaluate(() => window.w2t.inference());
  assert.equal(s.narrow, true);
  assert.equal(s.error, null);
  for (const name of ['inf_hardware', 'inf_count', 'inf_model', 'inf_precision', 'inf_scenario',
                      'inf_input_tokens', 'inf_output_tokens', 'inf_concurrency', 'inf_framework']) {
    const r = await phone.evaluate((n) => window.w2t.widgetRect(n), name);
    assert.ok(r && r.x1 - r.x0 > 60 && r.x1 <= 360, `${name}: ${JSON.stringify(r)}`);
  }
  await phone.screenshot({ path: path.join(artifacts, 'inference-360.png') });
  // Scroll down to the charts (the view scrolls inside the canvas; the wheel
  // moves it down, a notch at a time, not hundreds of notches up).
  const top = (await phone.evaluate(() => window.w2t.widgetRect('inf_frontier'))).y0;
  for (const [dy, name] of [[700, 'inference-360-charts.png'], [700, 'inference-360-table.png']]) {
    await phone.mouse.move(180, 400);
    await phone.mouse.wheel(0, dy);
    await settle(phone, 5);
    await phone.screenshot({ path: path.join(artifacts, name) });
  }
  const frontier = await phone.evaluate(() => window.w2t.widgetRect('inf_frontier'));
  assert.ok(frontier.x1 - frontier.x0 > 300 && frontier.x1 <= 360, JSON.stringify(frontier));
  assert.ok(frontier.y0 < top - 300, `scrolled from ${top} to ${frontier.y0}`);
  await phone.context().close();
});

test('at 1920 px the inputs stay a column and the charts share the width', async () => {
  const wide = await openPage(1920, 1080, '#view=inference');
  await wide.waitForFunction(() => window.w2t.view() === 'inference', null, { timeout: 10000 });
  await settle(wide);
  const hw = await wide.evaluate(() => window.w2t.widgetRect('inf_hardware'));
  const plot = await wide.evaluate(() => window.w2t.widgetRect('inf_frontier'));
  assert.ok(hw.x1 < plot.x0 && hw.x1 - hw.x0 < 400, `${JSON.stringify(hw)} ${JSON.stringify(plot)}`);
  await wide.screenshot({ path: path.join(artifacts, 'inference-1920.png') });
  await wide.context().close();
});

test('no console errors and no failed requests', () => {
  assert.deepEqual(consoleErrors, []);
});
