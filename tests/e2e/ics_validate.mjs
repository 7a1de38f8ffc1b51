// Validates iCalendar files with ical.js, a real RFC 5545 parser, plus the
// octet-level rules a parser forgives: CRLF line endings and 75-octet lines.
// Usage: node ics_validate.mjs FILE... ; exit 0 ok, 1 invalid.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

let failed = 0;
for (const file of process.argv.slice(2)) {
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  const problems = [];
  if (!text.endsWith('\r\n')) problems.push('does not end with CRLF');
  const lines = text.split('\r\n');
  lines.pop();
  lines.forEach((l, i) => {
    if (l.includes('\n') || l.includes('\r')) problems.push(`line ${i + 1}: bare LF or CR`);
    const octets = Buffer.byteLength(l, 'utf8');
    if (octets > 75) problems.push(`line ${i + 1}: ${octets} octets (max 75)`);
  });
  let events = 0;
  try {
    const cal = new ICAL.Component(ICAL.parse(text));
    if (cal.name !== 'vcalendar') problems.push('top component is not VCALENDAR');
    if (cal.getFirstPropertyValue('version') !== '2.0') problems.push('VERSION is not 2.0');
    if (!cal.getFirstPropertyValue('prodid')) problems.push('PRODID missing');
    const uids = new Set();
    for (const ve of cal.getAllSubcomponents('vevent')) {
      events++;
      const ev = new ICAL.Event(ve);
      if (!ev.uid) problems.push(`event ${events}: UID missing`);
      if (uids.has(ev.uid)) problems.push(`event ${events}: duplicate UID ${ev.uid}`);
      uids.add(ev.uid);
      if (!ve.getFirstPropertyValue('dtstamp')) problems.push(`event ${events}: DTSTAMP missing`);
      if (!ev.startDate) problems.push(`event ${events}: DTSTART missing`);
      else if (!ev.startDate.isDate) problems.push(`event ${events}: DTSTART is not a DATE`);
      if (ev.endDate && ev.startDate && ev.endDate.compare(ev.startDate) <= 0)
        problems.push(`event ${events}: DTEND not after DTSTART`);
      if (!ev.summary) problems.push(`event ${events}: SUMMARY missing`);
      if (!ev.description) problems.push(`event ${events}: DESCRIPTION missing`);
    }
    if (events === 0) problems.push('no VEVENT');
  } catch (e) {
    problems.push(`ical.js: ${e.message}`);
  }
  if (problems.length) {
    failed++;
    for (const p of problems) console.error(`${file}: ${p}`);
  } else {
    console.log(`${file}: valid iCalendar, ${events} event(s)`);
  }
}
process.exit(failed ? 1 : 0);
