// Browser end-to-end test of the catalogue views: #view=hardware (the
// sortable catalogue, two chips side by side, measured vs model) and
// #view=sources open and render in headless Chromium, a source link goes
// through window.w2t.openUrl to window.open, no console errors, and
// screenshots at 1280x800 and 360x740 are saved to the artifacts dir.
//   node --test tests/e2e/views.test.mjs   (W2T_SITE_DIR, W2T_ARTIFACTS_DIR)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { viewTestSite, artifacts, settle, rect } from './browser.mjs';

// The site and Chromium for this file; openPage(width, height, hash): the calculator, started.
const { openPage, problems: consoleErrors } = viewTestSite(before, after);

// Keeps window.open from leaving the machine: records what it was asked to open.
async function stubWindowOpen(page) {
  await page.evaluate(() => {
    window.__opened = [];
    window.open = (url, target, features) => { window.__opened.push({ url, target, features }); return null; };
  });
}

let desktop;

test('#view=hardware opens the catalogue, the side by side and measured vs model', async () => {
  desktop = await openPage(1280, 800, '#view=hardware');
  await desktop.waitForFunction(() => window.w2t.view() === 'hardware', null, { timeout: 10000 });
  await desktop.waitForFunction(() => window.w2t.hardware().validation !== null, null, { timeout: 10000 });
  await settle(desktop);
  const s = await desktop.evaluate(() => window.w2t.hardware());
  assert.equal(s.narrow, false);
  assert.ok(s.order.length >= 20, `${s.order.length} accelerators`);
  assert.ok(s.order.includes('h100-sxm') && s.order.includes('cerebras-cs3'));
  const v = s.validation;
  assert.ok(v.rows > 300, `${v.rows} rows`);
  assert.equal(v.visible, v.rows);
  assert.ok(v.overall.median_abs_error_pct > 0 && v.overall.median_abs_error_pct < 50, JSON.stringify(v.overall));
  assert.ok(v.by_metric.some((g) => g.name === 'system_output_tok_s'));
  assert.ok(v.by_quality.some((g) => g.name === 'vendor-claim'));
  assert.ok(v.claims.length > 10);
  for (const c of v.claims) assert.match(c.verdict, /^model: .+ \u2014 (the claim is [\d.]+\u00d7 (higher|lower)|within \d+ % of the claim)$/);
  const table = await rect(desktop, 'hw_table');
  assert.ok(table && table.x1 - table.x0 > 1000 && table.y1 - table.y0 > 300, JSON.stringify(table));
  const compare = await rect(desktop, 'hw_compare');
  assert.ok(compare && compare.x1 - compare.x0 > 400, JSON.stringify(compare));
  await desktop.screenshot({ path: path.join(artifacts, 'hardware-1280.png') });
});

test('a catalogue value shows its source on hover and opens it on click', async () => {
  await stubWindowOpen(desktop);
  const cell = await rect(desktop, 'hw_first_fp16');
  assert.ok(cell, 'first FP16 cell');
  await desktop.mouse.move((cell.x0 + cell.x1) / 2, (cell.y0 + cell.y1) / 2);
  await settle(desktop, 4);
  await desktop.screenshot({ path: path.join(artifacts, 'hardware-tooltip-1280.png') });
  await desktop.mouse.down();
  await settle(desktop, 2);
  await desktop.mouse.up();
  await settle(desktop, 3);
  const opened = await desktop.evaluate(() => window.__opened);
  assert.equal(opened.length, 1, JSON.stringify(opened));
  assert.match(opened[0].url, /^https?:\/\//);
  assert.equal(opened[0].target, '_blank');
  assert.deepEqual(await desktop.evaluate(() => window.w2t.openedUrls), [opened[0].url]);
  await desktop.mouse.move(5, 5);
});

test('side by side and measured-vs-model filters follow window.w2t.setHardware', async () => {
  assert.equal((await desktop.evaluate(() => window.w2t.setHardware({ a: 'nope' }))).ok, false);
  assert.equal((await desktop.evaluate(() => window.w2t.setHardware({ a: 'h100-sxm', b: 'cerebras-cs3' }))).ok, true);
  await settle(desktop);
  const s = await desktop.evaluate(() => window.w2t.hardware());
  assert.equal(s.a, 'h100-sxm');
  assert.equal(s.b, 'cerebras-cs3');
  await desktop.evaluate(() => window.w2t.setView('validation'));
  await settle(desktop, 4);
  assert.equal(await desktop.evaluate(() => window.w2t.view()), 'hardware');
  const header = await rect(desktop, 'hw_validation_header');
  assert.ok(header.y0 < 200, `the section is scrolled into view: ${JSON.stringify(header)}`);
  await desktop.screenshot({ path: path.join(artifacts, 'validation-1280.png') });
  const all = s.validation.rows;
  await desktop.evaluate(() => window.w2t.setHardware({ chip: 'h100-sxm' }));
  await desktop.waitForFunction((n) => window.w2t.hardware().validation.visible < n, all, { timeout: 10000 });
  const v = (await desktop.evaluate(() => window.w2t.hardware())).validation;
  assert.ok(v.visible > 0 && v.visible < all, `${v.visible} of ${all}`);
  await desktop.evaluate(() => window.w2t.setHardware({ chip: '', claims_only: true }));
  await desktop.waitForFunction(() => window.w2t.hardware().validation.visible === window.w2t.hardware().validation.claims.length,
    null, { timeout: 10000 });
  // Scroll down to the per-row table and the plot.
  await desktop.mouse.move(640, 400);
  await desktop.mouse.wheel(0, 900);
  await desktop.mouse.move(1270, 795);
  await settle(desktop, 5);
  await desktop.screenshot({ path: path.join(artifacts, 'validation-claims-1280.png') });
  await desktop.mouse.move(640, 400);
  await desktop.mouse.wheel(0, 900);
  await desktop.mouse.move(1270, 795);
  await settle(desktop, 5);
  const plot = await rect(desktop, 'val_plot');
  assert.ok(plot && plot.x1 - plot.x0 > 600 && plot.y1 - plot.y0 > 200 && plot.y1 <= 800, JSON.stringify(plot));
  await desktop.screenshot({ path: path.join(artifacts, 'validation-plot-1280.png') });
  await desktop.evaluate(() => window.w2t.setHardware({ claims_only: false }));
});

test('#view=sources lists every figure with links, and the filters narrow it', async () => {
  await desktop.evaluate(() => { location.hash = '#view=sources'; });
  await desktop.waitForFunction(() => window.w2t.view() === 'sources', null, { timeout: 10000 });
  await settle(desktop);
  const s = await desktop.evaluate(() => window.w2t.sources());
  assert.ok(s.entries > 500, `${s.entries} figures`);
  assert.equal(s.visible, s.entries);
  assert.ok(s.distinct_urls > 50, `${s.distinct_urls} sources`);
  for (const e of s.first) assert.match(e.url, /^https?:\/\//);
  await desktop.screenshot({ path: path.join(artifacts, 'sources-1280.png') });

  assert.equal((await desktop.evaluate(() => window.w2t.setSources({ kind: 7 }))).ok, false);
  await desktop.evaluate(() => window.w2t.setSources({ quality: 'estimate' }));
  await desktop.waitForFunction(() => window.w2t.sources().quality === 'estimate', null, { timeout: 10000 });
  await settle(desktop);
  const est = await desktop.evaluate(() => window.w2t.sources());
  assert.ok(est.visible > 0 && est.visible < s.entries, `${est.visible} estimates`);
  for (const e of est.first) assert.equal(e.quality, 'estimate');
  await desktop.evaluate(() => window.w2t.setSources({ quality: '', filter: 'cerebras' }));
  await settle(desktop);
  const cs = await desktop.evaluate(() => window.w2t.sources());
  assert.ok(cs.visible > 5 && cs.visible < s.entries, `${cs.visible} for cerebras`);
  await desktop.screenshot({ path: path.join(artifacts, 'sources-filtered-1280.png') });

  // The first row's link opens its URL in a new tab through window.w2t.openUrl.
  await stubWindowOpen(desktop);
  const before = (await desktop.evaluate(() => window.w2t.openedUrls)).length;
  const link = await rect(desktop, 'src_first_link');
  assert.ok(link && link.x1 > link.x0, JSON.stringify(link));
  await desktop.mouse.click((link.x0 + link.x1) / 2, (link.y0 + link.y1) / 2, { delay: 60 });
  await settle(desktop, 3);
  const opened = await desktop.evaluate(() => window.__opened);
  assert.equal(opened.length, 1, JSON.stringify(opened));
  assert.equal(opened[0].url, cs.first[0].url);
  assert.equal(opened[0].target, '_blank');
  assert.match(opened[0].features, /noopener/);
  assert.equal((await desktop.evaluate(() => window.w2t.openedUrls)).length, before + 1);
  assert.equal(await desktop.evaluate(() => window.w2t.openUrl('javascript:alert(1)')), false);
  await desktop.evaluate(() => window.w2t.setSources({ filter: '' }));
});

test('at 360 px both views fit the width and scroll', async () => {
  const phone = await openPage(360, 740, '#view=hardware');
  await phone.waitForFunction(() => window.w2t.view() === 'hardware', null, { timeout: 10000 });
  await settle(phone);
  assert.equal((await phone.evaluate(() => window.w2t.hardware())).narrow, true);
  for (const name of ['hw_table', 'hw_pick_a', 'hw_pick_b', 'hw_compare']) {
    const r = await rect(phone, name);
    assert.ok(r && r.x1 - r.x0 > 60 && r.x0 >= 0 && r.x1 <= 360, `${name}: ${JSON.stringify(r)}`);
  }
  await phone.screenshot({ path: path.join(artifacts, 'hardware-360.png') });
  for (const [dy, name] of [[600, 'hardware-360-compare.png'], [1400, 'hardware-360-validation.png']]) {
    await phone.mouse.move(180, 600);
    await phone.mouse.wheel(0, dy);
    await settle(phone, 5);
    await phone.screenshot({ path: path.join(artifacts, name) });
  }
  await phone.evaluate(() => { location.hash = '#view=sources'; });
  await phone.waitForFunction(() => window.w2t.view() === 'sources', null, { timeout: 10000 });
  await settle(phone);
  assert.equal((await phone.evaluate(() => window.w2t.sources())).narrow, true);
  for (const name of ['src_filter', 'src_quality', 'src_kind', 'src_table']) {
    const r = await rect(phone, name);
    assert.ok(r && r.x1 - r.x0 > 60 && r.x0 >= 0 && r.x1 <= 360, `${name}: ${JSON.stringify(r)}`);
  }
  await phone.screenshot({ path: path.join(artifacts, 'sources-360.png') });
  await phone.context().close();
});

test('no console errors and no failed requests', () => {
  assert.deepEqual(consoleErrors, []);
});
