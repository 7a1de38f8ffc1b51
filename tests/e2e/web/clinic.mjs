// The clinic server's dashboard (tests/e2e/dashboard_clinic.sh starts
// `serve --clinic` with a clinician's one-time code DR_CODE and a runner ann who logged
// lumbar pain, with BASE_URL and PW): the sign-in page when nobody is signed
// in; the clinician lands on the roster, opens ann's dashboard read-only
// (the runner's write controls hidden), records a lumbar finding and assigns
// an exercise from the forms (sent with the session's X-CSRF-Token); ann then
// sees the assignment, labelled as the clinician's, on her Prehab page. Any
// console error fails it.
import { launch, reporter } from './browser.mjs';

const base = process.env.BASE_URL;
const pw = process.env.PW;
const browser = await launch();
const rep = reporter();
const { fail, pass } = rep;

async function signedIn(login, code) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', m => {
    // a signed-out page's first GET /api/me is a 401 the browser logs
    if (m.type() === 'error' && !/401/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(base + '/');
  await page.waitForSelector('#signin', { timeout: 30000 });
  if (code) { // a new account from a one-time code, on the same page
    await page.fill('#accept-code', code);
    await page.fill('#accept-login', login);
    await page.fill('#accept-password', pw);
    await page.click('#accept button[type=submit]');
  } else {
    await page.fill('#signin-login', login);
    await page.fill('#signin-password', pw);
    await page.click('#signin button[type=submit]');
  }
  return { ctx, page, errors };
}

try {
  const { ctx, page, errors } = await signedIn('dr.north', process.env.DR_CODE);
  pass('the clinic server opens on the sign-in page; the clinician joins with the one-time code');
  await page.waitForSelector('#roster .roster-row', { timeout: 30000 });
  const names = await page.$$eval('#roster .roster-row td:first-child', tds => tds.map(t => t.textContent));
  if (names.join(',') !== 'ann') fail(`roster: ${names}`);
  else pass('the clinician lands on the roster');
  await page.click('#roster .roster-row a');
  await page.waitForSelector('#viewing', { timeout: 30000 });
  if (!/read-only/.test(await page.textContent('#viewing'))) fail('no read-only banner');
  await page.click('#nav a[data-page="settings"]');
  await page.waitForSelector('#viewing', { timeout: 30000 });
  await page.waitForTimeout(500);
  const visibleWrites = await page.$$eval('main button, main form',
    els => els.filter(e => e.offsetParent !== null && !e.classList.contains('keep')).length);
  if (visibleWrites) fail(`${visibleWrites} write controls visible on the runner's Settings page`);
  else pass("the runner's pages are read-only for the clinician");

  await page.click('#viewing-findings');
  await page.waitForSelector('#finding-form', { timeout: 30000 });
  await page.selectOption('#finding-region', 'lumbar');
  await page.selectOption('#finding-side', 'left');
  await page.fill('#finding-text', 'Tender L4-L5');
  await page.click('#finding-form button[type=submit]');
  await page.waitForSelector('#findings', { timeout: 30000 });
  if (!/Lumbar.*left.*Tender L4-L5/s.test(await page.textContent('#findings'))) fail('finding not listed');
  else pass('a lumbar finding is recorded from the form');

  await page.click('#viewing-assignments');
  await page.waitForSelector('#assign-form', { timeout: 30000 });
  await page.selectOption('#assign-exercise', 'dead_bug');
  await page.fill('#assign-dose', '3 x 8');
  await page.fill('#assign-notes', 'slow lowering');
  await page.click('#assign-form button[type=submit]');
  await page.waitForSelector('#assignments', { timeout: 30000 });
  if (!/3 x 8/.test(await page.textContent('#assignments'))) fail('assignment not listed');
  else pass('an exercise is assigned from the form');
  if (errors.length) fail(`clinician console errors: ${errors.join(' | ')}`);
  await ctx.close();

  const r = await signedIn('ann');
  await r.page.waitForSelector('#nav:not([hidden]) a[data-page="prehab"]', { timeout: 30000 });
  await r.page.click('#nav a[data-page="prehab"]');
  await r.page.waitForSelector('#plan-assigned', { timeout: 30000 });
  const txt = await r.page.textContent('#plan-assigned');
  if (!/clinician/i.test(txt) || !/3 x 8/.test(txt) || !/slow lowering/.test(txt)) fail(`runner's plan: ${txt}`);
  else pass("the runner's Prehab page shows the clinician's assignment");
  if (r.errors.length) fail(`runner console errors: ${r.errors.join(' | ')}`);
  await r.ctx.close();
} catch (e) { fail(`clinic dashboard: ${e.message}`); }
await browser.close();
if (rep.failures) { console.log(`${rep.failures} failure(s)`); process.exit(1); }
