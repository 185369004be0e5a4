// Runs the portable timer (WebAssembly) inside headless Chromium and prints its
// JSON lines, for comparison with the native and node runs (scripts/bench.sh).
//   node bench/browser_bench.mjs [build/wasm/bench]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/serve.mjs';
import { launchChromium } from '../tests/e2e/browser.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] || path.join(repo, 'build/wasm/bench');
const server = await startServer(dir, 0);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}portable.html`);
  await page.waitForFunction(() => window.benchDone, null, { timeout: 300000, polling: 500 });
  for (const line of await page.evaluate(() => window.benchLines)) console.log(line);
} finally {
  await browser.close();
  await server.close();
}
