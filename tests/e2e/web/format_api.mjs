// Formats every pace, distance, duration and elevation the dashboard's run
// pages show, from saved API answers, the way the pages do (web/src/format.js),
// and prints one line per value for tests/e2e/no_raw_numbers.sh to check.
// usage: node format_api.mjs FORMAT_JS RUNS_JSON RUN_DIR
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [formatJs, runsJson, runDir] = process.argv.slice(2);
const f = await import(pathToFileURL(formatJs).href);
for (const miles of [false, true]) {
  for (const r of JSON.parse(readFileSync(runsJson, 'utf8')))
    console.log(`runs ${r.id}: ${f.distance(r.distance_m, miles)} ${f.duration(r.duration_s)} ${f.elevation(r.ascent_m, miles)}`);
  for (const name of readdirSync(runDir)) {
    const R = JSON.parse(readFileSync(join(runDir, name), 'utf8'));
    console.log(`run ${name}: ${f.distance(R.distance_m, miles, 2)} ${f.duration(R.moving_time_s)} ` +
      `${f.pace(R.pace_s_per_km, miles)} ${f.pace(R.gap_pace_s_per_km, miles)} ` +
      `${f.elevation(R.ascent_m, miles)} ${f.elevation(R.descent_m, miles)}`);
  }
}
