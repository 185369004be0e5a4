// Browser end-to-end test of sharing and embedding: the scenario in the URL
// fragment (a link opens the same view with the same inputs; a bad link is
// reported and changes nothing; no key ever in it), the aria-live summary,
// light and dark themes, exports (JSON, CSV, PNG), and the embed widget: the
// demo blog post served from another origin inserts two iframes that size
// themselves to their views, plus a sandboxed iframe with no storage.
// Screenshots go to the artifacts dir.
//   node --test tests/e2e/share.test.mjs   (W2T_SITE_DIR, W2T_ARTIFACTS_DIR)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { startSite, stopSite, artifacts, siteDir, openPage, openApp, settle } from './browser.mjs';

let site, host, hostDir, browser;
const problems = [];  // console errors, page errors, failed requests, CSP reports

// A page at `url` (dark unless told, downloads allowed); its problems go to `problems`.
const open = (url, options) => openPage(browser, url, {
  colorScheme: 'dark', acceptDownloads: true, problems, label: `${url}: `, ...options,
});

// The calculator at `hash`, started.
const openSite = (hash, options) => openApp(browser, site.url + hash, {
  colorScheme: 'dark', acceptDownloads: true, problems, label: `${site.url + hash}: `, ...options,
});

before(async () => {
  ({ server: site, browser } = await startSite());
  // The blog: the demo post as a host on another origin would serve it, its
  // script tags pointing at the site; and a page with a sandboxed iframe.
  hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'w2t-host-'));
  const post = fs.readFileSync(path.join(siteDir, 'demo/post.html'), 'utf8').replaceAll('src="../embed.js"', `src="${site.url}embed.js"`);
  assert.ok(post.includes(`${site.url}embed.js`), 'the demo post loads embed.js');
  fs.writeFileSync(path.join(hostDir, 'post.html'), post);
  fs.writeFileSync(path.join(hostDir, 'sandboxed.html'),
    '<!doctype html><meta charset="utf-8"><title>sandboxed</title><body style="background:#fff">' +
    `<iframe id="f" sandbox="allow-scripts" style="width:600px;height:500px;border:0" src="${site.url}index.html#view=dpw&embed=1"></iframe>`);
  fs.writeFileSync(path.join(hostDir, 'mount.html'),
    '<!doctype html><meta charset="utf-8"><title>mount</title><body>' +
    '<canvas id="mine" style="width:640px;height:480px;display:block"></canvas><canvas style="width:10px;height:10px"></canvas>' +
    `<script type="module">import { createApp } from '${site.url}w2t.js';` +
    "window.result = createApp({ canvas: document.getElementById('mine'), view: 'inference', scenario: 'hardware_id=h200-sxm' })" +
    ".then((app) => { window.app = app; return 'ok'; }, (e) => String(e.message));" +
    "window.bad = createApp({ canvas: document.querySelectorAll('canvas')[1], scenario: { hardware_id: 'tpu-v99' } })" +
    ".then(() => 'resolved', (e) => String(e.message));</script>");
  host = await startServer(hostDir, 0);
  assert.notEqual(new URL(host.url).origin, new URL(site.url).origin);
});

after(async () => {
  await stopSite({ server: site, browser });
  await host?.close();
  if (hostDir) fs.rmSync(hostDir, { recursive: true, force: true });
});

let desktop;

test('a link opens its view with its inputs, and the address bar follows the inputs', async () => {
  desktop = await openSite('#view=inference&hardware_id=h200-sxm&input_tokens=2048');
  await desktop.waitForFunction(() => window.w2t.view() === 'inference', null, { timeout: 10000 });
  await desktop.waitForFunction(() => window.w2t.inference().result?.input.hardware_id === 'h200-sxm', null, { timeout: 10000 });
  const s = await desktop.evaluate(() => window.w2t.scenario());
  assert.equal(s.view, 'inference');
  assert.equal(s.hardware_id, 'h200-sxm');
  assert.equal(s.input_tokens, 2048);

  assert.equal((await desktop.evaluate(() => window.w2t.setInference({ output_tokens: 300 }))).ok, true);
  await desktop.waitForFunction(() => location.hash.includes('output_tokens=300'), null, { timeout: 5000 });
  const link = await desktop.evaluate(() => location.href);
  assert.match(link, /#view=inference&.*hardware_id=h200-sxm/);
  const before = await desktop.evaluate(() => window.w2t.inference().result);

  // The copied link, opened fresh, shows the same result.
  const other = await openSite(link.slice(link.indexOf('#')));
  await other.waitForFunction(() => window.w2t.inference().result?.input.output_tokens === 300, null, { timeout: 10000 });
  const after = await other.evaluate(() => window.w2t.inference().result);
  assert.equal(after.ttft_ms, before.ttft_ms);
  assert.equal(after.per_user_output_tok_s, before.per_user_output_tok_s);
  assert.deepEqual(await other.evaluate(() => window.w2t.scenario()), await desktop.evaluate(() => window.w2t.scenario()));
  await other.context().close();

  // The Share link button copies the same link.
  const share = await desktop.evaluate(() => window.w2t.widgetRect('share_link'));
  assert.ok(share, 'the header has a Share link button');
  await desktop.mouse.click((share.x0 + share.x1) / 2, (share.y0 + share.y1) / 2);
  await desktop.waitForFunction(() => Boolean(window.w2t.lastSharedLink), null, { timeout: 5000 });
  const shared = await desktop.evaluate(() => window.w2t.lastSharedLink);
  assert.equal(shared.slice(shared.indexOf('#')), await desktop.evaluate(() => location.hash));
});

test('a bad link is reported, names its field, and changes nothing', async () => {
  const before = await desktop.evaluate(() => window.w2t.scenario());
  await desktop.evaluate(() => { location.hash = '#view=inference&hardware_id=tpu-v99'; });
  await desktop.waitForFunction(() => !document.getElementById('notice').classList.contains('hidden'), null, { timeout: 5000 });
  const notice = await desktop.evaluate(() => document.getElementById('notice').textContent);
  assert.match(notice, /hardware_id/);
  assert.deepEqual(await desktop.evaluate(() => window.w2t.scenario()), before);
  // The address bar shows the state that is on screen again.
  await desktop.waitForFunction(() => !location.hash.includes('tpu-v99'), null, { timeout: 5000 });
  assert.equal((await desktop.evaluate(() => window.w2t.applyFragment('view=nowhere'))).error.field, 'view');
});

test('a link never carries an API key, custom headers or credentials in the URL', async () => {
  await desktop.evaluate(() => window.w2t.setView('probe'));
  await desktop.waitForFunction(() => window.w2t.view() === 'probe', null, { timeout: 10000 });
  const set = await desktop.evaluate(() => window.w2t.probe.set({
    api_key: 'sk-test-SECRET-1234', headers: 'X-Extra: HDR-SECRET',
    url: 'https://user:PW-SECRET@api.example.com/v1/chat/completions?key=Q-SECRET&region=eu' }));
  assert.equal(set.ok, true);
  await desktop.waitForFunction(() => location.hash.includes('view=probe') && location.hash.includes('region'), null, { timeout: 5000 });
  const texts = await desktop.evaluate(() => [location.href, JSON.stringify(window.w2t.scenario()),
    window.w2t.fragment(), JSON.stringify(window.w2t.exportJson()), window.w2t.exportCsv(),
    document.getElementById('summary').textContent]);
  for (const text of texts)
    for (const secret of ['SECRET']) assert.ok(!text.includes(secret), `${secret} leaked into: ${text.slice(0, 300)}`);
  assert.equal((await desktop.evaluate(() => window.w2t.applyFragment('view=probe&api_key=sk-x'))).error.field, 'api_key');
  await desktop.evaluate(() => window.w2t.probe.set({ api_key: '', headers: '', url: '' }));
});

test('the screen-reader summary states the result and follows it', async () => {
  await desktop.evaluate(() => window.w2t.setView('dpw'));
  await desktop.waitForFunction(() => /whole .* dies/.test(document.getElementById('summary').textContent), null, { timeout: 5000 });
  const first = await desktop.evaluate(() => document.getElementById('summary').textContent);
  assert.equal(await desktop.evaluate(() => document.getElementById('summary').getAttribute('aria-live')), 'polite');
  assert.match(first, /^\d+ whole /);
  await desktop.evaluate(() => window.w2t.setInput({ die_width_mm: 10, die_height_mm: 10 }));
  await desktop.waitForFunction((t) => document.getElementById('summary').textContent !== t, first, { timeout: 5000 });
  const next = await desktop.evaluate(() => document.getElementById('summary').textContent);
  const dies = Number(next.match(/^(\d+) whole/)[1]);
  assert.equal(dies, (await desktop.evaluate(() => window.w2t.state())).result.gross_dies);
});

test('exports: JSON and CSV of the scenario and results, PNG of the canvas', async () => {
  const j = await desktop.evaluate(() => window.w2t.exportJson());
  assert.equal(j.view, 'dpw');
  assert.equal(j.scenario.die_width_mm, 10);
  assert.equal(j.results.gross_dies, (await desktop.evaluate(() => window.w2t.state())).result.gross_dies);
  const csv = await desktop.evaluate(() => window.w2t.exportCsv());
  assert.match(csv, /^section,field,value\n/);
  assert.match(csv, new RegExp(`\\nresults,gross_dies,${j.results.gross_dies}\\n`));
  const [download] = await Promise.all([desktop.waitForEvent('download', { timeout: 10000 }),
    desktop.evaluate(() => window.w2t.savePng('wafer.png'))]);
  assert.equal(download.suggestedFilename(), 'wafer.png');
  const file = path.join(artifacts, 'export-wafer.png');
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);  // "PNG"
  assert.ok(bytes.length > 5000, `${bytes.length} bytes: a blank canvas would be tiny`);
});

test('light and dark follow the system unless the link says otherwise', async () => {
  const light = await openSite('#view=inference', { colorScheme: 'light' });
  await light.waitForFunction(() => window.w2t.theme() === 'light', null, { timeout: 5000 });
  await settle(light);
  await light.screenshot({ path: path.join(artifacts, 'theme-light-1280.png') });
  const bg = await light.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(249, 249, 251)');
  await light.evaluate(() => { location.hash = '#view=inference&theme=dark'; });
  await light.waitForFunction(() => window.w2t.theme() === 'dark', null, { timeout: 5000 });
  await light.context().close();
  const phone = await openSite('#view=dpw', { width: 360, height: 740, colorScheme: 'light' });
  await phone.waitForFunction(() => window.w2t.theme() === 'light', null, { timeout: 5000 });
  await settle(phone);
  await phone.screenshot({ path: path.join(artifacts, 'theme-light-360.png') });
  await phone.context().close();
});

test('the demo post on another origin: two embeds size themselves to their views', async () => {
  for (const [width, name] of [[1280, 'embed-post-1280.png'], [360, 'embed-post-360.png']]) {
    const post = await open(host.url + 'post.html', { width, height: 900, colorScheme: 'light' });
    await post.waitForFunction(() => document.querySelectorAll('iframe').length === 2, null, { timeout: 10000 });
    const frames = () => post.frames().filter((f) => f.url().startsWith(site.url));
    for (let i = 0; i < 50 && frames().length < 2; ++i) await post.waitForTimeout(100);
    assert.equal(frames().length, 2);
    // A frame out of view draws nothing (the browser throttles it): scroll to each, as a reader would.
    // Each iframe takes the height its view reports (not the 480 px it starts at).
    for (const frame of frames()) {
      const element = await frame.frameElement();
      await element.scrollIntoViewIfNeeded();
      await frame.waitForFunction(() => window.w2t && window.w2t.ready, null, { timeout: 60000 });
      assert.equal(await frame.evaluate(() => window.w2t.embedded()), true);
      assert.equal(await frame.evaluate(() => window.w2t.theme()), 'light', 'the host page is light');
      // Until the iframe is as tall as its view says (480 px may be right for a small view).
      for (let i = 0; i < 150; ++i) {
        const wanted = Math.max(120, Math.ceil(await frame.evaluate(() => window.w2t.contentHeight())));
        const actual = await element.evaluate((f) => f.getBoundingClientRect().height);
        if (Math.abs(actual - wanted) <= 2) break;
        await post.waitForTimeout(100);
      }
      await post.waitForTimeout(1500);  // later reports settle: a height that kept growing would show below
    }
    const heights = await post.evaluate(() => [...document.querySelectorAll('iframe')].map((f) => f.getBoundingClientRect().height));
    for (const frame of frames()) {
      const wanted = Math.ceil(await frame.evaluate(() => window.w2t.contentHeight()));
      const view = await frame.evaluate(() => window.w2t.view());
      const index = view === 'inference' ? 0 : 1;
      assert.ok(Math.abs(heights[index] - Math.max(120, wanted)) <= 2, `${view}: iframe ${heights[index]} px, view wants ${wanted} px`);
      assert.ok(wanted > 200, `${view} reports ${wanted} px`);
    }
    const inferenceFrame = frames().find((f) => f.url().includes('view=inference'));
    assert.equal(await inferenceFrame.evaluate(() => window.w2t.inference().input.hardware_id), 'cerebras-cs3');
    await post.screenshot({ path: path.join(artifacts, name), fullPage: true });
    await post.context().close();
  }
});

test('a message from another window cannot resize an embed or change its theme', async () => {
  const post = await open(host.url + 'post.html', { width: 1280, height: 900 });
  await post.waitForFunction(() => document.querySelectorAll('iframe').length === 2, null, { timeout: 10000 });
  await post.waitForFunction(() => document.querySelector('iframe').style.height !== '480px', null, { timeout: 60000 });
  const before = await post.evaluate(() => document.querySelector('iframe').style.height);
  // The host page itself (not the iframe) posts a height: ignored.
  await post.evaluate(() => window.postMessage({ type: 'w2t:height', height: 3000 }, '*'));
  await post.waitForTimeout(300);
  assert.equal(await post.evaluate(() => document.querySelector('iframe').style.height), before);
  await post.context().close();
});

test('in a sandboxed iframe without storage the embed still works', async () => {
  const page = await open(host.url + 'sandboxed.html', { width: 800, height: 600 });
  let frame;
  for (let i = 0; i < 100 && !frame; ++i) {
    frame = page.frames().find((f) => f.url().startsWith(site.url));
    if (!frame) await page.waitForTimeout(100);
  }
  assert.ok(frame, 'the sandboxed frame loaded');
  await frame.waitForFunction(() => window.w2t && (window.w2t.ready || window.w2t.error), null, { timeout: 60000 });
  assert.equal(await frame.evaluate(() => window.w2t.error), null);
  assert.ok((await frame.evaluate(() => window.w2t.state())).result.gross_dies > 0);
  await page.screenshot({ path: path.join(artifacts, 'embed-sandboxed.png') });
  await page.context().close();
});

test('createApp mounts the calculator on a canvas of another page', async () => {
  const page = await open(host.url + 'mount.html', { width: 800, height: 600 });
  assert.equal(await page.evaluate(() => window.result), 'ok');
  await page.waitForFunction(() => window.app.frames() > 2, null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => window.app.view()), 'inference');
  await page.waitForFunction(() => window.app.inference().result?.input.hardware_id === 'h200-sxm', null, { timeout: 10000 });
  assert.match(await page.evaluate(() => window.app.summary()), /H200/);
  assert.match(await page.evaluate(() => window.bad), /scenario: hardware_id/);
  await page.screenshot({ path: path.join(artifacts, 'mounted.png') });
  await page.context().close();
});

test('no console errors, failed requests or CSP violations anywhere', async () => {
  await desktop.context().close();
  assert.deepEqual(problems, []);
});
