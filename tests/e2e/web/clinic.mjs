// The clinic server's dashboard (tests/e2e/dashboard_clinic.sh starts
// `serve --clinic` with a clinician's one-time code DR_CODE and a runner ann who logged
// lumbar pain, with BASE_URL and PW): the sign-in page when nobody is signed
// in; the clinician lands on the roster, opens ann's dashboard read-only
// (the runner's write controls hidden), records a lumbar finding and assigns
// an exercise from the forms (sent with the session's X-CSRF-Token); ann then
// sees the assignment, labelled as the clinician's, on her Prehab page, and
// uploads a FIT file (FIT) and an export zip (ZIP: a FIT run, a GPX run, a cut
// FIT file, a note) on her Import page: the progress reaches the end with the
// outcome of each file (the cut one named with its place, the note as
// skipped), and the runs appear on her Runs page. The clinician has no Import
// link and no upload control. Any console error fails it.
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
  if (await page.isVisible('#nav a[data-page="import"]')) fail('the clinician has an Import link');
  await page.goto(base + '/#/import');
  await page.waitForSelector('#import-runner-only', { timeout: 30000 });
  if (await page.$('#import-files')) fail('the clinician has an upload control');
  else pass('the clinician has no upload: only the runner uploads');
  if (errors.length) fail(`clinician console errors: ${errors.join(' | ')}`);
  await ctx.close();

  const r = await signedIn('ann');
  await r.page.waitForSelector('#nav:not([hidden]) a[data-page="prehab"]', { timeout: 30000 });
  await r.page.click('#nav a[data-page="prehab"]');
  await r.page.waitForSelector('#plan-assigned', { timeout: 30000 });
  const txt = await r.page.textContent('#plan-assigned');
  if (!/clinician/i.test(txt) || !/3 x 8/.test(txt) || !/slow lowering/.test(txt)) fail(`runner's plan: ${txt}`);
  else pass("the runner's Prehab page shows the clinician's assignment");

  // the runner uploads through the page: a FIT file, then the export zip
  await r.page.click('#nav a[data-page="import"]');
  await r.page.waitForSelector('#import-files', { state: 'attached', timeout: 30000 });
  if (!/clinic/.test(await r.page.textContent('#import-clinic'))) fail('the Import page does not say the files go to the clinic');
  await r.page.setInputFiles('#import-files', process.env.FIT);
  await r.page.waitForSelector('.import-job.done', { timeout: 30000 });
  const one = await r.page.textContent('#import-summary');
  if (!/Imported 1 /.test(one)) fail(`the FIT upload's summary: "${one}"`);
  else pass('the runner uploads a FIT file on the clinic\'s Import page');
  await r.page.setInputFiles('#import-files', process.env.ZIP);
  await r.page.waitForFunction(() => /export\.zip/.test(document.querySelector('.import-job.done h3')?.textContent || ''),
    null, { timeout: 30000 });
  const prog = await r.page.$eval('#import-progress', p => [p.value, p.max]);
  if (prog[0] !== prog[1]) fail(`the progress bar ends at ${prog[0]} of ${prog[1]}`);
  const summary = await r.page.textContent('#import-summary');
  if (!/Imported 1 · duplicates 1 · damaged 1 · skipped 1/.test(summary)) fail(`the zip's summary: "${summary}"`);
  const damaged = await r.page.textContent('#import-damaged');
  if (!damaged.includes('export.zip:cut.fit') || !/offset \d+: /.test(damaged) || !/read in part/.test(damaged))
    fail(`the cut file is not named with its place: "${damaged}"`);
  const skipped = await r.page.textContent('#import-skipped');
  if (!skipped.includes('export.zip:notes.txt')) fail(`the note is not named: "${skipped}"`);
  else pass('the zip\'s progress reaches the end, each file\'s outcome shown');
  await r.page.click('#import-runs');
  await r.page.waitForFunction(() => document.querySelectorAll('#main table tr').length >= 4, null, { timeout: 30000 });
  const rows = await r.page.$$eval('#main table tr', trs => trs.length - 1);
  if (rows !== 3) fail(`the runner's Runs page lists ${rows} runs, expected 3`);
  else pass('the uploaded runs are on the runner\'s Runs page');
  if (r.errors.length) fail(`runner console errors: ${r.errors.join(' | ')}`);
  await r.ctx.close();
} catch (e) { fail(`clinic dashboard: ${e.message}`); }
await browser.close();
if (rep.failures) { console.log(`${rep.failures} failure(s)`); process.exit(1); }
