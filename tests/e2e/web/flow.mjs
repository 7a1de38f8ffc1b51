// The runner's flow from an empty store (tests/e2e/flow.sh starts the
// server with BASE_URL and SHOT_DIR). Step 1: the overview of an empty store
// is the welcome page (what strideguard is, what stays on the machine, how
// to import, the demo), at desktop and phone width, with no console error.
import { launch, reporter } from './browser.mjs';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE_URL;
const shots = process.env.SHOT_DIR;
mkdirSync(shots, { recursive: true });
const browser = await launch();
const rep = reporter();
const { fail, pass } = rep;
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
for (const [name, viewport] of Object.entries(sizes)) {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(base + '/#/overview');
  try {
    await page.waitForSelector('#welcome', { timeout: 10000 });
    const text = await page.textContent('#welcome');
    for (const want of ['Welcome to strideguard', 'stay on this computer', 'strideguard import', 'strideguard demo'])
      if (!text.includes(want)) fail(`${name}: the welcome page does not say "${want}"`);
    pass(`${name}: an empty store opens on the welcome page`);
  } catch (e) { fail(`${name}: no welcome page on an empty store (${e.message})`); }
  await page.screenshot({ path: `${shots}/flow-welcome-${name}.png` });
  if (errors.length) fail(`${name}: console errors: ${errors.join(' | ')}`);
  await ctx.close();
}
await browser.close();
if (rep.failures) { console.log(`${rep.failures} failure(s)`); process.exit(1); }
