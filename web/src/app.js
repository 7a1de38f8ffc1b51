// strideguard dashboard: a small hash-routed app over the local JSON API.
// Every string from the API goes through the DOM builder `h` (dom.js,
// textContent), never innerHTML, so notes typed into the journal cannot
// inject markup.
import { lineChart, barLineChart } from './charts.js';
import { bodyMap, REGIONS } from './body.js';
import * as fmt from './format.js';
import { h, api, NotYet, SignIn, postJson, deleteJson, session } from './dom.js';
import { clinicStart, pageSignIn, pageRoster, pageFindings, pageAssignments, viewingBanner, assignedCard } from './clinic.js';
import { pageSettings, profileForm, raceForm } from './settings.js';
import { triageCard, pageScreen } from './screen.js';
import { pageOstrc } from './ostrc.js';
import { pageImport } from './import.js';
import { pageGear } from './gear.js';

const main = document.getElementById('main');
const unitsSel = document.getElementById('units');
unitsSel.value = localStorage.getItem('sg.units') || 'km';
unitsSel.addEventListener('change', () => {
  localStorage.setItem('sg.units', unitsSel.value);
  route();
});

// ---- units ----------------------------------------------------------------
// Every number on every page is formatted by format.js (the twin of the
// CLI's src/render/format.c): missing values read "not measured".
export const units = {
  get mi() { return unitsSel.value === 'mi'; },
  dist(m, d = 1) { return fmt.distance(m, this.mi, d); },
  distVal(m) { return m == null ? null : m / (this.mi ? fmt.MI_M : 1000); },
  distLabel() { return this.mi ? 'mi' : 'km'; },
  elev(m) { return fmt.elevation(m, this.mi); },
  elevVal(m) { return m == null ? null : this.mi ? m / fmt.FT_M : m; },
  pace(sPerKm) { return fmt.pace(sPerKm, this.mi); },
};
export const dur = s => fmt.duration(s);
const num = (v, d = 0, suffix = '') => fmt.num(v, d, suffix);
const day = iso => iso ? iso.slice(0, 10) : '–';

function notYet(what) {
  return h('div', { class: 'card' }, h('h2', {}, what), h('p', { class: 'na' }, 'Not available yet.'));
}
async function section(title, fn, cls = 'card') {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof NotYet) return notYet(title);
    return h('div', { class: cls }, h('h2', {}, title), h('p', { class: 'msg-err' }, e.message));
  }
}

function kpi(label, value) { return h('div', { class: 'kpi' }, h('b', {}, value), h('span', {}, label)); }
function flagList(flags) {
  if (!flags || !flags.length) return h('p', { class: 'muted' }, 'No flag raised by these rules.');
  return h('div', {}, flags.map(f => h('div', { class: 'flag ' + (f.severity || '') },
    h('b', {}, f.message || f.code),
    f.action || f.what_to_do || f.advice ? h('div', {}, 'What to do: ', f.action || f.what_to_do || f.advice) : null,
    f.evidence ? h('div', { class: 'src' }, typeof f.evidence === 'string' ? f.evidence : JSON.stringify(f.evidence)) : null,
    f.source ? h('div', { class: 'src' }, 'Source: ', f.source) : null)));
}

// ---- pages -------------------------------------------------------------
// First run: an empty store opens on a welcome page instead of empty tables,
// which walks through three skippable steps: import, the profile, the race.
// Each is on the Settings page later.
function welcome() {
  const steps = [];
  const show = i => steps.forEach((s, j) => { s.hidden = j !== i; });
  const next = i => h('button', { type: 'button', class: 'secondary', id: `welcome-skip-${i + 1}`,
    onclick: () => show(i + 1) }, i === 2 ? 'Skip' : 'Skip this step');
  const done = h('p', { id: 'welcome-done' }, 'All set. ', h('a', { href: '#/runs' }, 'See your runs'),
    ' or change any of this on the ', h('a', { href: '#/settings' }, 'Settings'), ' page.');
  steps.push(
    h('section', { class: 'step', id: 'welcome-step-1' }, h('h2', {}, '1 of 3 · Import your files'),
      h('p', {}, h('a', { href: '#/import', id: 'welcome-import' }, 'Bring in FIT, GPX or TCX files, or a Garmin/Strava export'),
        ' in the browser, or from a terminal with ', h('code', {}, 'strideguard import PATH…'), ', and the runs then appear here.'),
      h('div', { class: 'rf-actions' }, next(0))),
    h('section', { class: 'step', id: 'welcome-step-2' }, h('h2', {}, '2 of 3 · About you'),
      h('p', { class: 'muted' }, 'Used for heart-rate zones and training load. Tick "I don\'t know" for anything you do not know.'),
      profileForm(null, () => show(2)), h('div', { class: 'rf-actions' }, next(1))),
    h('section', { class: 'step', id: 'welcome-step-3' }, h('h2', {}, '3 of 3 · Your race'),
      h('p', { class: 'muted' }, 'The date of your marathon and, if you have it, the course file (GPX, FIT or TCX).'),
      raceForm(null, () => show(3)), h('div', { class: 'rf-actions' }, next(2))),
    done);
  show(0);
  return h('div', { class: 'card wide', id: 'welcome' }, h('h1', {}, 'Welcome to strideguard'),
    h('p', {}, 'strideguard reads the files your running watch records and turns them into a spine-and-hip ',
      'protection programme: training load, descent, pain you log, and exercises for the week. ',
      'It describes your training; it does not diagnose or treat, and a watch does not measure spinal load.'),
    h('p', {}, 'Your files and the database stay on this computer; strideguard sends nothing to any online service. ',
      'Just looking? ', h('code', {}, 'strideguard demo'), ' builds a simulated runner and opens this dashboard on it.'),
    ...steps);
}

async function pageOverview() {
  const runs = await api('runs').catch(() => null);
  if (Array.isArray(runs) && !runs.length) return welcome();
  const load = await section('Training load', async () => {
    const L = await api('load?weeks=16');
    const days = L.days || [];
    const xs = days.map(d => Date.parse(d.date) / 1000);
    const card = h('div', { class: 'card wide' }, h('h2', {}, 'Training load'));
    const series = [
      { label: `Distance (${units.distLabel()})`, values: days.map(d => units.distVal(d.distance_m)), bars: true, fmt: v => num(v, 1) },
      { label: 'Fitness (CTL)', values: L.ctl_series || days.map(d => d.ctl ?? null), fmt: v => num(v, 0) },
      { label: 'Fatigue (ATL)', values: L.atl_series || days.map(d => d.atl ?? null), fmt: v => num(v, 0) },
      { label: 'Form (TSB)', values: L.tsb_series || days.map(d => d.tsb ?? null), fmt: v => num(v, 0) },
    ];
    card.append(barLineChart(xs, series, { ylabels: { d: units.distLabel(), load: 'Fitness · fatigue · form' } }));
    const spikes = (L.spikes || []).filter(s => s.category && !['none', 'no_baseline'].includes(s.category));
    card.append(h('h2', {}, 'Session spikes'),
      spikes.length ? h('div', { class: 'table-wrap' }, h('table', {},
        h('tr', {}, ['Date', 'Distance', 'Longest in 30 days', 'Spike', 'Category'].map(t => h('th', {}, t))),
        spikes.map(s => h('tr', {}, h('td', {}, day(s.date)), h('td', {}, units.dist(s.distance_m)),
          h('td', {}, units.dist(s.longest30_m)), h('td', {}, num(s.spike_pct, 0, ' %')), h('td', {}, s.category.replace(/_/g, ' '))))))
        : h('p', { class: 'muted' }, 'No run exceeded the longest run of the previous 30 days by more than 10 %.'),
      h('p', { class: 'note' }, 'Spikes compare each run with the longest run of the 30 days before it (Frandsen et al. 2025).'));
    const weeks = (L.weeks || []).slice(-8);
    card.append(h('h2', {}, 'Weekly ramp'), h('div', { class: 'table-wrap' }, h('table', {},
      h('tr', {}, ['Week', 'Distance', 'Change', 'Monotony', 'Strain'].map(t => h('th', {}, t))),
      weeks.map(w => h('tr', {}, h('td', {}, day(w.week_start)), h('td', {}, units.dist(w.distance_m)),
        h('td', {}, num(w.change_pct, 0, ' %')), h('td', {}, num(w.monotony, 2)), h('td', {}, num(w.strain, 0)))))));
    const acwr = L.acwr_ewma && typeof L.acwr_ewma === 'object' ? L.acwr_ewma : { value: L.acwr_ewma };
    card.append(h('div', { class: 'kpis' }, kpi('Acute:chronic (EWMA, descriptive)', num(acwr.value, 2)),
      kpi('Fitness (CTL)', num(L.ctl, 0)), kpi('Fatigue (ATL)', num(L.atl, 0)), kpi('Form (TSB)', num(L.tsb, 0))),
      h('p', { class: 'note' }, acwr.limitations || 'The acute:chronic ratio is shown as a description only: the evidence for it as an injury predictor is weak.'));
    card.append(h('h2', {}, 'This week: what to do'), flagList(L.flags));
    return card;
  });
  const race = await section('Race day', async () => {
    const R = await api('race');
    const r = R.race || R;
    return h('div', { class: 'card' }, h('h2', {}, 'Toward race day'),
      h('div', { class: 'kpis' }, kpi('Race', day(r.date)), kpi('Weeks to go', num(r.weeks_to_race, 0))),
      flagList(r.flags));
  });
  const triage = await section('When to get checked', async () => triageCard(await api('check')));
  return [load, race, triage];
}

// The newest deletion still in the store's trash, with its Undo (POST
// /api/runs/undo, as `strideguard runs undo`); null when there is none.
async function undoBar() {
  const last = (await api('runs/changes')).filter(c => c.undoable).pop();
  if (!last) return null;
  const msg = h('span', { class: 'msg-err', role: 'alert' });
  return h('div', { class: 'card wide', id: 'runs-undo', role: 'status' },
    `Deleted the run of ${day(last.start)}${last.name ? ` (${last.name})` : ''}. `,
    h('button', { type: 'button', id: 'runs-undo-btn', onclick: async () => {
      try { await postJson('runs/undo', {}); route(); } catch (e) { msg.textContent = ' ' + e.message; }
    } }, 'Undo'), msg);
}

async function pageRuns() {
  return section('Runs', async () => {
    const [runs, bar] = await Promise.all([api('runs'), undoBar()]);
    if (!runs.length) return [bar, h('div', { class: 'card' }, h('h2', {}, 'Runs'), h('p', { class: 'muted' }, 'No runs imported yet. Use `strideguard import`.'))].filter(Boolean);
    return [bar, h('div', { class: 'card wide' }, h('h2', {}, `Runs (${runs.length})`), h('div', { class: 'table-wrap' }, h('table', {},
      h('tr', {}, ['Date', 'Sport', 'Distance', 'Time', 'Climb', 'Device'].map(t => h('th', {}, t))),
      runs.slice().reverse().map(r => h('tr', { class: 'link', onclick: () => { location.hash = '#/run/' + r.id; } },
        h('td', {}, h('a', { href: '#/run/' + r.id }, day(r.start))), h('td', {}, r.sport), h('td', {}, units.dist(r.distance_m)),
        h('td', {}, dur(r.duration_s)), h('td', {}, units.elev(r.ascent_m)), h('td', {}, r.device || '–'))))))].filter(Boolean);
  });
}

async function pageRun(id) {
  return section('Run', async () => {
    const R = await api('runs/' + encodeURIComponent(id));
    const m = R.mechanics || {}, f = R.fatigue || {};
    const delMsg = h('span', { class: 'msg-err', role: 'alert' });
    const del = h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'run-delete', onclick: async () => {
      if (!confirm('Delete this run with its files? The Runs page can undo it.')) return;
      try { await deleteJson('runs/' + encodeURIComponent(id)); location.hash = '#/runs'; } catch (e) { delMsg.textContent = ' ' + e.message; }
    } }, 'Delete run'), delMsg);
    const card = h('div', { class: 'card wide' }, h('h1', {}, `Run ${id}`), del,
      h('div', { class: 'kpis' }, kpi('Distance', units.dist(R.distance_m, 2)), kpi('Moving time', dur(R.moving_time_s)),
        kpi('Pace', units.pace(R.pace_s_per_km)), kpi('Grade-adjusted pace', units.pace(R.gap_pace_s_per_km)),
        kpi('Climb', units.elev(R.ascent_m)), kpi('Descent', units.elev(R.descent_m)),
        kpi('Impact-weighted (strideguard index)', units.dist((R.impact_weighted_km ?? null) === null ? null : R.impact_weighted_km * 1000)),
        kpi('Descent below −8 %', units.elev(R.descent_m_below_8pct))));
    const S = R.series;
    if (S && S.distance_m && S.distance_m.length > 1) {
      const xs = S.distance_m.map(d => units.distVal(d));
      const sync = 'run' + id;
      card.append(h('h2', {}, 'Elevation and grade'), lineChart(xs, [
        { label: units.mi ? 'Elevation (ft)' : 'Elevation (m)', values: S.altitude_m.map(v => units.elevVal(v)), fmt: v => num(v, 0) },
        { label: 'Grade (%)', values: S.grade_pct, scale: 'pct' }], { sync, xlabel: units.distLabel() }));
      if (S.cadence_spm) card.append(h('h2', {}, 'Cadence'), lineChart(xs, [{ label: 'Cadence (steps/min)', values: S.cadence_spm, fmt: v => num(v, 0) }], { sync, xlabel: units.distLabel() }));
      if (S.balance_left_pct) card.append(h('h2', {}, 'Ground contact balance'), lineChart(xs, [{ label: 'Left share (%)', values: S.balance_left_pct }], { sync, xlabel: units.distLabel() }));
      if (S.heart_rate) card.append(h('h2', {}, 'Heart rate'), lineChart(xs, [{ label: 'Heart rate (bpm)', values: S.heart_rate, fmt: v => num(v, 0) }], { sync, xlabel: units.distLabel() }));
    }
    const mech = h('div', { class: 'card' }, h('h2', {}, 'Mechanics on the flat (medians)'), h('table', {},
      [['Cadence', num(m.cadence_spm, 0, ' steps/min')], ['Step length', num(m.step_length_m, 2, ' m')],
       ['Vertical oscillation', num(m.vertical_oscillation_mm, 0, ' mm')], ['Vertical ratio', num(m.vertical_ratio_pct, 1, ' %')],
       ['Ground contact', num(m.stance_time_ms, 0, ' ms')], ['Contact balance (left)', num(m.stance_time_balance_left_pct, 1, ' %')],
       ['Symmetry index', num(m.symmetry_index_pct, 1, ' %')]].map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))));
    const fat = h('div', { class: 'card' }, h('h2', {}, 'Fatigue drift: last vs first quarter'), h('table', {},
      [['Cadence', num(f.cadence_change_pct, 1, ' %')], ['Ground contact', num(f.stance_time_change_pct, 1, ' %')],
       ['Vertical ratio', num(f.vertical_ratio_change_pct, 1, ' %')], ['Balance', num(f.balance_change_pp, 1, ' pp')],
       ['Aerobic decoupling', num(f.decoupling_pct, 1, ' %')]].map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))),
      h('p', { class: 'note' }, 'Compared at matched grade and pace, so hills and pace changes do not look like fatigue.'));
    const bands = h('div', { class: 'card' }, h('h2', {}, 'Time by grade'), h('table', {},
      h('tr', {}, ['Grade', 'Distance', 'Time'].map(t => h('th', {}, t))),
      (R.grade_bands || []).map(b => h('tr', {}, h('td', {}, `${b.from_pct ?? '−∞'} … ${b.to_pct ?? '∞'} %`),
        h('td', {}, units.dist(b.distance_m, 2)), h('td', {}, dur(b.time_s))))));
    const flags = h('div', { class: 'card wide' }, h('h2', {}, 'Flags'), flagList(R.flags));
    return h('div', { class: 'grid' }, card, mech, fat, bands, flags);
  });
}

async function pageTrunk() {
  return section('Trunk', async () => {
    const list = await api('imu');
    if (!list.length) return h('div', { class: 'card' }, h('h2', {}, 'Trunk and pelvis'), h('p', { class: 'muted' }, 'No lower-back sensor recordings imported yet.'));
    const rec = await api('imu/' + list[list.length - 1].id);
    const w = rec.windows || [];
    const t0 = w.length && w[0].t_start != null ? w[0].t_start : 0;
    const xs = w.map((x, i) => x.t_start != null ? (x.t_start - t0) / 60 : i * 0.5);
    const pelvis = rec.pelvis_deg || {};
    return h('div', { class: 'grid' },
      h('div', { class: 'card wide' }, h('h2', {}, 'Trunk and pelvis'),
        h('p', { class: 'muted' }, `Recording ${rec.file || rec.id}`, rec.linked_activity_id ? h('span', {}, ' · during ', h('a', { href: '#/run/' + rec.linked_activity_id }, 'run ' + rec.linked_activity_id)) : null),
        h('div', { class: 'kpis' }, kpi('Cadence', num(rec.cadence_spm, 0, ' spm')),
          kpi('Step time asymmetry', num(rec.step_time_asymmetry_pct, 1, ' %')), kpi('Step regularity', num(rec.step_regularity, 2)),
          kpi('Stride regularity', num(rec.stride_regularity, 2)), kpi('Impact (median)', num(rec.impact_g && rec.impact_g.median, 2, ' g')),
          kpi('Pelvic drop range', num(pelvis.obliquity_range, 1, '°')), kpi('Pelvic rotation range', num(pelvis.rotation_range, 1, '°')))),
      h('div', { class: 'card wide' }, h('h2', {}, 'Symmetry and regularity over the run'),
        lineChart(xs, [{ label: 'Step time asymmetry (%)', values: w.map(x => x.step_time_asymmetry_pct) },
          { label: 'Step regularity', values: w.map(x => x.step_regularity), scale: 'r', fmt: v => num(v, 2) }], { xlabel: 'min' })),
      h('div', { class: 'card wide' }, h('h2', {}, 'Pelvis per window'),
        lineChart(xs, [{ label: 'Obliquity range (°)', values: w.map(x => x.pelvis_deg && x.pelvis_deg.obliquity_range) },
          { label: 'Rotation range (°)', values: w.map(x => x.pelvis_deg && x.pelvis_deg.rotation_range) }], { xlabel: 'min' })),
      h('div', { class: 'card wide' }, h('h2', {}, 'Flags'), flagList(rec.flags), trunkMatching(rec.fatigue)));
  });
}

// Whether the early-late comparison was matched for speed and grade (the
// sensor records neither; a linked run gives them).
function trunkMatching(F) {
  if (!F) return null;
  if (!F.matched)
    return h('p', { class: 'note', id: 'trunk-matching' }, 'Early and late parts of the run are compared without matching speed or grade, which the sensor does not record: a hill or a faster finish can look like fatigue. Link the recording to its run to compare at matched speed and grade.');
  if (!F.matched_strata)
    return h('p', { class: 'note', id: 'trunk-matching' }, 'The early and late parts of the linked run were at different speeds or grades, so no change from fatigue could be compared.');
  return h('p', { class: 'note', id: 'trunk-matching' }, `Early and late parts compared at matched speed and grade from the linked run (${fmt.duration(F.matched_s)} of running).`);
}

async function pageBody() {
  const journal = await section('Journal', async () => api('journal'));
  const entries = Array.isArray(journal) ? journal : (journal && journal.entries) || null;
  const mapCard = h('div', { class: 'card body-map' }, h('h2', {}, 'Pain by region (last 6 weeks)'));
  if (entries) mapCard.append(bodyMap(entries.filter(e => e.kind === 'pain'), 42));
  else mapCard.append(h('p', { class: 'na' }, 'Not available yet.'));
  const triage = await section('When to get checked', async () => triageCard(await api('check')));
  const formSlot = h('div', { class: 'card', id: 'journal-form-card' });
  const showForm = entry => {
    formSlot.replaceChildren(...journalForm(entry));
    if (entry) formSlot.scrollIntoView({ block: 'nearest' });
  };
  showForm(null);
  const listMsg = h('p', { id: 'journal-list-msg' });
  const list = h('div', { class: 'card wide' }, h('h2', {}, 'Journal'),
    h('p', { class: 'journal-links' }, h('a', { href: '#/screen', id: 'journal-screen' }, 'Answer the red-flag questions'),
      ' · ', h('a', { href: '#/ostrc', id: 'journal-ostrc' }, 'Weekly questionnaire (OSTRC-O2)')),
    entries ? h('div', { class: 'table-wrap' }, h('table', { id: 'journal-table' },
      h('tr', {}, ['Date', 'Kind', 'Region', 'Side', 'Severity', 'Timing', 'Note', ''].map(t => h('th', {}, t))),
      entries.slice().reverse().map(e => h('tr', { 'data-id': e.id }, h('td', {}, e.date), h('td', {}, entryKind(e)), h('td', {}, e.region || e.exercise || areaWords(e.area)),
        h('td', {}, e.side || ''), h('td', {}, entrySeverity(e)), h('td', {}, e.timing || ''), h('td', {}, e.note || entrySummary(e)),
        h('td', { class: 'row-actions' },
          e.kind === 'pain' ? h('button', { type: 'button', class: 'secondary edit', onclick: () => showForm(e) }, 'Edit') : null,
          h('button', { type: 'button', class: 'secondary delete', onclick: () => deleteEntry(e, listMsg) }, 'Delete'))))))
      : h('p', { class: 'na' }, 'Not available yet.'), listMsg);
  return [mapCard, triage, formSlot, list];
}

// DELETE /api/journal/ID after the runner confirms.
async function deleteEntry(e, msg) {
  if (!confirm(`Delete the ${entryKind(e)} entry of ${e.date}? This cannot be undone.`)) return;
  try {
    await deleteJson('journal/' + encodeURIComponent(e.id));
    route();
  } catch (err) { msg.className = 'msg-err'; msg.textContent = err.message; }
}

// screen and OSTRC-O2 entries in the journal table
const entryKind = e => e.kind === 'screen' ? 'red-flag answers' : e.kind === 'ostrc' ? 'OSTRC-O2' : e.kind;
const areaWords = a => a ? a.replace(/_/g, ' ') : '';
function entrySeverity(e) {
  if (e.kind === 'ostrc') return e.severity == null ? 'not scored' : num(e.severity, 0, '/100');
  return e.severity == null ? '' : num(e.severity, 0);
}
function entrySummary(e) {
  if (e.kind === 'screen')
    return `${num(e.yes.length, 0)} yes, ${num(e.no.length, 0)} no, ${num(e.unsure.length, 0)} not sure`;
  if (e.kind === 'ostrc' && e.substantial) return 'substantial problem';
  return '';
}

// The pain entry form: a new entry (POST /api/journal) or, given one, its
// edit (POST /api/journal/ID, the use case of `journal edit ID`).
function journalForm(edit) {
  const msg = h('p', { id: 'journal-msg' });
  const today = new Date().toISOString().slice(0, 10);
  const v = edit || {};
  const sel = (name, opts) => h('select', { name }, opts.map(o => h('option', { value: o, selected: v[name] === o }, o.replace(/_/g, ' '))));
  const f = h('form', { class: 'entry', id: 'journal-form' },
    h('label', {}, 'Date', h('input', { type: 'date', name: 'date', value: v.date || today, max: today, required: true })),
    h('label', {}, 'Region', sel('region', REGIONS)),
    h('label', {}, 'Side', sel('side', ['central', 'left', 'right', 'both'])),
    h('label', {}, 'Severity (0–10)', h('input', { type: 'number', name: 'severity', min: 0, max: 10, value: v.severity ?? 3, required: true })),
    h('label', {}, 'When', sel('timing', ['during', 'after', 'next_morning', 'before'])),
    h('label', {}, 'At km', h('input', { type: 'number', name: 'km', min: 0, step: 0.1, value: v.km ?? '' })),
    h('label', {}, h('span', {}, h('input', { type: 'checkbox', name: 'radiates', checked: !!v.radiates }), ' radiates into hip/leg')),
    h('label', {}, h('span', {}, h('input', { type: 'checkbox', name: 'numbness', checked: !!v.numbness }), ' numbness or tingling')),
    h('label', {}, h('span', {}, h('input', { type: 'checkbox', name: 'changed_run', checked: !!v.changed_run }), ' made me slow down / cut the run')),
    h('label', {}, 'Morning stiffness (min)', h('input', { type: 'number', name: 'stiffness_min', min: 0, value: v.stiffness_min ?? '' })),
    h('label', { style: 'grid-column: 1 / -1' }, 'Note', h('input', { type: 'text', name: 'note', maxlength: 500, value: v.note || '' })),
    h('button', { type: 'submit' }, edit ? 'Save changes' : 'Add to journal'),
    edit ? h('button', { type: 'button', class: 'secondary', onclick: () => route() }, 'Cancel') : null, msg);
  f.addEventListener('submit', async ev => {
    ev.preventDefault();
    const d = new FormData(f);
    const body = { kind: 'pain', date: d.get('date'), region: d.get('region'), side: d.get('side'),
      severity: Number(d.get('severity')), timing: d.get('timing'),
      radiates: d.get('radiates') === 'on', numbness: d.get('numbness') === 'on', changed_run: d.get('changed_run') === 'on' };
    if (d.get('km')) body.km = Number(d.get('km'));
    if (d.get('stiffness_min')) body.stiffness_min = Number(d.get('stiffness_min'));
    if (d.get('note')) body.note = d.get('note');
    // what the form does not show is kept as it was
    if (edit) for (const k of ['run_id', 'worse_during', 'eases']) if (edit[k] != null) body[k] = edit[k];
    try {
      await postJson(edit ? 'journal/' + encodeURIComponent(edit.id) : 'journal', body);
      msg.className = 'msg-ok'; msg.textContent = 'Saved.';
      setTimeout(route, 300);
    } catch (e) {
      msg.className = 'msg-err'; msg.textContent = e instanceof NotYet ? 'Saving is not available yet.' : e.message;
    }
  });
  return [h('h2', {}, edit ? `Edit the entry of ${edit.date}` : 'Log pain or stiffness'), f];
}

async function pagePrehab() {
  return section('Prehab', async () => {
    const P = await api('plan');
    const card = h('div', { class: 'card wide' }, h('h2', {}, `Prehab for the 7 days from ${day(P.week_start)}${P.last_day ? ' to ' + day(P.last_day) : ''}`));
    if (P.taper) card.append(h('p', { class: 'muted' }, 'Taper week: lighter sessions.'));
    if (P.return_to_run) card.append(returnToRun(P.return_to_run));
    const runOn = new Map((P.runs || []).map(r => [r.date, r.kind + (r.source && r.source !== 'recorded' ? ' (expected)' : '')]));
    for (const d of P.days || []) {
      const run = d.run || runOn.get(d.date);
      const box = h('div', { class: 'plan-day' }, h('h3', {}, `${d.date}${run ? ' · run: ' + run : ''}`));
      const items = d.items || [];
      if (!items.length) box.append(h('span', { class: 'muted' }, 'Rest from prehab.'));
      for (const it of items) {
        const cb = h('input', { type: 'checkbox', checked: it.done ? true : null });
        cb.addEventListener('change', async () => {
          if (!cb.checked) return;
          try { await postJson('journal', { kind: 'prehab', date: d.date, exercise: it.exercise_id || it.id }); }
          catch (e) { cb.checked = false; alert(e.message); }
        });
        box.append(h('label', {}, cb, ' ', it.name || it.exercise_id, it.dose ? h('span', { class: 'muted' }, ' — ' + it.dose) : null));
      }
      card.append(box);
    }
    const notes = P.notes || P.rationale;
    if (notes) card.append(h('p', { class: 'note' }, [].concat(notes).map(n => typeof n === 'string' ? n : n.text || n.message || '').join(' ')));
    if (P.findings && P.findings.length) card.append(h('p', { class: 'note' }, 'Biased toward: ', P.findings.map(f => f.replace(/_/g, ' ')).join(', '), P.assumed_weaker_side ? ` (extra single-leg work on the ${P.assumed_weaker_side}, the side assumed weaker)` : ''));
    card.append(h('p', { class: 'note' }, 'Prehab builds capacity; it is not a treatment. Stop an exercise if pain radiates into the leg.'));
    const assigned = assignedCard(P);
    return assigned ? [assigned, card] : card;
  });
}

// The walk-run return to running: the stage, the next session and when to
// move on (plan --json's return_to_run; docs/science.md §10).
function returnToRun(R) {
  const s = R.session || {};
  const what = s.walk_min ? `${s.repeats} × (run ${s.run_min} min, walk ${s.walk_min} min), ${s.total_min} min`
    : `run ${s.run_min} min continuously, easy`;
  const why = R.reason === 'break' ? 'after a break' : 'while pain settles';
  const last = R.last_session ? ` Last session ${R.last_session}` +
    (R.last_session_pain_max != null ? `, worst pain ${R.last_session_pain_max}/10` : '') +
    ` (${String(R.decision).replace(/_/g, ' ')}).` : '';
  return h('div', { class: 'plan-rtr', id: 'plan-rtr' },
    h('h3', {}, `Return to running ${why}: stage ${R.stage} of ${R.stages}`),
    h('p', {}, `Next session: ${what}, on a day apart from the last.`),
    h('p', { class: 'note' }, `${R.sessions_at_stage} of ${R.sessions_needed} sessions at this stage met the criterion.${last} ` +
      `Move on after ${R.advance_when.text}.`),
    h('p', { class: 'muted' }, R.source || ''));
}

async function pageRace() {
  return section('Race', async () => {
    const R = await api('race');
    const r = R.race || R;
    const c = r.course || {}, p = r.prepared || {};
    const card = h('div', { class: 'card wide' }, h('h2', {}, 'Race course vs training'),
      h('div', { class: 'kpis' }, kpi('Race day', day(r.date)), kpi('Weeks to go', num(r.weeks_to_race, 0)),
        kpi('Course climb', units.elev(c.ascent_m)), kpi('Course descent', units.elev(c.descent_m)),
        kpi('Longest descent', units.elev(c.max_descent_segment_m)),
        kpi('Largest descent in one run (8 wk)', units.elev(p.max_run_descent_m)),
        kpi('Largest weekly descent (8 wk)', units.elev(p.max_week_descent_m))));
    const S = r.course_profile || R.course_profile;
    if (S && S.distance_m) card.append(h('h2', {}, 'Course profile'), lineChart(S.distance_m.map(d => units.distVal(d)),
      [{ label: units.mi ? 'Elevation (ft)' : 'Elevation (m)', values: S.altitude_m.map(v => units.elevVal(v)), fmt: v => num(v, 0) }], { xlabel: units.distLabel() }));
    card.append(h('h2', {}, 'Before race day'), flagList(r.flags));
    return card;
  });
}

// ---- router ------------------------------------------------------------
const pages = { overview: pageOverview, runs: pageRuns, run: pageRun, trunk: pageTrunk, body: pageBody, prehab: pagePrehab, race: pageRace,
  screen: pageScreen, ostrc: pageOstrc, import: pageImport, gear: () => pageGear(units), settings: pageSettings,
  roster: pageRoster, findings: pageFindings, assignments: pageAssignments };
// Each navigation has a number; a page that finishes loading after the runner
// has moved on (a slow Overview, then a click on Shoes) is dropped, never
// drawn over the page asked for last.
let navigation = 0;
async function route() {
  const mine = ++navigation;
  let [, name = 'overview', arg] = (location.hash || '#/overview').split('/');
  // a clinician starts at the roster, and sees a runner only once one is chosen
  if (session.role === 'clinician' && !session.athlete && name !== 'roster') name = 'roster';
  const page = pages[name] || pageOverview;
  document.body.classList.toggle('readonly', Boolean(session.athlete));
  for (const a of document.querySelectorAll('#nav a'))
    a.classList.toggle('active', a.dataset.page === (name === 'run' ? 'runs' : name));
  main.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  let content;
  try { content = await page(arg); } catch (e) {
    if (e instanceof SignIn) { location.reload(); return; }
    content = h('p', { class: 'msg-err' }, e.message);
  }
  if (mine !== navigation) return;
  const wrap = h('div', { class: 'grid' });
  const banner = name !== 'findings' && name !== 'assignments' ? viewingBanner() : null;
  wrap.append(...[].concat(banner || [], content).filter(Boolean));
  main.replaceChildren(wrap);
  window.dispatchEvent(new Event('resize'));
}

// The clinic server asks for a sign-in first; a clinician's nav leads to the roster.
async function start() {
  let mode = 'local';
  try { mode = await clinicStart(); } catch { /* the local server */ }
  if (mode === 'signin') {
    document.getElementById('nav').hidden = true;
    main.replaceChildren(h('div', { class: 'grid' }, pageSignIn()));
    return;
  }
  if (session.role === 'clinician') {
    const nav = document.getElementById('nav');
    nav.prepend(h('a', { href: '#/roster', 'data-page': 'roster', id: 'nav-roster' }, 'Roster'));
    // only the runner uploads their files (POST /api/import refuses anyone else)
    const imp = nav.querySelector('a[data-page="import"]');
    if (imp) imp.hidden = true;
  }
  window.addEventListener('hashchange', route);
  route();
}
start();
