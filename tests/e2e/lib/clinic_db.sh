# The store a clinic end-to-end test runs on (sourced after need.sh, with $t
# the test's folder): `clinic_db NAME [--pg]` sets db to $t/clinic.db, or with
# --pg to a fresh schema NAME_<pid> of the CTest fixture's PostgreSQL cluster
# (also setting pgurl and schema, which the test's cleanup drops).
clinic_db() {
  if [ "${2-}" = --pg ]; then
    need psql
    pgurl=$(cat "$SG_TMP/pg.url")
    schema="$1_$$"
    psql "$pgurl" -XAtqc "CREATE SCHEMA $schema" >/dev/null
    local sep='?'
    case "$pgurl" in *\?*) sep='&' ;; esac
    db="${pgurl}${sep}options=-csearch_path%3D$schema"
  else
    db="$t/clinic.db"
  fi
}
