// The dashboard's Shoes page (tests/e2e/dashboard_gear.sh starts a server on
// a store of a few runs with BASE_URL and SHOT_DIR): reached from the nav; a
// shoe added from the form is listed; a second shoe gets a run assigned from
// the form and its distance on the page is that run's distance; the first is
// retired, the second deleted; a reload keeps it all. Any console error
// fails it. Screenshots at desktop and phone width in SHOT_DIR/gear-*.png.
import { launch, reporter } from './browser.mjs';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE_URL;
const shots = process.env.SHOT_DIR;
mkdirSync(shots, { recursive: true });
const browser = await launch();
const rep = reporter();
const { fail, pass } = rep;
const api = async path => (await fetch(base + '/api/' + path)).json();

const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
const errors = [];
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', e => errors.push(String(e)));
page.on('dialog', d => d.accept());
const addShoe = async (name, opts = {}) => {
  await page.fill('#gear-add input[name=name]', name);
  if (opts.brand) await page.fill('#gear-add input[name=brand]', opts.brand);
  if (opts.retire) await page.fill('#gear-add input[name=retire_km]', String(opts.retire));
  if (opts.usual) await page.check('#gear-add input[name=default]');
  await page.click('#gear-save');
  await page.waitForFunction(n => [...document.querySelectorAll('#gear-list tr[data-shoe] b')].some(b => b.textContent === n),
    name, { timeout: 30000 });
};
try {
  await page.goto(base + '/#/overview');
  await page.click('#nav a[data-page="gear"]');
  await page.waitForSelector('#gear-add', { timeout: 30000 });
  if (!/evidence .* weak/i.test(await page.textContent('#gear-caveat'))) fail('the caveat about shoe lifespan evidence is missing');
  pass('the Shoes page is reached from the nav and says the evidence is weak');

  await addShoe('Pegasus (blue)', { brand: 'Nike', retire: 650, usual: true });
  await addShoe('Racer');
  const added = (await api('gear')).shoes.find(s => s.name === 'Pegasus (blue)');
  if (!added || !added.default || added.retire_km !== 650 || added.brand !== 'Nike') fail(`stored: ${JSON.stringify(added)}`);
  pass('two shoes added from the form are listed');

  const runs = await api('runs');
  const run = runs[runs.length - 1];
  await page.selectOption('#assign-run', String(run.id));
  const racer = (await api('gear')).shoes.find(s => s.name === 'Racer');
  await page.selectOption('#assign-shoe', String(racer.id));
  await page.click('#assign-save');
  await page.waitForFunction(id => {
    const r = document.querySelector(`#gear-list tr[data-shoe="${id}"]`);
    return r && r.children[2].textContent.trim() === '1';
  }, racer.id, { timeout: 30000 });
  const shown = await page.textContent(`#gear-list tr[data-shoe="${racer.id}"] td:nth-child(2)`);
  const want = (run.distance_m / 1000).toFixed(1) + ' km';
  if (shown.trim() !== want) fail(`Racer's distance reads "${shown}", the run is ${want}`);
  else pass('the assigned shoe\'s distance is its run\'s distance');
  await page.screenshot({ path: `${shots}/gear-desktop.png`, fullPage: true });

  const peg = (await api('gear')).shoes.find(s => s.name.startsWith('Pegasus'));
  await page.click(`#gear-list tr[data-shoe="${peg.id}"] button:has-text("Retire")`);
  await page.waitForFunction(id => {
    const r = document.querySelector(`#gear-list tr[data-shoe="${id}"]`);
    return r && /retired/.test(r.textContent);
  }, peg.id, { timeout: 30000 });
  await page.click(`#gear-list tr[data-shoe="${racer.id}"] button:has-text("Delete")`);
  await page.waitForFunction(id => document.querySelector('#gear-list') && !document.querySelector(`#gear-list tr[data-shoe="${id}"]`),
    racer.id, { timeout: 30000 });
  pass('a shoe is retired and another deleted from the page');

  await page.reload();
  await page.waitForSelector('#gear-list', { timeout: 30000 });
  const rows = await page.$$eval('#gear-list tr[data-shoe]', trs => trs.map(t => t.textContent));
  if (rows.length !== 1 || !/retired/.test(rows[0])) fail(`after a reload: ${JSON.stringify(rows)}`);
  else pass('a reload keeps what the page wrote');
} catch (e) { fail(`shoes page: ${e.message}`); }
if (errors.length) fail(`console errors: ${errors.join(' | ')}`);
await ctx.close();

const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
const p2 = await phone.newPage();
try {
  await p2.goto(base + '/#/gear');
  await p2.waitForSelector('#gear-list', { timeout: 30000 });
  const over = await p2.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (over) fail('phone: the Shoes page scrolls sideways');
  else pass('phone: the Shoes page fits the width');
  await p2.screenshot({ path: `${shots}/gear-phone.png`, fullPage: true });
} catch (e) { fail(`phone: ${e.message}`); }
await phone.close();
await browser.close();
if (rep.failures) { console.log(`${rep.failures} failure(s)`); process.exit(1); }
