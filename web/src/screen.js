// The triage card and the red-flag questions (issue #13).
//
// The card says what the triage says (tier, advice, reasons) and, while any
// question is unanswered, how many are and a way to answer them: an
// unanswered question is not a no, so the card never reassures then. The
// questions, their groups and what a yes leads to come from GET /api/check
// (`screen.questions`); none of their texts live here. Answers are stored
// as a `screen` journal entry (POST /api/journal), which /api/check counts
// for `screen.valid_days` days or until pain is logged after them.
import { h, api, postEntry } from './dom.js';
import * as fmt from './format.js';

const TIER_LABEL = {
  emergency: 'Emergency: go to the emergency department now',
  urgent: 'Urgent: get seen today',
  prompt: 'Prompt: see a doctor within days',
  evaluate: 'Book an evaluation',
  self_care: 'Self-management',
};
// Plain headings for the API's question groups.
const GROUP_HEADING = {
  cauda_equina: 'Nerves at the base of the spine (bladder, bowel, saddle area, legs)',
  serious_pathology: 'Signs of a more serious cause',
  bone_stress: 'Bone stress of the hip, pelvis or sacrum',
  spine_other: 'Mid back',
  neck: 'Neck',
  inflammatory: 'Inflammatory back pain',
};
const groupHeading = g => GROUP_HEADING[g] || String(g).replace(/_/g, ' ');
// What a yes to a question leads to, by its tier_if_yes.
const YES_MEANS = {
  emergency: 'go to an emergency department now',
  urgent: 'get medical advice today',
  prompt: 'see a doctor within days',
  evaluate: 'book an evaluation',
  self_care: 'noted with your other answers',
};
const ANSWERS = [['yes', 'Yes'], ['no', 'No'], ['unsure', 'Not sure']];

const plural = (n, one, many) => `${fmt.num(n, 0)} ${n === 1 ? one : many}`;

/** Why the questions are (asked) again, from screen.status; null when fresh. */
function screenStatus(S) {
  if (!S) return null;
  const days = fmt.num(S.valid_days, 0);
  switch (S.status) {
    case 'none': return 'The red-flag questions have not been answered yet.';
    case 'expired': return `The answers of ${S.last_answered} are more than ${days} days old, so the questions are asked again.`;
    case 'new_pain': return `Pain was logged after the answers of ${S.last_answered}, so the questions answered "no" are asked again.`;
    default: return S.last_answered ? `Questions last answered on ${S.last_answered} (answers count for ${days} days).` : null;
  }
}

// "lumbar and hip pain logged"
const painRegions = rs => `${(rs || []).map(x => x === 'unknown' ? 'unplaced' : x.replace(/_/g, ' ')).join(' and ') || 'pain'} pain logged`;

/** The numbers behind the seeds' fourth warning sign read from the runs
 *  (training_drop / pace_drop of GET /api/check), or null. */
function dropNumbers(T, rule) {
  const d = T.training_drop, p = T.pace_drop;
  if (rule === 'training_dropped_with_pain' && d)
    return h('div', { class: 'note drop-numbers' },
      `Weekly distance ${fmt.num(d.weekly_mean_before_km, 1)} -> ${fmt.num(d.last_7_days_km, 1, ' km')} ` +
      `(-${fmt.num(d.drop_pct, 0, ' %')}) in the last 7 days, with ${painRegions(d.pain_regions)}.`);
  if (rule === 'pace_dropped_with_pain' && p)
    return h('div', { class: 'note drop-numbers' },
      `Pace on near-flat ground ${fmt.pace(p.before_median_s_per_km)} -> ${fmt.pace(p.last_7_days_s_per_km)} ` +
      `(${fmt.num(p.slower_pct, 0, ' %')} slower; noise +-${fmt.num(p.noise_pct, 1, ' %')}) ` +
      `over ${p.runs_last_7_days} run(s) in the last 7 days against ${p.runs_before} before, with ${painRegions(p.pain_regions)}.`);
  return null;
}

/** The triage card from a GET /api/check document. Emergency and urgent
 *  tiers are an alert. */
export function triageCard(T) {
  const alert = T.tier === 'emergency' || T.tier === 'urgent';
  const missing = T.screen_incomplete ? (T.unanswered || []).length : 0;
  let label = TIER_LABEL[T.tier] || String(T.tier).replace(/_/g, ' ');
  if (T.tier === 'self_care' && missing) label += ' for what was logged; the check is not complete';
  const card = h('div', { class: `card tier-card ${T.tier}${alert ? ' wide' : ''}`, id: 'triage-card', role: alert ? 'alert' : null },
    h('h2', {}, 'When to get checked'),
    h('div', { class: 'tier ' + T.tier }, label),
    // at self-care with questions open the tier's advice ("no warning sign in
    // what you logged and answered") would read as reassurance: the card says
    // what is missing instead
    T.tier === 'self_care' && missing ? null : h('p', { class: 'advice' }, T.advice || ''),
    (T.reasons || []).length ? h('ul', {}, T.reasons.map(r => h('li', {}, r.message || r.rule,
      r.from_answer ? ' (your answer)' : null,
      r.source ? h('span', { class: 'muted' }, ` (${r.source})`) : null,
      dropNumbers(T, r.rule)))) : null);
  if (missing) {
    card.append(h('div', { class: 'screen-missing', id: 'screen-missing' },
      h('p', {}, h('b', {}, `${plural(missing, 'question', 'questions')} not yet answered`),
        ': an unanswered question is not a no, so this check is not complete.'),
      h('a', { class: 'button', id: 'screen-open', href: '#/screen' }, 'Answer the red-flag questions')));
  } else {
    card.append(h('p', {}, h('a', { href: '#/screen', id: 'screen-open' }, 'Review your red-flag answers')));
  }
  const why = screenStatus(T.screen);
  if (why) card.append(h('p', { class: 'note', id: 'screen-status' }, why));
  card.append(h('p', { class: 'note' }, T.caveat || 'If in doubt, get checked.'));
  return card;
}

/** The question form, grouped, pre-filled with the answers that count now. */
function screenForm(T, onSaved) {
  const msg = h('p', { id: 'screen-msg', role: 'status' });
  const qs = (T.screen && T.screen.questions) || [];
  const groups = [];
  for (const q of qs) {
    let g = groups.find(x => x.name === q.group);
    if (!g) groups.push(g = { name: q.group, qs: [] });
    g.qs.push(q);
  }
  const form = h('form', { id: 'screen-form', class: 'screen', novalidate: true },
    groups.map(g => h('section', { class: 'rf-group' }, h('h3', {}, groupHeading(g.name)),
      g.qs.map(q => h('fieldset', { class: 'rf', 'data-name': q.name },
        h('legend', {}, q.question),
        h('div', { class: 'rf-answers' }, ANSWERS.map(([v, text]) => {
          const id = `rf-${q.name}-${v}`;
          return h('span', { class: 'rf-answer' },
            h('input', { type: 'radio', name: 'rf-' + q.name, id, value: v, checked: q.answer === v }),
            h('label', { for: id }, text));
        })),
        q.asked_again ? h('p', { class: 'note asked-again' }, 'Asked again: pain was logged after your last answer.') : null,
        h('p', { class: 'note' }, `A yes can lead to: ${YES_MEANS[q.tier_if_yes] || String(q.tier_if_yes).replace(/_/g, ' ')}. Source: ${q.source}`))))),
    h('div', { class: 'rf-actions' },
      h('button', { type: 'button', id: 'screen-none', class: 'secondary' }, 'No to all remaining'),
      h('button', { type: 'submit', id: 'screen-save' }, 'Save answers')),
    msg);
  form.querySelector('#screen-none').addEventListener('click', () => {
    for (const fs of form.querySelectorAll('fieldset.rf'))
      if (!fs.querySelector('input:checked')) fs.querySelector('input[value=no]').checked = true;
    msg.className = ''; msg.textContent = 'Every unanswered question is now "No": check them before saving.';
  });
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const entry = { kind: 'screen', date: T.today, yes: [], no: [], unsure: [] };
    for (const fs of form.querySelectorAll('fieldset.rf')) {
      const c = fs.querySelector('input:checked');
      if (c) entry[c.value].push(fs.dataset.name);
    }
    if (!entry.yes.length && !entry.no.length && !entry.unsure.length) {
      msg.className = 'msg-err'; msg.textContent = 'Answer at least one question first.';
      return;
    }
    try {
      await postEntry(entry);
      msg.className = 'msg-ok'; msg.textContent = 'Saved.';
      await onSaved();
    } catch (e) {
      msg.className = 'msg-err'; msg.textContent = e.message;
    }
  });
  return form;
}

/** #/screen: the triage card on top, the questions below. */
export async function pageScreen() {
  const T = await api('check');
  let card = triageCard(T);
  const form = screenForm(T, async () => {
    const fresh = triageCard(await api('check'));
    card.replaceWith(fresh);
    card = fresh;
    if (fresh.getAttribute('role') === 'alert') fresh.scrollIntoView({ block: 'start' });
  });
  const box = h('div', { class: 'card wide' }, h('h1', {}, 'Red-flag questions'),
    h('p', {}, 'About the last few days. Answer each one Yes, No or Not sure: "Not sure" counts towards being seen. ',
      'These questions do not diagnose anything; if you are worried, get checked whatever the answers.'),
    form);
  return [card, box];
}
