// Browser test of the served dashboard (tests/e2e/dashboard.sh starts the
// server on the demo database and runs this with BASE_URL, SHOT_DIR, REPORT).
//
// For every page: it loads with no console errors, its charts render (a
// non-empty canvas or SVG), and a screenshot is saved. Then a journal entry is
// added from the Body page and must persist across a reload; finally the
// clinician report opens with the network cut off.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE_URL;
const shots = process.env.SHOT_DIR;
const report = process.env.REPORT;
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failures = 0;
const fail = msg => { failures++; console.log('FAIL ' + msg); };
const pass = msg => console.log('ok   ' + msg);

const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
const errors = [];
const cspErrors = []; // the server's Content-Security-Policy must not block the dashboard
page.on('console', m => {
  if (m.type() === 'error') errors.push(m.text());
  if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
});
page.on('pageerror', e => errors.push(String(e)));

async function visit(hash, name, { charts = 0, svg = 0 } = {}) {
  errors.length = 0;
  await page.goto(base + '/' + hash);
  await page.waitForFunction(() => !document.querySelector('main p.muted')?.textContent.startsWith('Loading'), null, { timeout: 15000 });
  await page.waitForTimeout(400); // charts draw on the next frame
  const canvases = await page.$$eval('main canvas', cs => cs.filter(c => {
    const g = c.getContext('2d');
    if (!c.width || !c.height) return false;
    const d = g.getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i]) return true;
    return false;
  }).length);
  const svgs = await page.$$eval('main svg', ss => ss.filter(s => s.querySelectorAll('rect,path').length > 0).length);
  const na = await page.$$eval('main .na', e => e.length);
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  if (errors.length) fail(`${name}: console errors: ${errors.join(' | ')}`);
  else pass(`${name}: no console errors`);
  if (na) fail(`${name}: ${na} section(s) say "not available yet"`);
  // every number a person sees is formatted: no raw non-numbers, no 5:60
  const text = await page.$eval('main', m => m.innerText);
  const raw = text.match(/(^|[^a-z])(nan|inf|infinity|undefined|null)([^a-z]|$)|\d:60(?!\d)/im);
  if (raw) fail(`${name}: unformatted value on the page: "${raw[0].trim()}"`);
  // chart legends show a value (the latest) before any hover, never "--"
  const dashes = await page.$$eval('main .u-legend .u-value', vs => vs.filter(v => v.textContent.trim() === '--').length);
  if (dashes) fail(`${name}: ${dashes} chart legend value(s) read "--" before hover`);
  if (canvases < charts) fail(`${name}: ${canvases} non-empty chart canvases, expected >= ${charts}`);
  else if (charts) pass(`${name}: ${canvases} charts drawn`);
  if (svgs < svg) fail(`${name}: ${svgs} SVG figures, expected >= ${svg}`);
}

const first = await page.goto(base + '/');
const csp = (await first.allHeaders())['content-security-policy'] || '';
if (!csp.includes("frame-ancestors 'none'") || !csp.includes("default-src 'self'")) fail('no CSP on the page: ' + csp);
else pass('page served with its CSP');
await visit('#/overview', 'overview', { charts: 1 });
await visit('#/runs', 'runs');
const firstRun = await page.$eval('main table a[href^="#/run/"]', a => a.getAttribute('href')).catch(() => null);
if (!firstRun) fail('runs: no run listed');
else await visit(firstRun, 'run', { charts: 3 });
await visit('#/trunk', 'trunk', { charts: 1 });
await visit('#/body', 'body', { svg: 1 });
await visit('#/prehab', 'prehab');
await visit('#/race', 'race', { charts: 1 });

// A journal entry added from the page persists.
await page.goto(base + '/#/body');
await page.waitForSelector('#journal-form');
const note = 'browser-test ' + Date.now();
await page.selectOption('#journal-form select[name=region]', 'sacroiliac');
await page.selectOption('#journal-form select[name=side]', 'left');
await page.fill('#journal-form input[name=severity]', '4');
await page.fill('#journal-form input[name=note]', note);
await page.click('#journal-form button[type=submit]');
await page.waitForSelector('#journal-msg.msg-ok', { timeout: 5000 }).catch(() => {});
await page.reload();
await page.waitForSelector('#journal-table', { timeout: 10000 }).catch(() => {});
const found = await page.$$eval('#journal-table td', (tds, n) => tds.some(td => td.textContent === n), note);
if (found) pass('journal entry persisted'); else fail('journal entry added from the page did not persist');

if (cspErrors.length) fail('CSP violations: ' + cspErrors.join(' | '));
else pass('no CSP violations on any page');

// The report opens offline.
if (report) {
  const off = await browser.newContext({ offline: true });
  const rp = await off.newPage();
  const rerr = [];
  rp.on('pageerror', e => rerr.push(String(e)));
  rp.on('requestfailed', r => { if (!r.url().startsWith('file:')) rerr.push('request: ' + r.url()); });
  await rp.goto('file://' + report);
  await rp.waitForTimeout(500);
  const h1 = await rp.$eval('h1', e => e.textContent).catch(() => '');
  const figs = await rp.$$eval('svg', ss => ss.length);
  await rp.screenshot({ path: `${shots}/report.png`, fullPage: true });
  if (rerr.length) fail('report offline: ' + rerr.join(' | '));
  else if (!h1 || figs < 1) fail('report offline: no heading or figures');
  else pass('report opens offline with ' + figs + ' figures');
  await off.close();
}

await browser.close();
console.log(`${failures ? 'FAILED' : 'passed'}: browser test, ${failures} failure(s)`);
process.exit(failures ? 1 : 0);
