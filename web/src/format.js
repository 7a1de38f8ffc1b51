// The one place where the dashboard turns numbers into text: pace, duration,
// distance, elevation and plain numbers, used by every page. It follows
// src/render/format.c (the CLI and the report), case for case, so a person
// sees the same value the same way everywhere; tests/e2e/web/format.test.mjs
// holds the shared cases. No DOM here, so Node can test it.
//
// A value that is missing (null, undefined), not finite, or that cannot be
// what it names (a negative pace or duration) is NOT_MEASURED: NaN, null and
// undefined never reach a person. Each value is rounded once, as a whole,
// before it is split into minutes and seconds: 359.6 s is 6:00, never 5:60.

export const NOT_MEASURED = 'not measured';
export const MI_M = 1609.344;
export const FT_M = 0.3048;

const finite = v => typeof v === 'number' && Number.isFinite(v);

function clock(v) {
  const h = Math.floor(v / 3600), m = Math.floor(v / 60) % 60, s = v % 60;
  const ss = String(s).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Pace from seconds per km: "6:00 /km", "9:39 /mi", "1:00:00 /km". */
export function pace(sPerKm, miles = false) {
  if (!finite(sPerKm)) return NOT_MEASURED;
  const s = miles ? sPerKm * MI_M / 1000 : sPerKm;
  if (!(s > 0) || s > 1e12) return NOT_MEASURED;
  return `${clock(Math.round(s))} /${miles ? 'mi' : 'km'}`;
}

/** Duration: "48:01", "1:02:03". */
export function duration(s) {
  if (!finite(s) || s < 0 || s > 1e12) return NOT_MEASURED;
  return clock(Math.round(s));
}

// v with dec decimals rounded as C's printf does: an exact tie goes to the
// even digit (toFixed would round it up, so 164.25 would read 164.3 here and
// 164.2 in the CLI). toFixed(100) is the double's exact decimal expansion.
function fixed(v, dec) {
  const a = Math.abs(v);
  if (a < 1e21) {
    const ex = a.toFixed(100), dot = ex.indexOf('.');
    if (/^50*$/.test(ex.slice(dot + 1 + dec))) {
      const kept = ex.slice(0, dec ? dot + 1 + dec : dot);
      if (Number(kept[kept.length - 1]) % 2 === 0) return (v < 0 ? '-' : '') + kept;
    }
  }
  return v.toFixed(dec);
}

/** A number with dec decimals and a unit appended as given (" m", " %"). */
export function num(v, dec = 0, unit = '') {
  if (!finite(v)) return NOT_MEASURED;
  if (Math.abs(v) < 0.5 * 10 ** -dec) v = 0; // no "-0"
  return fixed(v, dec) + unit;
}

/** Distance from metres: "9.00 km", "26.2 mi". */
export function distance(m, miles = false, dec = 1) {
  return num(finite(m) ? m / (miles ? MI_M : 1000) : m, dec, miles ? ' mi' : ' km');
}

/** Elevation from metres, whole units: "605 m", "328 ft". */
export function elevation(m, feet = false) {
  return num(finite(m) ? (feet ? m / FT_M : m) : m, 0, feet ? ' ft' : ' m');
}

/** A value for a chart legend: the series' latest measured value, formatted
 *  by fmt, or NOT_MEASURED when the series has none. */
export function latest(values, fmt = v => num(v, 1)) {
  for (let i = (values || []).length - 1; i >= 0; i--)
    if (finite(values[i])) return fmt(values[i]);
  return NOT_MEASURED;
}
