// #/ostrc: the OSTRC-O2 weekly questionnaire (Clarsen et al. 2020) for the
// lower back and for the hips/groin. Question texts, option labels and which
// questions an option skips come from GET /api/ostrc, as do the stored weeks
// and their severity (0-100, scored by the server as published); nothing of
// the questionnaire is repeated here. A week is saved as an `ostrc` journal
// entry (POST /api/journal).
import { h, api, postEntry } from './dom.js';
import { weekChart } from './charts.js';
import * as fmt from './format.js';

const AREA_LABEL = { lower_back: 'Lower back', hip_groin: 'Hips or groin' };
const areaLabel = a => AREA_LABEL[a.name] || a.name.replace(/_/g, ' ');

function ostrcForm(O, onSaved) {
  const msg = h('p', { id: 'ostrc-msg', role: 'status' });
  const areas = O.areas || [];
  const about = h('p', { class: 'note', id: 'ostrc-about' });
  const areaSet = h('fieldset', { class: 'oa' }, h('legend', {}, 'Which area?'),
    h('div', { class: 'oq-options' }, areas.map((a, i) => h('span', { class: 'rf-answer' },
      h('input', { type: 'radio', name: 'area', id: 'ostrc-area-' + a.name, value: a.name, checked: i === 0 }),
      h('label', { for: 'ostrc-area-' + a.name }, areaLabel(a))))));
  const qsets = (O.questions || []).map(q => h('fieldset', { class: 'oq', 'data-q': String(q.number) },
    h('legend', {}, `${q.number}. ${q.text}`),
    h('div', { class: 'oq-options' }, q.options.map(o => {
      const id = `ostrc-q${q.number}-${o.value}`;
      return h('span', { class: 'rf-answer' },
        h('input', { type: 'radio', name: 'q' + q.number, id, value: String(o.value) }),
        h('label', { for: id }, o.label));
    })),
    h('p', { class: 'note skip-note' }, 'Not asked: your answer to question 1 leaves it out.')));
  const today = O.today;
  const form = h('form', { id: 'ostrc-form', class: 'ostrc', novalidate: true },
    h('label', { class: 'odate' }, 'Week ending', h('input', { type: 'date', name: 'date', value: today, max: today, required: true })),
    areaSet, about, qsets,
    h('button', { type: 'submit', id: 'ostrc-save' }, 'Save this week'), msg);
  const selectedArea = () => { const c = form.querySelector('input[name=area]:checked'); return c ? c.value : null; };
  const describe = () => {
    const a = areas.find(x => x.name === selectedArea());
    about.textContent = a ? `The questions are about ${a.words}, over the past week.` : '';
  };
  // the questionnaire's logic: an option of question 1 may leave others out
  const applySkips = () => {
    const q1 = (O.questions || [])[0];
    const c = form.querySelector('input[name=q1]:checked');
    const opt = q1 && c ? q1.options.find(o => String(o.value) === c.value) : null;
    const skips = new Set(opt && opt.skips ? opt.skips : []);
    for (const fs of qsets) {
      const skip = skips.has(Number(fs.dataset.q));
      fs.disabled = skip;
      fs.classList.toggle('skipped', skip);
      if (skip) for (const r of fs.querySelectorAll('input')) r.checked = false;
    }
  };
  form.addEventListener('change', ev => {
    if (ev.target.name === 'area') describe();
    if (ev.target.name === 'q1') applySkips();
  });
  describe();
  applySkips();
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const answers = [];
    for (const fs of qsets) {
      const c = fs.querySelector('input:checked');
      if (!fs.disabled && !c) {
        msg.className = 'msg-err'; msg.textContent = `Question ${fs.dataset.q} is not answered yet.`;
        return;
      }
      answers.push(fs.disabled || !c ? null : Number(c.value));
    }
    const date = form.querySelector('input[name=date]').value || today;
    try {
      await postEntry({ kind: 'ostrc', date, area: selectedArea(), answers });
      msg.className = 'msg-ok'; msg.textContent = 'Saved.';
      await onSaved();
    } catch (e) {
      msg.className = 'msg-err'; msg.textContent = e.message;
    }
  });
  return form;
}

function historyCard(O) {
  const card = h('div', { class: 'card wide', id: 'ostrc-history' }, h('h2', {}, 'OSTRC-O2 severity (Clarsen 2020)'));
  const areas = O.areas || [];
  const rows = areas.flatMap(a => a.weeks.map(w => ({ ...w, area: a })));
  if (!rows.length) {
    card.append(h('p', { class: 'muted' }, 'No week recorded yet: fill in the questionnaire above once a week.'));
    return card;
  }
  const dates = [...new Set(rows.map(r => r.date))].sort();
  const xs = dates.map(d => Date.parse(d) / 1000);
  // the last questionnaire of a day for each area
  const series = areas.map(a => ({
    label: `${areaLabel(a)} (0-100)`,
    values: dates.map(d => { const w = a.weeks.filter(x => x.date === d).pop(); return w ? w.severity : null; }),
    fmt: v => fmt.num(v, 0),
  }));
  const chart = weekChart(xs, series, { ymin: 0, ymax: 100, ylabel: 'Severity (0-100)' });
  chart.id = 'ostrc-chart';
  card.append(chart);
  rows.sort((x, y) => x.date < y.date ? 1 : x.date > y.date ? -1 : y.id - x.id);
  card.append(h('div', { class: 'table-wrap' }, h('table', { id: 'ostrc-table' },
    h('tr', {}, ['Week ending', 'Area', 'Severity (0-100)', 'Substantial problem'].map(t => h('th', {}, t))),
    rows.map(r => h('tr', { class: r.substantial ? 'substantial' : null },
      h('td', {}, r.date), h('td', {}, areaLabel(r.area)),
      h('td', { class: 'sev' }, r.severity == null ? 'not scored (incomplete)' : fmt.num(r.severity, 0)),
      h('td', {}, r.substantial ? 'Yes' : 'No'))))));
  card.append(h('p', { class: 'note' }, 'Severity sums the published points of the four answers (0 = no problem, 100 = cannot take part). ',
    'A substantial problem is one that moderately or severely reduced training or performance, or stopped you taking part (Clarsen et al. 2020). ',
    O.source || ''));
  return card;
}

export async function pageOstrc() {
  const O = await api('ostrc');
  let hist = historyCard(O);
  const form = ostrcForm(O, async () => {
    const fresh = historyCard(await api('ostrc'));
    hist.replaceWith(fresh);
    hist = fresh;
  });
  const card = h('div', { class: 'card wide' }, h('h1', {}, 'Weekly questionnaire (OSTRC-O2)'),
    h('p', {}, 'Once a week, for each area that troubles you: four questions about how problems there affected your running over the past week.'),
    form);
  return [card, hist];
}
