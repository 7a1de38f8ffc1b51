// The dashboard's Import page (tests/e2e/dashboard_import.sh starts an empty
// server with BASE_URL, gives the export zip as ZIP and SHOT_DIR): from an
// empty store, the page is reached from the nav, the zip is set on the file
// input, the progress reaches the end with the damaged and skipped files
// named, the runs appear on the Runs page, and a reload shows the finished
// import again. Any console error fails it. Screenshots at desktop and phone
// width in SHOT_DIR/import-*.png.
import { launch, reporter } from './browser.mjs';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE_URL;
const zip = process.env.ZIP;
const shots = process.env.SHOT_DIR;
mkdirSync(shots, { recursive: true });
const browser = await launch();
const rep = reporter();
const { fail, pass } = rep;

const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await ctx.newPage();
const errors = [];
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', e => errors.push(String(e)));
try {
  await page.goto(base + '/#/overview');
  await page.click('#nav a[data-page="import"]');
  await page.waitForSelector('#import-files', { state: 'attached', timeout: 10000 });
  pass('the Import page is reached from the nav');
  await page.setInputFiles('#import-files', zip);
  await page.waitForSelector('.import-job.done', { timeout: 30000 });
  const prog = await page.$eval('#import-progress', p => [p.value, p.max]);
  if (prog[0] !== prog[1]) fail(`the progress bar ends at ${prog[0]} of ${prog[1]}`);
  const count = await page.textContent('#import-count');
  if (!count.includes('4 of 4 files')) fail(`the count reads "${count}", expected "4 of 4 files"`);
  const summary = await page.textContent('#import-summary');
  if (!/Imported 2 .* damaged 1 .* skipped 1/.test(summary)) fail(`summary: "${summary}"`);
  const damaged = await page.textContent('#import-damaged');
  if (!damaged.includes('export.zip:cut.fit') || !/offset \d+: /.test(damaged))
    fail(`the damaged file is not named with its place: "${damaged}"`);
  const skipped = await page.textContent('#import-skipped');
  if (!skipped.includes('export.zip:notes.txt')) fail(`the skipped file is not named: "${skipped}"`);
  pass('the progress reaches the end, the damaged and skipped files are named with their reasons');
  await page.screenshot({ path: `${shots}/import-desktop.png`, fullPage: true });

  await page.click('#import-runs');
  await page.waitForFunction(() => document.querySelectorAll('#main table tr').length >= 4, null, { timeout: 10000 });
  const rows = await page.$$eval('#main table tr', trs => trs.length - 1);
  if (rows !== 3) fail(`the Runs page lists ${rows} runs, expected 3`);
  else pass('the imported runs are listed on the Runs page');

  await page.goto(base + '/#/import');
  await page.reload();
  await page.waitForSelector('.import-job.done', { timeout: 10000 });
  if (!(await page.textContent('#import-damaged')).includes('export.zip:cut.fit'))
    fail('after a reload the finished import no longer names the damaged file');
  else pass('a reloaded page shows the finished import');
} catch (e) { fail(`import page: ${e.message}`); }
if (errors.length) fail(`console errors: ${errors.join(' | ')}`);
await ctx.close();

const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
const p2 = await phone.newPage();
await p2.goto(base + '/#/import');
try {
  await p2.waitForSelector('.import-job.done', { timeout: 10000 });
  const over = await p2.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (over) fail('phone: the Import page scrolls sideways');
  else pass('phone: the Import page fits the width');
} catch (e) { fail(`phone: ${e.message}`); }
await p2.screenshot({ path: `${shots}/import-phone.png`, fullPage: true });
await phone.close();
await browser.close();
if (rep.failures) { console.log(`${rep.failures} failure(s)`); process.exit(1); }
