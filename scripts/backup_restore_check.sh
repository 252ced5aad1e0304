#!/usr/bin/env bash
# Round-trip check of the documented PostgreSQL backup and restore (docs/operations.md):
# load the demo into a scratch database, back it up with pg_dump, restore it with pg_restore into
# a second one, and compare row counts and the audit chain. Needs the PostgreSQL client tools and
# a server reachable as PGHOST/PGUSER (default: 127.0.0.1, postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}"
source_db="clinic_backup_source" target_db="clinic_backup_restored"
dump="$(mktemp -d)/clinic.dump"
python=".venv/bin/python"

for db in "$source_db" "$target_db"; do dropdb --if-exists "$db"; createdb "$db"; done
export DATABASE_URL="postgres://$PGUSER@$PGHOST:5432/$source_db"
$python manage.py migrate --noinput -v0
$python manage.py seed_demo >/dev/null

pg_dump --format=custom --no-owner --file="$dump" "$source_db"
pg_restore --no-owner --dbname="$target_db" "$dump"

counts() {
  psql -At -d "$1" -c "SELECT 'clients', count(*) FROM intake_client UNION ALL
    SELECT 'intakes', count(*) FROM intake_intake UNION ALL
    SELECT 'appointments', count(*) FROM intake_appointment UNION ALL
    SELECT 'audit entries', count(*) FROM intake_auditentry UNION ALL
    SELECT 'history rows (clients)', count(*) FROM intake_historicalclient"
}
if diff <(counts "$source_db") <(counts "$target_db"); then
  echo "Row counts match:"; counts "$target_db" | sed 's/|/: /; s/^/  /'
else
  echo "Row counts differ after restore" >&2; exit 1
fi
DATABASE_URL="postgres://$PGUSER@$PGHOST:5432/$target_db" $python manage.py verify_audit
for db in "$source_db" "$target_db"; do dropdb "$db"; done
rm -f "$dump"
echo "Backup and restore round trip: OK"
