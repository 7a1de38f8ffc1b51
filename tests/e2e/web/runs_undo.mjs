// Deleting a run from the dashboard and undoing it (tests/e2e/runs_undo_web.sh
// starts a server on a store of a few runs with BASE_URL): the run page's
// Delete button (after its confirm) removes the run and opens the Runs page,
// which offers Undo; Undo brings the run back under its id and the bar goes;
// a reload keeps it. Any console error fails it.
import { launch, reporter } from './browser.mjs';

const base = process.env.BASE_URL;
const browser = await launch();
const rep = reporter();
const { fail, pass } = rep;
const api = async path => (await fetch(base + '/api/' + path)).json();

const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
const errors = [];
const dialogs = [];
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', e => errors.push(String(e)));
page.on('dialog', d => { dialogs.push(d.message()); d.accept(); });
try {
  const before = await api('runs');
  const run = before[before.length - 1];
  await page.goto(base + '/#/run/' + run.id);
  await page.waitForSelector('#run-delete', { timeout: 30000 });
  await page.click('#run-delete');
  await page.waitForSelector('#runs-undo', { timeout: 30000 });
  if (!dialogs.length) fail('the run was deleted without a confirmation');
  const after = await api('runs');
  if (after.length !== before.length - 1 || after.some(r => r.id === run.id)) fail(`after Delete the API lists ${JSON.stringify(after.map(r => r.id))}`);
  if (await page.$(`a[href="#/run/${run.id}"]`)) fail('the deleted run is still in the Runs table');
  if (!(await page.textContent('#runs-undo')).includes(run.start.slice(0, 10))) fail(`the undo bar does not name the run's day: ${await page.textContent('#runs-undo')}`);
  pass('Delete on the run page removes the run and the Runs page offers Undo');

  await page.click('#runs-undo-btn');
  await page.waitForSelector(`a[href="#/run/${run.id}"]`, { timeout: 30000 });
  if (await page.$('#runs-undo')) fail('the undo bar stays after Undo');
  const back = await api('runs');
  const same = back.find(r => r.id === run.id);
  if (back.length !== before.length || !same || same.distance_m !== run.distance_m || JSON.stringify(same.sources) !== JSON.stringify(run.sources))
    fail(`after Undo: ${JSON.stringify(same)} vs ${JSON.stringify(run)}`);
  const changes = await api('runs/changes');
  if (changes.map(c => c.kind).join() !== 'delete,undo') fail(`change log: ${JSON.stringify(changes)}`);
  pass('Undo brings the run back under its id with its sources');

  await page.reload();
  await page.waitForSelector(`a[href="#/run/${run.id}"]`, { timeout: 30000 });
  if (await page.$('#runs-undo')) fail('after a reload the undo bar is back');
  else pass('a reload keeps the restored run');
} catch (e) { fail(`runs undo: ${e.message}`); }
if (errors.length) fail(`console errors: ${errors.join(' | ')}`);
await ctx.close();
await browser.close();
if (rep.failures) { console.log(`${rep.failures} failure(s)`); process.exit(1); }
