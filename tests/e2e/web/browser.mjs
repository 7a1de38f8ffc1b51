// Shared by the browser tests (dashboard.mjs, flow.mjs): Debian's Chromium
// started headless by playwright-core with the flags this closed network
// needs, and the pass/fail printing.
import { chromium } from 'playwright-core';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function reporter() {
  const r = { failures: 0 };
  r.fail = msg => { r.failures++; console.log('FAIL ' + msg); };
  r.pass = msg => console.log('ok   ' + msg);
  return r;
}
