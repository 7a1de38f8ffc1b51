// The Import page (#/import, issue #15): drop or pick activity files, a
// folder, or a Garmin/Strava export zip. Each file is sent as it is on disk
// (the browser streams it; nothing is read into this page) to
// POST /api/import, which imports it in the background with the same use
// case as `strideguard import`; GET /api/import reports the job, so a
// reloaded page picks it up again. One file at a time, in the order given.
// On the clinic server (serve --clinic) a signed-in runner uploads the same
// way, into their own data only, with the session's X-CSRF-Token; a
// clinician viewing a runner gets no upload control (the server refuses them).
// Every string from the server goes through `h` (textContent).
import { h, api, postFile, session } from './dom.js';
import * as fmt from './format.js';

const POLL_MS = 400;
const sleep = ms => new Promise(r => setTimeout(r, ms));
const count = (n, one, many) => `${fmt.num(n, 0)} ${n === 1 ? one : many}`;

// The job's lists, worded as `strideguard import` words them.
function damagedLine(d) {
  const what = d.duplicate_of ? ` (damaged copy of run ${d.duplicate_of}: not stored)`
    : d.stored_partial_as ? ` (read in part: stored what was read as run ${d.stored_partial_as})`
    : ' (read in part: not stored)';
  return h('li', {}, h('b', {}, d.file), ': ', d.error, what);
}
function fileList(id, title, items, line) {
  if (!items || !items.length) return null;
  return h('div', { id }, h('h3', {}, title), h('ul', { class: 'import-files' }, items.map(line)));
}

/** The report of one job (GET /api/import). */
function jobView(job) {
  const total = job.files_total, done = job.files_done || 0;
  const bar = h('progress', { id: 'import-progress', max: total || 1 });
  if (job.state === 'finished') { bar.max = 1; bar.value = 1; }
  else if (total != null) bar.value = Math.min(done, total);
  let line;
  if (job.state === 'receiving') line = `Sending ${job.upload}: ${fmt.num(job.bytes_received / 1048576, 1, ' MB')}`;
  else if (job.state === 'importing' && total == null) line = `Counting the files in ${job.upload}…`;
  else line = `${fmt.num(done, 0)} of ${fmt.num(total ?? done, 0)} files`;
  const finished = job.state === 'finished';
  const kids = [
    h('h3', {}, finished ? `Finished: ${job.upload}` : `Importing ${job.upload}`),
    bar,
    h('p', { id: 'import-count' }, line, !finished && job.current ? h('span', { class: 'muted' }, ` · last read: ${job.current}`) : null),
  ];
  if (job.state !== 'receiving')
    kids.push(h('p', { id: 'import-summary' },
      `Imported ${fmt.num(job.imported, 0)} · duplicates ${fmt.num(job.duplicates, 0)} · damaged ${fmt.num(job.damaged, 0)} · ` +
      `skipped ${fmt.num(job.skipped, 0)} (not activities) · failed ${fmt.num(job.failed, 0)}` +
      (job.imu_recordings ? ` · lower-back recordings ${fmt.num(job.imu_recordings, 0)}` : '')));
  if (job.error) kids.push(h('p', { class: 'msg-err' }, job.error));
  kids.push(
    fileList('import-damaged', 'Damaged files', job.damaged_files, damagedLine),
    fileList('import-failed', 'Files that could not be read', job.failed_files, f => h('li', {}, h('b', {}, f.file), ': ', f.error)),
    fileList('import-skipped', 'Skipped (not activities)', job.skipped_files, f => h('li', {}, h('b', {}, f.file), ': ', f.reason)));
  if (job.more_files_not_named) kids.push(h('p', { class: 'muted' }, `and ${count(job.more_files_not_named, 'more file', 'more files')} not named here`));
  if (finished && job.imported + job.damaged > 0) kids.push(h('p', {}, h('a', { href: '#/runs', id: 'import-runs' }, 'See your runs')));
  return h('div', { class: finished ? 'import-job done' : 'import-job' }, kids);
}

// Every file under a dropped folder (DataTransfer entries), or the files.
async function droppedFiles(dt) {
  const entries = [...(dt.items || [])].map(i => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (!entries.length) return [...dt.files];
  const out = [];
  const walk = async e => {
    if (e.isFile) { out.push(await new Promise((ok, no) => e.file(ok, no))); return; }
    const reader = e.createReader();
    for (;;) {
      const batch = await new Promise((ok, no) => reader.readEntries(ok, no));
      if (!batch.length) break;
      for (const c of batch) await walk(c);
    }
  };
  for (const e of entries) await walk(e);
  return out;
}

// What the page says about where the files go.
function whereTheyGo() {
  if (!session.clinic)
    return h('p', {}, 'The files are read on this computer by the strideguard server, as ', h('code', {}, 'strideguard import'),
      ' reads them: damaged and skipped files are named with the reason. Nothing is sent anywhere else.');
  return h('p', { id: 'import-clinic' }, "The files are sent to your clinic's strideguard server and imported into your own data only, as ",
    h('code', {}, 'strideguard import'), ' reads them: damaged and skipped files are named with the reason. ',
    'Your clinicians see the runs as they see the rest of what you share with them. One import at a time; up to 1 GB a file.');
}

export async function pageImport() {
  if (session.clinic && session.role !== 'runner')
    return h('div', { class: 'card wide', id: 'import' }, h('h2', {}, 'Import'),
      h('p', { class: 'muted', id: 'import-runner-only' }, 'Only the runner uploads their files, into their own data.'));
  const live = h('div', { id: 'import-status', 'aria-live': 'polite' });
  const past = h('div', { id: 'import-past' });
  const note = h('p', { id: 'import-queue', class: 'muted' });
  let busy = false;

  // Polls the job until it has finished, showing it; null when the page was left.
  async function follow(job) {
    for (;;) {
      live.replaceChildren(jobView(job));
      if (job.finished) return job;
      await sleep(POLL_MS);
      if (!card.isConnected) return null;
      job = await api('import');
    }
  }
  async function send(files) {
    if (busy || !files.length) return;
    busy = true;
    past.replaceChildren();
    try {
      await sendAll(files);
    } catch (e) {
      live.replaceChildren(h('p', { class: 'msg-err' }, e.message));
    } finally { busy = false; }
  }
  async function sendAll(files) {
    {
      for (const [i, f] of files.entries()) {
        note.textContent = files.length > 1 ? `File ${fmt.num(i + 1, 0)} of ${fmt.num(files.length, 0)}: ${f.name}` : '';
        let job;
        try {
          job = await postFile('import', f);
        } catch (e) {
          past.append(h('p', { class: 'msg-err' }, `${f.name}: ${e.message}`));
          continue;
        }
        const end = await follow(job);
        if (!end) return;
        if (i < files.length - 1) past.append(jobView(end));
      }
      note.textContent = files.length > 1 ? `All ${fmt.num(files.length, 0)} files sent.` : '';
    }
  }

  const input = h('input', { type: 'file', id: 'import-files', multiple: true, onchange: () => send([...input.files]) });
  const folder = h('input', { type: 'file', id: 'import-folder', webkitdirectory: true, onchange: () => send([...folder.files]) });
  const zone = h('div', { class: 'dropzone', id: 'import-drop',
    ondragover: e => { e.preventDefault(); zone.classList.add('over'); },
    ondragleave: () => zone.classList.remove('over'),
    ondrop: async e => { e.preventDefault(); zone.classList.remove('over'); send(await droppedFiles(e.dataTransfer)); } },
  h('p', {}, h('b', {}, 'Drop files, a folder or an export zip here')),
  h('p', { class: 'muted' }, 'FIT, GPX and TCX files, lower-back sensor recordings, and the zip of a Garmin or Strava account export (up to 1 GB each).'),
  h('div', { class: 'import-pick' },
    h('label', { class: 'button' }, 'Choose files…', input),
    h('label', { class: 'button secondary' }, 'Choose a folder…', folder)));
  const card = h('div', { class: 'card wide', id: 'import' }, h('h2', {}, 'Import your files'),
    whereTheyGo(), zone, note, past, live);

  // A reloaded page finds the server's last job, and follows it if it runs.
  const job = await api('import').catch(() => null);
  if (job && job.state !== 'idle') {
    live.replaceChildren(jobView(job));
    if (!job.finished) setTimeout(() => follow(job).catch(e => live.replaceChildren(h('p', { class: 'msg-err' }, e.message))), POLL_MS);
  }
  return card;
}
