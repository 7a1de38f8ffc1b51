// Peer decoder for bench/fit/run.sh: npm fit-file-parser (MIT) under node.
// Reads every file first, then times only the parsing, in CPU time (user +
// system, process.cpuUsage), the same measure `strideguard decode --stats`
// reports. Usage: node peer_fit_file_parser.mjs FILE...
import { readFileSync } from 'node:fs';
import FitParser from 'fit-file-parser';

const files = process.argv.slice(2);
const bufs = files.map((f) => readFileSync(f));
let bytes = 0, records = 0, failed = 0;
const parser = new FitParser({ force: true, speedUnit: 'm/s', lengthUnit: 'm', mode: 'list' });
const t0 = process.cpuUsage();
for (const b of bufs) {
  bytes += b.length;
  parser.parse(b, (err, data) => {
    if (err || !data) { failed++; return; }
    records += (data.records || []).length;
  });
}
const dt = process.cpuUsage(t0);
const s = (dt.user + dt.system) / 1e6;
console.log(`total: files=${files.length} bytes=${bytes} records=${records} failed=${failed} ` +
            `cpu_s=${s.toFixed(6)} MB/s=${(bytes / 1e6 / s).toFixed(2)} records/s=${(records / s).toFixed(0)}`);
