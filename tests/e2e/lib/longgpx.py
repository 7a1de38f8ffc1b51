# A long GPX track recorded every second, for the tests of large files (this
# folder is not a test):
#   python3 tests/e2e/lib/longgpx.py OUT START HOURS SPEED AMP WAVE NAME [--running] [--hr-cad]
# START: UTC "YYYY-MM-DDTHH:MM"; SPEED: metres a second northwards (a gentle
# east-west wiggle beside it); the elevation 800 m + AMP x sin(distance / WAVE);
# --running gives the track <type>running</type>; --hr-cad adds heart rate and
# cadence as Garmin's TrackPointExtension (a FIT encoder then writes about 20
# bytes a second instead of 17).
import math
import sys
from datetime import datetime, timedelta, timezone

args = [a for a in sys.argv[1:] if not a.startswith("--")]
out, start, hours, speed, amp, wave, name = args
hours, speed, amp, wave = int(hours), float(speed), float(amp), float(wave)
hr_cad = "--hr-cad" in sys.argv
t0 = datetime.strptime(start, "%Y-%m-%dT%H:%M").replace(tzinfo=timezone.utc)
ext = ("<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>%d</gpxtpx:hr><gpxtpx:cad>%d"
       "</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>")
pts = []
for i in range(hours * 3600):
    d = i * speed
    lat, lon = 46.0 + d / 111320.0, 7.5 + 0.002 * math.sin(d / 900.0)
    ts = (t0 + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
    pts.append(f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"><ele>{800 + amp * math.sin(d / wave):.1f}'
               f'</ele><time>{ts}</time>'
               + (ext % (135 + int(10 * math.sin(i / 300.0)), 78 + i % 5) if hr_cad else "")
               + '</trkpt>')
with open(out, "w") as f:
    f.write('<?xml version="1.0"?><gpx version="1.1" creator="strideguard test" '
            'xmlns="http://www.topografix.com/GPX/1/1" '
            'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
            f'<trk><name>{name}</name>'
            + ("<type>running</type>" if "--running" in sys.argv else "")
            + '<trkseg>' + "".join(pts) + '</trkseg></trk></gpx>')
