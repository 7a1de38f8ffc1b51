// The two things every page module needs: the DOM builder and the API call.
// Every string from the API goes through `h` (textContent), never innerHTML,
// so notes typed into the journal cannot inject markup.

export function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat()) {
    if (kid === undefined || kid === null || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

/** Thrown for a route the server does not have yet (501). */
export class NotYet extends Error {}
/** Thrown when the clinic server wants a sign-in (401). */
export class SignIn extends Error {}

// The clinic server (serve --clinic): the session's CSRF token, sent on every
// write, and the runner a clinician is viewing (athlete=ID on every call).
// The local server has neither: both stay empty and nothing is added.
export const session = { clinic: false, csrf: '', role: '', login: '', athlete: null, athleteName: '' };

function withAthlete(path) {
  if (!session.athlete) return path;
  return path + (path.includes('?') ? '&' : '?') + 'athlete=' + encodeURIComponent(session.athlete);
}

/** GET (or opts.method) /api/PATH as JSON; throws with the server's error text. */
export async function api(path, opts) {
  const r = await fetch('/api/' + withAthlete(path), opts);
  let body = null;
  try { body = await r.json(); } catch { /* non-JSON */ }
  if (r.status === 501) throw new NotYet(path);
  if (r.status === 401 && session.clinic) throw new SignIn((body && body.error) || 'sign in');
  if (!r.ok) throw new Error((body && body.error) || `HTTP ${r.status}`);
  return body;
}

/** POSTs one journal entry (the server wants JSON and its own Origin). */
export function postEntry(entry) {
  return postJson('journal', entry);
}

function writeHeaders(type = 'application/json') {
  const hd = { 'Content-Type': type };
  if (session.csrf) hd['X-CSRF-Token'] = session.csrf;
  return hd;
}

/** POSTs a JSON body to /api/PATH (or opts.method: e.g. another write verb). */
export function postJson(path, body, method = 'POST') {
  return api(path, { method, headers: writeHeaders(), body: JSON.stringify(body) });
}

/** POSTs a file itself as the body (application/octet-stream) to /api/PATH?name=FILE:
 * the browser streams it from disk, and no base64 grows it by a third. */
export function postFile(path, file) {
  return api(path + '?name=' + encodeURIComponent(file.name),
    { method: 'POST', headers: writeHeaders('application/octet-stream'), body: file });
}

/** DELETE /api/PATH (a write: the server wants the JSON content type on it too). */
export function deleteJson(path) {
  return api(path, { method: 'DELETE', headers: writeHeaders() });
}
