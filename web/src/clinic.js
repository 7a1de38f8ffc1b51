// The clinic server's pages (serve --clinic; docs/cli.md "serve --clinic"):
// the sign-in, the clinician's roster, a runner's findings and assignments.
// A clinician opens a runner from the roster; every page then fetches that
// runner's data with athlete=ID (dom.js) and shows it read-only (the body's
// `readonly` class hides the runner's own write controls; the clinician's
// forms are marked `keep`). Every string from the API goes through `h`.
import { h, api, postJson, deleteJson, session } from './dom.js';

const REGIONS = [
  ['upper_cervical', 'Upper cervical (atlas–axis)'], ['cervical', 'Cervical'], ['thoracic', 'Thoracic'],
  ['thoracolumbar', 'Thoracolumbar'], ['lumbar', 'Lumbar'], ['lumbosacral', 'Lumbosacral'],
  ['sacroiliac', 'Sacroiliac'], ['hip', 'Hip'],
];
const SIDES = ['left', 'right', 'both', 'central'];
const today = () => new Date().toISOString().slice(0, 10);

/** Asks the server who is signed in: 'local' (no clinic server), 'signin'
 * (nobody signed in) or 'ok' (session filled, CSRF token kept). */
export async function clinicStart() {
  const health = await (await fetch('/api/health')).json();
  if (!health.clinic) return 'local';
  const r = await fetch('/api/me');
  session.clinic = true;
  if (r.status === 401) return 'signin';
  const me = await r.json();
  session.csrf = me.csrf;
  session.role = me.role;
  session.login = me.login;
  if (me.role === 'clinician') {
    session.athlete = sessionStorage.getItem('sg.athlete');
    session.athleteName = sessionStorage.getItem('sg.athleteName') || '';
  }
  return 'ok';
}

/** The sign-in page; reloads the dashboard once signed in. */
export function pageSignIn() {
  const login = h('input', { id: 'signin-login', name: 'login', autocomplete: 'username', required: true });
  const pw = h('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('p', { class: 'msg-err', id: 'signin-msg' });
  const form = h('form', { class: 'card keep', id: 'signin', onsubmit: async ev => {
    ev.preventDefault();
    msg.textContent = '';
    const r = await fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: login.value, password: pw.value }) });
    if (r.ok) { location.hash = '#/'; location.reload(); return; }
    let b = null;
    try { b = await r.json(); } catch { /* non-JSON */ }
    msg.textContent = (b && b.error) || `HTTP ${r.status}`;
  } },
  h('h2', {}, 'Sign in'),
  h('label', {}, 'Login ', login), h('label', {}, 'Password ', pw),
  h('div', { class: 'rf-actions' }, h('button', { type: 'submit', class: 'keep' }, 'Sign in')), msg);
  return h('div', {}, form, pageAccept());
}

/** "I have an invitation code": a new account from a one-time code an admin
 * or clinician gave in person (POST /api/accept), then signed in. A password
 * reset code works the same way with the account's login. */
function pageAccept() {
  const code = h('input', { id: 'accept-code', name: 'code', autocomplete: 'one-time-code', required: true });
  const login = h('input', { id: 'accept-login', name: 'login', autocomplete: 'username', required: true });
  const pw = h('input', { id: 'accept-password', name: 'password', type: 'password', minlength: 12,
    autocomplete: 'new-password', required: true });
  const msg = h('p', { class: 'msg-err', id: 'accept-msg' });
  const post = (path, body) => fetch('/api/' + path, { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return h('form', { class: 'card keep', id: 'accept', onsubmit: async ev => {
    ev.preventDefault();
    msg.textContent = '';
    let r = await post('accept', { code: code.value.trim(), login: login.value, password: pw.value });
    if (r.ok) r = await post('login', { login: login.value, password: pw.value });
    if (r.ok) { location.hash = '#/'; location.reload(); return; }
    let b = null;
    try { b = await r.json(); } catch { /* non-JSON */ }
    msg.textContent = (b && b.error) || `HTTP ${r.status}`;
  } },
  h('h2', {}, 'I have a one-time code'),
  h('p', { class: 'muted' }, 'An invitation or a password reset from your clinic. Choose your login and a password of at least 12 characters.'),
  h('label', {}, 'Code ', code), h('label', {}, 'Login ', login), h('label', {}, 'New password ', pw),
  h('div', { class: 'rf-actions' }, h('button', { type: 'submit', class: 'keep' }, 'Use the code')), msg);
}

/** Opens a runner's dashboard read-only (or, with null, goes back to the roster). */
export function viewRunner(id, name) {
  if (id) {
    sessionStorage.setItem('sg.athlete', String(id));
    sessionStorage.setItem('sg.athleteName', name || '');
  } else {
    sessionStorage.removeItem('sg.athlete');
    sessionStorage.removeItem('sg.athleteName');
  }
  session.athlete = id ? String(id) : null;
  session.athleteName = name || '';
  location.hash = id ? '#/overview' : '#/roster';
}

/** The banner above a runner's pages while a clinician views them. */
export function viewingBanner() {
  if (!session.athlete) return null;
  return h('div', { class: 'card wide viewing', id: 'viewing' },
    h('b', {}, `Viewing ${session.athleteName || 'runner ' + session.athlete} (read-only)`), ' · ',
    h('a', { href: '#/findings', id: 'viewing-findings' }, 'Findings'), ' · ',
    h('a', { href: '#/assignments', id: 'viewing-assignments' }, 'Assignments'), ' · ',
    h('a', { href: `/api/visit?athlete=${encodeURIComponent(session.athlete)}`, target: '_blank', id: 'viewing-visit' }, 'Visit summary (print)'), ' · ',
    h('a', { href: '#/roster', id: 'viewing-back', onclick: ev => { ev.preventDefault(); viewRunner(null); } }, 'Back to the roster'));
}

const trend = t => t === 'worse' ? '↑ worse' : t === 'better' ? '↓ better' : t === 'same' ? '= same' : '–';
const orDash = v => v == null ? '–' : String(v);

/** The roster: the clinic's runners, most in need of attention first. */
export async function pageRoster() {
  session.athlete = null;
  sessionStorage.removeItem('sg.athlete');
  const R = await api('clinic/roster');
  const rows = R.runners.map(r => h('tr', { class: 'link roster-row', 'data-athlete': r.athlete_id,
    onclick: () => viewRunner(r.athlete_id, r.name) },
  h('td', {}, h('a', { href: '#/overview', onclick: ev => { ev.preventDefault(); viewRunner(r.athlete_id, r.name); } }, r.name)),
  h('td', { class: 'tier tier-' + r.tier }, r.tier.replace(/_/g, ' ')),
  h('td', {}, String(r.warning_signs), r.rules.length ? h('div', { class: 'src' }, r.rules.join(', ').replace(/_/g, ' ')) : null),
  h('td', {}, `${r.spike_runs} / ${r.breakdown_runs}`),
  h('td', {}, r.balance_left_pct == null ? '–' : `${r.balance_left_pct.toFixed(1)} % L ${trend(r.asymmetry_trend)}`),
  h('td', {}, r.pain_max_14d == null ? '–' : `${r.pain_max_14d}/10 ${trend(r.pain_trend)}`),
  h('td', {}, r.ostrc_severity == null ? '–' : `${r.ostrc_severity} ${trend(r.ostrc_trend)}`),
  h('td', {}, r.days_to_race == null ? '–' : `${r.days_to_race} d${r.taper ? ' (taper)' : ''}`),
  h('td', {}, orDash(r.last_activity))));
  return h('div', { class: 'card wide', id: 'roster' }, h('h2', {}, 'Your runners'),
    h('p', { class: 'muted' }, R.note),
    R.runners.length ? h('table', {}, h('thead', {}, h('tr', {},
      ['Runner', 'Triage tier', 'Warning signs', 'Spikes / late-run breakdown (28 d)', 'Contact balance', 'Pain (14 d)',
        'OSTRC-O2', 'Race', 'Last activity'].map(t => h('th', {}, t)))), h('tbody', {}, rows))
      : h('p', { class: 'muted' }, 'No runner in your clinic yet: invite one with a code.'));
}

function select(id, options, value) {
  return h('select', { id, name: id }, options.map(([v, label]) =>
    h('option', { value: v, selected: v === value }, label)));
}

/** A runner's findings, and the clinician's form to record one. */
export async function pageFindings() {
  const F = await api('findings');
  const msg = h('span', { class: 'msg-err' });
  const date = h('input', { id: 'finding-date', type: 'date', value: today(), required: true });
  const region = select('finding-region', REGIONS, 'lumbar');
  const side = select('finding-side', SIDES.map(s => [s, s]), 'central');
  const text = h('textarea', { id: 'finding-text', rows: 3, maxlength: 4000, required: true });
  const clinician = session.role === 'clinician';
  const form = clinician ? h('form', { class: 'keep', id: 'finding-form', onsubmit: async ev => {
    ev.preventDefault();
    try {
      await postJson('findings', { date: date.value, region: region.value, side: side.value, text: text.value });
      location.reload();
    } catch (e) { msg.textContent = ' ' + e.message; }
  } }, h('h3', {}, 'Record a finding'), h('label', {}, 'Date ', date), h('label', {}, 'Region ', region),
  h('label', {}, 'Side ', side), h('label', {}, 'Notes ', text),
  h('div', { class: 'rf-actions' }, h('button', { type: 'submit', class: 'keep' }, 'Save'), msg)) : null;
  const list = F.findings.length ? h('table', { id: 'findings' }, h('thead', {}, h('tr', {},
    ['Date', 'Region', 'Side', 'Notes', ''].map(t => h('th', {}, t)))),
  h('tbody', {}, F.findings.map(f => h('tr', {}, h('td', {}, f.date),
    h('td', {}, (REGIONS.find(r => r[0] === f.region) || [0, f.region])[1]), h('td', {}, f.side), h('td', {}, f.text),
    h('td', {}, clinician ? h('button', { type: 'button', class: 'secondary keep', onclick: async () => {
      try { await deleteJson('findings/' + f.id); location.reload(); } catch (e) { msg.textContent = ' ' + e.message; }
    } }, 'Delete') : null)))))
    : h('p', { class: 'muted' }, 'No finding recorded.');
  return [viewingBanner(), h('div', { class: 'card wide' }, h('h2', {}, 'Findings'),
    h('p', { class: 'muted' }, "The clinician's own notes by region and side; strideguard makes no diagnosis."), list, form)];
}

/** A runner's assignments, and the clinician's form to assign an exercise. */
export async function pageAssignments() {
  const A = await api('assignments');
  const clinician = session.role === 'clinician';
  const msg = h('span', { class: 'msg-err' });
  let form = null;
  if (clinician) {
    const L = await api('clinic/exercises');
    const ex = select('assign-exercise', L.exercises.map(e => [e.id, e.name]), L.exercises.length ? L.exercises[0].id : '');
    const dose = h('input', { id: 'assign-dose', required: true, maxlength: 1000, placeholder: 'e.g. 3 × 8 per side' });
    const notes = h('input', { id: 'assign-notes', maxlength: 1000 });
    const from = h('input', { id: 'assign-from', type: 'date', value: today() });
    const to = h('input', { id: 'assign-to', type: 'date' });
    form = h('form', { class: 'keep', id: 'assign-form', onsubmit: async ev => {
      ev.preventDefault();
      try {
        await postJson('assignments', { exercise: ex.value, dose: dose.value, notes: notes.value,
          from: from.value || null, to: to.value || null });
        location.reload();
      } catch (e) { msg.textContent = ' ' + e.message; }
    } }, h('h3', {}, 'Assign an exercise'), h('label', {}, 'Exercise ', ex), h('label', {}, 'Dose ', dose),
    h('label', {}, 'Notes ', notes), h('label', {}, 'From ', from), h('label', {}, 'To ', to),
    h('div', { class: 'rf-actions' }, h('button', { type: 'submit', class: 'keep' }, 'Assign'), msg));
  }
  const list = A.assignments.length ? h('table', { id: 'assignments' }, h('thead', {}, h('tr', {},
    ['Exercise', 'Dose', 'Notes', 'From', 'To', ''].map(t => h('th', {}, t)))),
  h('tbody', {}, A.assignments.map(a => h('tr', {}, h('td', {}, a.exercise_name || a.exercise), h('td', {}, a.dose),
    h('td', {}, a.notes), h('td', {}, a.from), h('td', {}, a.to || 'open'),
    h('td', {}, clinician ? h('button', { type: 'button', class: 'secondary keep', onclick: async () => {
      try { await deleteJson('assignments/' + a.id); location.reload(); } catch (e) { msg.textContent = ' ' + e.message; }
    } }, 'Remove') : null)))))
    : h('p', { class: 'muted' }, 'No exercise assigned.');
  return [viewingBanner(), h('div', { class: 'card wide' }, h('h2', {}, 'Assigned by the clinician'), list, form)];
}

/** The clinician's assignments on the runner's own Prehab page. */
export function assignedCard(plan) {
  const A = plan && plan.clinician_assignments;
  if (!A || !A.length) return null;
  return h('div', { class: 'card wide', id: 'plan-assigned' }, h('h2', {}, 'From your clinician'),
    h('ul', {}, A.map(a => h('li', {}, h('b', {}, a.exercise_name || a.exercise), ` · ${a.dose}`,
      a.notes ? h('div', { class: 'note' }, a.notes) : null))));
}
