// The body map: spine regions and hips/legs as an SVG, each coloured by the
// worst pain logged there in the period. Regions match the journal's names.
export const REGIONS = ['lumbar', 'lumbosacral', 'sacroiliac', 'buttock', 'hip', 'groin', 'thoracolumbar',
  'thoracic', 'cervical', 'upper_cervical', 'thigh', 'lower_leg', 'foot'];

const NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text) el.textContent = text;
  return el;
}

// [region, side ('central' or 'left'/'right'), x, y, w, h] on a 200x420 back view
const SHAPES = [
  ['upper_cervical', 'central', 92, 40, 16, 10], ['cervical', 'central', 92, 52, 16, 18],
  ['thoracic', 'central', 90, 74, 20, 70], ['thoracolumbar', 'central', 90, 146, 20, 16],
  ['lumbar', 'central', 89, 164, 22, 36], ['lumbosacral', 'central', 90, 202, 20, 12],
  ['sacroiliac', 'left', 72, 206, 16, 16], ['sacroiliac', 'right', 112, 206, 16, 16],
  ['buttock', 'left', 58, 224, 38, 30], ['buttock', 'right', 104, 224, 38, 30],
  ['hip', 'left', 40, 206, 18, 30], ['hip', 'right', 142, 206, 18, 30],
  ['groin', 'left', 84, 256, 14, 12], ['groin', 'right', 102, 256, 14, 12],
  ['thigh', 'left', 58, 258, 34, 70], ['thigh', 'right', 108, 258, 34, 70],
  ['lower_leg', 'left', 62, 332, 26, 60], ['lower_leg', 'right', 112, 332, 26, 60],
  ['foot', 'left', 60, 396, 28, 12], ['foot', 'right', 112, 396, 28, 12],
];

function colour(sev) {
  if (sev == null) return '#eef1f4';
  if (sev <= 2) return '#ffe9a8';
  if (sev <= 4) return '#ffc36b';
  if (sev <= 6) return '#f5873b';
  return '#d9381e';
}

/** entries: pain entries {date, region, side, severity}; days: look-back. */
export function bodyMap(entries, days) {
  const since = Date.now() - days * 86400e3;
  const worst = new Map();
  for (const e of entries) {
    if (Date.parse(e.date) < since) continue;
    const sides = e.side === 'both' ? ['left', 'right', 'central'] : [e.side || 'central'];
    for (const side of sides) {
      const k = e.region + '/' + side;
      worst.set(k, Math.max(worst.get(k) ?? -1, e.severity));
    }
  }
  const svg = s('svg', { viewBox: '0 0 200 420', role: 'img', 'aria-label': 'Body map, seen from behind' });
  svg.append(s('ellipse', { cx: 100, cy: 22, rx: 16, ry: 19, fill: '#f2f4f6', stroke: '#9aa5ae' }));
  svg.append(s('path', { d: 'M60 70 Q100 58 140 70 L150 200 Q100 214 50 200 Z', fill: '#f7f8f9', stroke: '#c5ccd2' }));
  for (const [region, side, x, y, w, h] of SHAPES) {
    const sev = worst.has(region + '/' + side) ? worst.get(region + '/' + side)
      : side !== 'central' && worst.has(region + '/central') ? worst.get(region + '/central') : null;
    const r = s('rect', { x, y, width: w, height: h, rx: 4, class: 'region', fill: colour(sev),
      'data-region': region, 'data-side': side });
    r.append(s('title', {}, `${region.replace(/_/g, ' ')}${side === 'central' ? '' : ' (' + side + ')'}: ${sev == null ? 'no pain logged' : 'worst ' + sev + '/10'}`));
    svg.append(r);
  }
  svg.append(s('text', { x: 8, y: 14, 'font-size': 10, fill: '#5f6b76' }, 'L'), s('text', { x: 186, y: 14, 'font-size': 10, fill: '#5f6b76' }, 'R'));
  const legend = document.createElement('div');
  legend.className = 'legend';
  for (const [label, c] of [['none', colour(null)], ['1–2', colour(2)], ['3–4', colour(4)], ['5–6', colour(6)], ['7–10', colour(8)]]) {
    const i = document.createElement('i');
    i.style.background = c;
    const span = document.createElement('span');
    span.append(i, label);
    legend.append(span);
  }
  const wrap = document.createElement('div');
  wrap.append(svg, legend);
  return wrap;
}
