// The runner's profile, race and stored course: the welcome walkthrough's
// steps and the Settings page (#/settings) share these forms. Every write goes
// to the server's own origin with the CSRF token (POST /api/athlete as JSON,
// POST /api/course with the file itself as the body, DELETE /api/course); a
// refused value comes back as the server's message, shown under the form. The
// course travels as the file's content, never as a path: the page cannot make
// the server read a file on the machine.
import { h, api, postJson, postFile, deleteJson } from './dom.js';
import * as fmt from './format.js';

const say = (el, ok, text) => { el.className = ok ? 'msg-ok' : 'msg-err'; el.textContent = text; };

// A number with an "I don't know" box: the box sends null.
function numField(label, name, value, min, max) {
  const input = h('input', { type: 'number', name, min, max, step: 1, value: value ?? '' });
  const unknown = h('input', { type: 'checkbox', name: name + '_unknown', checked: value == null && value !== undefined });
  const sync = () => { input.disabled = unknown.checked; };
  unknown.addEventListener('change', sync);
  sync();
  return h('label', {}, label, input,
    h('span', { class: 'dunno' }, unknown, " I don't know"));
}

const numOrNull = (d, name) => d.get(name + '_unknown') === 'on' || d.get(name) === null || d.get(name) === ''
  ? null : Number(d.get(name));

/** The profile form: sex, birth year, resting and max heart rate. */
export function profileForm(profile, onSaved) {
  const p = profile || {};
  const msg = h('p', { id: 'profile-msg' });
  const f = h('form', { class: 'entry', id: 'profile-form' },
    h('label', {}, 'Sex', h('select', { name: 'sex' },
      h('option', { value: '' }, "I don't know / not saying"),
      h('option', { value: 'female', selected: p.sex === 'female' }, 'female'),
      h('option', { value: 'male', selected: p.sex === 'male' }, 'male'))),
    numField('Birth year', 'birth_year', p.birth_year, 1900, 2030),
    numField('Resting heart rate (bpm)', 'hr_rest', p.hr_rest, 25, 120),
    numField('Max heart rate (bpm)', 'hr_max', p.hr_max, 100, 240),
    h('button', { type: 'submit' }, 'Save profile'), msg);
  f.addEventListener('submit', async ev => {
    ev.preventDefault();
    const d = new FormData(f);
    const body = { sex: d.get('sex') || null, birth_year: numOrNull(d, 'birth_year'),
      hr_rest: numOrNull(d, 'hr_rest'), hr_max: numOrNull(d, 'hr_max') };
    try {
      const r = await postJson('athlete', body);
      say(msg, true, 'Saved.');
      if (onSaved) onSaved(r);
    } catch (e) { say(msg, false, e.message); }
  });
  return f;
}

/** Stores a course file (POST /api/course, the file itself as the body, up to 8 MiB);
 * resolves to GET /api/athlete's document. */
export function putCourse(file) {
  return postFile('course', file);
}

/** The race form: date and, optionally, a course file. */
export function raceForm(athlete, onSaved) {
  const p = (athlete && athlete.profile) || {};
  const msg = h('p', { id: 'race-msg' });
  const f = h('form', { class: 'entry', id: 'race-form' },
    h('label', {}, 'Race date', h('input', { type: 'date', name: 'race_date', value: p.race_date || '' })),
    h('label', {}, 'Course file (GPX, FIT or TCX)', h('input', { type: 'file', name: 'course', accept: '.gpx,.fit,.tcx' })),
    h('button', { type: 'submit' }, 'Save race'), msg);
  f.addEventListener('submit', async ev => {
    ev.preventDefault();
    const d = new FormData(f);
    try {
      let r = await postJson('athlete', { race_date: d.get('race_date') || null });
      const file = d.get('course');
      if (file && file.size) r = await putCourse(file);
      say(msg, true, r.course ? `Saved, with the course ${r.course.name}.` : 'Saved.');
      if (onSaved) onSaved(r);
    } catch (e) { say(msg, false, e.message); }
  });
  return f;
}

/** The stored course: name and points, "Replace" and "Remove". */
export function courseCard(athlete, onChange) {
  const c = athlete && athlete.course;
  const msg = h('p', { id: 'course-msg' });
  const file = h('input', { type: 'file', id: 'course-file', accept: '.gpx,.fit,.tcx' });
  const replace = h('button', { type: 'button', id: 'course-replace' }, c ? 'Replace' : 'Store a course');
  replace.addEventListener('click', async () => {
    if (!file.files.length) { say(msg, false, 'Choose a course file first.'); return; }
    try { onChange(await putCourse(file.files[0])); } catch (e) { say(msg, false, e.message); }
  });
  const remove = c ? h('button', { type: 'button', class: 'secondary', id: 'course-remove' }, 'Remove') : null;
  if (remove) remove.addEventListener('click', async () => {
    if (!confirm('Remove the stored race course?')) return;
    try { onChange(await deleteJson('course')); } catch (e) { say(msg, false, e.message); }
  });
  const what = !c ? h('p', { class: 'muted', id: 'course-info' }, 'No course stored.')
    : h('p', { id: 'course-info' }, h('b', {}, c.name || 'course'), ' — ',
      c.points == null ? h('span', { class: 'msg-err' }, c.problem || 'cannot be read')
        : `${fmt.num(c.points, 0)} points`,
      c.stored ? ', kept in the database' : ', read from its file (store it again to keep it in the database)');
  return h('div', { class: 'card', id: 'course-card' }, h('h2', {}, 'Race course'), what,
    h('div', { class: 'rf-actions' }, file, replace, remove), msg);
}

/** #/settings: the profile, the race and the stored course, editable. */
export async function pageSettings() {
  const A = await api('athlete');
  const slot = h('div', { class: 'card-slot' });
  const drawCourse = a => slot.replaceChildren(courseCard(a, drawCourse));
  drawCourse(A);
  return [h('div', { class: 'card wide', id: 'settings' }, h('h1', {}, 'Settings'),
    h('p', { class: 'muted' }, 'What strideguard knows about you and your race. Leave anything you do not know; ',
      'the pages then say what they could not work out.')),
  h('div', { class: 'card' }, h('h2', {}, 'Profile'), profileForm(A.profile)),
  h('div', { class: 'card' }, h('h2', {}, 'Race'), raceForm(A, drawCourse)),
  slot];
}
