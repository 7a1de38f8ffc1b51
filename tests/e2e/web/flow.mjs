// The runner's flow from an empty store (tests/e2e/flow.sh starts the
// server with BASE_URL, SHOT_DIR and COURSE_FILE). Step 1: the overview of an
// empty store is the welcome page (what strideguard is, what stays on the
// machine, how to import, the demo), at desktop and phone width, with no
// console error. Then, at desktop width: the walkthrough sets the profile
// (with an "I don't know") and the race with a course file; the journal's
// pain entries are logged, one edited and one deleted; a reload shows all of
// it stored (Settings, the journal), with screenshots of Settings.
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

// ---- the walkthrough, Settings and the journal (desktop) ----
{
  const ctx = await browser.newContext({ viewport: sizes.desktop });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  page.on('dialog', d => d.accept());
  const step = async (what, fn) => {
    try { await fn(); pass(what); } catch (e) { fail(`${what}: ${e.message.split('\n')[0]}`); }
  };
  await page.goto(base + '/#/overview');
  await step('welcome step 1 links to the import page and can be skipped', async () => {
    await page.waitForSelector('#welcome-step-1:not([hidden])', { timeout: 10000 });
    const href = await page.getAttribute('#welcome-import', 'href');
    if (href !== '#/import') throw new Error('import link is ' + href);
    await page.click('#welcome-skip-1');
    await page.waitForSelector('#welcome-step-2:not([hidden])', { timeout: 5000 });
  });
  await step('welcome step 2 saves the profile with "I don\'t know" for the resting HR', async () => {
    await page.selectOption('#profile-form select[name=sex]', 'female');
    await page.fill('#profile-form input[name=birth_year]', '1986');
    await page.check('#profile-form input[name=hr_rest_unknown]');
    await page.fill('#profile-form input[name=hr_max]', '300');
    await page.click('#profile-form button[type=submit]');
    // the browser holds an out-of-range number back (the server would say 400)
    await page.waitForSelector('#profile-form input[name=hr_max]:invalid', { timeout: 5000 });
    if (!await page.isVisible('#welcome-step-2')) throw new Error('a max HR of 300 left step 2');
    await page.fill('#profile-form input[name=hr_max]', '186');
    await page.click('#profile-form button[type=submit]');
    await page.waitForSelector('#welcome-step-3:not([hidden])', { timeout: 5000 });
  });
  await step('welcome step 3 saves the race date and the course file', async () => {
    await page.fill('#race-form input[name=race_date]', '2030-04-20');
    await page.setInputFiles('#race-form input[name=course]', process.env.COURSE_FILE);
    await page.click('#race-form button[type=submit]');
    await page.waitForSelector('#welcome-done:not([hidden])', { timeout: 10000 });
  });
  const logPain = async (severity, timing, note) => {
    await page.fill('#journal-form input[name=severity]', String(severity));
    await page.selectOption('#journal-form select[name=timing]', timing);
    await page.fill('#journal-form input[name=note]', note);
    await page.click('#journal-form button[type=submit]');
    await page.waitForFunction(n => [...document.querySelectorAll('#journal-table td')].some(td => td.textContent === n),
      note, { timeout: 5000 });
  };
  await page.goto(base + '/#/body');
  await step('two pain entries logged on the Body page', async () => {
    await page.waitForSelector('#journal-form', { timeout: 10000 });
    await logPain(2, 'after', 'first note');
    await logPain(4, 'during', 'second note'); // another timing: not a duplicate
  });
  const row = note => page.locator('#journal-table tr', { hasText: note });
  await step('a journal entry edited', async () => {
    await row('first note').locator('button.edit').click();
    await page.waitForSelector('#journal-form button:has-text("Save changes")', { timeout: 5000 });
    const sev = await page.inputValue('#journal-form input[name=severity]');
    if (sev !== '2') throw new Error('the edit form shows severity ' + sev);
    await page.fill('#journal-form input[name=severity]', '6');
    await page.fill('#journal-form input[name=note]', 'first note, edited');
    await page.click('#journal-form button[type=submit]');
    await page.waitForFunction(() => [...document.querySelectorAll('#journal-table td')].some(td => td.textContent === 'first note, edited'),
      null, { timeout: 5000 });
  });
  await step('a journal entry deleted after confirming', async () => {
    await row('second note').locator('button.delete').click();
    await page.waitForFunction(() => ![...document.querySelectorAll('#journal-table td')].some(td => td.textContent === 'second note'),
      null, { timeout: 5000 });
  });
  await page.reload();
  await step('after a reload the journal holds the edit and not the deleted entry', async () => {
    await page.waitForSelector('#journal-table', { timeout: 10000 });
    const notes = await page.$$eval('#journal-table tr', trs => trs.slice(1).map(tr => tr.cells[6].textContent));
    if (notes.length !== 1 || notes[0] !== 'first note, edited') throw new Error('journal notes: ' + JSON.stringify(notes));
    const r = await row('first note, edited').textContent();
    if (!r.includes('6')) throw new Error('severity not kept: ' + r);
  });
  await page.goto(base + '/#/settings');
  await step('Settings shows the stored profile, race and course', async () => {
    await page.waitForSelector('#course-info', { timeout: 10000 });
    if (await page.inputValue('#profile-form select[name=sex]') !== 'female') throw new Error('sex not kept');
    if (await page.inputValue('#profile-form input[name=birth_year]') !== '1986') throw new Error('birth year not kept');
    if (!await page.isChecked('#profile-form input[name=hr_rest_unknown]')) throw new Error('resting HR is not "I don\'t know"');
    if (await page.inputValue('#profile-form input[name=hr_max]') !== '186') throw new Error('max HR not kept');
    if (await page.inputValue('#race-form input[name=race_date]') !== '2030-04-20') throw new Error('race date not kept');
    const c = await page.textContent('#course-info');
    if (!c.includes('course.gpx') || !/\d+ points/.test(c) || !c.includes('kept in the database')) throw new Error('course: ' + c);
  });
  await page.screenshot({ path: `${shots}/flow-settings-desktop.png`, fullPage: true });
  await step('Settings removes the course', async () => {
    await page.click('#course-remove');
    await page.waitForFunction(() => document.querySelector('#course-info')?.textContent === 'No course stored.', null, { timeout: 5000 });
    await page.setInputFiles('#course-file', process.env.COURSE_FILE);
    await page.click('#course-replace');
    await page.waitForFunction(() => document.querySelector('#course-info')?.textContent.includes('course.gpx'), null, { timeout: 5000 });
  });
  await page.setViewportSize(sizes.phone);
  await page.reload();
  await page.waitForSelector('#course-info', { timeout: 10000 });
  await page.screenshot({ path: `${shots}/flow-settings-phone.png`, fullPage: true });
  if (errors.length) fail(`console errors: ${errors.join(' | ')}`);
  await ctx.close();
}
await browser.close();
if (rep.failures) { console.log(`${rep.failures} failure(s)`); process.exit(1); }
