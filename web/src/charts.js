// Thin wrappers over uPlot (npm `uplot`, compiled into the binary): one place
// that knows the library, so pages only pass x values and named series.
// Legends show each series' latest value before any hover (uPlot's default is
// "--"), and the hovered value after; both formatted by format.js.
import { num, latest, NOT_MEASURED } from './format.js';

const COLORS = ['#1f6fb2', '#c62828', '#2e7d32', '#8e44ad', '#b26a00'];

function mount(el, makeOpts, data) {
  let plot = null;
  const ro = new ResizeObserver(() => {
    const w = Math.max(240, el.clientWidth);
    if (!plot) {
      plot = new uPlot(makeOpts(w), data, el);
    } else {
      plot.setSize({ width: w, height: plot.height });
    }
  });
  ro.observe(el);
  return el;
}

function legendValue(values, f = v => num(v, 1)) {
  const before = latest(values, f);
  return (u, v, si, idx) => idx == null ? before : v == null ? NOT_MEASURED : f(v);
}

function seriesOpts(s, i, bars, values) {
  const o = { label: s.label, stroke: COLORS[i % COLORS.length], width: 1.5, scale: s.scale || 'y', spanGaps: false,
    value: legendValue(values, s.fmt) };
  if (bars) {
    o.paths = uPlot.paths.bars({ size: [0.8, 40] });
    o.fill = COLORS[i % COLORS.length] + '55';
  }
  return o;
}

function axes(series, xlabel, time, ylabels = {}) {
  const ax = [{ label: xlabel || '', values: time ? undefined : (u, v) => v.map(x => +x.toFixed(1)) }];
  const scales = [...new Set(series.map(s => s.scale || 'y'))];
  scales.forEach((sc, i) => ax.push({ scale: sc, side: i === 0 ? 3 : 1, grid: { show: i === 0 },
    label: ylabels[sc] || series.filter(s => (s.scale || 'y') === sc).map(s => s.label).join(' / ') }));
  return ax;
}

/** Lines over a numeric x (distance, minutes). opts: {sync, xlabel, height}. */
export function lineChart(xs, series, opts = {}) {
  const el = document.createElement('div');
  el.className = 'chart';
  const data = [xs, ...series.map(s => s.values.map(v => v == null || !isFinite(v) ? null : v))];
  return mount(el, w => ({
    width: w, height: opts.height || 200,
    scales: { x: { time: false } },
    cursor: opts.sync ? { sync: { key: opts.sync } } : {},
    series: [{ label: opts.xlabel || 'x', value: (u, v, si, idx) => idx == null ? 'latest' : num(v, 2) },
      ...series.map((s, i) => seriesOpts(s, i, false, data[i + 1]))],
    axes: axes(series, opts.xlabel, false),
  }), data);
}

/** The first series as bars, the rest as lines, over time (unix seconds). */
export function barLineChart(xs, series, opts = {}) {
  const el = document.createElement('div');
  el.className = 'chart';
  const data = [xs, ...series.map(s => s.values.map(v => v == null || !isFinite(v) ? null : v))];
  const withScales = series.map((s, i) => ({ ...s, scale: i === 0 ? 'd' : 'load' }));
  return mount(el, w => ({
    width: w, height: opts.height || 260,
    series: [{ value: (u, v, si, idx) => idx == null ? 'latest' : new Date(v * 1000).toISOString().slice(0, 10) },
      ...withScales.map((s, i) => seriesOpts(s, i, i === 0, data[i + 1]))],
    axes: axes(withScales, '', true, opts.ylabels || {}),
  }), data);
}

/** Lines with points over dates (unix seconds), for sparse weekly values:
 *  opts {ymin, ymax, ylabel, height}. Missing values are gaps. */
export function weekChart(xs, series, opts = {}) {
  const el = document.createElement('div');
  el.className = 'chart';
  const data = [xs, ...series.map(s => s.values.map(v => v == null || !isFinite(v) ? null : v))];
  const range = opts.ymin != null && opts.ymax != null ? [opts.ymin, opts.ymax] : undefined;
  return mount(el, w => ({
    width: w, height: opts.height || 220,
    // half a week either side, so one week is a point, not a span of years
    scales: { x: { time: true, range: (u, min, max) => [min - 3.5 * 86400, max + 3.5 * 86400] },
      y: range ? { range: () => range } : {} },
    series: [{ value: (u, v, si, idx) => idx == null ? 'latest' : new Date(v * 1000).toISOString().slice(0, 10) },
      ...series.map((s, i) => ({ ...seriesOpts(s, i, false, data[i + 1]), points: { show: true, size: 7 } }))],
    axes: axes(series, '', true, { y: opts.ylabel || '' }),
  }), data);
}
