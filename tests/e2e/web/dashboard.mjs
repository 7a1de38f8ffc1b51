// Browser test of the served dashboard (tests/e2e/dashboard.sh starts the
// server on the demo database and runs this with BASE_URL, SHOT_DIR, REPORT).
//
// For every page: it loads with no console errors, its charts render (a
// non-empty canvas or SVG), and a screenshot is saved. Then a journal entry is
// added from the Body page and must persist across a reload; finally the
// clinician report opens with the network cut off.
//
// The red-flag screen and OSTRC-O2 (issue #13), on a second server that this
// script starts on SCREEN_DB (a few runs and one pain entry, nothing
// answered) with SG_CLI, and restarts: the triage card says the questions are
// not yet answered (never "nothing flagged"); the form asks every question
// the API has; "yes" to saddle numbness shows the emergency card; after a
// restart of the server the answers are still selected and the card still
// says emergency; "No to all remaining" fills only the unanswered; an
// OSTRC-O2 week saved from the form shows its score in the list and chart.
import { launch, reporter } from './browser.mjs';
import { mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';

const base = process.env.BASE_URL;
const shots = process.env.SHOT_DIR;
const report = process.env.REPORT;
mkdirSync(shots, { recursive: true });

const browser = await launch();
const rep = reporter();
const { fail, pass } = rep;

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
// issue #13: the trunk page says whether early and late were matched for speed and grade
const matching = await page.$eval('#trunk-matching', e => e.textContent).catch(() => null);
if (matching && /speed/.test(matching)) pass('trunk: says whether the fatigue comparison was matched');
else fail('trunk: no word on matching speed and grade');
await visit('#/body', 'body', { svg: 1 });
await visit('#/prehab', 'prehab');
// issue #13: the plan is a rolling 7 days from today, not "the week of"
const planHead = await page.$eval('main h2', e => e.textContent).catch(() => '');
if (/7 days from/.test(planHead) && !/week of/i.test(planHead)) pass('prehab: headed as the 7 days from today');
else fail(`prehab: heading "${planHead}"`);
await visit('#/race', 'race', { charts: 1 });
await visit('#/screen', 'screen');
await visit('#/ostrc', 'ostrc');

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

// ---- the red-flag screen and OSTRC-O2, on their own store ----------------
const screenDb = process.env.SCREEN_DB, cli = process.env.SG_CLI;
let sbase = null;
let server = null;
// a server on the kernel's free port (as tests/e2e/lib/serve.sh starts
// them): its address is read from the line it prints when it listens
async function startServer() {
  server = spawn(cli, ['--db', screenDb, 'serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  sbase = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the screen server did not start')), 60000);
    server.stdout.on('data', d => {
      out += d;
      const m = out.match(/^strideguard dashboard: (http:\/\/127\.0\.0\.1:\d+)\//m);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.once('exit', () => { clearTimeout(timer); reject(new Error('the screen server exited: ' + out)); });
  });
  server.stdout.resume();
}
async function stopServer() {
  const done = new Promise(r => server.once('exit', r));
  server.kill('SIGTERM');
  await done;
  server = null;
}
const NOTHING = /nothing flagged|all clear(?!-)|no red flags?\b|no warning sign (was found|in what)/i;
if (!screenDb || !cli) fail('SCREEN_DB and SG_CLI are needed for the screen test');
else try {
  await startServer();
  errors.length = 0;
  // the card before any answer
  await page.goto(sbase + '/#/overview');
  await page.waitForSelector('#triage-card', { timeout: 15000 });
  const card0 = await page.$eval('#triage-card', e => e.innerText);
  const check0 = await (await fetch(sbase + '/api/check')).json();
  const nq = check0.screen.questions.length;
  if (!/not yet answered/i.test(card0)) fail('triage card does not say the questions are not yet answered: ' + card0);
  else pass('triage card: questions not yet answered');
  if (!card0.includes(`${check0.unanswered.length} questions not yet answered`)) fail(`triage card does not count the ${check0.unanswered.length} unanswered questions`);
  const main0 = await page.$eval('main', m => m.innerText);
  if (NOTHING.test(main0)) fail('the overview reassures with questions unanswered: ' + main0.match(NOTHING)[0]);
  else pass('no "nothing flagged" with questions unanswered');
  // the form, from the card's button
  await page.click('#triage-card a#screen-open');
  await page.waitForSelector('#screen-form', { timeout: 10000 });
  const shown = await page.$$eval('#screen-form fieldset.rf', fs => fs.length);
  if (shown !== nq || nq < 20) fail(`screen form shows ${shown} questions, the API has ${nq}`);
  else pass(`screen form asks all ${nq} questions`);
  const texts = await page.$$eval('#screen-form fieldset.rf legend', ls => ls.map(l => l.textContent));
  if (!check0.screen.questions.every(q => texts.includes(q.question))) fail('a question text differs from the API');
  const groups = await page.$$eval('#screen-form h3', hs => hs.length);
  if (groups < 3) fail(`questions not grouped (${groups} group headings)`);
  // every radio has a label tied to it
  const unlabelled = await page.$$eval('#screen-form input[type=radio]', rs => rs.filter(r => !r.labels || !r.labels.length).length);
  if (unlabelled) fail(`${unlabelled} radio buttons without a label`);
  else pass('every answer has its label');
  // keyboard: Tab into the first question's answers, arrow to "No"
  await page.focus('#rf-saddle_numbness-yes');
  await page.keyboard.press('ArrowRight');
  const kb = await page.$eval('#rf-saddle_numbness-no', r => r.checked);
  if (!kb) fail('arrow keys do not move between Yes / No / Not sure');
  else pass('answers are keyboard accessible');
  // yes to saddle numbness, save: the emergency card
  await page.check('#rf-saddle_numbness-yes');
  await page.click('#screen-save');
  await page.waitForSelector('#triage-card.emergency[role=alert]', { timeout: 10000 });
  const check1 = await (await fetch(sbase + '/api/check')).json();
  const card1 = await page.$eval('#triage-card', e => e.innerText);
  if (check1.tier !== 'emergency' || !card1.includes(check1.advice)) fail('emergency card without the API\'s advice: ' + card1);
  else pass('"yes" to saddle numbness shows the emergency card with its advice');
  if (!card1.includes(`${nq - 1} questions not yet answered`)) fail('after one answer the card does not count the rest: ' + card1);
  await page.screenshot({ path: `${shots}/screen-emergency.png`, fullPage: true });
  // restart the server on the same store and reload
  await stopServer();
  await startServer();
  await page.goto(sbase + '/#/screen');
  await page.reload();
  await page.waitForSelector('#screen-form', { timeout: 10000 });
  const kept = await page.$eval('#rf-saddle_numbness-yes', r => r.checked);
  const still = await page.$('#triage-card.emergency[role=alert]');
  if (!kept) fail('the saddle-numbness answer is not selected after a restart');
  else if (!still) fail('the card is not emergency after a restart');
  else pass('answers survive a server restart (selected, card still emergency)');
  // "No to all remaining" fills only the unanswered ones
  await page.click('#screen-none');
  const filled = await page.$$eval('#screen-form fieldset.rf', fs => fs.map(f => {
    const c = f.querySelector('input:checked');
    return c ? c.value : 'none';
  }));
  if (filled.filter(v => v === 'no').length !== nq - 1 || filled[0] !== 'yes') fail('"No to all remaining" changed an answer or left one: ' + filled.join(','));
  else pass('"No to all remaining" fills only the unanswered');
  await page.click('#screen-save');
  await page.waitForFunction(() => !document.querySelector('#screen-missing'), null, { timeout: 10000 }).catch(() => {});
  const check2 = await (await fetch(sbase + '/api/check')).json();
  if (check2.screen_incomplete || check2.tier !== 'emergency') fail(`after answering all: incomplete=${check2.screen_incomplete} tier=${check2.tier}`);
  else if (await page.$('#screen-missing')) fail('the card still says questions are missing');
  else pass('all answered: the card no longer counts missing questions');

  // OSTRC-O2: a week from the form, its score in the list and the chart
  await page.goto(sbase + '/#/ostrc');
  await page.waitForSelector('#ostrc-form', { timeout: 10000 });
  await page.check('#ostrc-area-lower_back');
  await page.check('#ostrc-q1-0');
  const skipped = await page.$$eval('#ostrc-form fieldset.oq[disabled]', fs => fs.length);
  if (skipped !== 3) fail(`"full participation without problems" should end the questionnaire (${skipped} skipped)`);
  await page.check('#ostrc-q1-3');
  const skipped3 = await page.$$eval('#ostrc-form fieldset.oq[disabled]', fs => fs.map(f => f.dataset.q).join(','));
  if (skipped3 !== '2,3') fail(`"cannot participate" should skip questions 2 and 3, skipped ${skipped3}`);
  else pass('OSTRC-O2 skip logic in the form');
  await page.check('#ostrc-q1-2');
  await page.check('#ostrc-q2-2');
  await page.check('#ostrc-q3-1');
  await page.check('#ostrc-q4-2');
  await page.click('#ostrc-save');
  await page.waitForSelector('#ostrc-table td.sev', { timeout: 10000 }).catch(() => {});
  const sev = await page.$$eval('#ostrc-table td.sev', tds => tds.map(t => t.textContent));
  if (!sev.includes('53')) fail('the saved OSTRC-O2 week does not show severity 53: ' + sev.join(','));
  else pass('OSTRC-O2 week saved: severity 53 in the list');
  await page.waitForTimeout(400);
  const chartTitle = await page.$eval('main', m => m.innerText.includes('OSTRC-O2 severity (Clarsen 2020)'));
  const drawn = await page.$$eval('#ostrc-chart canvas', cs => cs.filter(c => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i]) return true;
    return false;
  }).length);
  const legend = await page.$$eval('#ostrc-chart .u-legend .u-value', vs => vs.map(v => v.textContent.trim()));
  if (!chartTitle || !drawn) fail('no OSTRC-O2 severity chart');
  else if (!legend.includes('53')) fail('the chart legend does not show the week: ' + legend.join(','));
  else pass('OSTRC-O2 chart drawn with the week');
  await page.screenshot({ path: `${shots}/ostrc-week.png`, fullPage: true });
  if (errors.length) fail('screen/OSTRC pages: console errors: ' + errors.join(' | '));
} catch (e) {
  fail('screen test: ' + (e && e.stack || e));
} finally {
  if (server) await stopServer();
}

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
console.log(`${rep.failures ? 'FAILED' : 'passed'}: browser test, ${rep.failures} failure(s)`);
process.exit(rep.failures ? 1 : 0);
