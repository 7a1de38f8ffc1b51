// #/gear: the runner's shoes (GET /api/gear, the `gear --json` document):
// distance and time per shoe, the retirement reminder, the rotation share, and
// the associations with the caveat the server words; add, edit, retire and
// delete shoes (POST /api/gear, POST/DELETE /api/gear/ID) and say which shoe a
// run used (POST /api/gear/assign). The server does every sum and every rule;
// this page only shows them and sends what the runner typed.
import { h, api, postJson, deleteJson } from './dom.js';
import * as fmt from './format.js';

const STATUS = {
  ok: 'in use',
  due: 'past its retirement reminder',
  due_soon: 'close to its retirement reminder',
  retired: 'retired',
};

function shoeRow(s, units, reload, msg) {
  const act = async (label, fn) => {
    msg.textContent = '';
    try { await fn(); reload(); } catch (e) { msg.textContent = `${label}: ${e.message}`; msg.className = 'msg-err'; }
  };
  const item = { name: s.name, brand: s.brand, model: s.model, sport: s.sport, since: s.since,
    retire_km: s.retire_km, retired: s.retired, default: s.default };
  const reminder = `${units.dist(s.retire_km_in_effect * 1000, 0)}${s.retire_km_is_default ? ' (default)' : ''}`;
  return h('tr', { 'data-shoe': String(s.id) },
    h('td', {}, h('b', {}, s.name), [s.brand, s.model].filter(Boolean).length ? h('div', { class: 'small muted' }, [s.brand, s.model].filter(Boolean).join(' ')) : null,
      s.default ? h('div', { class: 'small' }, `default for ${s.sport}`) : null),
    h('td', { class: 'n' }, units.dist(s.distance_m)),
    h('td', { class: 'n' }, fmt.num(s.runs, 0)),
    h('td', { class: 'n' }, fmt.duration(s.moving_time_s)),
    h('td', { class: 'n' }, fmt.num(s.share_8_weeks_pct, 0, ' %')),
    h('td', {}, reminder, h('div', { class: 'small ' + (s.status === 'due' ? 'msg-err' : 'muted') }, STATUS[s.status] || s.status)),
    h('td', { class: 'n' }, fmt.num(s.pain_entries_after_runs, 0)),
    h('td', { class: 'nw' },
      s.retired
        ? h('button', { type: 'button', class: 'small', onclick: () => act('Back in use', () => postJson('gear/' + s.id, { ...item, retired: false })) }, 'Back in use')
        : h('button', { type: 'button', class: 'small', onclick: () => act('Retire', () => postJson('gear/' + s.id, { ...item, retired: true })) }, 'Retire'),
      ' ',
      h('button', { type: 'button', class: 'small', onclick: () => {
        if (confirm(`Delete ${s.name}? Its runs will have no shoe.`)) act('Delete', () => deleteJson('gear/' + s.id));
      } }, 'Delete')));
}

function addForm(reload) {
  const msg = h('p', { id: 'gear-msg', role: 'status' });
  const form = h('form', { id: 'gear-add', class: 'gear-form', novalidate: true },
    h('label', {}, 'Name ', h('input', { name: 'name', required: true, maxlength: 80, placeholder: 'e.g. Pegasus 40 (blue)' })),
    h('label', {}, 'Brand ', h('input', { name: 'brand', maxlength: 80 })),
    h('label', {}, 'Model ', h('input', { name: 'model', maxlength: 80 })),
    h('label', {}, 'In use since ', h('input', { name: 'since', type: 'date' })),
    h('label', {}, 'Retirement reminder (km) ', h('input', { name: 'retire_km', type: 'number', min: 50, max: 5000, step: 10, placeholder: '700' })),
    h('label', { class: 'check' }, h('input', { name: 'default', type: 'checkbox' }), ' My usual running shoe (counts every run without a shoe of its own)'),
    h('button', { type: 'submit', id: 'gear-save' }, 'Add shoe'), msg);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const f = new FormData(form);
    const body = { name: String(f.get('name') || '').trim(), sport: 'running' };
    for (const k of ['brand', 'model', 'since']) if (f.get(k)) body[k] = String(f.get(k)).trim();
    if (f.get('retire_km')) body.retire_km = Number(f.get('retire_km'));
    if (f.get('default')) body.default = true;
    if (!body.name) { msg.textContent = 'Give the shoe a name.'; msg.className = 'msg-err'; return; }
    try {
      await postJson('gear', body);
      form.reset();
      reload();
    } catch (e) { msg.textContent = e.message; msg.className = 'msg-err'; }
  });
  return h('div', { class: 'card', id: 'gear-add-card' }, h('h2', {}, 'Add a shoe'), form);
}

function assignForm(shoes, runs, units, reload) {
  const msg = h('p', { id: 'assign-msg', role: 'status' });
  const recent = runs.slice(-30).reverse();
  const runSel = h('select', { name: 'run', id: 'assign-run' }, recent.map(r =>
    h('option', { value: String(r.id) }, `${(r.start || '').slice(0, 10)} · ${units.dist(r.distance_m)}${r.name ? ' · ' + r.name : ''}`)));
  const shoeSel = h('select', { name: 'shoe', id: 'assign-shoe' },
    shoes.filter(s => !s.retired).map(s => h('option', { value: String(s.id) }, s.name)),
    h('option', { value: 'none' }, 'no shoe of its own (the usual shoe counts)'));
  const form = h('form', { id: 'gear-assign', class: 'gear-form' },
    h('label', {}, 'Run ', runSel), h('label', {}, 'Shoe ', shoeSel),
    h('button', { type: 'submit', id: 'assign-save' }, 'Save'), msg);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    try {
      await postJson('gear/assign', { run_id: Number(runSel.value), gear_id: shoeSel.value === 'none' ? null : Number(shoeSel.value) });
      reload();
    } catch (e) { msg.textContent = e.message; msg.className = 'msg-err'; }
  });
  return h('div', { class: 'card', id: 'gear-assign-card' }, h('h2', {}, 'Which shoe did a run use?'),
    recent.length ? form : h('p', { class: 'muted' }, 'No runs yet: import your files first.'));
}

export async function pageGear(units) {
  const [G, runs] = await Promise.all([api('gear'), api('runs').catch(() => [])]);
  const reload = () => { window.dispatchEvent(new HashChangeEvent('hashchange')); };
  const msg = h('p', { class: 'msg-err', role: 'status' });
  const shoes = G.shoes || [];
  const list = h('div', { class: 'card wide', id: 'gear-list' }, h('h2', {}, 'Shoes'),
    shoes.length
      ? h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Shoe'), h('th', { class: 'n' }, 'Distance'), h('th', { class: 'n' }, 'Runs'),
          h('th', { class: 'n' }, 'Time'), h('th', { class: 'n' }, 'Share, 8 weeks'), h('th', {}, 'Retirement reminder'),
          h('th', { class: 'n' }, 'Pain entries after runs'), h('th', {}, ''))),
        h('tbody', {}, shoes.map(s => shoeRow(s, units, reload, msg)))))
      : h('p', { class: 'muted' }, 'No shoes yet. Add the shoes you run in below; every run then counts for its shoe.'),
    G.runs_without_shoe ? h('p', { class: 'small muted', id: 'gear-unassigned' }, `${fmt.num(G.runs_without_shoe, 0)} runs have no shoe (none assigned and no usual shoe).`) : null,
    msg,
    h('p', { class: 'note', id: 'gear-caveat' }, G.caveat));
  return [list, addForm(reload), assignForm(shoes, Array.isArray(runs) ? runs : [], units, reload)];
}
