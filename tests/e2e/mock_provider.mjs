// tests/mock_provider.py --cors on a loopback port of its own, for the browser
// tests that stream from it (probe, compare). Resolves to { child, port, base };
// the mock exits by itself after two idle minutes if a test forgets to kill it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function startMockProvider() {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [path.join(repo, 'tests/mock_provider.py'), '--cors', '--idle-exit', '120'],
                        { stdio: ['ignore', 'pipe', 'inherit'] });
    child.once('error', reject);
    child.stdout.once('data', (d) => {
      const port = Number(String(d).trim());
      resolve({ child, port, base: `http://127.0.0.1:${port}` });
    });
  });
}
