// Browser end-to-end test of the Cost view: #view=cost opens with a cost per
// token, the TCO bar, the frontier and the tornado; an input set through
// window.w2t.setCost and one clicked (the rental preset) change the numbers;
// the planner runs from its button and reports how long it took; no console
// errors; screenshots at 1280x800 and 360x740 go to the artifacts dir.
//   node --test tests/e2e/cost.test.mjs   (W2T_SITE_DIR, W2T_ARTIFACTS_DIR)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { viewTestSite, artifacts, settle, rect, scrollTo } from './browser.mjs';

// The site and Chromium for this file; openPage(width, height, hash): the calculator, started.
const { openPage, problems: consoleErrors } = viewTestSite(before, after);

async function click(page, r) {
  await page.mouse.move((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2);
  await settle(page, 2);
  await page.mouse.down();
  await settle(page, 2);
  await page.mouse.up();
  await settle(page, 3);
}

let desktop;

test('#view=cost opens with $/M tokens, the TCO bar, the frontier and the tornado', async () => {
  desktop = await openPage(1280, 800, '#view=cost');
  await desktop.waitForFunction(() => window.w2t.view() === 'cost', null, { timeout: 10000 });
  await settle(desktop);
  const s = await desktop.evaluate(() => window.w2t.cost());
  assert.equal(s.narrow, false);
  assert.equal(s.error, null);
  const c0 = s.chips[0];
  assert.equal(c0.hardware_id, 'b200');
  assert.equal(c0.mode, 'owned');
  assert.ok(c0.usd_per_mtok_output > 0 && c0.usd_per_mtok_output < 100, JSON.stringify(c0));
  assert.equal(s.tornado.rows.length, 9);
  for (let i = 1; i < s.tornado.rows.length; ++i)
    assert.ok(s.tornado.rows[i - 1].swing_usd_per_mtok_output >= s.tornado.rows[i].swing_usd_per_mtok_output);
  assert.equal(s.frontier.length, 3);
  assert.ok(s.frontier[0].points.length > 3);
  assert.match(s.summary, /per million output tokens/);
  for (const name of ['cost_tco', 'cost_frontier', 'cost_tornado']) {
    const r = await rect(desktop, name);
    assert.ok(r && r.x1 - r.x0 > 300 && r.x1 <= 1280, `${name}: ${JSON.stringify(r)}`);
  }
  await desktop.screenshot({ path: path.join(artifacts, 'cost-1280.png') });
});

test('setting the electricity price changes $/M tokens by the TCO formula; a bad value is named', async () => {
  const before = (await desktop.evaluate(() => window.w2t.cost())).chips[0];
  const bad = await desktop.evaluate(() => window.w2t.setCost({ usd_per_kwh: 8.06e3 }));
  assert.equal(bad.ok, false);
  assert.equal(bad.error.field, 'usd_per_kwh');
  const ok = await desktop.evaluate(() => window.w2t.setCost({ usd_per_kwh: 0.2 }));
  assert.equal(ok.ok, true);
  await settle(desktop);
  const after = (await desktop.evaluate(() => window.w2t.cost())).chips[0];
  assert.ok(after.usd_per_mtok_output > before.usd_per_mtok_output);
  // $/M output moves by delta($/kWh) x facility kW / (output tok/s x 3600) x 1e6.
  const expected = (0.2 - 0.0806) * before.kw_per_system / (before.system_output_tok_s * 3600) * 1e6;
  assert.ok(Math.abs(after.usd_per_mtok_output - before.usd_per_mtok_output - expected) < 1e-9,
            `${after.usd_per_mtok_output - before.usd_per_mtok_output} vs ${expected}`);
  assert.equal((await desktop.evaluate(() => window.w2t.setCost({ usd_per_kwh: null }))).ok, true);
});

test('clicking Cloud rental switches the preset and the numbers', async () => {
  const r = await rect(desktop, 'cost_rental');
  assert.ok(r && r.y1 <= 800, JSON.stringify(r));
  await click(desktop, r);
  const s = await desktop.evaluate(() => window.w2t.cost());
  assert.equal(s.inputs.economics_preset, 'cloud-rental');
  assert.equal(s.chips[0].mode, 'rental');
  assert.equal(s.tornado.rows.length, 2);  // the rate and the throughput
  assert.equal(s.tornado.rows[0].key, 'usd_per_accelerator_hour');
  await desktop.screenshot({ path: path.join(artifacts, 'cost-rental-1280.png') });
  assert.equal((await desktop.evaluate(() => window.w2t.setCost({ economics_preset: 'owned-hardware' }))).ok, true);
});

test('the planner runs from its button and says how long it took', async () => {
  assert.equal((await desktop.evaluate(() => window.w2t.setCost(
    { baseline_usd_per_1k_tokens: 0.002, baseline_p95_latency_s: 30 }))).ok, true);
  await settle(desktop);
  assert.equal((await desktop.evaluate(() => window.w2t.cost())).plan, null);
  const button = await scrollTo(desktop, 'cost_plan_button', 150, 400, 800, 40);
  assert.ok(button && button.y1 <= 800, JSON.stringify(button));
  await click(desktop, button);
  await desktop.waitForFunction(() => window.w2t.cost().plan_runs === 1, null, { timeout: 30000 });
  const s = await desktop.evaluate(() => window.w2t.cost());
  assert.ok(s.plan.configurations_searched >= 10000, JSON.stringify(s.plan).slice(0, 200));
  assert.ok(s.plan.feasible > 0);
  assert.ok(s.plan.best.length > 0 && s.plan.best[0].meets_targets);
  assert.ok(s.plan_ms > 0);
  assert.equal(s.plan.current, true);
  assert.ok(s.chips[0].cost_vs_baseline > 0);
  console.log(`planner in the browser: ${s.plan.configurations_searched} configurations in ${s.plan_ms.toFixed(1)} ms`);
  // Scroll the outputs to the planner's tables and hover the tornado.
  await scrollTo(desktop, 'cost_plan_table', 900, 400, 800, 40);
  await desktop.screenshot({ path: path.join(artifacts, 'cost-plan-1280.png') });
  const tornado = await scrollTo(desktop, 'cost_tornado', 900, 400, 800, 40);
  await desktop.mouse.move((tornado.x0 + tornado.x1) / 2, tornado.y0 + 12);
  await settle(desktop, 4);
  assert.equal((await desktop.evaluate(() => window.w2t.cost())).tornado_hover, 0);
  await desktop.screenshot({ path: path.join(artifacts, 'cost-tornado-1280.png') });
  await desktop.context().close();
});

test('at 360 px the view is one column that fits the phone', async () => {
  const phone = await openPage(360, 740, '#view=cost');
  await phone.waitForFunction(() => window.w2t.view() === 'cost', null, { timeout: 10000 });
  await settle(phone);
  const s = await phone.evaluate(() => window.w2t.cost());
  assert.equal(s.narrow, true);
  for (const name of ['cost_hardware', 'cost_model', 'cost_input_tokens', 'cost_owned', 'cost_rental']) {
    const r = await rect(phone, name);
    assert.ok(r && r.x1 <= 360 && r.x0 >= 0, `${name}: ${JSON.stringify(r)}`);
  }
  await phone.screenshot({ path: path.join(artifacts, 'cost-360.png') });
  for (const name of ['cost_tco', 'cost_tornado', 'cost_baseline_table']) {
    const r = await scrollTo(phone, name, 180, 400, 740, 40);
    assert.ok(r && r.x1 <= 360 && r.x1 - r.x0 > 250, `${name}: ${JSON.stringify(r)}`);
    await phone.screenshot({ path: path.join(artifacts, `cost-360-${name.slice(5)}.png`) });
  }
  await phone.context().close();
});

test('at equal per-user speed: B200 vs CS-3 vs MI355X on Maverick, the claim beside, at 1280 and 360 px', async () => {
  const chips = { hardware_id: 'b200', accelerator_count: 8, compare_a: 'cerebras-cs3', compare_a_count: 0,
                  compare_b: 'mi355x', compare_b_count: 8, model_id: 'llama-4-maverick', per_user_tok_s: 100 };
  for (const [width, height] of [[1280, 800], [360, 740]]) {
    const page = await openPage(width, height, '#view=cost');
    await page.waitForFunction(() => window.w2t.view() === 'cost', null, { timeout: 10000 });
    assert.equal((await page.evaluate((c) => window.w2t.setCost(c), chips)).ok, true);
    await settle(page);
    const s = await page.evaluate(() => window.w2t.cost());
    assert.equal(s.inputs.per_user_tok_s, 100);
    const eq = s.equal_latency;
    assert.ok(eq && eq.rows.length === 3, JSON.stringify(s.equal_latency_error));
    for (const row of eq.rows) if (row.reachable) assert.ok(row.per_user_tok_s >= 100 - 1e-9, JSON.stringify(row));
    assert.equal(eq.published_claims[0].source, 'unsourced');
    assert.equal(typeof eq.published_claims[0].disagrees, 'boolean');
    const table = await scrollTo(page, 'cost_equal_latency_table', width > 400 ? 900 : 180, 400, height, 40);
    assert.ok(table && table.x1 <= width && table.x0 >= 0, JSON.stringify(table));
    await page.screenshot({ path: path.join(artifacts, `cost-equal-latency-${width}.png`) });
    const claim = await scrollTo(page, 'cost_equal_latency_claim', width > 400 ? 900 : 180, 400, height, 40);
    assert.ok(claim && claim.x1 <= width && claim.x0 >= 0, JSON.stringify(claim));
    await page.screenshot({ path: path.join(artifacts, `cost-equal-latency-claim-${width}.png`) });
    await page.context().close();
  }
});

test('no console errors', () => {
  assert.deepEqual(consoleErrors, []);
});
