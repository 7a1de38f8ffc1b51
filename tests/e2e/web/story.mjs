// The runner's whole story in one browser session (tests/e2e/story_web.sh
// starts an empty server with BASE_URL and gives ZIP, COURSE_FILE, SHOT_DIR):
// welcome -> import of an export zip with a damaged file -> runs listed ->
// profile and race with a course in Settings -> a shoe added and assigned ->
// pain logged and the red-flag screen answered -> a journal entry edited and
// one deleted -> a run deleted and undone -> reload: all kept. Then every page
// at desktop and phone width is screenshotted (SHOT_DIR/story-PAGE-SIZE.png);
// a page that scrolls sideways on a phone fails. Any console error fails it.
import { launch, reporter } from './browser.mjs';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE_URL;
const shots = process.env.SHOT_DIR;
mkdirSync(shots, { recursive: true });
const browser = await launch();
const rep = reporter();
const { fail, pass } = rep;
const get = async path => (await fetch(base + '/api/' + path)).json();
const T = { timeout: 30000 };

const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
const errors = [];
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', e => errors.push(String(e)));
page.on('dialog', d => d.accept());
let broken = false;
const step = async (what, fn) => {
  if (broken) { fail(`${what}: not reached`); return; }
  try { await fn(); pass(what); } catch (e) { broken = true; fail(`${what}: ${e.message.split('\n')[0]}`); }
};

await step('an empty store opens on the welcome page, whose first step leads to Import', async () => {
  await page.goto(base + '/#/overview');
  await page.waitForSelector('#welcome', T);
  await page.click('#welcome-import');
  await page.waitForSelector('#import-files', { state: 'attached', ...T });
});
await step('the export zip is imported: progress to the end, the damaged file named', async () => {
  await page.setInputFiles('#import-files', process.env.ZIP);
  await page.waitForSelector('.import-job.done', T);
  const [v, max] = await page.$eval('#import-progress', p => [p.value, p.max]);
  if (v !== max) throw new Error(`progress ends at ${v} of ${max}`);
  const damaged = await page.textContent('#import-damaged');
  if (!damaged.includes('cut.fit')) throw new Error('damaged: ' + damaged);
});
await step('the runs appear on the Runs page', async () => {
  await page.click('#import-runs');
  await page.waitForFunction(() => document.querySelectorAll('#main table tr').length >= 4, null, T);
  const n = (await get('runs')).length;
  if (n !== 3) throw new Error(`${n} runs stored, expected 3 (run, hills, the part of cut.fit)`);
});
await step('profile and race with a course file set in Settings', async () => {
  await page.goto(base + '/#/settings');
  await page.waitForSelector('#profile-form', T);
  await page.selectOption('#profile-form select[name=sex]', 'male');
  // a profile never set has every number as "I don't know"
  for (const n of ['birth_year', 'hr_max'])
    if (await page.isChecked(`#profile-form input[name=${n}_unknown]`)) await page.uncheck(`#profile-form input[name=${n}_unknown]`);
  await page.fill('#profile-form input[name=birth_year]', '1980');
  await page.fill('#profile-form input[name=hr_max]', '184');
  await page.click('#profile-form button[type=submit]');
  await page.waitForFunction(() => /Saved/.test(document.querySelector('#profile-msg')?.textContent || ''), null, T);
  await page.fill('#race-form input[name=race_date]', '2030-04-20');
  await page.setInputFiles('#race-form input[name=course]', process.env.COURSE_FILE);
  await page.click('#race-form button[type=submit]');
  await page.waitForFunction(() => /course/.test(document.querySelector('#race-msg')?.textContent || ''), null, T);
  const a = await get('athlete');
  if (!a.course || !a.course.stored) throw new Error('course not stored: ' + JSON.stringify(a.course));
});
await step('a shoe added and assigned to a run', async () => {
  await page.goto(base + '/#/gear');
  await page.waitForSelector('#gear-add', T);
  await page.fill('#gear-add input[name=name]', 'Story shoe');
  await page.click('#gear-save');
  await page.waitForSelector('#gear-list tr[data-shoe]', T);
  const runs = await get('runs');
  const shoe = (await get('gear')).shoes[0];
  await page.selectOption('#assign-run', String(runs[0].id));
  await page.selectOption('#assign-shoe', String(shoe.id));
  await page.click('#assign-save');
  await page.waitForFunction(id => document.querySelector(`#gear-list tr[data-shoe="${id}"]`)?.children[2].textContent.trim() === '1',
    shoe.id, T).catch(async () => {
    // a run dated after today counts for no shoe yet; the assignment is still kept
    const g = await get('gear?today=2100-01-01');
    if (g.shoes[0].runs_assigned !== 1) throw new Error('the run is not assigned');
  });
});
const logPain = async (severity, timing, note) => {
  await page.fill('#journal-form input[name=severity]', String(severity));
  await page.selectOption('#journal-form select[name=timing]', timing);
  await page.fill('#journal-form input[name=note]', note);
  await page.click('#journal-form button[type=submit]');
  await page.waitForFunction(n => [...document.querySelectorAll('#journal-table td')].some(td => td.textContent === n), note, T);
};
await step('pain logged on the Body page', async () => {
  await page.goto(base + '/#/body');
  await page.waitForSelector('#journal-form', T);
  await logPain(3, 'after', 'after the hills');
  await logPain(5, 'during', 'on the long descent');
});
await step('the red-flag screen asked and answered; the card no longer says questions are open', async () => {
  await page.goto(base + '/#/screen');
  await page.waitForSelector('#screen-form', T);
  await page.click('#screen-none');
  await page.click('#screen-save');
  await page.waitForFunction(() => !document.querySelector('#screen-missing'), null, T);
  const c = await get('check');
  if (c.screen_incomplete) throw new Error('the check still says the screen is incomplete');
});
const row = note => page.locator('#journal-table tr', { hasText: note });
await step('a journal entry edited and another deleted', async () => {
  await page.goto(base + '/#/body');
  await page.waitForSelector('#journal-table', T);
  await row('after the hills').locator('button.edit').click();
  await page.waitForSelector('#journal-form button:has-text("Save changes")', T);
  await page.fill('#journal-form input[name=note]', 'after the hills, edited');
  await page.click('#journal-form button[type=submit]');
  await page.waitForFunction(() => [...document.querySelectorAll('#journal-table td')].some(td => td.textContent === 'after the hills, edited'), null, T);
  await row('on the long descent').locator('button.delete').click();
  await page.waitForFunction(() => ![...document.querySelectorAll('#journal-table td')].some(td => td.textContent === 'on the long descent'), null, T);
});
await step('a run deleted and the deletion undone', async () => {
  const runs = await get('runs');
  const id = runs[runs.length - 1].id;
  await page.goto(base + '/#/run/' + id);
  await page.waitForSelector('#run-delete', T);
  await page.click('#run-delete');
  await page.waitForSelector('#runs-undo-btn', T);
  if ((await get('runs')).length !== 2) throw new Error('the run was not deleted');
  await page.click('#runs-undo-btn');
  await page.waitForFunction(async () => (await (await fetch('/api/runs')).json()).length === 3, null, T);
  if (!(await get('runs')).some(r => r.id === id)) throw new Error('the undone run came back with another id');
});
await step('after a reload everything is kept', async () => {
  await page.reload();
  await page.waitForSelector('#main .grid', T);
  const [runs, gear, journal, athlete] = await Promise.all([get('runs'), get('gear'), get('journal'), get('athlete')]);
  if (runs.length !== 3) throw new Error(`${runs.length} runs`);
  if (gear.shoes.length !== 1) throw new Error('shoes: ' + gear.shoes.length);
  const entries = Array.isArray(journal) ? journal : (journal.entries || []);
  const pain = entries.filter(e => e.kind === 'pain').map(e => e.note);
  if (pain.length !== 1 || pain[0] !== 'after the hills, edited') throw new Error('pain notes: ' + JSON.stringify(pain));
  if (!athlete.course || athlete.profile.race_date !== '2030-04-20') throw new Error('race not kept');
});
if (errors.length) fail(`console errors: ${errors.join(' | ')}`);
await ctx.close();

// every page at desktop and phone width
const runs = await get('runs');
const pages = ['overview', 'runs', 'run/' + (runs[0] && runs[0].id), 'body', 'prehab', 'race', 'gear', 'screen', 'ostrc', 'import', 'settings'];
for (const [size, viewport] of Object.entries({ desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } })) {
  const c = await browser.newContext({ viewport });
  const p = await c.newPage();
  const errs = [];
  p.on('pageerror', e => errs.push(String(e)));
  for (const name of pages) {
    try {
      await p.goto(base + '/#/' + name);
      await p.waitForSelector('#main .grid', T);
      await p.waitForTimeout(300);
      const file = name.replace(/\/.*/, '');
      await p.screenshot({ path: `${shots}/story-${file}-${size}.png`, fullPage: true });
      if (size === 'phone' && await p.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1))
        fail(`phone: the ${file} page scrolls sideways`);
    } catch (e) { fail(`${size} ${name}: ${e.message.split('\n')[0]}`); }
  }
  if (errs.length) fail(`${size}: page errors: ${errs.join(' | ')}`);
  else pass(`${size}: every page shown and screenshotted`);
  await c.close();
}
await browser.close();
if (rep.failures) { console.log(`${rep.failures} failure(s)`); process.exit(1); }
