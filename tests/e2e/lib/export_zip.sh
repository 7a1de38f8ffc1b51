# Sourced by the import tests (api_import.sh, dashboard_import.sh; this
# folder is not a test). make_export_zip DIR: writes DIR/export.zip holding a
# FIT run and a GPX run (whole), cut.fit (a FIT run cut at 40,000 bytes:
# damaged, stored in part) and notes.txt (skipped), from the demo's files.
# Needs SG_CLI and zip.
make_export_zip() {
  local d=$1
  "$SG_CLI" demo --files-only "$d/demo" --weeks 2 >/dev/null 2>&1
  local fits=("$d"/demo/fit/*.fit)
  mkdir -p "$d/ex"
  cp "${fits[0]}" "$d/ex/run.fit"
  head -c 40000 "${fits[1]}" >"$d/ex/cut.fit"
  {
    printf '<?xml version="1.0"?>\n<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n'
    local i
    for i in $(seq 0 299); do
      printf '<trkpt lat="46.%06d" lon="14.%06d"><ele>%d</ele><time>2024-05-01T%02d:%02d:%02dZ</time></trkpt>\n' \
        $((100000 + i * 37)) $((200000 + i * 23 + i % 7)) $((300 + i % 11)) \
        $((7 + i * 5 / 3600)) $(((i * 5 / 60) % 60)) $((i * 5 % 60))
    done
    printf '</trkseg></trk></gpx>\n'
  } >"$d/ex/hills.gpx"
  echo "shoes: new pair" >"$d/ex/notes.txt"
  (cd "$d/ex" && zip -q ../export.zip run.fit hills.gpx cut.fit notes.txt)
}
