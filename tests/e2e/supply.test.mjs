// Browser end-to-end test of the Supply chain view: #view=supply opens and
// computes, window.w2t.setSupply changes an input and the results follow the
// models (a bad input names its key and changes nothing), a claim's source
// opens through window.w2t.openUrl, no console errors, and screenshots at
// 1280x800 and 360x740 (top and scrolled) are saved to the artifacts dir.
//   node --test tests/e2e/supply.test.mjs   (W2T_SITE_DIR, W2T_ARTIFACTS_DIR)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { viewTestSite, artifacts, settle, rect, scrollTo } from './browser.mjs';

// The site and Chromium for this file; openPage(width, height, hash): the calculator, started.
const { openPage, problems: consoleErrors } = viewTestSite(before, after);

let desktop;

test('#view=supply opens the Supply chain view with every output computed', async () => {
  desktop = await openPage(1280, 800, '#view=supply');
  await desktop.waitForFunction(() => window.w2t.view() === 'supply', null, { timeout: 10000 });
  await desktop.waitForFunction(() => window.w2t.supply().claims > 0, null, { timeout: 20000 });
  await settle(desktop);
  const s = await desktop.evaluate(() => window.w2t.supply());
  assert.equal(s.error, null);
  assert.equal(s.narrow, false);
  assert.ok(s.gross_dies > 50 && s.gross_dies < 80, `${s.gross_dies} dies`);
  assert.ok(s.yield > 0.3 && s.yield < 0.6, `yield ${s.yield}`);
  assert.ok(s.estimate_usd > 3000 && s.estimate_usd < 4000, `estimate ${s.estimate_usd}`);
  assert.ok(s.defects > 20, `${s.defects} defects sampled`);
  assert.ok(s.output_tok_s > 1e6, `${s.output_tok_s} tok/s`);
  assert.equal(s.capacity_years, 6);
  assert.match(s.summary, /good die/);
  for (const name of ['sup_die_area', 'sup_d0', 'sup_wafer_map', 'sup_waterfall', 'sup_yield_curves']) {
    const r = await rect(desktop, name);
    assert.ok(r && r.x1 - r.x0 > 60 && r.x1 <= 1280, `${name}: ${JSON.stringify(r)}`);
  }
  await desktop.screenshot({ path: path.join(artifacts, 'supply-1280.png') });
});

test('setSupply moves the results the way the models say; a bad input changes nothing', async () => {
  const s0 = await desktop.evaluate(() => window.w2t.supply());
  const bad = await desktop.evaluate(() => window.w2t.setSupply({ hbm_usd: 1, d0_per_cm2: -3 }));
  assert.equal(bad.ok, false);
  assert.equal(bad.error.field, 'd0_per_cm2');
  assert.deepEqual((await desktop.evaluate(() => window.w2t.supply())).input, s0.input);
  assert.equal((await desktop.evaluate(() => window.w2t.setSupply({ mix: 'b200:2' }))).error.field, 'mix');

  assert.equal((await desktop.evaluate(() => window.w2t.setSupply({ d0_per_cm2: 0.2 }))).ok, true);
  await desktop.waitForFunction((v) => window.w2t.supply().version > v, s0.version, { timeout: 10000 });
  const s1 = await desktop.evaluate(() => window.w2t.supply());
  assert.ok(s1.yield < s0.yield, `yield ${s0.yield} -> ${s1.yield}`);
  assert.ok(s1.usd_per_good_die > s0.usd_per_good_die);
  assert.equal(s1.gross_dies, s0.gross_dies);
  assert.ok(s1.defects > s0.defects * 1.3, `defects ${s0.defects} -> ${s1.defects}`);

  // Everything at once: the full recompute the page does in one frame.
  assert.equal((await desktop.evaluate(() => window.w2t.setSupply({
    die_area_mm2: 600, year: 2025, mix: 'h100-sxm:0.5,b200:0.3', band: 'high', defect_seed: 9 }))).ok, true);
  await desktop.waitForFunction((v) => window.w2t.supply().version > v, s1.version, { timeout: 10000 });
  const s2 = await desktop.evaluate(() => window.w2t.supply());
  assert.ok(s2.gross_dies > s1.gross_dies);
  assert.ok(s2.compute_ms < 50, `full recompute ${s2.compute_ms} ms`);
  console.log(`# browser full supply recompute: ${s2.compute_ms.toFixed(3)} ms (performance.now resolution applies)`);
  await settle(desktop);
  await desktop.screenshot({ path: path.join(artifacts, 'supply-changed-1280.png') });
});

test('the capacity timeline, fleet and claims draw; a claim source opens in a new tab', async () => {
  await desktop.evaluate(() => {
    window.__opened = [];
    window.open = (url, target, features) => { window.__opened.push({ url, target, features }); return null; };
  });
  const cap = await scrollTo(desktop, 'sup_capacity', 900, 400, 800);
  assert.ok(cap && cap.x1 - cap.x0 > 300 && cap.y0 >= 0 && cap.y1 <= 800, JSON.stringify(cap));
  await desktop.mouse.move(1270, 795);
  await settle(desktop, 4);
  await desktop.screenshot({ path: path.join(artifacts, 'supply-capacity-1280.png') });
  const link = await scrollTo(desktop, 'sup_claim_source_tsmc-capex-2026', 900, 400, 800);
  assert.ok(link && link.y0 >= 0 && link.y1 <= 800, JSON.stringify(link));
  await desktop.screenshot({ path: path.join(artifacts, 'supply-claims-1280.png') });
  await desktop.mouse.click((link.x0 + link.x1) / 2, (link.y0 + Math.min(link.y1, link.y0 + 14)) / 2 + 3, { delay: 60 });
  await settle(desktop, 3);
  const opened = await desktop.evaluate(() => window.__opened);
  assert.equal(opened.length, 1, JSON.stringify(opened));
  assert.match(opened[0].url, /^https:\/\/taiwansecurity\.news\//);
  assert.equal(opened[0].target, '_blank');
});

test('at 360 px the view stacks, fits the width and scrolls', async () => {
  const phone = await openPage(360, 740, '#view=supply');
  await phone.waitForFunction(() => window.w2t.view() === 'supply', null, { timeout: 10000 });
  await phone.waitForFunction(() => window.w2t.supply().version > 0, null, { timeout: 20000 });
  await settle(phone);
  assert.equal((await phone.evaluate(() => window.w2t.supply())).narrow, true);
  for (const name of ['sup_die_area', 'sup_d0', 'sup_hbm', 'sup_mix']) {
    const r = await rect(phone, name);
    assert.ok(r && r.x1 - r.x0 > 60 && r.x0 >= 0 && r.x1 <= 360, `${name}: ${JSON.stringify(r)}`);
  }
  await phone.screenshot({ path: path.join(artifacts, 'supply-360.png') });
  const map = await scrollTo(phone, 'sup_wafer_map', 180, 400, 740);
  assert.ok(map && map.x1 - map.x0 > 250 && map.x1 <= 360, JSON.stringify(map));
  await phone.mouse.move(355, 735);
  await settle(phone, 4);
  await phone.screenshot({ path: path.join(artifacts, 'supply-map-360.png') });
  const wf = await scrollTo(phone, 'sup_yield_curves', 180, 400, 740);
  assert.ok(wf && wf.x1 <= 360, JSON.stringify(wf));
  await phone.mouse.move(355, 735);
  await settle(phone, 4);
  await phone.screenshot({ path: path.join(artifacts, 'supply-charts-360.png') });
  const claims = await scrollTo(phone, 'sup_claim_source_tsmc-capex-2026', 180, 400, 740);
  assert.ok(claims && claims.x1 <= 360, JSON.stringify(claims));
  await phone.screenshot({ path: path.join(artifacts, 'supply-claims-360.png') });
});

test('harvesting lowers the cost per usable die; the wafer-scale block reads the redundancy model', async () => {
  const s0 = await desktop.evaluate(() => window.w2t.supply());
  assert.ok(s0.wafer_scale && s0.wafer_scale.spare_cores > 0, JSON.stringify(s0.wafer_scale));
  assert.equal(s0.harvest, undefined);
  const bad = await desktop.evaluate(() => window.w2t.setSupply({ harvest: true, units: 10, required_units: 11 }));
  assert.equal(bad.ok, false);
  assert.equal(bad.error.field, 'required_units');
  assert.equal((await desktop.evaluate(() => window.w2t.setSupply({
    harvest: true, units: 144, required_units: 132, uncore_share: 0.2 }))).ok, true);
  await desktop.waitForFunction((v) => window.w2t.supply().version > v, s0.version, { timeout: 10000 });
  const s1 = await desktop.evaluate(() => window.w2t.supply());
  assert.ok(s1.harvest.harvested_yield > s1.yield, JSON.stringify(s1.harvest));
  assert.ok(s1.estimate_usd < s0.estimate_usd, `estimate ${s0.estimate_usd} -> ${s1.estimate_usd}`);
  assert.match(s1.summary, /usable/);
  const h = await scrollTo(desktop, 'sup_harvest', 300, 400, 800);
  assert.ok(h && h.y0 >= 0 && h.y1 <= 800, JSON.stringify(h));
  await settle(desktop, 3);
  await desktop.screenshot({ path: path.join(artifacts, 'supply-harvest-1280.png') });
  const ws = await scrollTo(desktop, 'sup_wafer_scale_redundancy', 640, 400, 800);
  assert.ok(ws && ws.y0 >= 0 && ws.x1 <= 1280, JSON.stringify(ws));
  await settle(desktop, 3);
  await desktop.screenshot({ path: path.join(artifacts, 'supply-wafer-scale-1280.png') });

  const phone = await openPage(360, 740, '#view=supply');
  await phone.waitForFunction(() => window.w2t.supply().version > 0, null, { timeout: 20000 });
  assert.equal((await phone.evaluate(() => window.w2t.setSupply({ harvest: true }))).ok, true);
  await settle(phone);
  const ph = await scrollTo(phone, 'sup_uncore_share', 180, 400, 740);
  assert.ok(ph && ph.x0 >= 0 && ph.x1 <= 360, JSON.stringify(ph));
  await settle(phone, 3);
  await phone.screenshot({ path: path.join(artifacts, 'supply-harvest-360.png') });
  const pws = await scrollTo(phone, 'sup_wafer_scale_redundancy', 180, 400, 740);
  assert.ok(pws && pws.x1 <= 360, JSON.stringify(pws));
  await settle(phone, 3);
  await phone.screenshot({ path: path.join(artifacts, 'supply-wafer-scale-360.png') });
});

test('no console errors', () => {
  assert.deepEqual(consoleErrors, []);
});
