// Loads the built page N times in headless Chromium (SwiftShader WebGL2) from a
// loopback server and reports the time to the first rendered frame.
//   node bench/page_first_frame.mjs [runs=7]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/serve.mjs';
import { launchChromium } from '../tests/e2e/browser.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] || 7);
const server = await startServer(process.env.W2T_SITE_DIR || path.join(repo, 'build/wasm/site'), 0);
const browser = await launchChromium();
const samples = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.w2t && (window.w2t.ready || window.w2t.error), null, { timeout: 60000 });
    const ms = await page.evaluate(() => window.w2t.firstFrameMs);
    if (ms == null) throw new Error(await page.evaluate(() => window.w2t.error));
    samples.push(ms);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)];
console.log(JSON.stringify({ runs, median_ms: Math.round(median), min_ms: Math.round(samples[0]),
                             max_ms: Math.round(samples[samples.length - 1]) }));
