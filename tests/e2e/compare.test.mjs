// Browser end-to-end test of the compare view: a request log pasted and a log file
// loaded (both parsed in the page: the mock sees no upload), two (then three) loopback
// mock providers (tests/mock_provider.py --cors) with scheduled first-token delays
// and typed-in prices run through public/compare.js (a probe_worker.js of its own)
// into the C++ panel: the order, the p95s and the costs come out as scheduled, a
// provider failing half its requests is said so, and the API keys appear nowhere
// (state, share link, exports, page text, console). Screenshots at 1280x800 and 360x740.
//   node --test tests/e2e/compare.test.mjs   (W2T_SITE_DIR, W2T_ARTIFACTS_DIR)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startSite, stopSite, artifacts, openApp, settle } from './browser.mjs';
import { startMockProvider } from './mock_provider.mjs';

const KEY_A = 'sk-compare-AAA-SECRET';
const KEY_B = 'sk-compare-BBB-SECRET';
const CHAT = 'v1/chat/completions';
const PROMPT_TOKENS = 11, COMPLETION_TOKENS = 7;  // what mock_provider.py reports

// 20 requests: ttft 100..290 ms, latency 1000..2900 ms, 150 tokens for $0.0003 each.
const LOG = Array.from({ length: 20 }, (_, i) => JSON.stringify({
  latency_ms: 1000 + 100 * i, ttft_ms: 100 + 10 * i, prompt_tokens: 100, completion_tokens: 50, cost_usd: 0.0003,
})).join('\n') + '\n';

let server, browser, mock, mockBase;
const consoleAll = [];
const consoleErrors = [];

// The calculator on the compare view; the flaky scenario's HTTP 500s are logged by Chromium on purpose.
const openPage = (width, height) => openApp(browser, server.url + '#view=compare', {
  width, height, acceptDownloads: true, problems: consoleErrors, everything: consoleAll,
  expectedConsole: /status of 500/, network: false, view: 'compare',
});

async function runAndWait(page) {
  const run = await page.evaluate(() => window.w2t.compareView.run());
  assert.equal(run.ok, true, JSON.stringify(run));
  await page.waitForFunction(() => !window.w2t.compare().running, null, { timeout: 60000 });
  return page.evaluate(() => window.w2t.compare());
}

const provider = (i, name, scenario, price) => ({
  [`p${i}_name`]: name, [`p${i}_preset`]: 'Custom', [`p${i}_url`]: `${mockBase}/${scenario}/${CHAT}`,
  [`p${i}_model`]: 'mock', [`p${i}_input_usd_per_mtok`]: price[0], [`p${i}_output_usd_per_mtok`]: price[1],
});
const costPer1k = (inP, outP) =>
  (PROMPT_TOKENS * inP + COMPLETION_TOKENS * outP) / 1e6 / (PROMPT_TOKENS + COMPLETION_TOKENS) * 1000;
const byName = (rows, name) => rows.find((r) => r.name === name);

before(async () => {
  ({ server, browser } = await startSite());
  mock = await startMockProvider();
  mockBase = mock.base;
});

after(async () => {
  await stopSite({ server, browser });
  mock?.child.kill();
});

let desktop;

test('#view=compare opens the view; a pasted log is parsed in the page, a bad one names line and field', async () => {
  desktop = await openPage(1280, 800);
  const s = await desktop.evaluate(() => window.w2t.compare());
  assert.equal(s.providers.length, 0);
  assert.equal(s.log, null);
  const bad = await desktop.evaluate(() => window.w2t.compareView.loadLog('{"latency_ms": 5, "prompt_tokens": 1}\n', 'bad'));
  assert.equal(bad.ok, false);
  assert.equal(bad.error.field, 'log: line 1: completion_tokens');
  const ok = await desktop.evaluate((log) => window.w2t.compareView.loadLog(log, 'pasted'), LOG);
  assert.equal(ok.ok, true, JSON.stringify(ok));
  const after = await desktop.evaluate(() => window.w2t.compare());
  assert.equal(after.log.requests, 20);
  const base = after.rows[0];
  assert.equal(base.kind, 'baseline');
  assert.ok(Math.abs(base.ttft_p95_ms - (100 + 0.95 * 19 * 10)) < 1e-9, String(base.ttft_p95_ms));
  assert.ok(Math.abs(base.usd_per_1k_tokens - 0.0003 / 150 * 1000) < 1e-12);
  // Nothing was sent anywhere: the mock saw no request.
  const stats = await (await fetch(`${mockBase}/stats`)).json();
  assert.equal(stats.requests, 0);
});

test('a log file picked with the "Load file..." button is read in the page', async () => {
  const file = path.join(artifacts, 'compare-log.jsonl');
  fs.writeFileSync(file, LOG);
  // The real button: a click on the canvas, ImGui's Load file..., then the browser's file chooser.
  const r = await desktop.evaluate(() => window.w2t.widgetRect('compare.load_file'));
  assert.ok(r, 'the Load file... button has a rectangle');
  const [chooser] = await Promise.all([
    desktop.waitForEvent('filechooser', { timeout: 10000 }),
    desktop.mouse.click((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2),
  ]);
  await chooser.setFiles(file);
  await desktop.waitForFunction(() => window.w2t.compareView.lastFileLoad() !== null, null, { timeout: 10000 });
  assert.deepEqual(await desktop.evaluate(() => window.w2t.compareView.lastFileLoad()), { ok: true });
  const s = await desktop.evaluate(() => window.w2t.compare());
  assert.equal(s.log.name, 'compare-log.jsonl');
  assert.equal(s.log.requests, 20);
});

test('two providers: the order, p95s and costs come out as scheduled', async () => {
  const set = await desktop.evaluate((o) => window.w2t.setCompare(o), {
    providers: 2, runs: 4, max_tokens: 16, ...provider(1, 'slow', 'ttft-250', [0.5, 1.0]),
    ...provider(2, 'fast', 'ttft-40', [1.0, 2.0]), sort: 'ttft_p95_ms',
  });
  assert.equal(set.ok, true, JSON.stringify(set));
  const keys = await desktop.evaluate((k) => window.w2t.compareView.set({ api_keys: k }), [KEY_A, KEY_B]);
  assert.equal(keys.ok, true, JSON.stringify(keys));
  const s = await runAndWait(desktop);
  const measured = s.rows.filter((r) => r.kind === 'measured');
  assert.deepEqual(measured.map((r) => r.name), ['fast', 'slow']);  // sorted by p95 TTFT
  const fast = byName(s.rows, 'fast'), slow = byName(s.rows, 'slow');
  for (const r of [fast, slow]) assert.deepEqual([r.requests, r.failed], [4, 0]);
  assert.ok(fast.ttft_p95_ms >= 38 && fast.ttft_p95_ms < 200, String(fast.ttft_p95_ms));
  assert.ok(slow.ttft_p95_ms >= 248 && slow.ttft_p95_ms < 1000, String(slow.ttft_p95_ms));
  assert.ok(Math.abs(fast.usd_per_1k_tokens - costPer1k(1.0, 2.0)) < 1e-15);
  assert.ok(Math.abs(slow.usd_per_1k_tokens - costPer1k(0.5, 1.0)) < 1e-15);
  assert.ok(fast.best.includes('ttft_p95_ms'));
  assert.ok(slow.best.includes('usd_per_1k_tokens'), JSON.stringify(slow.best));  // cheaper than the baseline's $0.002
  assert.equal(s.rows[0].kind, 'baseline');
  // Predicted rows sit beside their provider (the Custom preset names a chip).
  assert.equal(s.rows[2].kind, 'predicted');
  assert.match(s.summary, /Lowest p95 TTFT: fast/);
  // Sorting by cost puts slow first.
  assert.equal((await desktop.evaluate(() => window.w2t.setCompare({ sort: 'cost' }))).ok, true);
  const byCost = (await desktop.evaluate(() => window.w2t.compare())).rows.filter((r) => r.kind === 'measured');
  assert.deepEqual(byCost.map((r) => r.name), ['slow', 'fast']);
  await desktop.evaluate(() => window.w2t.setCompare({ sort: 'ttft_p95_ms' }));
  await settle(desktop, 5);
  await desktop.screenshot({ path: path.join(artifacts, 'compare-1280.png') });
});

test('a provider failing half its requests is said so, not averaged away', async () => {
  const set = await desktop.evaluate((o) => window.w2t.setCompare(o), { providers: 3, ...provider(3, 'flaky', 'flaky-20', [1, 1]) });
  assert.equal(set.ok, true, JSON.stringify(set));
  const s = await runAndWait(desktop);
  const flaky = byName(s.rows, 'flaky');
  assert.deepEqual([flaky.requests, flaky.failed], [4, 2]);
  assert.ok(flaky.notes.some((n) => n.startsWith('FAILED 2 of 4 requests')), JSON.stringify(flaky.notes));
  assert.match(s.summary, /1 of 3 providers failed requests/);
  await settle(desktop, 5);
  await desktop.mouse.move(900, 500);
  await desktop.mouse.wheel(0, 800);
  await settle(desktop, 5);
  await desktop.screenshot({ path: path.join(artifacts, 'compare-1280-table.png') });
});

test('the keys appear nowhere: state, share link, exports, page text, storage, console', async () => {
  const texts = await desktop.evaluate(() => [
    JSON.stringify(window.w2t.compare()),
    JSON.stringify(window.w2t.compareView.exportJson()),
    window.w2t.compareView.exportCsv(),
    location.href, document.body.innerText, document.title,
    JSON.stringify(localStorage), JSON.stringify(sessionStorage),
    typeof window.w2t.scenario === 'function' ? JSON.stringify(window.w2t.scenario()) : '',
    typeof window.w2t.fragment === 'function' ? String(window.w2t.fragment()) : '',
    typeof window.w2t.summary === 'function' ? String(window.w2t.summary()) : '',
  ]);
  for (const t of texts) for (const k of [KEY_A, KEY_B]) assert.ok(!t.includes(k), t.slice(0, 300));
  // The share link carries the providers' settings (not their keys): it names the mock.
  const fragment = await desktop.evaluate(() => (typeof window.w2t.fragment === 'function' ? window.w2t.fragment() : ''));
  if (fragment) assert.match(fragment, /view=compare/);
  for (const line of consoleAll) for (const k of [KEY_A, KEY_B]) assert.ok(!line.includes(k), line);
  // The log's text is not part of the state or the exports either.
  for (const t of texts.slice(0, 3)) assert.ok(!t.includes('cost_usd'), t.slice(0, 300));
  // The state shows only that a key is set.
  const s = await desktop.evaluate(() => window.w2t.compare());
  assert.deepEqual(s.providers.map((p) => p.api_key_set), [true, true, false]);
  // CSV export: the header of w2t compare --csv.
  const csv = await desktop.evaluate(() => window.w2t.compareView.exportCsv());
  assert.equal(csv.split('\n')[0],
               'name,kind,requests,failed,ttft_p50_ms,ttft_p95_ms,e2e_p95_ms,output_tok_s_p50,usd_per_1k_tokens,notes');
});

test('360-px phone: one column, bars and table reachable, screenshots', async () => {
  const phone = await openPage(360, 740);
  await phone.evaluate((log) => window.w2t.compareView.loadLog(log, 'pasted'), LOG);
  await phone.evaluate((o) => window.w2t.setCompare(o), {
    providers: 2, runs: 3, ...provider(1, 'slow', 'ttft-250', [0.5, 1.0]), ...provider(2, 'fast', 'ttft-40', [1.0, 2.0]),
  });
  const s = await runAndWait(phone);
  assert.equal(s.narrow, true);
  assert.deepEqual(s.rows.filter((r) => r.kind === 'measured').map((r) => r.name), ['fast', 'slow']);
  await settle(phone, 5);
  await phone.screenshot({ path: path.join(artifacts, 'compare-360.png') });
  const run = await phone.evaluate(() => window.w2t.widgetRect('compare.run'));
  assert.ok(run && run.x1 <= 360, JSON.stringify(run));
  for (const [i, name] of [[1, 'compare-360-bars.png'], [2, 'compare-360-table.png'], [3, 'compare-360-notes.png']]) {
    await phone.mouse.move(180, 400);
    await phone.mouse.wheel(0, 700);
    await settle(phone, 5);
    await phone.screenshot({ path: path.join(artifacts, name) });
    assert.ok(i > 0);
  }
  const table = await phone.evaluate(() => window.w2t.widgetRect('compare.table'));
  assert.ok(table && table.x1 <= 360, JSON.stringify(table));
  await phone.context().close();
});

test('no unexpected console errors', () => {
  assert.deepEqual(consoleErrors, []);
});
