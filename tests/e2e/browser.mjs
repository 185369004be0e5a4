// Headless Chromium for the browser tests and the page benchmark: Debian's
// /usr/bin/chromium through playwright-core, WebGL2 through SwiftShader, and
// no background connections (this machine's network is closed).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.W2T_CHROMIUM || '/usr/bin/chromium';

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
           '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
}
